package bodydrain

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// This file holds the events of a path, read top-down: Step sends calls
// to call, defers to deferred, and every argument to argEvent, which
// knows the standard library's readers from httpknow and other functions
// from closefacts' facts. A use it does not know ends the path silently:
// the body may be read there.

// event is what one use of the response does to the path.
type event uint8

const (
	evNone       event = iota // reads metadata, or makes a reader over the body
	evDrain                   // reads it to EOF
	evPartial                 // reads some of it (one decoded value)
	evClose                   // closes it, unread unless drained before
	evDrainClose              // drains and closes it
	evUnknown                 // hands it on, or something the analysis does not follow
)

// Step implements flow.Problem.
func (p *problem) Step(instr ssa.Instruction, s state) (state, flow.Verdict) {
	if instr == p.src.call {
		return s, flow.Safe // the call again: a new response
	}
	switch x := instr.(type) {
	case *ssa.Call:
		return p.call(x, &x.Call, s)
	case *ssa.Defer:
		return p.deferred(x, s)
	case *ssa.Return:
		if p.vals.tracked(x.Results) || s.deferred == 0 || s.drained || s.noBody {
			return s, flow.Safe // returned to the caller, or nothing closes it unread
		}
		return s, flow.Found
	case *ssa.Panic:
		return s, flow.Safe
	case *ssa.Store:
		if p.vals.role(x.Addr) == rCell && p.vals.role(x.Val) == rResp {
			return s, flow.Continue
		}
		if fa, ok := x.Addr.(*ssa.FieldAddr); ok && httpknow.IsBodyField(fieldOf(fa)) && p.vals.role(fa.X) == rResp {
			return s, flow.Safe // a new body: what is closed later is not the one read from the connection
		}
	case *ssa.MakeClosure:
		if onlyDeferred(x) {
			return s, flow.Continue // judged at the defer
		}
	case *ssa.UnOp, *ssa.FieldAddr, *ssa.BinOp, *ssa.If, *ssa.Phi, *ssa.ChangeInterface,
		*ssa.MakeInterface, *ssa.ChangeType, *ssa.Extract, *ssa.DebugRef, *ssa.Jump:
		return s, flow.Continue
	}
	if p.vals.trackedOps(instr.Operands(nil)) {
		return s, flow.Safe // stored, sent, sliced, ...: someone else's now
	}
	return s, flow.Continue
}

// trackedOps reports whether one of the operand pointers holds something of
// the response.
func (vs *values) trackedOps(ops []*ssa.Value) bool {
	for _, op := range ops {
		if vs.role(*op) != rNone {
			return true
		}
	}
	return false
}

// call applies a call (not deferred).
func (p *problem) call(instr ssa.Instruction, cc *ssa.CallCommon, s state) (state, flow.Verdict) {
	ev := p.callEvent(cc)
	if ev == evPartial && cc.IsInvoke() && p.loops[instr.Block()] {
		ev = evDrain // Read in a loop: until EOF, or an error that ends the loop
	}
	switch ev {
	case evDrain:
		s.drained = true
	case evPartial:
		if !s.drained {
			s.partial = index(&p.reads, instr)
		}
	case evClose:
		if s.drained || s.noBody {
			return s, flow.Safe
		}
		return s, flow.Found
	case evDrainClose, evUnknown:
		return s, flow.Safe
	}
	return s, flow.Continue
}

// deferred applies a defer: a Close (or a helper that closes) runs at the
// function's exits, where Step judges it.
func (p *problem) deferred(d *ssa.Defer, s state) (state, flow.Verdict) {
	cc := d.Common()
	ev := p.callEvent(cc)
	if mc, ok := cc.Value.(*ssa.MakeClosure); ok && p.vals.tracked(mc.Bindings) {
		ev = p.literalEvent(mc)
	}
	switch ev {
	case evNone:
		return s, flow.Continue
	case evClose:
		if s.deferred == 0 {
			s.deferred = index(&p.defers, d)
		}
		return s, flow.Continue
	}
	return s, flow.Safe // a deferred drain, or unknown code, runs last
}

// callEvent classifies a call by what it does with the response.
func (p *problem) callEvent(cc *ssa.CallCommon) event {
	if cc.IsInvoke() {
		return p.methodEvent(cc)
	}
	if !p.vals.tracked(cc.Args) {
		return evNone
	}
	fn := ssahttp.DeclaredCallee(cc)
	if fn == nil {
		return evUnknown // a function value or a literal called on the spot
	}
	ev := evNone
	for i, a := range cc.Args {
		if r := p.vals.role(a); r != rNone {
			ev = max(ev, p.argEvent(fn, i, r))
		}
	}
	return ev
}

