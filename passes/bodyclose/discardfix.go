package bodyclose

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// discardFix closes a response that the code drops: "http.Get(u)" as a
// statement becomes "if resp, err := http.Get(u); err == nil {
// resp.Body.Close() }", and "_, err := http.Get(u)" names the response
// and closes it right after the error check (or, without one, when err is
// nil). The body was never read, so closing at once changes nothing else.
// "go http.Get(u)" becomes a literal that does the same, its arguments
// (and receiver) passed as parameters so that they are still evaluated
// when the go statement runs. Defer statements get no fix.
func (c *pkgCheck) discardFix(src source, site callSite) []analysis.SuggestedFix {
	sig := src.call.Common().Signature()
	errIdx := -1
	if e := c.errorOf(sig); e >= 0 && sig.Results().Len() == 2 && src.index != e {
		errIdx = e
	} else if sig.Results().Len() != 1 {
		return nil
	}
	if len(site.path) < 3 {
		return nil
	}
	switch stmt := site.path[1].(type) {
	case *ast.ExprStmt:
		return c.statementFix(stmt, site, src.index, errIdx)
	case *ast.AssignStmt:
		return c.blankFix(stmt, site, sig, src.index, errIdx)
	case *ast.GoStmt:
		return c.goFix(stmt, site, src.index, errIdx)
	}
	return nil
}

// errorOf returns the index of sig's error result, or -1.
func (c *pkgCheck) errorOf(sig *types.Signature) int {
	r := sig.Results()
	if r.Len() > 0 && types.Identical(r.At(r.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return r.Len() - 1
	}
	return -1
}

// statementFix wraps the call statement in an if that closes the body.
func (c *pkgCheck) statementFix(stmt *ast.ExprStmt, site callSite, respIdx, errIdx int) []analysis.SuggestedFix {
	if ast.Unparen(stmt.X) != site.call {
		return nil // the call is inside another expression
	}
	call := c.nodeText(site.call)
	if call == "" || c.hasComments(site.call) {
		return nil // printing the call again would drop its comments
	}
	text := c.closingIf(stmt.Pos(), call, c.indentOf(stmt), respIdx, errIdx)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Close the body of the response of %s", types.ExprString(site.call.Fun)),
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}}
}

// closingIf returns "if resp, err := CALL; err == nil {
// resp.Body.Close() }" (names free at pos) at indent.
func (c *pkgCheck) closingIf(pos token.Pos, call, indent string, respIdx, errIdx int) string {
	resp, errName := c.freshName(pos, "resp", 0), c.freshName(pos, "err", 0)
	var head string
	if errIdx < 0 {
		head = fmt.Sprintf("if %s := %s; %s != nil {", resp, call, resp)
	} else {
		names := []string{resp, errName}
		if respIdx == 1 {
			names = []string{errName, resp}
		}
		head = fmt.Sprintf("if %s := %s; %s == nil {", strings.Join(names, ", "), call, errName)
	}
	return fmt.Sprintf("%s\n%s\t%s.Body.Close()\n%s}", head, indent, resp, indent)
}

// goFix turns "go CALL" into a literal that closes the body, with the
// call's receiver and non-constant arguments as parameters.
func (c *pkgCheck) goFix(stmt *ast.GoStmt, site callSite, respIdx, errIdx int) []analysis.SuggestedFix {
	call := stmt.Call
	if call.Ellipsis.IsValid() || c.hasComments(call) {
		return nil
	}
	qual, ok := c.fileQualifier(stmt.Pos())
	if !ok {
		return nil
	}
	g := &goParams{c: c, at: stmt.Pos(), qual: qual}
	callee, ok := c.goCallee(ast.Unparen(call.Fun), g)
	if !ok {
		return nil
	}
	var inner []string
	for _, a := range call.Args {
		if c.pass.TypesInfo.Types[a].Value != nil {
			inner = append(inner, c.nodeText(a)) // a constant: the same whenever evaluated
			continue
		}
		name, ok := g.add(a)
		if !ok {
			return nil
		}
		inner = append(inner, name)
	}
	indent := c.indentOf(stmt)
	body := c.closingIf(stmt.Pos(), callee+"("+strings.Join(inner, ", ")+")", indent+"\t", respIdx, errIdx)
	text := fmt.Sprintf("go func(%s) {\n%s\t%s\n%s}(%s)", strings.Join(g.params, ", "), indent, body, indent, strings.Join(g.args, ", "))
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Close the body of the response of %s in the goroutine", types.ExprString(call.Fun)),
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.End(), NewText: []byte(text)}},
	}}
}

