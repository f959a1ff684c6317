package bodyclose

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/passes/closefacts"
)

// closedByArgs reports whether the arguments of call satisfy one of the
// condition sets under which its callee returns result i closed
// (closefacts.Conditional). A set that cannot be decided from what the
// caller shows (an argument of its own, say) counts as satisfied, so
// that unknown code is trusted as elsewhere; undecided counts those.
func closedByArgs(call *ssa.CallCommon, sets [][]closefacts.Cond) (closed, undecided bool) {
	for _, set := range sets {
		all, known := true, true
		for _, c := range set {
			val, ok := condAt(call, c)
			all = all && (val || !ok)
			known = known && ok
		}
		if all && known {
			return true, false
		}
		if all {
			undecided = true
		}
	}
	return undecided, undecided
}

// condAt decides condition c on the arguments of call.
func condAt(call *ssa.CallCommon, c closefacts.Cond) (val, known bool) {
	if c.Param >= len(call.Args) {
		return false, false
	}
	arg := call.Args[c.Param]
	switch {
	case c.Equals != "":
		k, ok := arg.(*ssa.Const)
		val, known = ok && k.Value != nil && k.Value.ExactString() == c.Equals, ok && k.Value != nil
	case c.Field == "":
		val, known = isNil(arg)
	default:
		val, known = fieldValue(arg, c.Field, call)
	}
	return val != c.Neg, known
}

// isNil decides whether v is nil.
func isNil(v ssa.Value) (yes, known bool) {
	switch v := v.(type) {
	case *ssa.Const:
		return v.IsNil(), true
	case *ssa.MakeInterface:
		return false, true // even a nil pointer makes a non-nil interface
	case *ssa.Alloc, *ssa.FieldAddr, *ssa.Global, *ssa.Function, *ssa.MakeClosure,
		*ssa.MakeMap, *ssa.MakeChan:
		return false, true
	case *ssa.ChangeInterface:
		return isNil(v.X)
	case *ssa.FreeVar:
		// A function literal's free variables are the addresses of the
		// variables it captures ("&info" inside the literal).
		return false, capturedVar(v) != nil
	}
	return false, false
}

// capturedVar returns the variable that free variable fv of a function
// literal is the address of, when the literal is made once in its parent:
// the Alloc bound to it (followed through enclosing literals), and the
// MakeClosure that binds it.
func capturedVar(fv *ssa.FreeVar) *binding {
	for depth := 0; depth < 4; depth++ {
		fn := fv.Parent()
		if fn.Parent() == nil || fn.Synthetic != "" {
			return nil // bound method wrappers bind values, not variables
		}
		mc := onlyClosure(fn)
		if mc == nil {
			return nil
		}
		var b ssa.Value
		for i, x := range fn.FreeVars {
			if x == fv {
				b = mc.Bindings[i]
			}
		}
		switch b := b.(type) {
		case *ssa.Alloc:
			return &binding{b, mc}
		case *ssa.FreeVar:
			fv = b
			continue
		}
		return nil
	}
	return nil
}

// A binding is the variable that a literal captures, and where.
type binding struct {
	alloc *ssa.Alloc
	at    *ssa.MakeClosure
}

// onlyClosure returns the one MakeClosure of literal fn in its parent.
func onlyClosure(fn *ssa.Function) *ssa.MakeClosure {
	var found *ssa.MakeClosure
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil
				}
				found = mc
			}
		}
	}
	return found
}

// fieldValue decides the boolean field of the struct that v (a pointer to
// a local variable, or the value loaded from one) holds at call: the
// field is known when every store to it stores the same constant and one
// of them happens before the call on every path to it, or when it is
// never stored (false); a variable assigned a composite literal as a
// whole ("opts := T{...}") takes the literal's fields.
func fieldValue(v ssa.Value, field string, call *ssa.CallCommon) (val, known bool) {
	if u, ok := v.(*ssa.UnOp); ok {
		v = u.X
	}
	if fv, ok := v.(*ssa.FreeVar); ok {
		return capturedField(fv, field)
	}
	alloc, ok := v.(*ssa.Alloc)
	if !ok {
		return false, false
	}
	at := callInstr(alloc, call)
	if at == nil {
		return false, false
	}
	return allocField(alloc, field, at, 0)
}

