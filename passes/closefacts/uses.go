package closefacts

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// useKind classifies one use of a tracked variable.
type useKind uint8

const (
	useBorrow     useKind = iota // reads it; no effect on ownership
	useClose                     // closes it (or its Body)
	useReplace                   // assigns a new value to its Body
	useTake                      // hands it on or does something unknown
	useCloseOnErr                // passes it to a call that closes it when it fails
)

// use is one classified use; node is the expression at which a close or
// replacement happens, or the call that closes on error (nil for borrows
// and takes).
type use struct {
	kind useKind
	node ast.Node
}

// classifyUse classifies the use of a tracked variable at cur (an
// *ast.Ident) within fn's body. Uses inside function literals are handled
// by the caller.
func (s *summarizer) classifyUse(cur inspector.Cursor) use {
	e := cur
	for isParen(e.Parent().Node()) {
		e = e.Parent()
	}
	parent := e.Parent()
	switch p := parent.Node().(type) {
	case *ast.SelectorExpr:
		if p.X == e.Node() {
			return s.classifySelector(parent)
		}
	case *ast.CallExpr:
		if i := argIndex(p, e.Node()); i >= 0 {
			return s.argUse(p, i)
		}
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return use{kind: useBorrow}
		}
	}
	return use{kind: useTake}
}

// classifySelector classifies v.Sel, where sel is the selector's cursor.
func (s *summarizer) classifySelector(sel inspector.Cursor) use {
	p := sel.Node().(*ast.SelectorExpr)
	selection := s.info.Selections[p]
	if selection == nil {
		return use{kind: useTake}
	}
	up := sel.Parent()
	call, isCall := up.Node().(*ast.CallExpr)
	isCall = isCall && call.Fun == p
	switch selection.Kind() {
	case types.FieldVal:
		field, _ := selection.Obj().(*types.Var)
		if !httpknow.IsBodyField(field) {
			return use{kind: useBorrow}
		}
		return s.classifyBody(sel)
	case types.MethodVal:
		if !isCall {
			return use{kind: useTake}
		}
		if p.Sel.Name == "Close" && types.IsInterface(selection.Recv()) {
			return use{kind: useClose, node: call}
		}
		return s.effectUse(call, s.calleeEffect(call, 0))
	}
	return use{kind: useTake}
}

// classifyBody classifies a use of v.Body, with body the selector's cursor.
func (s *summarizer) classifyBody(body inspector.Cursor) use {
	e := body
	for isParen(e.Parent().Node()) {
		e = e.Parent()
	}
	switch p := e.Parent().Node().(type) {
	case *ast.SelectorExpr:
		if p.Sel.Name != "Close" {
			return use{kind: useBorrow} // Read, or another method
		}
		if call, ok := e.Parent().Parent().Node().(*ast.CallExpr); ok && call.Fun == p {
			return use{kind: useClose, node: call}
		}
		return use{kind: useTake}
	case *ast.CallExpr:
		if i := argIndex(p, e.Node()); i >= 0 {
			return s.argUse(p, i)
		}
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return use{kind: useBorrow}
		}
	case *ast.AssignStmt:
		return s.bodyAssign(p, e.Node())
	}
	return use{kind: useTake}
}

// bodyAssign classifies "v.Body = x": a replacement when x does not use
// the old body, otherwise (v.Body = wrap(v.Body)) it is handled at the
// inner use.
func (s *summarizer) bodyAssign(a *ast.AssignStmt, lhs ast.Node) use {
	for i, l := range a.Lhs {
		if l != lhs {
			continue
		}
		if a.Tok != token.ASSIGN || len(a.Rhs) != len(a.Lhs) || mentionsBody(a.Rhs[i]) {
			return use{kind: useTake}
		}
		return use{kind: useReplace, node: a}
	}
	return use{kind: useTake} // the body is read on the right-hand side
}

// argUse classifies passing a tracked value as argument i of call.
func (s *summarizer) argUse(call *ast.CallExpr, i int) use {
	fn := staticCallee(s.info, call)
	if fn == nil {
		return use{kind: useTake}
	}
	sig := fn.Type().(*types.Signature)
	if sig.Variadic() && i >= sig.Params().Len()-1 {
		return use{kind: useTake}
	}
	if i >= sig.Params().Len() {
		return use{kind: useTake}
	}
	if !httpknow.MayHoldResponse(sig.Params().At(i).Type()) {
		return use{kind: useBorrow} // e.g. io.Reader: it can read, not close
	}
	if sig.Recv() != nil {
		i++
	}
	return s.effectUse(call, s.effectOf(fn, i))
}

// effectUse turns a callee's effect into a use at call.
func (s *summarizer) effectUse(call *ast.CallExpr, e Effect) use {
	switch e {
	case Borrows:
		return use{kind: useBorrow}
	case ClosesOnError:
		return use{kind: useCloseOnErr, node: call}
	case Closes:
		return use{kind: useClose, node: call}
	}
	return use{kind: useTake}
}

// calleeEffect returns the effect of call's static callee on parameter i.
func (s *summarizer) calleeEffect(call *ast.CallExpr, i int) Effect {
	fn := staticCallee(s.info, call)
	if fn == nil {
		return Takes
	}
	return s.effectOf(fn, i)
}

func argIndex(call *ast.CallExpr, arg ast.Node) int {
	for i, a := range call.Args {
		if a == arg {
			return i
		}
	}
	return -1
}

func isParen(n ast.Node) bool {
	_, ok := n.(*ast.ParenExpr)
	return ok
}

// mentionsBody reports whether e contains a selector named Body.
func mentionsBody(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" {
			found = true
		}
		return !found
	})
	return found
}
