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
	useHandOff                   // passes it to a function value: that code owns it now
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
func (s *fnSummarizer) classifyUse(cur inspector.Cursor) use {
	return s.classifyAt(cur, s.varOf(cur))
}

// classifyAt classifies the use of the expression at cur, which holds
// variable v or passes it through.
func (s *fnSummarizer) classifyAt(cur inspector.Cursor, v *types.Var) use {
	e := outsideParens(cur)
	parent := e.Parent()
	switch p := parent.Node().(type) {
	case *ast.SelectorExpr:
		if p.X == e.Node() {
			return s.classifySelector(parent)
		}
	case *ast.CallExpr:
		if i := argIndex(p, e.Node()); i >= 0 {
			return s.passThrough(parent, s.argUse(p, i), i, v)
		}
	case *ast.BinaryExpr:
		if p.Op == token.EQL || p.Op == token.NEQ {
			return use{kind: useBorrow}
		}
	case *ast.ReturnStmt:
		if j, ok := s.scope.aliased[v]; ok && j < len(p.Results) && p.Results[j] == e.Node() {
			return use{kind: useBorrow} // returned as the caller's own response
		}
	case *ast.KeyValueExpr, *ast.CompositeLit:
		if s.inErrorValue(parent) {
			return use{kind: useBorrow} // &HTTPError{Response: resp}: nobody closes it there
		}
	}
	return use{kind: useTake}
}

// varOf returns the variable used at cur, an identifier.
func (s *fnSummarizer) varOf(cur inspector.Cursor) *types.Var {
	id, _ := cur.Node().(*ast.Ident)
	v, _ := s.info.Uses[id].(*types.Var)
	return v
}

// passThrough refines u, the use of a value as argument i of the call at
// cur: when the callee returns that argument as it came, what happens to
// the result is what happens to the value.
func (s *fnSummarizer) passThrough(cur inspector.Cursor, u use, i int, v *types.Var) use {
	call := cur.Node().(*ast.CallExpr)
	fn := staticCallee(s.info, call)
	if u.kind != useBorrow || fn == nil {
		return u
	}
	if fn.Type().(*types.Signature).Recv() != nil {
		i++
	}
	sum := s.summaryOf(fn)
	if sum.AliasOf(0) != i || fn.Type().(*types.Signature).Results().Len() != 1 {
		return u
	}
	return s.classifyAt(cur, v)
}

// inErrorValue reports whether the composite literal at or above cur (an
// element or key-value pair of it) builds an error value: a response kept
// in an error is not handed on, since nobody closes what they find there.
func (s *fnSummarizer) inErrorValue(cur inspector.Cursor) bool {
	if _, ok := cur.Node().(*ast.KeyValueExpr); ok {
		cur = cur.Parent()
	}
	lit, ok := cur.Node().(*ast.CompositeLit)
	if !ok {
		return false
	}
	return httpknow.IsErrorValue(s.info.TypeOf(lit))
}

// classifySelector classifies v.Sel, where sel is the selector's cursor.
func (s *fnSummarizer) classifySelector(sel inspector.Cursor) use {
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
func (s *fnSummarizer) classifyBody(body inspector.Cursor) use {
	e := outsideParens(body)
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
func (s *fnSummarizer) bodyAssign(a *ast.AssignStmt, lhs ast.Node) use {
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
func (s *fnSummarizer) argUse(call *ast.CallExpr, i int) use {
	fn := staticCallee(s.info, call)
	if fn == nil {
		return s.dynamicUse(call, i)
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

// dynamicUse classifies passing a value as argument i of a call of a
// function value or an interface method: unknown code that owns it now.
// Conversions, builtins and variadic arguments take it too, but are not
// hand-offs to code that will close it.
func (s *fnSummarizer) dynamicUse(call *ast.CallExpr, i int) use {
	tv := s.info.Types[call.Fun]
	sig, ok := types.Unalias(tv.Type).Underlying().(*types.Signature)
	if tv.IsType() || tv.IsBuiltin() || !ok || sig.Variadic() && i >= sig.Params().Len()-1 {
		return use{kind: useTake}
	}
	return use{kind: useHandOff, node: call}
}

// effectUse turns a callee's effect into a use at call.
func (s *fnSummarizer) effectUse(call *ast.CallExpr, e Effect) use {
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
func (s *fnSummarizer) calleeEffect(call *ast.CallExpr, i int) Effect {
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

// outsideParens returns the outermost of the parentheses around the
// expression at c, or c if there are none.
func outsideParens(c inspector.Cursor) inspector.Cursor {
	for {
		if _, ok := c.Parent().Node().(*ast.ParenExpr); !ok {
			return c
		}
		c = c.Parent()
	}
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
