package bodyclose

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// This file holds the events that close or hand on a response, as one
// call chain read top-down: Step (flow.Problem's step) sends calls to
// callEffect and everything else to effect; a call's argument is judged
// by staticEffect and functionEffect, from closefacts' facts for declared
// functions and, for function literals, by discharges, which searches the
// literal with a problem of its own (newProblem, in prepare.go).

// Step implements flow.Problem.
func (p *problem) Step(instr ssa.Instruction, s state) (state, flow.Verdict) {
	if instr == p.src {
		return s, flow.Found // the call runs again: the previous response is lost
	}
	if call, ok := instr.(ssa.CallInstruction); ok {
		next, v := p.callEffect(call, s)
		if arg, ok := p.aliasOf[call.Value()]; ok && v == flow.Continue && call.Value() != nil {
			next.held = next.held.With(p.aliases.lookup(call.Value()), p.holds(s, arg))
		}
		return p.noteDischarge(instr, next, v)
	}
	if v, ok := instr.(ssa.Value); ok {
		if i := p.aliases.lookup(v); i >= 0 {
			if _, phi := v.(*ssa.Phi); !phi && !p.roots[i] {
				s.held = s.held.With(i, p.defines(instr, s))
			}
			return s, flow.Continue
		}
	}
	next, v := p.effect(instr, s)
	return p.noteDischarge(instr, next, v)
}

// noteDischarge records that a path closed or handed on the response.
func (p *problem) noteDischarge(instr ssa.Instruction, s state, v flow.Verdict) (state, flow.Verdict) {
	if v == flow.Safe {
		if _, isPanic := instr.(*ssa.Panic); !isPanic {
			p.discharged = true
			if !slices.Contains(p.safeAt, instr) {
				p.safeAt = append(p.safeAt, instr)
			}
			if keptIn(instr) == nil {
				p.otherSafe = true
			}
		}
	}
	return s, v
}

// effect applies an instruction that is not a candidate definition: it
// closes the response, hands it on (both end the path safely), ends the
// function (a leak if the response is still open), or does not matter.
func (p *problem) effect(instr ssa.Instruction, s state) (state, flow.Verdict) {
	switch x := instr.(type) {
	case *ssa.Return:
		for _, r := range x.Results {
			if p.owns(s, r) {
				return s, flow.Safe // returned to the caller
			}
		}
		return s, flow.Found
	case *ssa.Panic:
		return s, flow.Safe // panics and calls that never return
	case *ssa.Store:
		return p.storeEffect(x, s)
	case *ssa.MapUpdate:
		if p.owns(s, x.Value) {
			p.keep(x)
			return s, flow.Safe // judged after the search, by reportKept
		}
	case *ssa.If, *ssa.Jump, *ssa.DebugRef, *ssa.BinOp, *ssa.FieldAddr,
		*ssa.RunDefers:
		return s, flow.Continue // comparisons and reads of other fields
	case *ssa.ChangeInterface:
		if p.kindOf(x.X) == kBody {
			return s, flow.Continue // an io.Reader view of the body: reading only
		}
	}
	for _, op := range instr.Operands(nil) {
		if *op != nil && p.owns(s, *op) {
			return s, flow.Safe // stored, sent, converted, ...: handed on
		}
	}
	return s, flow.Continue
}

// storeEffect handles *addr = val.
func (p *problem) storeEffect(x *ssa.Store, s state) (state, flow.Verdict) {
	if i := p.aliases.lookup(x.Addr); i >= 0 {
		switch p.aliases.list[i].kind {
		case kCell, kField:
			s.held = s.held.With(i, p.holds(s, x.Val))
			return s, flow.Continue
		case kBodyAddr:
			if s.held.Has(i) && !p.holds(s, x.Val) && !s.replaced {
				s.replaced = true
				p.replacedAt = x.Pos()
			}
			return s, flow.Continue
		}
	}
	if p.owns(s, x.Val) && !inErrorValue(x.Addr) {
		p.keep(x)
		return s, flow.Safe // stored in a field, global or element
	}
	return s, flow.Continue
}

// inErrorValue reports whether addr is a field of an error value
// (&HTTPError{Response: resp}): nobody closes a response found in an
// error, so storing it there does not hand it on.
func inErrorValue(addr ssa.Value) bool {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	return ok && httpknow.IsErrorValue(p.Elem())
}

