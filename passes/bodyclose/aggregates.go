package bodyclose

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// maxAggregate bounds the local variables joined into one aggregate.
const maxAggregate = 8

// fieldCells returns the addresses of field number field of the local
// struct variable alloc and of the variables it is copied to or from as a
// whole (h := holder{...} copies a literal into h), or nil if any of them
// escapes: is passed, returned, captured, or has that field's address
// taken. A response stored there is still the function's to close.
func fieldCells(alloc *ssa.Alloc, field int) []*ssa.FieldAddr {
	var cells []*ssa.FieldAddr
	seen := map[*ssa.Alloc]bool{alloc: true}
	work := []*ssa.Alloc{alloc}
	for len(work) > 0 {
		a := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range *a.Referrers() {
			var joined []*ssa.Alloc
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.FieldAddr:
				if r.Field != field {
					continue // other fields do not expose this one
				}
				if !onlyLoadedOrStored(r) {
					return nil
				}
				cells = append(cells, r)
			case *ssa.Store:
				from, ok := loadedAlloc(r.Val)
				if !ok || r.Addr != a {
					return nil
				}
				joined = append(joined, from)
			case *ssa.UnOp:
				to, ok := copiedTo(r)
				if !ok {
					return nil
				}
				joined = append(joined, to...)
			default:
				return nil
			}
			for _, j := range joined {
				if !seen[j] {
					seen[j] = true
					work = append(work, j)
				}
			}
			if len(seen) > maxAggregate {
				return nil
			}
		}
	}
	return cells
}

// onlyLoadedOrStored reports whether the address fa is only loaded from
// and stored to.
func onlyLoadedOrStored(fa *ssa.FieldAddr) bool {
	for _, r := range *fa.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if r.Addr != fa {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// loadedAlloc returns the local variable that v is loaded from as a whole.
func loadedAlloc(v ssa.Value) (*ssa.Alloc, bool) {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil, false
	}
	a, ok := u.X.(*ssa.Alloc)
	return a, ok
}

// copiedTo returns the local variables that the whole-variable load u is
// stored to, or false if it is used otherwise.
func copiedTo(u *ssa.UnOp) ([]*ssa.Alloc, bool) {
	if u.Op != token.MUL {
		return nil, false
	}
	var to []*ssa.Alloc
	for _, r := range *u.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val != u {
			return nil, false
		}
		a, ok := st.Addr.(*ssa.Alloc)
		if !ok {
			return nil, false
		}
		to = append(to, a)
	}
	return to, true
}
