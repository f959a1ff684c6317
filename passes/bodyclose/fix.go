package bodyclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// suggestFix offers "defer NAME.Body.Close()" after the error check that
// follows the call, only when that is certainly safe and compiles: the
// response has a plain name, the defer cannot run before the error check,
// and the call is not in a loop. When some paths close the body already,
// but too late (after an early return), the closing statements those
// paths used are deleted, provided they are all plain NAME.Body.Close()
// statements of this function and nothing else ends those paths.
//
// When no shape matches, the leaking returns themselves may be closed
// (leakExitsFix).
func (c *pkgCheck) suggestFix(src source, site callSite, p *problem, exits []exit) []analysis.SuggestedFix {
	if site.name == "" || len(site.path) < 3 {
		return nil
	}
	if len(p.condErr) == 0 { // a defer would close it again where a helper closed it
		if fix := c.shapeFix(src, site, p, exits); fix != nil {
			return fix
		}
	}
	return c.leakExitsFix(site, p, exits)
}

// shapeFix is the fix for the shapes described at suggestFix.
func (c *pkgCheck) shapeFix(src source, site callSite, p *problem, exits []exit) []analysis.SuggestedFix {
	if inLoop(site.path) {
		if fix := c.retryFix(site, p, exits); fix != nil {
			return fix
		}
		return c.exitsFix(site, p, exits)
	}
	stmt, ok := site.path[1].(ast.Stmt)
	if !ok {
		return nil
	}
	var late []lateClose
	if p.discharged {
		var ok bool
		if late, ok = c.lateCloses(site, stmt, p, false); !ok {
			return c.exitsFix(site, p, exits) // "return resp.Body.Close()" on some path
		}
	}
	list := stmtList(site.path[2])
	at := slices.Index(list, stmt)
	if at < 0 {
		return nil
	}
	anchor := ast.Node(stmt)
	indent := strings.Repeat("\t", c.pass.Fset.Position(stmt.Pos()).Column-1)
	if e := site.errIndex; e >= 0 {
		errName := assignedName(site.path, e)
		next := c.nextCheck(list, at, site.name, errName)
		switch {
		case next == nil:
			return nil
		case c.isErrCheck(next, errName) || c.isNilCheck(next, site.name):
			anchor = next
		case len(late) == 0 && isSuccessBlock(next, errName):
			// if err == nil { ... }: the body is non-nil at its start.
			ifs := next.(*ast.IfStmt)
			anchor, indent = ifs.Body, indent+"\t"
		default:
			return nil
		}
	}
	pos, ok := c.insertionPoint(anchor)
	if !ok {
		return nil
	}
	text := fmt.Sprintf("\n%sdefer %s.Body.Close()", indent, site.name)
	edits := []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte(text)}}
	for _, l := range late {
		edits = append(edits, c.deleteStmt(l))
	}
	msg := fmt.Sprintf("Add defer %s.Body.Close()", site.name)
	if len(late) > 0 {
		msg = fmt.Sprintf("Close %s.Body with a defer after the call, before the early returns", site.name)
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: edits}}
}

// nextCheck returns the statement after list[at] that checks the call,
// skipping statements that neither mention the response or its error nor
// leave the block ("n := len(u)"), or nil.
func (c *pkgCheck) nextCheck(list []ast.Stmt, at int, name, errName string) ast.Stmt {
	for _, s := range list[at+1:] {
		if c.isErrCheck(s, errName) || c.isNilCheck(s, name) || isSuccessBlock(s, errName) {
			return s
		}
		if !plainStmt(s, name, errName) {
			return nil
		}
	}
	return nil
}

// plainStmt reports whether s is an assignment, expression or declaration
// that does not name the response or the error and has no literal.
func plainStmt(s ast.Stmt, names ...string) bool {
	switch s.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt, *ast.IncDecStmt:
	default:
		return false
	}
	ok := true
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ok = false
		case *ast.Ident:
			ok = ok && !slices.Contains(names, n.Name)
		}
		return ok
	})
	return ok
}

