package bodyclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

// exitsFix closes a response at every place where its variable's block
// is left after the error check: before each return, and each break or
// continue that leaves the block, and at the end of the block if control
// can fall off it. In a loop a defer would pile up until the function
// returns; outside loops it serves the paths that already close the body
// in a return ("return resp.Body.Close()"), where a defer would close it
// twice. It applies only when the variable is declared by the call (so
// it is out of scope once the block is left), every path that ends safely
// today does so at a plain NAME.Body.Close() statement (all deleted: each
// path now closes once, at its exit) or a call that never returns, and
// the block has no goto and no function literal that uses the variable.
// An exit that may still read the body gets "defer NAME.Body.Close()"
// right before it, if it is a return that leaks (leaks); any other exit
// that uses the variable beyond its fields (a hand-off) stops the fix.
func (c *pkgCheck) exitsFix(site callSite, p *problem, leaks []exit) []analysis.SuggestedFix {
	stmt, ok := site.path[1].(*ast.AssignStmt)
	if !ok || stmt.Tok != token.DEFINE || site.name == "" {
		return nil
	}
	list := stmtList(site.path[2])
	at := slices.Index(list, ast.Stmt(stmt))
	if at < 0 {
		return nil
	}
	after := stmt.End()
	if e := site.errIndex; e >= 0 {
		errName := assignedName(site.path, e)
		if errName == "" || at+1 >= len(list) || !c.isErrCheck(list[at+1], errName) {
			return nil
		}
		after = list[at+1].End()
	}
	v := c.assignedVar(stmt, site.name)
	body := enclosingBody(site.path)
	if v == nil || body == nil || c.reassigned(body, v, stmt) {
		return nil
	}
	var late []lateClose
	if p.discharged {
		if late, ok = c.lateCloses(site, stmt, p, true); !ok {
			return nil
		}
	}
	exits, ok := c.blockExits(site.path[2], list[at+1:], after, v, site.path, leaks)
	if !ok || len(exits) == 0 {
		return nil
	}
	var edits []analysis.TextEdit
	for _, e := range exits {
		edits = append(edits, c.closeBefore(e, site.name))
	}
	for _, l := range late {
		edits = append(edits, c.deleteStmt(l))
	}
	msg := fmt.Sprintf("Close %s.Body before each exit that leaves it open", site.name)
	if inLoop(site.path) {
		msg = fmt.Sprintf("Close %s.Body wherever the loop iteration leaves it", site.name)
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: edits}}
}

// An exitPoint is where a statement closing the body goes: before stmt,
// or, when stmt is nil, at the end of the block ending at end. deferred
// is set when stmt may still read the body.
type exitPoint struct {
	stmt     ast.Stmt
	end      token.Pos
	indent   string
	deferred bool
}

// blockExits lists the exits of block (whose statements from the one
// after the call are rest) that come after pos: returns, and breaks or
// continues whose target is outside block, and the end of block when it
// can be reached. ok is false when the block has a goto, an exit other
// than a leaking return (in leaks) that uses v other than by reading a
// field other than Body, or a literal that uses v.
func (c *pkgCheck) blockExits(block ast.Node, rest []ast.Stmt, pos token.Pos, v *types.Var, path []ast.Node, leaks []exit) ([]exitPoint, bool) {
	var exits []exitPoint
	ok := true
	var visit func(n ast.Node, targets []ast.Node) bool
	visit = func(n ast.Node, targets []ast.Node) bool { // recursion bounded by the syntax depth
		if !ok || n == nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if c.mentions(n, v) {
				ok = false
			}
			return false
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			inner := append(targets[:len(targets):len(targets)], n)
			for _, child := range children(n) {
				ast.Inspect(child, func(x ast.Node) bool { return visit(x, inner) })
			}
			return false
		case *ast.ReturnStmt:
			c.addExit(&exits, &ok, n, pos, v, leaks)
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				ok = false
			case n.Tok == token.FALLTHROUGH:
				// to the next case of a switch inside the block
			case n.Label == nil && innermostTarget(targets, n.Tok) != nil:
				// break or continue of a statement inside the block
			case n.Label != nil && labelledInside(block, n.Label.Name):
			default:
				c.addExit(&exits, &ok, n, pos, v, leaks)
			}
		}
		return true
	}
	for _, s := range rest {
		ast.Inspect(s, func(n ast.Node) bool { return visit(n, nil) })
	}
	if len(rest) == 0 || !c.terminatingStmt(rest[len(rest)-1]) {
		exits = append(exits, exitPoint{end: blockEnd(block), indent: c.indentOf(path[1])})
	}
	return exits, ok
}

