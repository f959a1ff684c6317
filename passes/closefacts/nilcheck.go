package closefacts

import (
	"go/ast"
	"go/token"
	"go/types"
)

// nilOn reports whether cond being equal to branch (true or false) implies
// that some expression x with isTracked(x) is nil: on that edge there is
// nothing to close.
func nilOn(info *types.Info, cond ast.Expr, branch bool, isTracked func(ast.Expr) bool) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if c.Op == token.NOT {
			return nilOn(info, c.X, !branch, isTracked)
		}
	case *ast.BinaryExpr:
		switch c.Op {
		case token.EQL, token.NEQ:
			x := nilCompared(info, c)
			return x != nil && isTracked(x) && (c.Op == token.EQL) == branch
		case token.LAND:
			if branch {
				return nilOn(info, c.X, true, isTracked) || nilOn(info, c.Y, true, isTracked)
			}
			return nilOn(info, c.X, false, isTracked) && nilOn(info, c.Y, false, isTracked)
		case token.LOR:
			if branch {
				return nilOn(info, c.X, true, isTracked) && nilOn(info, c.Y, true, isTracked)
			}
			return nilOn(info, c.X, false, isTracked) || nilOn(info, c.Y, false, isTracked)
		}
	}
	return false
}

// nilCompared returns x for "x == nil", "nil != x" and the like.
func nilCompared(info *types.Info, b *ast.BinaryExpr) ast.Expr {
	if info.Types[b.Y].IsNil() {
		return b.X
	}
	if info.Types[b.X].IsNil() {
		return b.Y
	}
	return nil
}

// nonNilOn reports whether cond being equal to branch implies that v is
// not nil ("err != nil" on its true edge).
func nonNilOn(info *types.Info, cond ast.Expr, branch bool, v *types.Var) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if c.Op == token.NOT {
			return nonNilOn(info, c.X, !branch, v)
		}
	case *ast.BinaryExpr:
		switch c.Op {
		case token.EQL, token.NEQ:
			x := nilCompared(info, c)
			return x != nil && identVar(info, x) == v && (c.Op == token.NEQ) == branch
		case token.LAND, token.LOR:
			if branch == (c.Op == token.LAND) { // both sides hold (or fail)
				return nonNilOn(info, c.X, branch, v) || nonNilOn(info, c.Y, branch, v)
			}
			return nonNilOn(info, c.X, branch, v) && nonNilOn(info, c.Y, branch, v)
		}
	}
	return false
}
