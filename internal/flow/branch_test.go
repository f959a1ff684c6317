package flow_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

const branchSrc = `package p

func g() {}

func f(p *int) {
	if !(p == nil) {
		g()
	}
}
`

// TestBranch checks that the negation is looked through: the edge into
// the block that calls g is taken when p == nil is false.
func TestBranch(t *testing.T) {
	fn := buildSSA(t, branchSrc).Func("f")
	entry := fn.Blocks[0]
	var then *ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == "g" {
				then = b
			}
		}
	}
	cond, onTrue, ok := flow.Branch(entry, then)
	b, isBin := cond.(*ssa.BinOp)
	if !ok || onTrue || !isBin || flow.NilOperand(b) != fn.Params[0] {
		t.Errorf("Branch = %v, %v, %v; want p == nil, taken when false", cond, onTrue, ok)
	}
	if _, _, ok := flow.Branch(then, then.Succs[0]); ok {
		t.Errorf("Branch of a jump: ok")
	}
}
