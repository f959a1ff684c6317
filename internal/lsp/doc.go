// Package lsp implements "bodyclosecheck lsp", a language server that runs
// next to gopls and publishes the findings of the bodyclosecheck analyzer
// while you type, each with its suggested fix as a quick fix.
//
// The server speaks the Language Server Protocol over a stream (stdio in
// the command). For each open file it analyzes the file's package, test
// files included, with the unsaved contents of every open file: edits are
// debounced, a newer edit cancels the analysis of an older one, and
// results that are no longer current are never published. The message
// types come from github.com/tliron/glsp/protocol_3_16 and the JSON-RPC
// transport from github.com/sourcegraph/jsonrpc2.
package lsp
