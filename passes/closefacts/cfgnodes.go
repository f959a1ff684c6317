package closefacts

import (
	"go/ast"

	"golang.org/x/tools/go/cfg"
)

// containsAny reports whether one of b's nodes encloses one of events.
func containsAny(b *cfg.Block, events []ast.Node) bool {
	for _, n := range b.Nodes {
		for _, e := range events {
			if n.Pos() <= e.Pos() && e.End() <= n.End() {
				return true
			}
		}
	}
	return false
}

// isReturn reports whether b ends in a return statement (go/cfg makes the
// implicit return at the end of a body explicit).
func isReturn(b *cfg.Block) bool {
	if len(b.Nodes) == 0 || !b.Live {
		return false
	}
	_, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	return ok
}

// branchCond returns the condition evaluated at the end of b if b is a
// two-way branch (successor 0 taken when it is true), or nil.
func branchCond(b *cfg.Block) ast.Expr {
	if len(b.Succs) != 2 || len(b.Nodes) == 0 {
		return nil
	}
	e, _ := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	return e
}