// addExit adds the exit s if it comes after pos and does not close the
// body itself. A leaking return (in leaks) that may read the body gets a
// deferred close; any other exit that uses v beyond its fields stops the
// fix. Other exits that may read the body through an alias were reached
// by paths that closed it before them, as the new close does.
func (c *pkgCheck) addExit(exits *[]exitPoint, ok *bool, s ast.Stmt, pos token.Pos, v *types.Var, leaks []exit) {
	if s.Pos() < pos {
		return
	}
	ret, isRet := s.(*ast.ReturnStmt)
	if isRet && c.closingReturn(ret, v) {
		return // return resp.Body.Close()
	}
	e := exitPoint{stmt: s, indent: c.indentOf(s)}
	switch {
	case isRet && leaksAt(leaks, ret.Pos()):
		e.deferred = c.usesBeyondFields(s, v) || c.mayReachBody(s)
	case c.usesBeyondFields(s, v):
		*ok = false
		return
	}
	*exits = append(*exits, e)
}

// leaksAt reports whether one of leaks is the return at pos.
func leaksAt(leaks []exit, pos token.Pos) bool {
	for _, e := range leaks {
		if e.isReturn() && e.pos == pos {
			return true
		}
	}
	return false
}

// children returns the direct child statements and bodies of a loop,
// switch or select statement.
func children(n ast.Node) []ast.Node {
	var out []ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if x == n {
			return true
		}
		if x != nil {
			out = append(out, x)
		}
		return false
	})
	return out
}

// innermostTarget returns the statement that an unlabelled break or
// continue tok in targets (outermost first) refers to, or nil.
func innermostTarget(targets []ast.Node, tok token.Token) ast.Node {
	for i := len(targets) - 1; i >= 0; i-- {
		switch targets[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return targets[i]
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if tok == token.BREAK {
				return targets[i]
			}
		}
	}
	return nil
}

// labelledInside reports whether block holds a statement labelled name.
func labelledInside(block ast.Node, name string) bool {
	found := false
	ast.Inspect(block, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// blockEnd returns the position of the closing brace of block, or of its
// end for a case clause.
func blockEnd(block ast.Node) token.Pos {
	if b, ok := block.(*ast.BlockStmt); ok {
		return b.Rbrace
	}
	return block.End()
}

// mentions reports whether n refers to v.
func (c *pkgCheck) mentions(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// usesBeyondFields reports whether n uses v other than to read one of its
// fields other than Body (resp.StatusCode is fine after a close;
// io.ReadAll(resp.Body) and f(resp) are not).
func (c *pkgCheck) usesBeyondFields(n ast.Node, v *types.Var) bool {
	bad := false
	ast.Inspect(n, func(x ast.Node) bool {
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
				bad = bad || sel.Sel.Name == "Body"
				return false
			}
		}
		if id, ok := x.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			bad = true
		}
		return !bad
	})
	return bad
}

// mayReachBody reports whether evaluating n could read a response body
// through any variable, an alias of the response or its body included: n
// selects a field named Body, has a function literal, or makes a call
// that is not a conversion whose callee is not a declared function or
// which is given an operand (receiver or argument) of a type that is not
// basic. errors.New(resp.Status) cannot; f(b) and err.Error() might.
func (c *pkgCheck) mayReachBody(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			found = true
		case *ast.SelectorExpr:
			found = x.Sel.Name == "Body"
		case *ast.CallExpr:
			found = c.callMayReach(x)
		}
		return !found
	})
	return found
}

