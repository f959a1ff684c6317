package bodyclose

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
)

// literalAlias returns the parameter of function literal fn that its
// result i always returns unchanged (func(r *http.Response) *http.Response
// { r.Header = h; return r }), or -1. A literal that replaces the
// parameter's Body is not a pass-through: the caller's close would reach
// the replacement only.
func literalAlias(fn *ssa.Function, i int) int {
	param := -1
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		if null, known := isNil(ret.Results[i]); null && known {
			continue
		}
		j := paramIndex(fn, ret.Results[i])
		if j < 0 || param >= 0 && j != param {
			return -1
		}
		param = j
	}
	if param >= 0 && replacesBody(fn.Params[param]) {
		return -1
	}
	return param
}

// returnsParam reports whether a response result of function literal fn
// is its parameter i, passed through.
func returnsParam(fn *ssa.Function, i int) bool {
	for _, r := range httpknow.ResponseResults(fn.Signature) {
		if literalAlias(fn, r) == i {
			return true
		}
	}
	return false
}

// paramIndex returns the index of the parameter that v is, or -1.
func paramIndex(fn *ssa.Function, v ssa.Value) int {
	for j, p := range fn.Params {
		if v == p {
			return j
		}
	}
	return -1
}

// replacesBody reports whether the response p has its Body stored to.
func replacesBody(p *ssa.Parameter) bool {
	for _, r := range *p.Referrers() {
		if fa, ok := r.(*ssa.FieldAddr); ok && isBodyField(fa) && len(storesTo(fa)) > 0 {
			return true
		}
	}
	return false
}

// literalCallee returns the function literal that cc calls, or nil: a
// static callee, or the one literal ever stored in the local variable
// (captured or not) that the called function value is loaded from.
func literalCallee(cc *ssa.CallCommon) *ssa.Function {
	fn := cc.StaticCallee()
	if fn == nil {
		fn = storedLiteral(cc.Value)
	}
	if fn == nil || fn.Parent() == nil {
		return nil
	}
	return fn
}

// storedLiteral returns the function that every store to the variable v
// is loaded from stores, or nil.
func storedLiteral(v ssa.Value) *ssa.Function {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	var alloc *ssa.Alloc
	switch x := load.X.(type) {
	case *ssa.Alloc:
		alloc = x
	case *ssa.FreeVar:
		if b := capturedVar(x); b != nil && len(storesTo(x)) == 0 {
			alloc = b.alloc
		}
	}
	if alloc == nil {
		return nil
	}
	var fn *ssa.Function
	for _, st := range storesTo(alloc) {
		var f *ssa.Function
		switch x := st.Val.(type) {
		case *ssa.Function:
			f = x
		case *ssa.MakeClosure:
			f = x.Fn.(*ssa.Function)
		}
		if f == nil || fn != nil && f != fn {
			return nil
		}
		fn = f
	}
	return fn
}

// literalBuilds reports whether every response that function literal fn
// returns as result i needs no Close: nil, a response it builds with an
// empty body (a test's fake), or one that a call it makes returns needing
// none. Answers are memoised; a recursive question is answered no.
func (c *pkgCheck) literalBuilds(fn *ssa.Function, i int) bool {
	if ans, ok := c.built[fn]; ok {
		return ans
	}
	c.built[fn] = false // in progress
	ans := false
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		v := ret.Results[i]
		if null, known := isNil(v); null && known {
			continue
		}
		if !builtResponse(v) && !c.exemptResult(v) {
			ans = false
			break
		}
		ans = true
	}
	c.built[fn] = ans
	return ans
}

// exemptResult reports whether v is a response result of a call that
// needs no Close.
func (c *pkgCheck) exemptResult(v ssa.Value) bool {
	idx := 0
	if ex, ok := v.(*ssa.Extract); ok {
		v, idx = ex.Tuple, ex.Index
	}
	call, ok := v.(*ssa.Call)
	return ok && c.exempt(&call.Call, idx)
}

// builtResponse reports whether v is a response allocated here whose Body
// is only ever set to an empty body, and which is passed only to literals
// that return it unchanged.
func builtResponse(v ssa.Value) bool {
	alloc, ok := v.(*ssa.Alloc)
	if !ok || !httpknow.IsResponse(alloc.Type()) {
		return false
	}
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if !isBodyField(r) {
				continue
			}
			for _, st := range storesTo(r) {
				if !emptyBody(st.Val) {
					return false
				}
			}
		case *ssa.Call:
			lit := literalCallee(&r.Call)
			for j, arg := range r.Call.Args {
				if arg == alloc && (lit == nil || !returnsParam(lit, j)) {
					return false
				}
			}
		case *ssa.Return, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// emptyBody reports whether v, stored as a Body, holds no connection:
// nil, http.NoBody, or a NopCloser.
func emptyBody(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil()
	case *ssa.MakeInterface:
		return emptyBody(v.X)
	case *ssa.UnOp:
		g, ok := v.X.(*ssa.Global)
		return ok && v.Op == token.MUL && g.Pkg != nil &&
			httpknow.EmptyBodies[httpknow.FuncKey{Pkg: g.Pkg.Pkg.Path(), Name: g.Name()}]
	case *ssa.Call:
		fn := ssahttp.DeclaredCallee(&v.Call)
		return fn != nil && httpknow.EmptyBodies[httpknow.KeyOf(fn)]
	}
	return false
}
