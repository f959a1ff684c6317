package bodyclose

import (
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

// summaryKey identifies a question about a function literal: does it
// close (or hand on) what it receives in v, which holds a value like c?
type summaryKey struct {
	fn   *ssa.Function
	v    ssa.Value // a parameter or free variable of fn
	kind kind
	elem kind
}

// discharges reports whether every path through function literal fn
// closes or hands on the response that reaches it through v (a parameter
// or captured variable) holding a value like arg. Answers are memoised; a
// recursive question is answered yes (trust what cannot be followed).
func (c *pkgCheck) discharges(fn *ssa.Function, v ssa.Value, arg candidate) bool {
	key := summaryKey{fn, v, arg.kind, arg.elem}
	if ans, ok := c.summaries[key]; ok {
		return ans
	}
	c.summaries[key] = true // in progress
	p := c.newProblem(nil, []candidate{{v: v, kind: arg.kind, elem: arg.elem}})
	res := flow.Search(fn, nil, state{held: flow.Bits("").With(0, true)}, p, c.budget)
	ans := !res.Complete || len(res.Hits) == 0
	c.summaries[key] = ans
	return ans
}
