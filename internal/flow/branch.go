package flow

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Branch returns the condition that decides the edge from→to, with the
// negations (!x) around it removed, and whether the edge is taken when
// that condition is true. ok is false unless from ends in an If whose two
// successors differ.
func Branch(from, to *ssa.BasicBlock) (cond ssa.Value, onTrue, ok bool) {
	n := len(from.Instrs)
	if n == 0 {
		return nil, false, false
	}
	ifi, isIf := from.Instrs[n-1].(*ssa.If)
	if !isIf || from.Succs[0] == from.Succs[1] {
		return nil, false, false
	}
	cond, onTrue = ifi.Cond, to == from.Succs[0]
	for {
		u, isNot := cond.(*ssa.UnOp)
		if !isNot || u.Op != token.NOT {
			return cond, onTrue, true
		}
		cond, onTrue = u.X, !onTrue
	}
}

// NilOperand returns x for "x == nil", "x != nil" or "nil == x" (either
// side), else nil.
func NilOperand(b *ssa.BinOp) ssa.Value {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return nil
	}
	if c, ok := b.Y.(*ssa.Const); ok && c.IsNil() {
		return b.X
	}
	if c, ok := b.X.(*ssa.Const); ok && c.IsNil() {
		return b.Y
	}
	return nil
}
