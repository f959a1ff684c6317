package bodydrain

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// drainFix replaces "defer X.Close()" by a deferred drain and close:
//
//	defer func() {
//		const maxDrain = 64 << 10 // ...
//		_, _ = io.Copy(io.Discard, io.LimitReader(X, maxDrain))
//		X.Close()
//	}()
//
// adding the import of io if needed. It returns nil where the result
// might not compile or behave as before: X must be v or v.Body with v a
// local variable assigned once (the literal reads it at the exit, the
// defer read it at the defer), and io must be importable under a name
// free at the defer.
func (c *pkgCheck) drainFix(d *ssa.Defer, call *ast.CallExpr) []analysis.SuggestedFix {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Close" || len(call.Args) != 0 || !c.stable(sel.X, d.Parent()) {
		return nil
	}
	file := c.fileOf(d.Pos())
	scope := c.scopeAt(file, d.Pos())
	if file == nil || scope == nil {
		return nil
	}
	io, imp, ok := c.ioName(file, scope, d.Pos())
	if !ok {
		return nil
	}
	x := types.ExprString(sel.X)
	indent := strings.Repeat("\t", c.pass.Fset.Position(d.Pos()).Column-1)
	text := fmt.Sprintf("defer func() {\n"+
		"%[1]s\tconst maxDrain = 64 << 10 // read at most this much of an unread body, so that its connection can be reused\n"+
		"%[1]s\t_, _ = %[2]s.Copy(%[2]s.Discard, %[2]s.LimitReader(%[3]s, maxDrain))\n"+
		"%[1]s\t%[3]s.Close()\n"+
		"%[1]s}()", indent, io, x)
	edits := []analysis.TextEdit{{Pos: d.Pos(), End: call.End(), NewText: []byte(text)}}
	if imp != nil {
		edits = append(edits, *imp)
	}
	return []analysis.SuggestedFix{{
		Message:   "Drain at most 64 KiB of " + x + " before closing it, so that its connection is reused",
		TextEdits: edits,
	}}
}

// stable reports whether e is v or v.Body for a local variable v of fn
// whose only assignment is its declaration by ":=": then the literal,
// which reads v at the exit, sees what the defer saw (a variable declared
// in a loop's body is a new one in each iteration).
func (c *pkgCheck) stable(e ast.Expr, fn *ssa.Function) bool {
	if sel, ok := e.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" {
		e = sel.X
	}
	id, ok := e.(*ast.Ident)
	if !ok || fn.Syntax() == nil {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return false
	}
	declared, other := false, false
	ast.Inspect(fn.Syntax(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				switch {
				case !ok:
				case c.pass.TypesInfo.Defs[id] == v:
					declared = n.Tok == token.DEFINE
				case c.pass.TypesInfo.Uses[id] == v:
					other = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && c.pass.TypesInfo.Uses[id] == v {
				other = true // its address is taken
			}
		}
		return true
	})
	return declared && !other
}

// ioName returns the name under which package io can be used at pos, and
// the edit that imports it if the file does not yet.
func (c *pkgCheck) ioName(file *ast.File, scope *types.Scope, pos token.Pos) (string, *analysis.TextEdit, bool) {
	for _, spec := range file.Imports {
		if path, _ := strconv.Unquote(spec.Path.Value); path == "io" {
			name := "io"
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "_" || name == "." {
				return "", nil, false
			}
			_, obj := scope.LookupParent(name, pos)
			pn, ok := obj.(*types.PkgName)
			return name, nil, ok && pn.Imported().Path() == "io"
		}
	}
	if _, obj := scope.LookupParent("io", pos); obj != nil {
		return "", nil, false // something else is called io here
	}
	return "io", importEdit(file), true
}

// importEdit returns the edit that adds import "io" to file: in order
// among the standard library imports of its first import declaration
// (not cgo's import "C").
func importEdit(file *ast.File) *analysis.TextEdit {
	insert := func(pos token.Pos, text string) *analysis.TextEdit {
		return &analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
	}
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT || len(gd.Specs) == 1 && importPath(gd.Specs[0]) == "C" {
			continue
		}
		if !gd.Lparen.IsValid() {
			return insert(gd.Pos(), "import \"io\"\n")
		}
		var lastStd ast.Spec
		for _, spec := range gd.Specs {
			path := importPath(spec)
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") {
				continue // not the standard library
			}
			if path > "io" {
				return insert(spec.Pos(), "\"io\"\n\t")
			}
			lastStd = spec
		}
		if lastStd != nil {
			return insert(lastStd.End(), "\n\t\"io\"")
		}
		return insert(gd.Lparen+1, "\n\t\"io\"\n")
	}
	return insert(file.Name.End(), "\n\nimport \"io\"")
}

// importPath returns the path an import spec imports.
func importPath(spec ast.Spec) string {
	path, _ := strconv.Unquote(spec.(*ast.ImportSpec).Path.Value)
	return path
}

// fileOf returns the file of the package that contains pos.
func (c *pkgCheck) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// scopeAt returns the innermost scope of file that contains pos.
func (c *pkgCheck) scopeAt(file *ast.File, pos token.Pos) *types.Scope {
	if file == nil {
		return nil
	}
	s := c.pass.TypesInfo.Scopes[file]
	if s == nil {
		return nil
	}
	return s.Innermost(pos)
}
