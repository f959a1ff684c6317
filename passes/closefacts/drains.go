package closefacts

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// drains reports whether the code at body (with CFG g) reads parameter v
// (a reader, or a response whose Body it reads) to EOF, or to the end of
// a bounded reader over it, on every path that returns.
func (s *fnSummarizer) drains(body inspector.Cursor, g *cfg.CFG, v *types.Var) bool {
	var events []ast.Node
	body.Inspect([]ast.Node{(*ast.CallExpr)(nil), (*ast.FuncLit)(nil)}, func(cur inspector.Cursor) bool {
		call, ok := cur.Node().(*ast.CallExpr)
		if ok && s.drainsArg(call, v) {
			events = append(events, call)
		}
		return ok // a literal's calls need not run
	})
	return len(events) > 0 && !s.escapes(g, nil, events, v, isReturn, assumption{})
}

// drainsArg reports whether call reads v (or v.Body) to EOF: it passes it,
// or a bounded reader over it, to a function that drains that parameter.
func (s *fnSummarizer) drainsArg(call *ast.CallExpr, v *types.Var) bool {
	fn := staticCallee(s.info, call)
	if fn == nil {
		return false
	}
	args := call.Args
	if fn.Type().(*types.Signature).Recv() != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		args = append([]ast.Expr{sel.X}, args...)
	}
	for i, a := range args {
		if s.drainsParam(fn, i) && s.readerOf(a, v) {
			return true
		}
	}
	return false
}

// drainsParam reports whether fn reads its parameter i to EOF.
func (s *fnSummarizer) drainsParam(fn *types.Func, i int) bool {
	if j, ok := httpknow.Drainers[httpknow.KeyOf(fn)]; ok {
		return i == j
	}
	return s.summaryOf(fn).Drained(i)
}

// readerOf reports whether e reads from v: it is v, v.Body, or a bounded
// reader or buffered reader over one of them.
func (s *fnSummarizer) readerOf(e ast.Expr, v *types.Var) bool {
	e = ast.Unparen(e)
	if call, ok := e.(*ast.CallExpr); ok && len(call.Args) > 0 {
		fn := staticCallee(s.info, call)
		if fn == nil {
			return false
		}
		k := httpknow.KeyOf(fn)
		return (httpknow.BoundedReaders[k] || httpknow.ReaderWrappers[k]) && s.readerOf(call.Args[0], v)
	}
	return s.refersTo(e, v)
}
