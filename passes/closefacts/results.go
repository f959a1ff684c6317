package closefacts

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
)

// resultClosed reports whether result i of the function with body and CFG
// g is, on every return, either nil or a local response whose Body was
// closed or replaced on every path to that return: such a response needs
// no Close by the caller.
func (s *summarizer) resultClosed(body inspector.Cursor, g *cfg.CFG, i int) bool {
	if g == nil {
		return false
	}
	closedVars := make(map[*types.Var]bool)
	returned := false
	for _, b := range g.Blocks {
		if !isReturn(b) {
			continue
		}
		ret := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
		if call, ok := singleCall(ret.Results); ok {
			// return f(...): closed if f's result i is.
			if !s.consumedResult(call, i) {
				return false
			}
			returned = true
			continue
		}
		v, ok := s.returnedVar(ret, i)
		if !ok {
			return false
		}
		if v == nil {
			continue // returns nil
		}
		returned = true
		if !s.closedBefore(body, g, v, b, closedVars) {
			return false
		}
	}
	return returned
}

// returnedVar returns the variable returned as result i by ret, nil for a
// nil result, and false if the result is anything else.
func (s *summarizer) returnedVar(ret *ast.ReturnStmt, i int) (*types.Var, bool) {
	if i >= len(ret.Results) {
		return nil, false // naked return or a call returning a tuple
	}
	e := ast.Unparen(ret.Results[i])
	if s.info.Types[e].IsNil() {
		return nil, true
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := s.info.Uses[id].(*types.Var)
	return v, ok
}

// closedBefore reports whether every path from the entry of g to block ret
// closes or replaces v.Body. Results are cached in closed per variable for
// the whole function: a variable closed before one return is checked
// again for the next.
func (s *summarizer) closedBefore(body inspector.Cursor, g *cfg.CFG, v *types.Var, ret *cfg.Block, closed map[*types.Var]bool) bool {
	if ok, seen := closed[v]; seen && !ok {
		return false
	}
	if s.consumedVar(body, v) {
		closed[v] = true
		return true
	}
	var events []ast.Node
	for _, u := range s.usesOf(body, v) {
		if u.kind == useClose || u.kind == useReplace {
			events = append(events, u.node)
		}
	}
	ok := len(events) > 0 && !s.escapes(g, nil, events, v, func(b *cfg.Block) bool { return b == ret })
	closed[v] = ok
	return ok
}

// consumedVar reports whether every assignment to v takes a response that
// needs no Close: result i of a call whose callee returned it closed, or
// of unknown code that also returns the body's bytes.
func (s *summarizer) consumedVar(body inspector.Cursor, v *types.Var) bool {
	n := 0
	for cur := range body.Preorder((*ast.AssignStmt)(nil)) {
		a := cur.Node().(*ast.AssignStmt)
		for i, lhs := range a.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok || (s.info.Defs[id] != v && s.info.Uses[id] != v) {
				continue
			}
			call, ok := singleCall(a.Rhs)
			if !ok || !s.consumedResult(call, i) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// singleCall returns the call of "x, y := f()".
func singleCall(rhs []ast.Expr) (*ast.CallExpr, bool) {
	if len(rhs) != 1 {
		return nil, false
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	return call, ok
}

// consumedResult reports whether result i of call needs no Close.
func (s *summarizer) consumedResult(call *ast.CallExpr, i int) bool {
	sig, ok := s.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	fn := staticCallee(s.info, call)
	if fn == nil {
		return httpknow.ReturnsBytes(sig)
	}
	return s.summaryOf(fn).ResultClosed(i)
}
