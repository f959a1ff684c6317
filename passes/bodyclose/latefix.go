package bodyclose

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/ssahttp"
)

// lateCloses returns the statements that close the response on the paths
// that do close it, when a defer right after the call makes all of them
// redundant: each safe end of a path is a plain "NAME.Body.Close()",
// "defer NAME.Body.Close()" or "_ = NAME.Body.Close()" statement directly
// in a block of this function (not in a literal), or a call that never
// returns; NAME is assigned only by the call; and deleting the statements
// leaves no block empty (a case clause may be). Otherwise nil.
//
// With returnsClose, a path may also end at a return that closes the body
// itself ("return resp.Body.Close()"): it stays, and the caller must not
// add a close there.
func (c *pkgCheck) lateCloses(site callSite, call ast.Stmt, p *problem, returnsClose bool) ([]lateClose, bool) {
	body, v := enclosingBody(site.path), c.assignedVar(call, site.name)
	if body == nil || v == nil || len(p.helperClosedAt) > 0 || c.reassigned(body, v, call) {
		return nil, false
	}
	var late []lateClose
	removed := make(map[ast.Node]int)
	for _, instr := range p.safeAt {
		if c.neverReturns(instr) || returnsClose && c.inClosingReturn(body, instr.Pos(), v) {
			continue
		}
		l, ok := c.closeStmtAt(body, instr.Pos(), v)
		if !ok {
			return nil, false
		}
		if !containsStmt(late, l.stmt) {
			late = append(late, l)
			removed[l.owner]++
			if _, block := l.owner.(*ast.BlockStmt); block && removed[l.owner] == len(l.list) {
				return nil, false // would leave "if drain {}" behind; an empty case is fine
			}
		}
	}
	if c.closeStmts(body, v) != len(late) {
		return nil, false // a close that no path used would run twice
	}
	return late, true
}

// inClosingReturn reports whether pos lies in a return statement of body
// (outside literals) that closes v's body.
func (c *pkgCheck) inClosingReturn(body *ast.BlockStmt, pos token.Pos, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || found || pos < n.Pos() || pos >= n.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = c.closingReturn(n, v)
			return false
		}
		return true
	})
	return found
}

// closingReturn reports whether ret returns v.Body.Close() as one of its
// results.
func (c *pkgCheck) closingReturn(ret *ast.ReturnStmt, v *types.Var) bool {
	for _, r := range ret.Results {
		if c.closesBody(&ast.ExprStmt{X: r}, v) {
			return true
		}
	}
	return false
}

// closeStmts counts the statements of body (outside literals) that close
// v's body.
func (c *pkgCheck) closeStmts(body *ast.BlockStmt, v *types.Var) int {
	n := 0
	ast.Inspect(body, func(x ast.Node) bool {
		if _, lit := x.(*ast.FuncLit); lit {
			return false
		}
		for _, s := range stmtList(x) {
			if c.closesBody(s, v) {
				n++
			}
		}
		return true
	})
	return n
}

// A lateClose is a closing statement, the block or case clause it is in
// (owner), and the owner's statements.
type lateClose struct {
	stmt  ast.Stmt
	owner ast.Node
	list  []ast.Stmt
}

// enclosingBody returns the body of the innermost function around path[0].
func enclosingBody(path []ast.Node) *ast.BlockStmt {
	for _, n := range path {
		switch f := n.(type) {
		case *ast.FuncDecl:
			return f.Body
		case *ast.FuncLit:
			return f.Body
		}
	}
	return nil
}

// assignedVar returns the variable named name that stmt assigns.
func (c *pkgCheck) assignedVar(stmt ast.Stmt, name string) *types.Var {
	as, ok := stmt.(*ast.AssignStmt)
	if !ok {
		return nil
	}
	for _, lhs := range as.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && id.Name == name {
			v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
			return v
		}
	}
	return nil
}

