package flow

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Reaches reports whether some path of the control-flow graph leads from
// one of the points in from (just after the instruction, or at the start
// of the block for a block) to one of the instructions in to without
// passing through one in stop. It ignores branch conditions, so false is
// certain and true may not be: a caller that must never act on a path
// that exists uses it to stay safe.
func Reaches(from []Point, to, stop []ssa.Instruction) bool {
	if len(from) == 0 || len(to) == 0 {
		return false
	}
	r := reach{to: set(to), stop: set(stop), seen: make([]bool, len(to[0].Parent().Blocks))}
	for _, p := range from {
		if p.Instr != nil {
			b := p.Instr.Block()
			if r.scan(b, slices.Index(p.Instr.Block().Instrs, p.Instr)+1) {
				return true
			}
		} else if p.Block != nil {
			r.push(p.Block)
		}
	}
	for len(r.stack) > 0 { // each block is pushed once
		b := r.stack[len(r.stack)-1]
		r.stack = r.stack[:len(r.stack)-1]
		if r.scan(b, 0) {
			return true
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

// reach is the state of one Reaches search.
type reach struct {
	to, stop map[ssa.Instruction]bool
	seen     []bool // by block index
	stack    []*ssa.BasicBlock
}

// scan follows b from its instruction i: it reports whether a target
// comes before any stop, and pushes b's successors if no stop comes.
func (r *reach) scan(b *ssa.BasicBlock, i int) bool {
	for _, instr := range b.Instrs[i:] {
		if r.to[instr] {
			return true
		}
		if r.stop[instr] {
			return false
		}
	}
	for _, s := range b.Succs {
		r.push(s)
	}
	return false
}

func (r *reach) push(b *ssa.BasicBlock) {
	if !r.seen[b.Index] {
		r.seen[b.Index] = true
		r.stack = append(r.stack, b)
	}
}

func set(instrs []ssa.Instruction) map[ssa.Instruction]bool {
	m := make(map[ssa.Instruction]bool, len(instrs))
	for _, instr := range instrs {
		m[instr] = true
	}
	return m
}
