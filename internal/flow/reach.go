package flow

import "golang.org/x/tools/go/ssa"

// Reaches reports whether some path of the control-flow graph leads from
// one of the points in from (just after the instruction, or at the start
// of the block for a block) to one of the instructions in to. It ignores
// branch conditions, so false is certain and true may not be: a caller
// that must never act on a path that exists uses it to stay safe.
func Reaches(from []Point, to []ssa.Instruction) bool {
	if len(from) == 0 || len(to) == 0 {
		return false
	}
	fn := to[0].Parent()
	seen := make([]bool, len(fn.Blocks))
	var stack []*ssa.BasicBlock
	push := func(b *ssa.BasicBlock) {
		if !seen[b.Index] {
			seen[b.Index] = true
			stack = append(stack, b)
		}
	}
	for _, p := range from {
		if p.Instr != nil {
			if laterInBlock(p.Instr, to) {
				return true
			}
			for _, s := range p.Instr.Block().Succs {
				push(s)
			}
		} else if p.Block != nil {
			push(p.Block)
		}
	}
	for len(stack) > 0 { // each block is pushed once
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, t := range to {
			if t.Block() == b {
				return true
			}
		}
		for _, s := range b.Succs {
			push(s)
		}
	}
	return false
}

// A Point is where a path of Reaches starts: just after Instr, or at the
// start of Block when Instr is nil.
type Point struct {
	Instr ssa.Instruction
	Block *ssa.BasicBlock
}

// laterInBlock reports whether one of to follows instr in its block.
func laterInBlock(instr ssa.Instruction, to []ssa.Instruction) bool {
	at := indexOf(instr)
	for _, t := range to {
		if t.Block() == instr.Block() && indexOf(t) > at {
			return true
		}
	}
	return false
}
