// Package flow searches the paths of an SSA function for a property that a
// caller-defined Problem tracks in a small comparable state. It knows
// nothing about HTTP: the Problem decides what each instruction and each
// edge does to the state, and which instructions end a path.
//
// The search visits each (block, state) pair at most once, so it
// terminates on loops, and it gives up after a budget of states so that a
// huge function costs bounded time.
package flow

import (
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Verdict is what a Problem says about a path after one instruction.
type Verdict uint8

const (
	Continue Verdict = iota // follow the path further
	Safe                    // the path ends without a finding
	Found                   // the path ends with a finding at this instruction
)

// A Problem defines the state transitions of a path search.
type Problem[S comparable] interface {
	// Step applies instr to s.
	Step(instr ssa.Instruction, s S) (S, Verdict)
	// Edge applies the move from block from to its successor to (φ-nodes,
	// branch conditions); ok is false when the edge cannot be taken.
	Edge(from, to *ssa.BasicBlock, s S) (next S, ok bool)
}

// A Hit is a path that ends with a finding.
type Hit[S comparable] struct {
	At    ssa.Instruction // where the path ended
	State S               // the state just before At
}

// Result is the outcome of a Search.
type Result[S comparable] struct {
	Hits     []Hit[S] // one per distinct finding instruction, in discovery order
	Complete bool     // false if the budget ran out
}

type node[S comparable] struct {
	block *ssa.BasicBlock
	state S
}

type visitKey[S comparable] struct {
	block int
	state S
}

// Search explores every path starting just after instruction start (or at
// the entry of fn when start is nil) in state init, visiting at most
// budget (block, state) pairs.
func Search[S comparable](fn *ssa.Function, start ssa.Instruction, init S, p Problem[S], budget int) Result[S] {
	var res Result[S]
	if len(fn.Blocks) == 0 {
		res.Complete = true
		return res
	}
	s := searcher[S]{p: p, seen: make(map[visitKey[S]]bool), found: make(map[ssa.Instruction]bool)}
	first, offset := fn.Blocks[0], 0
	if start != nil {
		first, offset = start.Block(), slices.Index(start.Block().Instrs, start)+1
	}
	s.nodes = append(s.nodes, node[S]{block: first, state: init})
	stack := []int{0}
	for len(stack) > 0 {
		if len(s.seen) > budget {
			res.Hits = s.hits
			return res
		}
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		from := offset
		if n != 0 {
			from = 0
		}
		stack = append(stack, s.visit(n, from)...)
	}
	res.Hits, res.Complete = s.hits, true
	return res
}

type searcher[S comparable] struct {
	p     Problem[S]
	nodes []node[S]
	seen  map[visitKey[S]]bool
	found map[ssa.Instruction]bool
	hits  []Hit[S]
}

// visit runs the instructions of node n from index from, and returns the
// new nodes to explore.
func (s *searcher[S]) visit(n, from int) []int {
	b, st := s.nodes[n].block, s.nodes[n].state
	for _, instr := range b.Instrs[from:] {
		next, v := s.p.Step(instr, st)
		switch v {
		case Safe:
			return nil
		case Found:
			if !s.found[instr] {
				s.found[instr] = true
				s.hits = append(s.hits, Hit[S]{At: instr, State: st})
			}
			return nil
		}
		st = next
	}
	var succs []int
	for _, succ := range b.Succs {
		next, ok := s.p.Edge(b, succ, st)
		if !ok {
			continue
		}
		k := visitKey[S]{succ.Index, next}
		if s.seen[k] {
			continue
		}
		s.seen[k] = true
		s.nodes = append(s.nodes, node[S]{block: succ, state: next})
		succs = append(succs, len(s.nodes)-1)
	}
	return succs
}
