package cfgpath_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/cfg"

	"github.com/bodyclosecheck/bodyclosecheck/internal/cfgpath"
)

// src is the toy the tests ask about: must every path from the entry to
// a return pass a call of stop()?
const src = `package p

func f(a, b bool) {
	if a {
		stop()
		return
	}
	for b {
		if a {
			return
		}
	}
	stop()
}
`

// graph returns the CFG of f and a function that tells whether a block
// calls the function name.
func graph(t *testing.T) (*cfg.CFG, func(b *cfg.Block, name string) bool) {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := file.Decls[0].(*ast.FuncDecl).Body
	g := cfg.New(body, func(*ast.CallExpr) bool { return true })
	calls := func(b *cfg.Block, name string) bool {
		for _, n := range b.Nodes {
			if es, ok := n.(*ast.ExprStmt); ok {
				if c, ok := es.X.(*ast.CallExpr); ok && c.Fun.(*ast.Ident).Name == name {
					return true
				}
			}
		}
		return false
	}
	return g, calls
}

// exit reports whether b leaves the function: a return statement, or the
// end of the body.
func exit(b *cfg.Block) bool { return b.Return() != nil || len(b.Succs) == 0 }

// TestEscapes checks the one path that returns without stop(), and that
// the answer follows the query: stopping blocks, refused edges, the start.
func TestEscapes(t *testing.T) {
	g, calls := graph(t)
	stop := func(b *cfg.Block) bool { return calls(b, "stop") }

	b, ok := cfgpath.Escapes(g, cfgpath.Query{Stop: stop, Exit: exit})
	if !ok || b.Return() == nil || len(b.Return().Results) != 0 || b.Kind != cfg.KindIfThen {
		t.Fatalf("Escapes = %v, %v; want the return inside the loop", b, ok)
	}
	loopReturn := b

	// Refusing the edges into that block leaves no escaping path.
	follow := func(from *cfg.Block, i int) bool { return from.Succs[i] != loopReturn }
	if b, ok := cfgpath.Escapes(g, cfgpath.Query{Stop: stop, Exit: exit, Follow: follow}); ok {
		t.Errorf("with the edge to the loop's return refused: escapes at %v", b)
	}

	// Nothing stops: the first exit found is an exit.
	never := func(*cfg.Block) bool { return false }
	if b, ok := cfgpath.Escapes(g, cfgpath.Query{Stop: never, Exit: exit}); !ok || !exit(b) {
		t.Errorf("with no stopping block: %v, %v; want an exit", b, ok)
	}

	// From the block that calls stop() in the if branch, nothing escapes.
	var thenBlock *cfg.Block
	for _, b := range g.Blocks {
		if b.Kind == cfg.KindIfThen && stop(b) {
			thenBlock = b
		}
	}
	if b, ok := cfgpath.Escapes(g, cfgpath.Query{Start: thenBlock, Stop: stop, Exit: exit}); ok {
		t.Errorf("from the then branch: escapes at %v", b)
	}

	if b, ok := cfgpath.Escapes(nil, cfgpath.Query{Stop: stop, Exit: exit}); ok {
		t.Errorf("no graph: escapes at %v", b)
	}
}
