package bodyclose

import (
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// newProblem prepares the search for the response held by roots, obtained
// at src (nil when summarising a function literal).
func (c *pkgCheck) newProblem(src ssa.Instruction, roots []candidate) *problem {
	p := &problem{
		c:       c,
		src:     src,
		roots:   make(map[int]bool),
		condErr: make(map[ssa.Instruction]int),
	}
	calls := make(map[ssa.Value]ssa.Instruction)
	p.aliasOf = make(map[ssa.Value]ssa.Value)
	p.aliases = collectAliases(roots, func(cand candidate, r ssa.Instruction) (candidate, bool) {
		if d, ok := c.passedThrough(cand, r); ok {
			p.aliasOf[d.v] = cand.v
			return d, true
		}
		return c.conditionalError(cand, r, calls)
	})
	for i := range roots {
		p.roots[i] = true
	}
	for v, call := range calls {
		p.condErr[call] = p.aliases.lookup(v)
	}
	return p
}

// conditionalError derives, from a call that closes cand only when it
// fails (closefacts.ClosesOnError), the error result of that call: when
// it is non-nil the response is closed. The call is recorded in calls.
func (c *pkgCheck) conditionalError(cand candidate, r ssa.Instruction, calls map[ssa.Value]ssa.Instruction) (candidate, bool) {
	call, ok := r.(*ssa.Call)
	if !ok || !cand.kind.owns() || call.Call.IsInvoke() {
		return candidate{}, false
	}
	errIdx := httpknow.ErrorResult(call.Call.Signature())
	if errIdx < 0 {
		return candidate{}, false
	}
	for i, arg := range call.Call.Args {
		if arg != cand.v || c.staticEffect(&call.Call, i, cand) != closefacts.ClosesOnError {
			continue
		}
		errv := ssahttp.ResultValue(call, errIdx)
		if errv == nil {
			return candidate{}, false
		}
		calls[errv] = call
		return candidate{v: errv, kind: kErr}, true
	}
	return candidate{}, false
}

// passedThrough derives, from a call that returns its argument cand as it
// came (closefacts.Alias), the result that holds the same response.
func (c *pkgCheck) passedThrough(cand candidate, r ssa.Instruction) (candidate, bool) {
	call, ok := r.(*ssa.Call)
	if !ok || cand.kind != kResp {
		return candidate{}, false
	}
	aliasOf := c.aliasFunc(&call.Call)
	if aliasOf == nil {
		return candidate{}, false
	}
	for _, i := range httpknow.ResponseResults(call.Call.Signature()) {
		j := aliasOf(i) // SSA passes a receiver as argument 0, as facts count it
		if j < 0 || j >= len(call.Call.Args) || call.Call.Args[j] != cand.v {
			continue
		}
		if v := ssahttp.ResultValue(call, i); v != nil {
			return candidate{v: v, kind: kResp}, true
		}
	}
	return candidate{}, false
}

// aliasFunc returns, for the static callee of cc, the function that maps
// a result to the parameter it returns unchanged (-1 if none), or nil if
// the callee is unknown.
func (c *pkgCheck) aliasFunc(cc *ssa.CallCommon) func(result int) int {
	if lit := literalCallee(cc); lit != nil {
		return func(i int) int { return literalAlias(lit, i) }
	}
	if obj := ssahttp.DeclaredCallee(cc); obj != nil {
		return c.facts.Of(obj).AliasOf
	}
	return nil
}
