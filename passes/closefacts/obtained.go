package closefacts

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// notObtained reports whether e, returned as a response, is not one the
// function obtained and the caller would have to close: a response built
// in code whose Body holds no connection (&http.Response{Body:
// io.NopCloser(r)}, a test's fake), or one read from a field of a
// parameter (an accessor such as "func (r GetResponse) HTTPResponse()
// *http.Response { return r.RawResponse }"), which whoever stored it
// answers for.
func (s *fnSummarizer) notObtained(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return s.emptyBodyLiteral(e)
	case *ast.SelectorExpr:
		return s.paramField(e)
	}
	return false
}

// emptyBodyLiteral reports whether lit is an http.Response literal whose
// Body is absent, nil, http.NoBody or a NopCloser.
func (s *fnSummarizer) emptyBodyLiteral(lit *ast.CompositeLit) bool {
	if !httpknow.IsNamed(s.info.TypeOf(lit), "net/http", "Response") {
		return false
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return false // positional: not worth the trouble
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == "Body" {
			return s.emptyBody(kv.Value)
		}
	}
	return true
}

// emptyBody reports whether e is nil, http.NoBody or a NopCloser call.
func (s *fnSummarizer) emptyBody(e ast.Expr) bool {
	e = ast.Unparen(e)
	if s.info.Types[e].IsNil() {
		return true
	}
	if call, ok := e.(*ast.CallExpr); ok {
		e = ast.Unparen(call.Fun)
	}
	var id *ast.Ident
	switch x := e.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return false
	}
	obj := s.info.Uses[id]
	if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return false
	}
	return httpknow.EmptyBodies[httpknow.FuncKey{Pkg: obj.Pkg().Path(), Name: obj.Name()}]
}

// paramField reports whether sel reads a field (of a field ...) of a
// parameter that is never reassigned.
func (s *fnSummarizer) paramField(sel *ast.SelectorExpr) bool {
	for {
		if selection, ok := s.info.Selections[sel]; !ok || selection.Kind() != types.FieldVal {
			return false
		}
		switch x := ast.Unparen(sel.X).(type) {
		case *ast.SelectorExpr:
			sel = x
		default:
			return s.stableParam(x) != nil
		}
	}
}