// capturedField decides the field of the variable captured as fv: from
// the stores of the parent before it makes the literal, provided that the
// literal itself never stores to the field or the whole variable.
func capturedField(fv *ssa.FreeVar, field string) (val, known bool) {
	b := capturedVar(fv)
	if b == nil || storesInside(fv, field) {
		return false, false
	}
	return allocField(b.alloc, field, b.at, 0)
}

// storesInside reports whether the literal stores to the variable fv or
// to its field.
func storesInside(fv *ssa.FreeVar, field string) bool {
	if len(storesTo(fv)) > 0 {
		return true
	}
	st, ok := derefStruct(fv.Type())
	if !ok {
		return true
	}
	for _, r := range *fv.Referrers() {
		if fa, ok := r.(*ssa.FieldAddr); ok && st.Field(fa.Field).Name() == field && len(storesTo(fa)) > 0 {
			return true
		}
	}
	return false
}

// allocField decides the field of the variable alloc at instruction at.
func allocField(alloc *ssa.Alloc, field string, at ssa.Instruction, depth int) (val, known bool) {
	st, ok := derefStruct(alloc.Type())
	if !ok {
		return false, false
	}
	var stores, whole []*ssa.Store
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == alloc {
				whole = append(whole, r)
			}
		case *ssa.FieldAddr:
			if st.Field(r.Field).Name() == field {
				stores = append(stores, storesTo(r)...)
			}
		case ssa.CallInstruction, *ssa.MakeClosure:
			if r != at {
				return false, false // another call or literal may set the field
			}
		}
	}
	if len(whole) == 0 {
		return storedConst(stores, at)
	}
	if len(whole) > 1 || depth > 2 || !precedes(whole[0], at) {
		return false, false
	}
	load, ok := whole[0].Val.(*ssa.UnOp)
	if !ok {
		return false, false
	}
	lit, ok := load.X.(*ssa.Alloc)
	if !ok {
		return false, false
	}
	for _, s := range stores {
		if !precedes(whole[0], s) {
			return false, false // stored before the literal overwrote it
		}
	}
	if val, known := storedConst(stores, at); known && len(stores) > 0 {
		return val, true
	} else if len(stores) > 0 {
		return false, false
	}
	return allocField(lit, field, whole[0], depth+1)
}

// storesTo returns the stores to address a.
func storesTo(a ssa.Value) []*ssa.Store {
	var out []*ssa.Store
	for _, r := range *a.Referrers() {
		if s, ok := r.(*ssa.Store); ok && s.Addr == a {
			out = append(out, s)
		}
	}
	return out
}

// storedConst returns the boolean constant that all stores store, known
// only if one of them comes before at on every path.
func storedConst(stores []*ssa.Store, at ssa.Instruction) (val, known bool) {
	if len(stores) == 0 {
		return false, true // the zero value
	}
	first := true
	before := false
	for _, s := range stores {
		c, ok := s.Val.(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
			return false, false
		}
		b := constant.BoolVal(c.Value)
		if !first && b != val {
			return false, false
		}
		val, first = b, false
		before = before || at != nil && precedes(s, at)
	}
	return val, before
}

// precedes reports whether instruction a runs before b on every path to b.
func precedes(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, instr := range a.Block().Instrs {
		switch instr {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// callInstr finds the instruction of call among the referrers of v.
func callInstr(v ssa.Value, call *ssa.CallCommon) ssa.Instruction {
	var found ssa.Instruction
	visit := func(instr ssa.Instruction) {
		if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common() == call {
			found = instr
		}
	}
	for _, r := range *v.Referrers() {
		visit(r)
		if u, ok := r.(*ssa.UnOp); ok {
			for _, rr := range *u.Referrers() {
				visit(rr)
			}
		}
	}
	return found
}
