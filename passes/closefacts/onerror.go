package closefacts

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// closesOnError reports whether every path through g that returns a
// non-nil error closes v: either by one of events, or by one of the calls
// in onErr (callees that close v when they fail) whose error the function
// returns. A wrapper such as
//
//	func Check(resp *http.Response) error { return inner.Check(resp) }
//
// thus closes on error like the helper it wraps.
func (s *fnSummarizer) closesOnError(body inspector.Cursor, g *cfg.CFG, events, onErr []ast.Node, v *types.Var) bool {
	all := slices.Concat(events, onErr)
	if s.escapes(g, nil, all, v, s.returnsError, assumption{}) {
		return false // an error return reached before any close
	}
	for _, n := range onErr {
		call := n.(*ast.CallExpr)
		start := blockOf(g, call)
		if start == nil {
			return false
		}
		carriers := s.errCarriers(body, call)
		exit := func(b *cfg.Block) bool {
			return s.returnsError(b) && !s.returnsCarried(b, call, carriers)
		}
		if s.escapes(g, start, events, v, exit, assumption{}) {
			return false // an error of another origin returned after the call
		}
	}
	return true
}

// blockOf returns the live block of g whose nodes enclose n, or nil.
func blockOf(g *cfg.CFG, n ast.Node) *cfg.Block {
	for _, b := range g.Blocks {
		if b.Live && containsAny(b, []ast.Node{n}) {
			return b
		}
	}
	return nil
}

// errCarriers returns the variables that receive the error result of call
// in "err := call", "x, err = call" or "var err = call".
func (s *fnSummarizer) errCarriers(body inspector.Cursor, call *ast.CallExpr) map[types.Object]bool {
	carriers := make(map[types.Object]bool)
	cur, ok := body.FindNode(call)
	if !ok {
		return carriers
	}
	cur = outsideParens(cur)
	var lhs []*ast.Ident
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 {
			for _, e := range p.Lhs {
				id, _ := ast.Unparen(e).(*ast.Ident)
				lhs = append(lhs, id)
			}
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 {
			lhs = p.Names
		}
	}
	sig, ok := s.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return carriers
	}
	if i := httpknow.ErrorResult(sig); i >= 0 && i < len(lhs) && lhs[i] != nil {
		if obj := s.info.ObjectOf(lhs[i]); obj != nil {
			carriers[obj] = true
		}
	}
	return carriers
}

// returnsCarried reports whether the return statement ending b returns
// call's error: the call itself, or an expression that uses one of the
// carriers (err, fmt.Errorf("...: %w", err)), or, for a naked return, a
// named error result that is a carrier.
func (s *fnSummarizer) returnsCarried(b *cfg.Block, call *ast.CallExpr, carriers map[types.Object]bool) bool {
	ret := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	switch {
	case len(ret.Results) == 0:
		return s.errVar != nil && carriers[s.errVar]
	case len(ret.Results) == 1 && ast.Unparen(ret.Results[0]) == call:
		return true // return f(resp), forwarding all results
	case s.errResult >= len(ret.Results):
		return false
	}
	found := false
	ast.Inspect(ret.Results[s.errResult], func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			found = found || n == call
		case *ast.Ident:
			found = found || carriers[s.info.Uses[n]]
		}
		return !found
	})
	return found
}