// goParams are the parameters of the literal that the fix of a go
// statement runs, and the arguments the go statement evaluates for them,
// as it evaluated the call's operands.
type goParams struct {
	c            *pkgCheck
	at           token.Pos // the go statement
	qual         types.Qualifier
	params, args []string
}

// add makes e a parameter of the literal and returns its name; ok is
// false if its type cannot be written in the file.
func (g *goParams) add(e ast.Expr) (name string, ok bool) {
	t := g.c.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return "", false
	}
	name = g.c.freshName(g.at, fmt.Sprintf("arg%d", len(g.params)), 0)
	typ := types.TypeString(t, g.qual)
	if strings.Contains(typ, "\x00") {
		return "", false
	}
	g.params = append(g.params, name+" "+typ)
	g.args = append(g.args, g.c.nodeText(e))
	return name, true
}

// goCallee returns how the literal calls fun: a function by its name, or
// a method of a receiver made a parameter (evaluated by the go statement,
// as the method value was). ok is false where the literal could not
// evaluate the callee as the go statement did.
func (c *pkgCheck) goCallee(fun ast.Expr, g *goParams) (string, bool) {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name, true
	case *ast.SelectorExpr:
		if id, isID := f.X.(*ast.Ident); isID {
			if _, pkg := c.pass.TypesInfo.Uses[id].(*types.PkgName); pkg {
				return id.Name + "." + f.Sel.Name, true
			}
		}
		sel := c.pass.TypesInfo.Selections[f]
		// A promoted method would read the embedded field later.
		if sel == nil || sel.Kind() != types.MethodVal || len(sel.Index()) != 1 {
			return "", false
		}
		if _, ptrRecv := sel.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptrRecv {
			if _, isPtr := c.pass.TypesInfo.TypeOf(f.X).(*types.Pointer); !isPtr {
				return "", false // v.M() with a pointer method takes &v
			}
		}
		recv, ok := g.add(f.X)
		if !ok {
			return "", false
		}
		return recv + "." + f.Sel.Name, true
	}
	return "", false
}

// fileQualifier returns a types.Qualifier that names packages as the
// file at pos imports them (the package itself unqualified); a package
// the file does not import is named with a NUL so callers can refuse it.
func (c *pkgCheck) fileQualifier(pos token.Pos) (types.Qualifier, bool) {
	f := c.fileOf(pos)
	if f == nil {
		return nil, false
	}
	names := make(map[string]string)
	for _, imp := range f.Imports {
		if pn := c.pass.TypesInfo.PkgNameOf(imp); pn != nil {
			names[pn.Imported().Path()] = pn.Name()
		}
	}
	return func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		if n, ok := names[p.Path()]; ok && n != "_" && n != "." {
			return n
		}
		return "\x00"
	}, true
}