// callMayReach is mayReachBody's test of one call, not of its operands'
// own subexpressions.
func (c *pkgCheck) callMayReach(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return false // a conversion
	}
	fun := ast.Unparen(call.Fun)
	_, builtin := info.Uses[identOf(fun)].(*types.Builtin)
	if !builtin && typeutil.StaticCallee(info, call) == nil {
		return true // a function value or an interface method
	}
	operands := call.Args
	if sel, ok := fun.(*ast.SelectorExpr); ok && info.Selections[sel] != nil {
		operands = append([]ast.Expr{sel.X}, operands...) // a method's receiver
	}
	for _, a := range operands {
		if t := info.TypeOf(a); t == nil || !isBasic(t) {
			return true
		}
	}
	return false
}

// identOf returns e if it is an identifier, else nil.
func identOf(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// isBasic reports whether t is a boolean, numeric or string type.
func isBasic(t types.Type) bool {
	_, ok := t.Underlying().(*types.Basic)
	return ok
}

// terminatingStmt reports whether s never falls through: a return, break,
// continue or goto, a call that never returns, a block ending in one, or
// an if whose branches all terminate.
func (c *pkgCheck) terminatingStmt(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return len(s.List) > 0 && c.terminatingStmt(s.List[len(s.List)-1])
	case *ast.IfStmt:
		return s.Else != nil && c.terminatingStmt(s.Body) && c.terminatingStmt(s.Else)
	case *ast.LabeledStmt:
		return c.terminatingStmt(s.Stmt)
	}
	return c.terminates(s)
}

// closeBefore inserts "NAME.Body.Close()" at e (deferred if e says so).
func (c *pkgCheck) closeBefore(e exitPoint, name string) analysis.TextEdit {
	if e.stmt == nil {
		pos := e.end
		f := c.pass.Fset.File(pos)
		if f != nil {
			pos = f.LineStart(f.Line(pos)) // before the line of the closing brace
		}
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(fmt.Sprintf("%s%s.Body.Close()\n", e.indent, name))}
	}
	text := name + ".Body.Close()"
	if e.deferred {
		text = "defer " + text // runs after the return reads the body
	}
	return analysis.TextEdit{Pos: e.stmt.Pos(), End: e.stmt.Pos(), NewText: []byte(text + "\n" + e.indent)}
}

// retryFix closes the previous response before a retry loop calls again
// ("resp, err = c.Do(req)" assigning a variable declared before the loop):
// "if resp != nil { resp.Body.Close() }" goes before the call. It applies
// when the only leak is the call running again, the call is the
// variable's only assignment, and every path that ends safely leaves the
// function (returns the response, or never returns), so that no path
// comes back to the call with the body closed already.
func (c *pkgCheck) retryFix(site callSite, p *problem, exits []exit) []analysis.SuggestedFix {
	stmt, ok := site.path[1].(*ast.AssignStmt)
	if !ok || stmt.Tok != token.ASSIGN || len(exits) == 0 {
		return nil
	}
	for _, e := range exits {
		if !e.again {
			return nil
		}
	}
	for _, instr := range p.safeAt {
		if _, ret := instr.(*ssa.Return); !ret && !c.neverReturns(instr) {
			return nil
		}
	}
	body := enclosingBody(site.path)
	v := c.assignedVar(stmt, site.name)
	if body == nil || v == nil || c.reassigned(body, v, stmt) {
		return nil
	}
	indent := c.indentOf(stmt)
	text := fmt.Sprintf("if %s != nil {\n%s\t%s.Body.Close()\n%s}\n%s", site.name, indent, site.name, indent, indent)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Close the previous %s.Body before calling again", site.name),
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text)}},
	}}
}

