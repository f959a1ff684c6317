package bodyclose

import (
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// maxSliceValues bounds the values followed for one local slice.
const maxSliceValues = 32

// keep records the local slice or map that instr puts the response in.
func (p *problem) keep(instr ssa.Instruction) {
	if v := keptIn(instr); v != nil && !slices.Contains(p.kept, v) {
		p.kept = append(p.kept, v)
	}
}

// keptIn returns the append call or local map that instr (a store into
// append's variadic array, or a map update) puts a value in, or nil.
func keptIn(instr ssa.Instruction) ssa.Value {
	switch x := instr.(type) {
	case *ssa.Store:
		if app := appendedBy(x); app != nil {
			return app
		}
	case *ssa.MapUpdate:
		if m, ok := x.Map.(*ssa.MakeMap); ok {
			return m
		}
	}
	return nil
}

// appendedBy returns the call append(s, ..., v, ...) whose variadic array
// st stores v into, or nil.
func appendedBy(st *ssa.Store) *ssa.Call {
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok || arr.Comment != "varargs" {
		return nil
	}
	for _, r := range *arr.Referrers() {
		sl, ok := r.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, rr := range *sl.Referrers() {
			if call, ok := rr.(*ssa.Call); ok && isBuiltin(&call.Call, "append") && len(call.Call.Args) == 2 && call.Call.Args[1] == sl {
				return call
			}
		}
	}
	return nil
}

// isBuiltin reports whether cc calls the built-in function name.
func isBuiltin(cc *ssa.CallCommon, name string) bool {
	b, ok := cc.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}

// deadSlice reports whether the slice that app returns (or the map it
// is), and every slice made from it (appends, phis, reslicing), stays in
// the function and has no element that anything but a read of a field
// other than Body uses: a response put in it is never closed.
func deadSlice(app ssa.Value) bool {
	seen := map[ssa.Value]bool{app: true}
	work := []ssa.Value{app}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range *v.Referrers() {
			next, ok := sliceUse(v, r)
			if !ok {
				return false
			}
			if next != nil && !seen[next] {
				if len(seen) == maxSliceValues {
					return false
				}
				seen[next] = true
				work = append(work, next)
			}
		}
	}
	return true
}

// sliceUse classifies instruction r using slice v: ok is false when it
// may let an element reach a Close or leave the function; next is a
// slice value made from v.
func sliceUse(v ssa.Value, r ssa.Instruction) (next ssa.Value, ok bool) {
	switch r := r.(type) {
	case *ssa.Phi:
		return r, true
	case *ssa.Slice:
		return r, true
	case *ssa.Call:
		switch {
		case isBuiltin(&r.Call, "len"), isBuiltin(&r.Call, "cap"):
			return nil, true
		case isBuiltin(&r.Call, "append") && r.Call.Args[0] == v:
			return r, true
		}
	case *ssa.IndexAddr:
		for _, rr := range *r.Referrers() {
			switch rr := rr.(type) {
			case *ssa.UnOp:
				if rr.Op != token.MUL || !onlyReadsFields(rr) {
					return nil, false
				}
			case *ssa.Store:
				if rr.Addr != r {
					return nil, false
				}
			case *ssa.DebugRef:
			default:
				return nil, false
			}
		}
		return nil, true
	case *ssa.Index:
		return nil, onlyReadsFields(r)
	case *ssa.MapUpdate:
		return nil, r.Map == v
	case *ssa.Lookup:
		return nil, r.X == v && lookupOnlyReads(r)
	case *ssa.DebugRef:
		return nil, true
	}
	return nil, false
}

// lookupOnlyReads reports whether the element that lookup l reads (also
// through "e, ok := m[k]") is only compared or has other fields read.
func lookupOnlyReads(l *ssa.Lookup) bool {
	if !l.CommaOk {
		return onlyReadsFields(l)
	}
	for _, r := range *l.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 && !onlyReadsFields(ex) {
			return false
		}
	}
	return true
}

// onlyReadsFields reports whether the response e is only compared or has
// fields other than Body read.
func onlyReadsFields(e ssa.Value) bool {
	for _, r := range *e.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if isBodyField(r) {
				return false
			}
		case *ssa.BinOp, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// reportKept reports a response whose only hand-offs are appends to
// local slices whose elements nobody closes.
func (c *pkgCheck) reportKept(src source, kept []ssa.Value) {
	for _, app := range kept {
		if !deadSlice(app) {
			return
		}
	}
	site, ok := c.siteOf(src)
	if !ok {
		return
	}
	name := site.displayName()
	diag := analysis.Diagnostic{
		Pos:     site.call.Pos(),
		End:     site.call.End(),
		Message: fmt.Sprintf("%s.Body is never closed: %s, whose elements are never closed", name, c.keptWhere(kept[0])),
	}
	for _, v := range kept {
		if c.cfg.FoldExits {
			break
		}
		diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: v.Pos(), Message: fmt.Sprintf("%s is kept in this %s", name, aggregateKind(v))})
	}
	c.report(diag)
}

// keptWhere says where kept value v (an append or a map) keeps responses.
func (c *pkgCheck) keptWhere(v ssa.Value) string {
	if _, ok := v.(*ssa.MakeMap); ok {
		return fmt.Sprintf("it is kept in the local map made on line %d", c.line(v.Pos()))
	}
	return fmt.Sprintf("it is appended on line %d to a local slice", c.line(v.Pos()))
}

// aggregateKind names what v, a kept-in value, is.
func aggregateKind(v ssa.Value) string {
	if _, ok := v.(*ssa.MakeMap); ok {
		return "map"
	}
	return "slice"
}