// blankFix names the response of "_, err := call" and closes its body
// right after the error check (or, without one, when err is nil). For
// "_, err = call" the name is declared first ("var resp *http.Response"),
// and the statement may be the init of an "if err != nil" that ends in a
// return: the close then follows the if.
func (c *pkgCheck) blankFix(stmt *ast.AssignStmt, site callSite, sig *types.Signature, respIdx, errIdx int) []analysis.SuggestedFix {
	if len(stmt.Rhs) != 1 || ast.Unparen(stmt.Rhs[0]) != site.call ||
		errIdx < 0 || len(stmt.Lhs) != 2 || !isBlank(stmt.Lhs[respIdx]) {
		return nil
	}
	errID, ok := stmt.Lhs[errIdx].(*ast.Ident)
	if !ok || errID.Name == "_" {
		return nil
	}
	var outer ast.Stmt = stmt // the statement in the block
	list := stmtList(site.path[2])
	if ifs, isIf := site.path[2].(*ast.IfStmt); isIf && ifs.Init == stmt && stmt.Tok == token.ASSIGN && len(site.path) > 3 {
		if !c.returnsOnErr(ifs, errID.Name) {
			return nil
		}
		outer, list = ifs, stmtList(site.path[3])
	}
	at := slices.Index(list, outer)
	if at < 0 {
		return nil
	}
	resp := c.freshName(outer.Pos(), "resp", c.blanksBefore(list[:at]))
	indent := c.indentOf(outer)
	blank := stmt.Lhs[respIdx]
	edits := []analysis.TextEdit{{Pos: blank.Pos(), End: blank.End(), NewText: []byte(resp)}}
	if stmt.Tok == token.ASSIGN {
		decl, ok := c.varDecl(outer.Pos(), resp, sig.Results().At(respIdx).Type())
		if !ok {
			return nil
		}
		if outer.Pos() == blank.Pos() { // one edit: "_" becomes "var resp T\n\tresp"
			edits[0].NewText = []byte(decl + "\n" + indent + resp)
		} else {
			edits = append(edits, analysis.TextEdit{Pos: outer.Pos(), End: outer.Pos(), NewText: []byte(decl + "\n" + indent)})
		}
	}
	var anchor ast.Node = outer
	text := fmt.Sprintf("\n%sif %s == nil {\n%s\t%s.Body.Close()\n%s}", indent, errID.Name, indent, resp, indent)
	if outer != ast.Stmt(stmt) {
		text = fmt.Sprintf("\n%s%s.Body.Close()", indent, resp)
	} else if at+1 < len(list) && c.isErrCheck(list[at+1], errID.Name) {
		anchor = list[at+1]
		text = fmt.Sprintf("\n%s%s.Body.Close()", indent, resp)
	}
	pos, ok := c.endOfLine(anchor.End())
	if !ok {
		return nil
	}
	edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)})
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Name the response %s and close its body", resp),
		TextEdits: edits,
	}}
}

// blanksBefore counts the statements of list that drop a response with a
// blank ("_, err := http.Get(u)", also as an if's init): the fixes of all
// of them apply together, so each one skips the names the ones before it
// in the block take.
func (c *pkgCheck) blanksBefore(list []ast.Stmt) int {
	n := 0
	for _, s := range list {
		if ifs, ok := s.(*ast.IfStmt); ok && ifs.Init != nil {
			s = ifs.Init
		}
		as, ok := s.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			continue
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			continue
		}
		t := c.pass.TypesInfo.TypeOf(call.Fun)
		if t == nil {
			continue
		}
		sig, ok := t.Underlying().(*types.Signature)
		if !ok || sig.Results().Len() != len(as.Lhs) {
			continue
		}
		for _, i := range httpknow.ResponseResults(sig) {
			if isBlank(as.Lhs[i]) {
				n++
			}
		}
	}
	return n
}

// varDecl returns "var name T" with T named as the file at pos imports
// its packages; ok is false when the file does not import one of them.
func (c *pkgCheck) varDecl(pos token.Pos, name string, t types.Type) (string, bool) {
	qual, ok := c.fileQualifier(pos)
	if !ok {
		return "", false
	}
	typ := types.TypeString(t, qual)
	return "var " + name + " " + typ, !strings.Contains(typ, "\x00")
}

// freshName returns the first of name, name2, name3, ... that names
// nothing in the scopes around pos, including what their statements after
// pos declare (which a declaration at pos would clash with) and package
// members declared later in the file, after skipping skip such names.
func (c *pkgCheck) freshName(pos token.Pos, name string, skip int) string {
	scope := c.pass.Pkg.Scope().Innermost(pos)
	for i := 1; ; i++ {
		try := name
		if i > 1 {
			try = fmt.Sprintf("%s%d", name, i)
		}
		if scope != nil {
			if _, obj := scope.LookupParent(try, token.NoPos); obj != nil {
				continue
			}
		}
		if skip == 0 {
			return try
		}
		skip--
	}
}

// hasComments reports whether a comment lies within n.
func (c *pkgCheck) hasComments(n ast.Node) bool {
	f := c.fileOf(n.Pos())
	if f == nil {
		return false
	}
	for _, cg := range f.Comments {
		if n.Pos() <= cg.Pos() && cg.End() <= n.End() {
			return true
		}
	}
	return false
}

// indentOf returns the tabs that indent the line of n.
func (c *pkgCheck) indentOf(n ast.Node) string {
	return strings.Repeat("\t", c.pass.Fset.Position(n.Pos()).Column-1)
}

// nodeText prints n as Go source, or "" if it cannot.
func (c *pkgCheck) nodeText(n ast.Node) string {
	var b strings.Builder
	if err := format.Node(&b, c.pass.Fset, n); err != nil {
		return ""
	}
	return b.String()
}