// reassigned reports whether v is assigned in body other than by stmt
// (also by a declaration with a value, "var resp = get()"), or has its
// address taken.
func (c *pkgCheck) reassigned(body *ast.BlockStmt, v *types.Var, stmt ast.Stmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, name := range n.Names {
				found = found || len(n.Values) > 0 && c.pass.TypesInfo.Defs[name] == v
			}
		case *ast.AssignStmt:
			if ast.Stmt(n) == stmt {
				return true
			}
			for _, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == v {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND && c.pass.TypesInfo.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// closeStmtAt returns the statement of body (outside function literals)
// at pos that closes v's body, with the block or clause holding it.
func (c *pkgCheck) closeStmtAt(body *ast.BlockStmt, pos token.Pos, v *types.Var) (lateClose, bool) {
	var found lateClose
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || found.stmt != nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		list := stmtList(n)
		for _, s := range list {
			if s.Pos() <= pos && pos < s.End() && (c.closesBody(s, v) || c.guardedClose(s, v)) {
				found = lateClose{s, n, list}
			}
		}
		return true
	})
	return found, found.stmt != nil
}

// guardedClose reports whether s is "if cond { v.Body.Close() }" with no
// init or else and a condition of local variables and constants only:
// deleting the whole statement changes nothing but the close.
func (c *pkgCheck) guardedClose(s ast.Stmt, v *types.Var) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 || !c.closesBody(ifs.Body.List[0], v) {
		return false
	}
	pure := true
	ast.Inspect(ifs.Cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if obj, isVar := c.pass.TypesInfo.Uses[n].(*types.Var); isVar && obj.Parent() == c.pass.Pkg.Scope() {
				pure = false // only locals and constants
			}
		case *ast.BasicLit, *ast.ParenExpr:
		case *ast.UnaryExpr:
			pure = pure && n.Op == token.NOT
		case *ast.BinaryExpr:
		default:
			pure = n == nil
		}
		return pure
	})
	return pure
}

// closesBody reports whether s is "v.Body.Close()", "defer v.Body.Close()"
// or "_ = v.Body.Close()".
func (c *pkgCheck) closesBody(s ast.Stmt, v *types.Var) bool {
	var e ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		e = s.X
	case *ast.DeferStmt:
		e = s.Call
	case *ast.AssignStmt:
		if len(s.Lhs) != 1 || len(s.Rhs) != 1 || !isBlank(s.Lhs[0]) {
			return false
		}
		e = s.Rhs[0]
	default:
		return false
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	closeSel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || closeSel.Sel.Name != "Close" {
		return false
	}
	bodySel, ok := ast.Unparen(closeSel.X).(*ast.SelectorExpr)
	if !ok || bodySel.Sel.Name != "Body" {
		return false
	}
	id, ok := ast.Unparen(bodySel.X).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == v
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func containsStmt(list []lateClose, s ast.Stmt) bool {
	for _, x := range list {
		if x.stmt == s {
			return true
		}
	}
	return false
}

// neverReturns reports whether instr is a call that does not return
// (log.Fatal, t.Fatal): the path it ends needs no close.
func (c *pkgCheck) neverReturns(instr ssa.Instruction) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	cc := call.Common()
	if cc.IsInvoke() {
		return httpknow.NoReturnMethods[httpknow.KeyOf(cc.Method)]
	}
	fn := ssahttp.DeclaredCallee(cc)
	cfgs := c.pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	return fn != nil && cfgs.NoReturn(fn)
}

// deleteStmt deletes l's statement: its whole line when nothing else is
// on it (no other statement, brace, case label or comment), otherwise only
// the statement.
func (c *pkgCheck) deleteStmt(l lateClose) analysis.TextEdit {
	s := l.stmt
	f := c.pass.Fset.File(s.Pos())
	line, last := f.Line(s.Pos()), f.Line(s.End())
	shares := func(n int) bool { return n == line || n == last }
	alone := !shares(f.Line(l.owner.Pos())) && !shares(f.Line(l.owner.End()))
	for _, x := range l.list {
		if x != s && (shares(f.Line(x.Pos())) || shares(f.Line(x.End()))) {
			alone = false
		}
	}
	end := s.End()
	if file := c.fileOf(s.Pos()); file != nil {
		for _, cg := range file.Comments {
			if f.Line(cg.Pos()) <= last && line <= f.Line(cg.End()) {
				alone = false
				if cg.Pos() >= s.End() && f.Line(cg.Pos()) == last {
					end = cg.Pos() // keep "// comment" where the statement was
				}
			}
		}
	}
	if next, ok := c.endOfLine(s.End()); alone && ok {
		return analysis.TextEdit{Pos: f.LineStart(line), End: next + 1}
	}
	return analysis.TextEdit{Pos: s.Pos(), End: end}
}
