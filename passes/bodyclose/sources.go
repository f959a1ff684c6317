package bodyclose

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
)

// A source is a call that obtains a response the function must close.
type source struct {
	call  ssa.CallInstruction // *ssa.Call, *ssa.Go or *ssa.Defer
	index int                 // which result is the response
	resp  ssa.Value           // the response; nil if discarded
	err   ssa.Value           // the call's error result, if used
	conns []ssa.Value         // connections the response was read from
}

// sources returns the calls in fn that obtain a response.
func (c *pkgCheck) sources(fn *ssa.Function) []source {
	var srcs []source
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			sig := call.Common().Signature()
			if sig == nil {
				continue
			}
			for _, i := range httpknow.ResponseResults(sig) {
				if c.exempt(call.Common(), i) {
					continue
				}
				if src := newSource(call, sig, i); !deferredClose(src.conns, call) {
					srcs = append(srcs, src)
				}
			}
		}
	}
	return srcs
}

// newSource describes result i of call.
func newSource(call ssa.CallInstruction, sig *types.Signature, i int) source {
	src := source{call: call, index: i}
	if v, ok := call.(*ssa.Call); ok {
		src.resp = ssahttp.ResultValue(v, i)
		if e := httpknow.ErrorResult(sig); e >= 0 && e != i {
			src.err = ssahttp.ResultValue(v, e)
		}
	}
	src.conns = connsOf(call.Common())
	return src
}

// exempt reports whether result i of the call needs no Close: the callee
// is known to return an in-memory body, its fact says it closed it, or it
// is unknown code that returns the body's bytes too.
func (c *pkgCheck) exempt(cc *ssa.CallCommon, i int) bool {
	if lit := literalCallee(cc); lit != nil && (literalAlias(lit, i) >= 0 || c.literalBuilds(lit, i)) {
		return true // an alias (the argument's source answers for it), or a fake
	}
	fn := cc.StaticCallee()
	if fn == nil {
		// Unknown code that returns the body's bytes with the response
		// has consumed the body (Prometheus-style API clients).
		return httpknow.ReturnsBytes(cc.Signature())
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || fn.Parent() != nil || !ssahttp.Declared(fn) {
		return false
	}
	key := httpknow.KeyOf(obj)
	if httpknow.ExemptSources[key] || !c.cfg.ReportHEAD && ssahttp.HeadRequest(cc, key) {
		return true
	}
	sum := c.facts.Of(obj)
	if sum.ResultClosed(i) || sum.AliasOf(i) >= 0 { // an alias: the argument's source answers for it
		return true
	}
	closed, undecided := closedByArgs(cc, sum.ClosedWhen(i))
	if undecided {
		c.undecided++
	}
	return closed
}

// roots returns the initial candidates of src: the response, its error,
// and the connections it was read from.
func (src source) roots() []candidate {
	roots := []candidate{{v: src.resp, kind: kResp}}
	if src.err != nil {
		roots = append(roots, candidate{v: src.err, kind: kErr})
	}
	for _, conn := range src.conns {
		roots = append(roots, candidate{v: conn, kind: kBody})
	}
	return roots
}

// connsOf returns the connections that the reader passed to a response
// reader such as http.ReadResponse wraps: bufio.NewReader(conn),
// &io.LimitedReader{R: conn}, ... (values with a Close method found by a
// short walk back through wrappers).
func connsOf(cc *ssa.CallCommon) []ssa.Value {
	fn := ssahttp.DeclaredCallee(cc)
	if fn == nil || !httpknow.ConnSources[httpknow.KeyOf(fn)] || len(cc.Args) == 0 {
		return nil
	}
	var conns []ssa.Value
	var walk func(v ssa.Value, depth int)
	walk = func(v ssa.Value, depth int) { // depth-bounded: no memo needed
		if depth > 4 {
			return
		}
		switch x := v.(type) {
		case *ssa.MakeInterface:
			walk(x.X, depth+1)
		case *ssa.ChangeInterface:
			walk(x.X, depth+1)
		case *ssa.Call:
			if f := ssahttp.DeclaredCallee(&x.Call); f != nil && httpknow.ReaderWrappers[httpknow.KeyOf(f)] {
				walk(x.Call.Args[0], depth+1)
			}
		case *ssa.Alloc:
			for _, r := range *x.Referrers() {
				if fa, ok := r.(*ssa.FieldAddr); ok {
					for _, st := range storesTo(fa) {
						walk(st.Val, depth+1)
					}
				}
			}
		}
		if hasCloseMethod(v.Type()) {
			conns = append(conns, v)
		}
	}
	walk(cc.Args[0], 0)
	return conns
}

// deferredClose reports whether one of conns is closed by a defer that
// runs before call on every path ("defer conn.Close()" above it): then
// the connection, and the response read from it, is closed at every exit.
func deferredClose(conns []ssa.Value, call ssa.Instruction) bool {
	for _, conn := range conns {
		for _, r := range *conn.Referrers() {
			d, ok := r.(*ssa.Defer)
			if ok && closesValue(d.Common(), conn) && precedes(d, call) {
				return true
			}
		}
	}
	return false
}

// closesValue reports whether cc is v.Close().
func closesValue(cc *ssa.CallCommon, v ssa.Value) bool {
	if cc.IsInvoke() {
		return cc.Value == v && cc.Method.Name() == "Close"
	}
	fn := cc.StaticCallee()
	return fn != nil && fn.Signature.Recv() != nil && fn.Name() == "Close" && len(cc.Args) > 0 && cc.Args[0] == v
}

// hasCloseMethod reports whether values of type t have a Close method.
func hasCloseMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Close")
	_, ok := obj.(*types.Func)
	return ok
}