// callEffect handles calls, go and defer statements.
func (p *problem) callEffect(call ssa.CallInstruction, s state) (state, flow.Verdict) {
	cc := call.Common()
	if cc.IsInvoke() {
		return p.invokeEffect(call, s)
	}
	if p.assertsError(cc, s) {
		return s, flow.Safe // the test stops unless the call failed
	}
	j, cond := p.condErr[call]
	if cond {
		s.held = s.held.With(j, false)
	}
	mc, known := cc.Value.(*ssa.MakeClosure)
	if known && p.owns(s, mc) {
		for j, b := range mc.Bindings {
			if p.owns(s, b) && p.c.discharges(mc.Fn.(*ssa.Function), freeVar(mc, j), p.candOf(b)) {
				return s, flow.Safe
			}
		}
	}
	held := false
	for i, arg := range cc.Args {
		if !p.owns(s, arg) {
			continue
		}
		held = true
		switch e := p.c.staticEffect(cc, i, p.candOf(arg)); {
		case e.Discharges():
			return s, flow.Safe
		case e == closefacts.ClosesOnError && cond:
			s.held = s.held.With(j, true)
		}
	}
	if !held && !known && p.owns(s, cc.Value) {
		return s, flow.Safe // a function value made from the response
	}
	return s, flow.Continue
}

// assertsError reports whether cc is an assertion that stops the test
// unless its argument, the call's error, is non-nil (require.Error(t,
// err)): past it, the response is nil or closed.
func (p *problem) assertsError(cc *ssa.CallCommon, s state) bool {
	fn := ssahttp.DeclaredCallee(cc)
	if fn == nil {
		return false
	}
	arg, ok := httpknow.ErrorAsserts[httpknow.KeyOf(fn)]
	if !ok || arg >= len(cc.Args) {
		return false
	}
	i := p.aliases.lookup(cc.Args[arg])
	return i >= 0 && s.held.Has(i) && p.aliases.list[i].kind == kErr
}

// invokeEffect handles interface method calls.
func (p *problem) invokeEffect(call ssa.CallInstruction, s state) (state, flow.Verdict) {
	cc := call.Common()
	if httpknow.NoReturnMethods[httpknow.KeyOf(cc.Method)] {
		return s, flow.Safe // t.Fatal and friends stop the goroutine
	}
	if p.owns(s, cc.Value) && cc.Method.Name() == "Close" {
		return s, flow.Safe
	}
	if p.c.closers[httpknow.KeyOf(cc.Method)] && p.ownsAny(s, cc.Args) {
		return s, flow.Safe // configured with -closers
	}
	for _, arg := range cc.Args {
		if p.owns(s, arg) {
			return s, flow.Safe // unknown code: trust it
		}
	}
	return s, flow.Continue
}

// staticEffect returns what the static callee of cc does with argument i.
func (c *pkgCheck) staticEffect(cc *ssa.CallCommon, i int, arg candidate) closefacts.Effect {
	switch fn := cc.Value.(type) {
	case *ssa.Function:
		return c.functionEffect(fn, i, arg)
	case *ssa.MakeClosure:
		return c.functionEffect(fn.Fn.(*ssa.Function), i, arg)
	}
	return closefacts.Takes // builtins, function values: unknown code
}

// functionEffect returns what fn does with its parameter i, which
// receives arg: from facts for declared functions, from an SSA summary for
// function literals.
func (c *pkgCheck) functionEffect(fn *ssa.Function, i int, arg candidate) closefacts.Effect {
	if o := fn.Origin(); o != nil {
		fn = o // an instance of a generic function
	}
	if fn.Parent() == nil {
		obj, ok := fn.Object().(*types.Func)
		if !ok || !ssahttp.Declared(fn) {
			return closefacts.Takes // wrappers and thunks
		}
		if c.closers[httpknow.KeyOf(obj)] {
			return closefacts.Closes // configured with -closers
		}
		return c.facts.Effect(obj, i)
	}
	if i >= len(fn.Params) {
		return closefacts.Takes
	}
	if returnsParam(fn, i) {
		return closefacts.Borrows // the result is the same response, followed as an alias
	}
	if c.discharges(fn, fn.Params[i], arg) {
		return closefacts.Closes
	}
	return closefacts.Borrows
}

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
	if ans, ok := c.litAnswers[key]; ok {
		return ans
	}
	c.litAnswers[key] = true // in progress
	p := c.newProblem(nil, []candidate{{v: v, kind: arg.kind, elem: arg.elem}})
	res := flow.Search(fn, nil, state{held: flow.Bits("").With(0, true)}, p, c.budget)
	ans := !res.Complete || len(res.Hits) == 0
	c.litAnswers[key] = ans
	return ans
}

// freeVar returns the free variable of mc.Fn bound to binding j.
func freeVar(mc *ssa.MakeClosure, j int) *ssa.FreeVar {
	return mc.Fn.(*ssa.Function).FreeVars[j]
}
