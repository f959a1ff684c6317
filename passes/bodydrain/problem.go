package bodydrain

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// state is the search state of one path.
type state struct {
	drained bool // the body was read to EOF (or to the end of a bounded reader)
	noBody  bool // the status says the response has no body
	// partial is 1 + the index in problem.reads of the last read that
	// need not reach EOF (a Decode, one Read), or 0.
	partial int
	// status is 1 + the index in problem.checks of the path's first
	// status check, or 0.
	status int
	// deferred is 1 + the index in problem.defers of a deferred Close
	// that does not drain, or 0.
	deferred int
}

// problem follows one response through its function. It implements
// flow.Problem.
type problem struct {
	c     *pkgCheck
	src   source
	vals  *values
	loops map[*ssa.BasicBlock]bool // blocks on a cycle

	reads  []ssa.Instruction // reads that need not reach EOF
	checks []*ssa.If         // status checks
	defers []*ssa.Defer      // deferred closes that do not drain
}

func (c *pkgCheck) newProblem(src source, loops map[*ssa.BasicBlock]bool) *problem {
	return &problem{c: c, src: src, vals: newValues(src.call.Parent(), src.resp), loops: loops}
}

// index returns 1 + the index of x in *list, appending it if needed.
func index[T comparable](list *[]T, x T) int {
	for i, y := range *list {
		if y == x {
			return i + 1
		}
	}
	*list = append(*list, x)
	return len(*list)
}

// Edge implements flow.Problem: it prunes the edges on which the call
// failed or the response is nil, and notes status checks, and the edges
// on which the status says there is no body.
func (p *problem) Edge(from, to *ssa.BasicBlock, s state) (state, bool) {
	cond, onTrue, ok := flow.Branch(from, to)
	if !ok {
		return s, true
	}
	b, ok := cond.(*ssa.BinOp)
	if !ok {
		return s, true
	}
	if x := flow.NilOperand(b); x != nil {
		equal := onTrue == (b.Op == token.EQL)
		if x == p.src.err && p.src.err != nil && !equal || p.vals.role(x) == rResp && equal {
			return s, false // the call failed: no response
		}
	}
	if p.comparesStatus(b, 0) {
		if s.status == 0 {
			s.status = index(&p.checks, from.Instrs[len(from.Instrs)-1].(*ssa.If))
		}
		if p.noBodyBranch(b, onTrue) {
			s.noBody = true
		}
	}
	return s, true
}

// comparesStatus reports whether b compares the status code, possibly
// after arithmetic (resp.StatusCode/100 != 2).
func (p *problem) comparesStatus(v ssa.Value, depth int) bool {
	if p.vals.isStatus(v) {
		return true
	}
	b, ok := v.(*ssa.BinOp)
	return ok && depth < 3 && (p.comparesStatus(b.X, depth+1) || p.comparesStatus(b.Y, depth+1))
}

// noBodyBranch reports whether, when b is onTrue, the status is one of
// the statuses without a body (204, 304, below 200).
func (p *problem) noBodyBranch(b *ssa.BinOp, onTrue bool) bool {
	op, k := b.Op, b.Y
	switch {
	case p.vals.isStatus(b.X):
	case p.vals.isStatus(b.Y):
		op, k = flip(op), b.X
	default:
		return false
	}
	c, ok := k.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(c.Value)
	if !exact {
		return false
	}
	if !onTrue {
		op = negate(op)
	}
	switch op {
	case token.EQL:
		return httpknow.NoBodyStatuses[n]
	case token.LSS:
		return n <= 200
	case token.LEQ:
		return n < 200
	}
	return false
}

// flip turns "k op status" into "status op' k".
func flip(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// negate returns the comparison that holds when op does not.
func negate(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return op
}
