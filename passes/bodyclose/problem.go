package bodyclose

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

// state is the search state of one path: which candidates hold the
// response now, and whether its Body field was overwritten.
type state struct {
	held     flow.Bits
	replaced bool
}

// problem follows one response (or one closure parameter, for summaries)
// through a function. It implements flow.Problem.
type problem struct {
	c       *pkgCheck
	aliases *aliases
	src     ssa.Instruction // the call that obtained the response; nil for summaries
	roots   map[int]bool    // candidates defined by src: never redefined

	// condErr maps a call with effect ClosesOnError on a held argument to
	// the candidate index of its error result.
	condErr map[ssa.Instruction]int
	// aliasOf maps the result of a call that returns its argument as it
	// came to that argument: it holds the response when the argument does.
	aliasOf map[ssa.Value]ssa.Value

	discharged bool      // some path closed or handed on the response
	replacedAt token.Pos // where the Body field was overwritten, if ever

	// kept lists the appends that put the response in a local slice
	// (each ends its path, as a hand-off would); otherSafe is set when a
	// path ended safely in any other way.
	kept      []ssa.Value // append calls and local maps
	otherSafe bool
	// safeAt lists the instructions at which some path ended safely
	// (closed, handed on, stopped), for the fix; helperClosedAt lists the
	// blocks entered when a helper closed the body because it failed (no
	// instruction ends such a path, and no fix may close it again there).
	safeAt         []ssa.Instruction
	helperClosedAt []*ssa.BasicBlock
}

// holds reports whether v holds the tracked response (or body, error,
// cell or closure) in s.
func (p *problem) holds(s state, v ssa.Value) bool {
	i := p.aliases.lookup(v)
	return i >= 0 && s.held.Has(i)
}

// owns reports whether v gives access to the response in s.
func (p *problem) owns(s state, v ssa.Value) bool {
	i := p.aliases.lookup(v)
	return i >= 0 && s.held.Has(i) && p.aliases.list[i].kind.owns()
}

// ownsAny reports whether one of vs gives access to the response in s.
func (p *problem) ownsAny(s state, vs []ssa.Value) bool {
	for _, v := range vs {
		if p.owns(s, v) {
			return true
		}
	}
	return false
}

// defines reports whether candidate-defining instr holds the response,
// given the state before it.
func (p *problem) defines(instr ssa.Instruction, s state) bool {
	switch x := instr.(type) {
	case *ssa.Alloc:
		return false // a fresh variable
	case *ssa.UnOp:
		if p.kindOf(x.X) == kBodyAddr && s.replaced {
			return false // the original body is no longer in the field
		}
		return p.holds(s, x.X)
	case *ssa.FieldAddr:
		if i := p.aliases.lookup(x); p.aliases.list[i].kind == kField {
			return s.held.Has(i) // the cell keeps what was stored in it
		}
		return p.holds(s, x.X)
	case *ssa.ChangeType:
		return p.holds(s, x.X)
	case *ssa.ChangeInterface:
		return p.holds(s, x.X)
	case *ssa.MakeInterface:
		return p.holds(s, x.X)
	case *ssa.TypeAssert:
		return p.holds(s, x.X)
	case *ssa.Extract:
		if arg, ok := p.aliasOf[x]; ok {
			return p.holds(s, arg)
		}
		if call, ok := x.Tuple.(ssa.Instruction); ok {
			if i, ok := p.condErr[call]; ok && i == p.aliases.lookup(x) {
				return s.held.Has(i) // set by the call
			}
		}
		return p.holds(s, x.Tuple)
	case *ssa.MakeClosure:
		for _, b := range x.Bindings {
			if p.owns(s, b) {
				return true
			}
		}
	}
	return false
}

// candOf returns the candidate for v (the zero candidate if none).
func (p *problem) candOf(v ssa.Value) candidate {
	if i := p.aliases.lookup(v); i >= 0 {
		return p.aliases.list[i]
	}
	return candidate{}
}

// kindOf returns the kind of candidate v, or kErr if v is not one.
func (p *problem) kindOf(v ssa.Value) kind {
	if i := p.aliases.lookup(v); i >= 0 {
		return p.aliases.list[i].kind
	}
	return kErr
}

// Edge implements flow.Problem: it prunes edges on which the response is
// nil (or its error non-nil) and moves φ-nodes.
func (p *problem) Edge(from, to *ssa.BasicBlock, s state) (state, bool) {
	if p.nilEdge(from, to, s) {
		return s, false
	}
	pred := -1
	for i, b := range to.Preds {
		if b == from {
			pred = i
			break
		}
	}
	next := s.held
	for _, instr := range to.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		if i := p.aliases.lookup(phi); i >= 0 && pred >= 0 {
			next = next.With(i, p.holds(s, phi.Edges[pred]))
		}
	}
	s.held = next
	return s, true
}

// nilEdge reports whether the edge from→to is taken only when the tracked
// response is nil or its error non-nil.
func (p *problem) nilEdge(from, to *ssa.BasicBlock, s state) bool {
	cond, onTrue, ok := flow.Branch(from, to)
	if !ok {
		return false
	}
	switch c := cond.(type) {
	case *ssa.BinOp:
		if c.Op == token.EQL || c.Op == token.NEQ {
			return p.nilCompare(c, onTrue == (c.Op == token.EQL), to, s)
		}
	case *ssa.Call:
		// isTemporary(err), errors.Is(err, x): true only for a non-nil error.
		return onTrue && p.testsError(c.Call.Args, s)
	}
	return false
}

// nilCompare reports whether, when the operands of cmp are equal (equal
// true) or different, the response is nil or its error non-nil; the
// branch taken then enters block to.
func (p *problem) nilCompare(cmp *ssa.BinOp, equal bool, to *ssa.BasicBlock, s state) bool {
	if x := flow.NilOperand(cmp); x != nil && p.holds(s, x) {
		if p.kindOf(x) != kErr {
			return equal // resp == nil: nothing to close
		}
		if !equal && p.isCondErr(x) {
			p.discharged = true // a helper closed it because it failed
			if !slices.Contains(p.helperClosedAt, to) {
				p.helperClosedAt = append(p.helperClosedAt, to)
			}
		}
		return !equal // err != nil: nothing to close
	}
	// err == errSentinel: a package-level error is non-nil.
	return equal && (p.isErr(s, cmp.X) && isGlobalLoad(cmp.Y) || p.isErr(s, cmp.Y) && isGlobalLoad(cmp.X))
}

// testsError reports whether args include the tracked error.
func (p *problem) testsError(args []ssa.Value, s state) bool {
	for _, a := range args {
		if p.isErr(s, a) {
			return true
		}
	}
	return false
}

// isErr reports whether v holds the tracked error in s.
func (p *problem) isErr(s state, v ssa.Value) bool {
	return p.holds(s, v) && p.kindOf(v) == kErr
}

// isGlobalLoad reports whether v is the value of a package-level variable.
func isGlobalLoad(v ssa.Value) bool {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	_, ok = u.X.(*ssa.Global)
	return ok
}

// isCondErr reports whether v is the error of a call that closes the
// response when it fails.
func (p *problem) isCondErr(v ssa.Value) bool {
	i := p.aliases.lookup(v)
	for _, j := range p.condErr {
		if i == j {
			return true
		}
	}
	return false
}