// leakExitsFix closes the body at each leaking exit itself: before a
// return (with "defer NAME.Body.Close()" right before it when the return
// still reads the body, as in "return nil, api.HandleHTTPError(resp)"),
// or before the end of a function without results. It is certainly right
// only when no path that closed or handed on the body already, or on
// which a helper closed it because it failed, can go on to such an exit
// (closedReaches): then each leaking exit is reached on open paths only,
// or on paths where the response is nil, which the close is guarded
// against unless the call's error check rules them out.
func (c *pkgCheck) leakExitsFix(site callSite, p *problem, exits []exit) []analysis.SuggestedFix {
	stmt, ok := site.path[1].(*ast.AssignStmt)
	body := enclosingBody(site.path)
	if !ok || body == nil || len(exits) == 0 || c.closedReaches(p, exits) {
		return nil
	}
	v := c.assignedVar(stmt, site.name)
	if v == nil || c.reassigned(body, v, stmt) {
		return nil
	}
	checked := c.checkedAfter(site, stmt) // past it the response is not nil
	var edits []analysis.TextEdit
	for _, e := range exits {
		if e.again || e.replaced {
			return nil
		}
		if e.implicit {
			if len(body.List) == 0 || !v.Parent().Contains(body.Rbrace-1) {
				return nil // the variable is out of scope at the end
			}
			indent := c.indentOf(body.List[0])
			edits = append(edits, analysis.TextEdit{Pos: c.lineStart(body.Rbrace), End: c.lineStart(body.Rbrace),
				NewText: []byte(indent + c.closeText(site.name, false, checked.IsValid(), indent) + "\n")})
			continue
		}
		ret := c.returnAt(body, e.pos)
		if ret == nil || c.closingReturn(ret, v) || ret.Pos() < stmt.End() || !v.Parent().Contains(ret.Pos()) {
			return nil
		}
		indent := c.indentOf(ret)
		reads := c.usesBeyondFields(ret, v) || c.mayReachBody(ret)
		text := c.closeText(site.name, reads, checked.IsValid() && ret.Pos() > checked, indent)
		edits = append(edits, analysis.TextEdit{Pos: ret.Pos(), End: ret.Pos(), NewText: []byte(text + "\n" + indent)})
	}
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Close %s.Body at the returns that leave it open", site.name),
		TextEdits: edits,
	}}
}

// closedReaches reports whether a path on which the body was closed or
// handed on already (at a safe end of a path other than a call that never
// returns, or by a helper that failed) may go on to one of the exits in
// the control-flow graph without obtaining a new response from the call
// again (in a loop): closing the body there could close it twice.
func (c *pkgCheck) closedReaches(p *problem, exits []exit) bool {
	var from []flow.Point
	for _, instr := range p.safeAt {
		if !c.neverReturns(instr) {
			from = append(from, flow.Point{Instr: instr})
		}
	}
	for _, b := range p.helperClosedAt {
		from = append(from, flow.Point{Block: b})
	}
	to := make([]ssa.Instruction, len(exits))
	for i, e := range exits {
		to[i] = e.at
	}
	return flow.Reaches(from, to, []ssa.Instruction{p.src})
}

// returnAt returns the return statement of body (outside literals) at pos.
func (c *pkgCheck) returnAt(body *ast.BlockStmt, pos token.Pos) *ast.ReturnStmt {
	var found *ast.ReturnStmt
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() == pos {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// checkedAfter returns the end of the error or nil check that follows
// the call statement and stops the paths on which the response is nil,
// or NoPos.
func (c *pkgCheck) checkedAfter(site callSite, stmt ast.Stmt) token.Pos {
	list := stmtList(site.path[2])
	at := slices.Index(list, stmt)
	if at < 0 {
		return token.NoPos
	}
	errName := ""
	if site.errIndex >= 0 {
		errName = assignedName(site.path, site.errIndex)
	}
	next := c.nextCheck(list, at, site.name, errName)
	if next == nil || !c.isErrCheck(next, errName) && !c.isNilCheck(next, site.name) {
		return token.NoPos
	}
	return next.End()
}

// closeText is the statement that closes name's body: deferred when the
// exit still reads it, and guarded by a nil test unless the response is
// known not to be nil there.
func (c *pkgCheck) closeText(name string, deferred, nonNil bool, indent string) string {
	text := name + ".Body.Close()"
	if deferred {
		text = "defer " + text // runs after the return reads the body
	}
	if !nonNil {
		text = fmt.Sprintf("if %s != nil {\n%s\t%s\n%s}", name, indent, text, indent)
	}
	return text
}

// lineStart returns the start of the line of pos.
func (c *pkgCheck) lineStart(pos token.Pos) token.Pos {
	f := c.pass.Fset.File(pos)
	return f.LineStart(f.Line(pos))
}
