package bodyclose

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// kind says what a tracked value holds.
type kind uint8

const (
	kResp     kind = iota // the *http.Response
	kBody                 // its original Body (or a closer view of it)
	kBodyAddr             // &resp.Body
	kErr                  // an error that is non-nil only when the response is nil or closed
	kCell                 // a local variable (Alloc or captured FreeVar) holding one of the above
	kClosure              // a closure that captured one of the above
	kField                // a field of a local struct that never escapes, holding one of the above
)

// owns reports whether a value of kind k gives access to the response.
func (k kind) owns() bool { return k != kErr && k != kBodyAddr }

// A candidate is a value that may hold the tracked response on some path.
type candidate struct {
	v    ssa.Value
	kind kind
	elem kind // for kCell: what the variable holds
}

// aliases is the flow-insensitive set of candidates reachable from a
// response: every value that may, on some path, hold it, its body, its
// error or a variable containing one of them. Whether a candidate holds
// the response at a point of a path is the search state.
type aliases struct {
	list  []candidate
	index map[ssa.Value]int
}

// collectAliases computes the candidates reachable from roots. more, if
// not nil, may derive further candidates from a use.
func collectAliases(roots []candidate, more func(candidate, ssa.Instruction) (candidate, bool)) *aliases {
	a := &aliases{index: make(map[ssa.Value]int)}
	for _, r := range roots {
		a.add(r)
	}
	for i := 0; i < len(a.list); i++ { // a.list grows as we go
		c := a.list[i]
		refs := c.v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			if cells, ok := storedInAggregate(c, r); ok {
				a.addShared(cells, c.kind)
				continue
			}
			if d, ok := derive(c, r); ok {
				a.add(d)
			}
			if more == nil {
				continue
			}
			if d, ok := more(c, r); ok {
				a.add(d)
			}
		}
	}
	return a
}

func (a *aliases) add(c candidate) {
	if _, ok := a.index[c.v]; !ok {
		a.index[c.v] = len(a.list)
		a.list = append(a.list, c)
	}
}

// addShared adds the field addresses cells as candidates that share one
// state: a store through one is seen by a load through another.
func (a *aliases) addShared(cells []*ssa.FieldAddr, elem kind) {
	i, ok := a.index[cells[0]]
	if !ok {
		i = len(a.list)
	}
	for _, fa := range cells {
		if _, ok := a.index[fa]; !ok {
			a.index[fa] = i
			a.list = append(a.list, candidate{fa, kField, elem})
		}
	}
}

// storedInAggregate returns the cells of a local aggregate that r stores
// c into, if r is such a store.
func storedInAggregate(c candidate, r ssa.Instruction) ([]*ssa.FieldAddr, bool) {
	st, ok := r.(*ssa.Store)
	if !ok || st.Val != c.v || !c.kind.owns() {
		return nil, false
	}
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return nil, false
	}
	alloc, ok := fa.X.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	cells := fieldCells(alloc, fa.Field)
	return cells, len(cells) > 0
}

// lookup returns the candidate index of v, or -1.
func (a *aliases) lookup(v ssa.Value) int {
	if i, ok := a.index[v]; ok {
		return i
	}
	return -1
}

// derive returns the candidate that instruction r defines from c, if any.
func derive(c candidate, r ssa.Instruction) (candidate, bool) {
	switch r := r.(type) {
	case *ssa.Phi:
		return candidate{r, c.kind, c.elem}, true
	case *ssa.Store:
		if _, ok := r.Addr.(*ssa.Alloc); ok && r.Val == c.v {
			return candidate{r.Addr, kCell, c.kind}, true
		}
	case *ssa.UnOp:
		if r.Op == token.MUL && (c.kind == kCell || c.kind == kField) {
			return candidate{r, c.elem, 0}, true
		}
		if r.Op == token.MUL && c.kind == kBodyAddr {
			return candidate{r, kBody, 0}, true
		}
	case *ssa.FieldAddr:
		if c.kind == kResp && isBodyField(r) {
			return candidate{r, kBodyAddr, 0}, true
		}
	case *ssa.ChangeType:
		return candidate{r, c.kind, c.elem}, true
	case *ssa.MakeClosure:
		return candidate{r, kClosure, 0}, true
	}
	return deriveBody(c, r)
}

// deriveBody handles conversions of a body to other closer interfaces.
func deriveBody(c candidate, r ssa.Instruction) (candidate, bool) {
	if c.kind != kBody {
		return candidate{}, false
	}
	switch r := r.(type) {
	case *ssa.ChangeInterface:
		return candidate{r, kBody, 0}, httpknow.HasClose(r.Type())
	case *ssa.MakeInterface:
		return candidate{r, kBody, 0}, httpknow.HasClose(r.Type())
	case *ssa.TypeAssert:
		return candidate{r, kBody, 0}, r.CommaOk || httpknow.HasClose(r.AssertedType)
	case *ssa.Extract:
		return candidate{r, kBody, 0}, r.Index == 0 && httpknow.HasClose(r.Type())
	}
	return candidate{}, false
}

// isBodyField reports whether fa selects the Body field of a response.
func isBodyField(fa *ssa.FieldAddr) bool {
	st, ok := derefStruct(fa.X.Type())
	return ok && httpknow.IsBodyField(st.Field(fa.Field))
}
