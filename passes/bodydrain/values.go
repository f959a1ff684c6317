package bodydrain

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
)

// role is what an SSA value holds of the tracked response.
type role uint8

const (
	rNone    role = iota
	rResp         // the response
	rCell         // a variable (Alloc) the response was stored in
	rBody         // its Body
	rReader       // a bounded or buffered reader over the body
	rDecoder      // a decoder over the body that reads one value at a time
)

// values classifies the values of one function (and of the deferred
// literals looked into) by what they hold of one response. Values are
// classified by their shape (a load of resp.Body is the body wherever it
// is), once each.
type values struct {
	resp  ssa.Value
	memo  map[ssa.Value]role
	cells map[*ssa.Alloc]bool   // variables the response is stored in
	free  map[*ssa.FreeVar]role // free variables of literals looked into
}

// newValues classifies the values of fn for the response resp.
func newValues(fn *ssa.Function, resp ssa.Value) *values {
	vs := &values{resp: resp, memo: make(map[ssa.Value]role), cells: make(map[*ssa.Alloc]bool), free: make(map[*ssa.FreeVar]role)}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if st, ok := instr.(*ssa.Store); ok {
				if a, ok := st.Addr.(*ssa.Alloc); ok && vs.role(st.Val) == rResp {
					vs.cells[a] = true
				}
			}
		}
	}
	clear(vs.memo) // roles computed before every cell was known
	return vs
}

// role returns what v holds (memoised; a cycle of φ-nodes holds nothing).
func (vs *values) role(v ssa.Value) role {
	if v == nil {
		return rNone
	}
	if r, ok := vs.memo[v]; ok {
		return r
	}
	vs.memo[v] = rNone
	r := vs.compute(v)
	vs.memo[v] = r
	return r
}

func (vs *values) compute(v ssa.Value) role {
	if v == vs.resp {
		return rResp
	}
	switch x := v.(type) {
	case *ssa.Alloc:
		if vs.cells[x] {
			return rCell
		}
	case *ssa.FreeVar:
		return vs.free[x]
	case *ssa.Phi:
		for _, e := range x.Edges {
			if r := vs.role(e); r != rNone {
				return r
			}
		}
	case *ssa.UnOp:
		return vs.load(x)
	case *ssa.ChangeInterface:
		return vs.role(x.X)
	case *ssa.MakeInterface:
		return vs.role(x.X)
	case *ssa.ChangeType:
		return vs.role(x.X)
	case *ssa.Call:
		return vs.made(&x.Call)
	}
	return rNone
}

// load classifies *x: the response from its variable, or its Body.
func (vs *values) load(x *ssa.UnOp) role {
	if x.Op != token.MUL {
		return rNone
	}
	if fa, ok := x.X.(*ssa.FieldAddr); ok {
		if httpknow.IsBodyField(fieldOf(fa)) && vs.role(fa.X) == rResp {
			return rBody
		}
		return rNone
	}
	if vs.role(x.X) == rCell {
		return rResp
	}
	return rNone
}

// made classifies the result of a call: a reader or a decoder over the
// body.
func (vs *values) made(cc *ssa.CallCommon) role {
	fn := ssahttp.DeclaredCallee(cc)
	if fn == nil || len(cc.Args) == 0 {
		return rNone
	}
	if r := vs.role(cc.Args[0]); r != rBody && r != rReader {
		return rNone
	}
	k := httpknow.KeyOf(fn)
	switch {
	case httpknow.BoundedReaders[k] || httpknow.ReaderWrappers[k]:
		return rReader
	case httpknow.OneValueDecoders[k] != (httpknow.FuncKey{}):
		return rDecoder
	}
	return rNone
}

// isStatus reports whether v is the response's StatusCode.
func (vs *values) isStatus(v ssa.Value) bool {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	f := fieldOf(fa)
	return f != nil && f.Name() == "StatusCode" && f.Pkg() != nil && f.Pkg().Path() == "net/http" && vs.role(fa.X) == rResp
}

// tracked reports whether one of vs holds something of the response.
func (vs *values) tracked(list []ssa.Value) bool {
	for _, v := range list {
		if vs.role(v) != rNone {
			return true
		}
	}
	return false
}

// fieldOf returns the field that fa addresses.
func fieldOf(fa *ssa.FieldAddr) *types.Var {
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field)
}
