package bodydrain

import (
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
)

// A source is a call that obtains a response whose body the function may
// close.
type source struct {
	call *ssa.Call
	resp ssa.Value // the response
	err  ssa.Value // the call's error result, if used
}

// sources returns the calls in fn that obtain a response with a body
// that the caller reads and closes.
func (c *pkgCheck) sources(fn *ssa.Function) []source {
	var srcs []source
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			sig := call.Call.Signature()
			for _, i := range httpknow.ResponseResults(sig) {
				resp := ssahttp.ResultValue(call, i)
				if resp == nil || c.exempt(&call.Call, i) {
					continue
				}
				src := source{call: call, resp: resp}
				if e := httpknow.ErrorResult(sig); e >= 0 && e != i {
					src.err = ssahttp.ResultValue(call, e)
				}
				srcs = append(srcs, src)
			}
		}
	}
	return srcs
}

// exempt reports whether result i of the call has no body for the caller
// to drain: an in-memory body, a HEAD request, a response its callee
// closed or read (its fact, or unknown code that returns the body's bytes
// too), or the caller's own response passed back.
func (c *pkgCheck) exempt(cc *ssa.CallCommon, i int) bool {
	if httpknow.ReturnsBytes(cc.Signature()) {
		return true
	}
	fn := ssahttp.DeclaredCallee(cc)
	if fn == nil {
		return false
	}
	key := httpknow.KeyOf(fn)
	if httpknow.ExemptSources[key] || ssahttp.HeadRequest(cc, key) {
		return true
	}
	sum := c.facts.Of(fn)
	return sum.ResultClosed(i) || sum.AliasOf(i) >= 0 || len(sum.ClosedWhen(i)) > 0
}