// isNilCheck reports whether s is "if NAME == nil { ...; return }" with
// no init and no else: after it, the response is not nil.
func (c *pkgCheck) isNilCheck(s ast.Stmt, name string) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || !comparesNil(ifs.Cond, token.EQL, name) {
		return false
	}
	n := len(ifs.Body.List)
	return n > 0 && c.terminates(ifs.Body.List[n-1])
}

// insertionPoint returns where a statement goes after anchor: after the
// opening brace of a block, else at the end of anchor's line.
func (c *pkgCheck) insertionPoint(anchor ast.Node) (token.Pos, bool) {
	if b, ok := anchor.(*ast.BlockStmt); ok {
		return c.endOfLine(b.Lbrace)
	}
	return c.endOfLine(anchor.End())
}

// isSuccessBlock reports whether s is "if err == nil { ... }" with no
// init: inside its block the call succeeded.
func isSuccessBlock(s ast.Stmt, errName string) bool {
	ifs, ok := s.(*ast.IfStmt)
	return ok && ifs.Init == nil && comparesNil(ifs.Cond, token.EQL, errName)
}

// endOfLine returns the position of the newline that ends the line of
// pos, so that an insertion there goes after any trailing comment.
func (c *pkgCheck) endOfLine(pos token.Pos) (token.Pos, bool) {
	f := c.pass.Fset.File(pos)
	if f == nil {
		return token.NoPos, false
	}
	line := f.Line(pos)
	if line >= f.LineCount() {
		return token.NoPos, false
	}
	return f.LineStart(line+1) - 1, true
}

// inLoop reports whether the innermost function around path[0] runs it in
// a loop.
func inLoop(path []ast.Node) bool {
	for _, n := range path {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		}
	}
	return false
}

// stmtList returns the statement list of a block-like node.
func stmtList(n ast.Node) []ast.Stmt {
	switch b := n.(type) {
	case *ast.BlockStmt:
		return b.List
	case *ast.CaseClause:
		return b.Body
	case *ast.CommClause:
		return b.Body
	}
	return nil
}

// isErrCheck reports whether s is "if err != nil { ...; return }"
// with no init and no else: after it, err is nil.
func (c *pkgCheck) isErrCheck(s ast.Stmt, errName string) bool {
	if c.assertsNoError(s, errName) {
		return true
	}
	ifs, ok := s.(*ast.IfStmt)
	return ok && ifs.Init == nil && c.returnsOnErr(ifs, errName)
}

// returnsOnErr reports whether ifs, whatever its init, is "if err != nil
// { ... }" without else, its block never falling through.
func (c *pkgCheck) returnsOnErr(ifs *ast.IfStmt, errName string) bool {
	if ifs.Else != nil || !errNonNil(ifs.Cond, errName) {
		return false
	}
	n := len(ifs.Body.List)
	return n > 0 && c.terminates(ifs.Body.List[n-1])
}

// errNonNil reports whether cond is "err != nil". A disjunction
// ("err != nil || req.Close") would also return with a live response,
// which a defer placed after it would not close.
func errNonNil(cond ast.Expr, errName string) bool {
	return comparesNil(cond, token.NEQ, errName)
}

// comparesNil reports whether cond is "name == nil" (op EQL) or
// "name != nil" (op NEQ).
func comparesNil(cond ast.Expr, op token.Token, name string) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != op {
		return false
	}
	id, ok := ast.Unparen(b.X).(*ast.Ident)
	nilID, ok2 := ast.Unparen(b.Y).(*ast.Ident)
	return ok && ok2 && id.Name == name && nilID.Name == "nil"
}

// terminates reports whether s never falls through.
func (c *pkgCheck) terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
				return true
			}
		}
		fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
		cfgs := c.pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
		return fn != nil && cfgs.NoReturn(fn)
	}
	return false
}

// assertsNoError reports whether s is an assertion that stops the test
// unless the named error is nil (require.NoError(t, err)).
func (c *pkgCheck) assertsNoError(s ast.Stmt, errName string) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	arg, ok := httpknow.NoErrorAsserts[httpknow.KeyOf(fn)]
	if sig := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		arg-- // the receiver is not in call.Args
	}
	if !ok || arg < 0 || arg >= len(call.Args) {
		return false
	}
	id, ok := ast.Unparen(call.Args[arg]).(*ast.Ident)
	return ok && id.Name == errName
}
