// Package ssahttp holds the SSA helpers that the analyzers of this module
// share: static callees, call results, and HEAD requests.
package ssahttp

import (
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// DeclaredCallee returns the declared function or method that cc calls
// statically (the origin of an instance), or nil.
func DeclaredCallee(cc *ssa.CallCommon) *types.Func {
	fn := cc.StaticCallee()
	if fn == nil {
		return nil
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || !Declared(fn) {
		return nil
	}
	return obj
}

// ResultValue returns the value of result i of call: the call itself for
// a single result, or its Extract; nil if that result is unused.
func ResultValue(call *ssa.Call, i int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		if refs := call.Referrers(); refs == nil || len(*refs) == 0 {
			return nil
		}
		return call
	}
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == i {
			if refs := ex.Referrers(); refs == nil || len(*refs) == 0 {
				return nil // assigned to _
			}
			return ex
		}
	}
	return nil
}

// Declared reports whether fn is a declared function or method (built
// from syntax here, or from type information for an imported package), as
// opposed to a synthetic wrapper whose parameters do not match its object.
func Declared(fn *ssa.Function) bool {
	return fn.Synthetic == "" || strings.HasPrefix(fn.Synthetic, "from type information")
}

// HeadRequest reports whether the call to key makes a HEAD request:
// http.Head, or a request sender (Client.Do, RoundTrip) given a HEAD
// request (HeadValue).
func HeadRequest(cc *ssa.CallCommon, key httpknow.FuncKey) bool {
	if httpknow.HeadSources[key] {
		return true
	}
	arg, ok := httpknow.RequestSenders[key]
	return ok && arg < len(cc.Args) && HeadValue(cc.Args[arg], 0)
}

// maxHeadDepth bounds how deep HeadValue follows helpers of the package.
const maxHeadDepth = 3

// HeadValue reports whether v is a request built for the constant method
// "HEAD" by http.NewRequest(WithContext), directly or by a function of
// this package (one with a body in SSA; at most maxHeadDepth deep) all of
// whose returns give such a request or nil.
func HeadValue(v ssa.Value, depth int) bool {
	req, ok := v.(*ssa.Extract)
	if !ok || req.Index != 0 {
		return false
	}
	mk, ok := req.Tuple.(*ssa.Call)
	if !ok {
		return false
	}
	fn := DeclaredCallee(&mk.Call)
	if fn == nil {
		return false
	}
	if m, ok := httpknow.RequestMakers[httpknow.KeyOf(fn)]; ok {
		if m >= len(mk.Call.Args) {
			return false
		}
		method, ok := mk.Call.Args[m].(*ssa.Const)
		return ok && method.Value != nil && method.Value.Kind() == constant.String && constant.StringVal(method.Value) == "HEAD"
	}
	body := mk.Call.StaticCallee()
	if body == nil || len(body.Blocks) == 0 || depth >= maxHeadDepth {
		return false // not of this package, or too deep
	}
	some := false
	for _, b := range body.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		if c, isConst := ret.Results[0].(*ssa.Const); isConst && c.IsNil() {
			continue
		}
		if !HeadValue(ret.Results[0], depth+1) {
			return false
		}
		some = true
	}
	return some
}
