package bodyclose

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// A source is a call that obtains a response the function must close.
type source struct {
	call  ssa.CallInstruction // *ssa.Call, *ssa.Go or *ssa.Defer
	index int                 // which result is the response
	resp  ssa.Value           // the response; nil if discarded
	err   ssa.Value           // the call's error result, if used
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
				if !c.exempt(call.Common(), i) {
					srcs = append(srcs, newSource(call, sig, i))
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
		src.resp = resultValue(v, i)
		if e := httpknow.ErrorResult(sig); e >= 0 && e != i {
			src.err = resultValue(v, e)
		}
	}
	return src
}

// exempt reports whether result i of the call needs no Close: the callee
// is known to return an in-memory body, its fact says it closed it, or it
// is unknown code that returns the body's bytes too.
func (c *pkgCheck) exempt(cc *ssa.CallCommon, i int) bool {
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
	if !ok || fn.Parent() != nil || !declared(fn) {
		return false
	}
	key := httpknow.KeyOf(obj)
	if httpknow.ExemptSources[key] || c.cfg.ExemptHEAD && httpknow.HeadSources[key] {
		return true
	}
	sum := c.sums.Of(obj)
	if sum.ResultClosed(i) || sum.AliasOf(i) >= 0 { // an alias: the argument's source answers for it
		return true
	}
	closed, undecided := closedByArgs(cc, sum.ClosedWhen(i))
	if undecided {
		c.undecided++
	}
	return closed
}

// roots returns the initial candidates of src.
func (src source) roots() []candidate {
	roots := []candidate{{v: src.resp, kind: kResp}}
	if src.err != nil {
		roots = append(roots, candidate{v: src.err, kind: kErr})
	}
	return roots
}