// methodEvent classifies a call of an interface method: Close and Read of
// the body, or any call that is given the body.
func (p *problem) methodEvent(cc *ssa.CallCommon) event {
	r := p.vals.role(cc.Value)
	switch {
	case p.vals.tracked(cc.Args):
		return evUnknown
	case r == rNone:
		return evNone
	case r == rBody && cc.Method.Name() == "Close":
		return evClose
	case (r == rBody || r == rReader) && cc.Method.Name() == "Read":
		return evPartial // a Read in a loop is a drain: see call
	}
	return evUnknown
}

// argEvent classifies passing something of role r as parameter i
// (receiver first) of fn.
func (p *problem) argEvent(fn *types.Func, i int, r role) event {
	k := httpknow.KeyOf(fn)
	sum, eff := p.c.facts.Of(fn), p.c.facts.Effect(fn, i)
	if j, ok := httpknow.Drainers[k]; ok && j == i && r != rDecoder && r != rCell {
		if eff == closefacts.Closes {
			return evDrainClose // (*http.Response).Write
		}
		return evDrain
	}
	switch r {
	case rResp:
		if httpknow.MetadataMethods[k] {
			return evNone
		}
	case rBody, rReader:
		if i == 0 && (httpknow.BoundedReaders[k] || httpknow.ReaderWrappers[k] || httpknow.OneValueDecoders[k] != (httpknow.FuncKey{})) {
			return evNone // the reader or decoder made is followed
		}
	case rDecoder:
		return decoderEvent(k, i)
	case rCell:
		return evUnknown
	}
	switch {
	case sum.Drained(i) && eff == closefacts.Closes:
		return evDrainClose
	case sum.Drained(i):
		return evDrain
	case eff == closefacts.Closes && r != rReader:
		return evClose
	}
	return evUnknown
}

// decoderEvent classifies a call of decoder method k (i is 0 for the
// receiver).
func decoderEvent(k httpknow.FuncKey, i int) event {
	if i != 0 {
		return evUnknown
	}
	for _, decode := range httpknow.OneValueDecoders {
		if k == decode {
			return evPartial
		}
	}
	if httpknow.DecoderSettings[k] {
		return evNone
	}
	return evUnknown // Token, More, Buffered: reading the stream another way
}

// onlyDeferred reports whether the closure mc is only deferred.
func onlyDeferred(mc *ssa.MakeClosure) bool {
	refs := mc.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		d, ok := r.(*ssa.Defer)
		if !ok || d.Call.Value != mc {
			return false
		}
	}
	return true
}

// literalEvent classifies a deferred function literal that captures the
// response: it closes the body (evClose), drains and then closes it
// (evDrainClose), or does something else with it (evUnknown). Its
// instructions are taken in block order, as a literal of a few
// statements runs.
func (p *problem) literalEvent(mc *ssa.MakeClosure) event {
	lit := mc.Fn.(*ssa.Function)
	for j, b := range mc.Bindings {
		p.vals.free[lit.FreeVars[j]] = p.vals.role(b)
	}
	drained, closed := false, false
	for _, b := range lit.Blocks {
		for _, instr := range b.Instrs {
			ev := evNone
			switch x := instr.(type) {
			case *ssa.Call:
				ev = p.callEvent(&x.Call)
			case *ssa.UnOp, *ssa.FieldAddr, *ssa.BinOp, *ssa.If, *ssa.Phi, *ssa.ChangeInterface,
				*ssa.MakeInterface, *ssa.ChangeType, *ssa.Extract, *ssa.DebugRef, *ssa.Jump, *ssa.Return:
			default:
				if p.vals.trackedOps(instr.Operands(nil)) {
					ev = evUnknown
				}
			}
			switch ev {
			case evDrain:
				drained = drained || !closed
			case evClose:
				closed = true
			case evDrainClose:
				return evDrainClose
			case evPartial, evUnknown:
				return evUnknown
			}
		}
	}
	switch {
	case closed && drained:
		return evDrainClose
	case closed:
		return evClose
	case drained:
		return evUnknown // a deferred drain: a close elsewhere follows it
	}
	return evNone
}
