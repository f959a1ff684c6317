// Package bodydrain defines the bodydraincheck Analyzer, which reports
// HTTP response bodies that are closed before they are read to EOF.
//
// # Analyzer bodydraincheck
//
// bodydraincheck: report response bodies closed before they are read to EOF
//
// A response body that is closed before it was read to the end makes
// net/http close the HTTP/1.x connection instead of returning it to the
// pool: nothing leaks, but the next request dials again (often with a TLS
// handshake), sockets pile up in TIME_WAIT and latency grows under load.
// The usual shape is an early return after a status check, with the body
// closed by a defer and never read:
//
//	resp, err := client.Do(req)
//	if err != nil {
//		return err
//	}
//	defer resp.Body.Close() // closes the 403 page unread: the connection is dropped
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %s", resp.Status)
//	}
//
// The analyzer follows each response on the SSA form of the function, in
// execution order, from the call that obtained it to each close of its
// body: a Close call, a deferred Close at the return it runs at, or a
// helper that closes it. It reports the close when some path reaches it
// without the body read to EOF. Read to EOF means io.ReadAll,
// io.Copy(w, body) or io.CopyBuffer to any writer, (*bytes.Buffer).ReadFrom,
// (*http.Response).Write, io.CopyN (a bounded drain), a helper that does one of these on every path (its fact, from
// closefacts), a Read in a loop, or any of these on a bounded reader
// (io.LimitReader) over the body: draining at most N bytes is the idiom
// for error responses, and is not reported. A read after the close does
// not count. A json, xml or gob Decoder's Decode reads one value and may
// leave the rest (a trailing newline) unread: the message says so.
//
// Not reported: paths on which the status says there is no body (204,
// 304, below 200), responses to HEAD requests, bodies that are handed on
// (returned, stored, passed to code the analyzer cannot follow: it then
// assumes they are read), and paths on which the request failed.
// HTTP/2 connections are reused whether or not the body was drained; this
// cannot be known statically, so the analyzer assumes HTTP/1.x, the
// common case for clients of internal services.
//
// The suggested fix replaces "defer resp.Body.Close()" by a deferred
// drain and close that reads at most a named number of bytes:
//
//	defer func() {
//		const maxDrain = 64 << 10 // read at most this much of an unread body, so its connection can be reused
//		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
//		resp.Body.Close()
//	}()
//
// adding the import of io where needed. It is offered only where it
// compiles: the body expression is a variable's field, not reassigned
// after the defer, and io is importable under its name.
//
// The check is off by default in every front door: -check-drain in the
// command and the language server, drain: true in golangci-lint. Its
// findings have the category "drain" and are silenced with
// //nolint:bodydraincheck.
//
// # Implementation
//
// Where responses come from is in sources.go, which values hold the
// response, its body or a reader over it in values.go, the events in
// events.go, the search problem (no-body statuses, failed calls) in
// problem.go, the report in report.go and the fix in fix.go.
package bodydrain

import (
	_ "embed"

	"github.com/bodyclosecheck/bodyclosecheck/internal/analysisdoc"
)

//go:embed doc.go
var docGo string

// doc is the Analyzer's documentation: the "Analyzer bodydraincheck"
// section of the package comment above.
var doc = analysisdoc.Extract(docGo, "bodydraincheck")
