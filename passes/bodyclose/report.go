package bodyclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// callSite is the syntax of a source call.
type callSite struct {
	call *ast.CallExpr
	path []ast.Node // from the call (or the pass-through call around it) up to the file
	name string     // the variable the response is assigned to, or ""
	// errIndex is the result of path[0] that is the call's error, or -1.
	errIndex int
}

// displayName is the response's name for messages: its variable, or
// "response".
func (s callSite) displayName() string {
	if s.name == "" {
		return "response"
	}
	return s.name
}

// siteOf finds the syntax of src's call.
func (c *pkgCheck) siteOf(src source) (callSite, bool) {
	pos := src.call.Pos()
	for _, f := range c.pass.Files {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for i, n := range path {
			switch n := n.(type) {
			case *ast.CallExpr:
				if n.Lparen == pos {
					return c.passThroughSite(n, path[i:], src), true
				}
			case *ast.GoStmt:
				return callSite{call: n.Call, path: append([]ast.Node{n.Call}, path[i:]...)}, true
			case *ast.DeferStmt:
				return callSite{call: n.Call, path: append([]ast.Node{n.Call}, path[i:]...)}, true
			}
		}
	}
	return callSite{}, false
}

// passThroughSite describes the source call at path[0], seen through
// calls that return its response as it came (resp := must(http.Get(u))):
// the response's name is where the outermost one is assigned.
func (c *pkgCheck) passThroughSite(call *ast.CallExpr, path []ast.Node, src source) callSite {
	index, errIndex := src.index, httpknow.ErrorResult(src.call.Common().Signature())
	for len(path) > 1 {
		outer, ok := path[1].(*ast.CallExpr)
		if !ok {
			break
		}
		fn := typeutil.StaticCallee(c.pass.TypesInfo, outer)
		if fn == nil {
			break
		}
		arg := slices.IndexFunc(outer.Args, isNode(path[0]))
		if len(outer.Args) == 1 && arg == 0 {
			arg = index // f(g()): g's results are f's arguments
		}
		if fn.Type().(*types.Signature).Recv() != nil {
			arg++
		}
		res := slices.IndexFunc(httpknow.ResponseResults(fn.Type().(*types.Signature)), func(r int) bool {
			return c.facts.Of(fn.Origin()).AliasOf(r) == arg
		})
		if res < 0 {
			break
		}
		index, errIndex = httpknow.ResponseResults(fn.Type().(*types.Signature))[res], -1
		path = path[1:]
	}
	site := callSite{call: call, path: path, name: assignedName(path, index), errIndex: errIndex}
	if errIndex == index {
		site.errIndex = -1
	}
	return site
}

// assignedName returns the name of the variable that receives result i of
// the call at path[0], or "".
func assignedName(path []ast.Node, i int) string {
	if len(path) < 2 {
		return ""
	}
	var lhs []ast.Expr
	switch p := path[1].(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 {
			i = slices.IndexFunc(p.Rhs, isNode(path[0]))
		}
		lhs = p.Lhs
	case *ast.ValueSpec:
		for _, n := range p.Names {
			lhs = append(lhs, n)
		}
		if len(p.Values) != 1 {
			i = slices.IndexFunc(p.Values, isNode(path[0]))
		}
	}
	if i < 0 || i >= len(lhs) {
		return ""
	}
	if id, ok := lhs[i].(*ast.Ident); ok && id.Name != "_" {
		return id.Name
	}
	return ""
}

// reportDiscarded reports a response that is never stored.
func (c *pkgCheck) reportDiscarded(src source) {
	site, ok := c.siteOf(src)
	if !ok {
		return
	}
	c.report(analysis.Diagnostic{
		Pos:            site.call.Pos(),
		End:            site.call.End(),
		Message:        fmt.Sprintf("response from %s is discarded, so its Body can never be closed", types.ExprString(site.call.Fun)),
		SuggestedFixes: c.discardFix(src, site),
	})
}

// reportLeak reports a response that leaks on the paths of hits.
func (c *pkgCheck) reportLeak(fn *ssa.Function, src source, p *problem, res flow.Result[state]) {
	site, ok := c.siteOf(src)
	if !ok {
		return
	}
	name := site.displayName()
	exits := c.exits(fn, res.Hits)
	first := exits[0]
	what := "is not closed on every path"
	switch {
	case first.replaced:
		what = fmt.Sprintf("is replaced on line %d before the original is closed", c.line(p.replacedAt))
	case !p.discharged && res.Complete:
		what = "is never closed"
	}
	where := first.describe(c)
	if c.cfg.FoldExits {
		where = c.describeAll(exits)
	}
	diag := analysis.Diagnostic{
		Pos:     site.call.Pos(),
		End:     site.call.End(),
		Message: fmt.Sprintf("%s.Body %s: leaks %s", name, what, where),
	}
	for _, e := range exits {
		if c.cfg.FoldExits {
			break
		}
		diag.Related = append(diag.Related, analysis.RelatedInformation{
			Pos:     e.pos,
			Message: fmt.Sprintf("%s.Body is still open %s", name, e.short()),
		})
	}
	if res.Complete {
		diag.SuggestedFixes = c.suggestFix(src, site, p, exits)
	}
	c.report(diag)
}

// exit is one place where the response leaks.
type exit struct {
	pos      token.Pos
	again    bool // the call runs again (loop)
	implicit bool // the end of the function body (or loop body, in a yield)
	replaced bool
	at       ssa.Instruction // where the path ended
	// yield is set in the body of a range-over-func loop, which SSA makes
	// a function: its returns are also its breaks and continues (branch).
	yield  bool
	branch token.Token
}

// exits turns hits into exits, sorted by position.
func (c *pkgCheck) exits(fn *ssa.Function, hits []flow.Hit[state]) []exit {
	var out []exit
	rng, yield := fn.Syntax().(*ast.RangeStmt)
	for _, h := range hits {
		e := exit{pos: h.At.Pos(), replaced: h.State.replaced, at: h.At, yield: yield}
		if _, ok := h.At.(*ssa.Return); !ok {
			e.again = true
		} else if !e.pos.IsValid() {
			e.implicit = true
			e.pos = bodyEnd(fn)
		} else if yield {
			e.branch = branchAt(rng.Body, e.pos)
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// branchAt returns the token of the break or continue statement at pos in
// body, or token.ILLEGAL.
func branchAt(body *ast.BlockStmt, pos token.Pos) token.Token {
	tok := token.ILLEGAL
	ast.Inspect(body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Pos() == pos && (b.Tok == token.BREAK || b.Tok == token.CONTINUE) {
			tok = b.Tok
		}
		return tok == token.ILLEGAL && n != nil && n.Pos() <= pos && pos < n.End()
	})
	return tok
}

// bodyEnd returns the position of the closing brace of fn's body (of the
// loop's body, for the yield function of a range-over-func loop).
func bodyEnd(fn *ssa.Function) token.Pos {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return s.Body.Rbrace
	case *ast.FuncLit:
		return s.Body.Rbrace
	case *ast.RangeStmt:
		return s.Body.Rbrace
	}
	return fn.Pos()
}

// isReturn reports whether e is a return statement.
func (e exit) isReturn() bool {
	return !e.again && !e.implicit && e.branch == token.ILLEGAL
}

func (e exit) describe(c *pkgCheck) string {
	switch {
	case e.again:
		return fmt.Sprintf("when the call on line %d runs again in the next loop iteration", c.line(e.pos))
	case e.implicit && e.yield:
		return fmt.Sprintf("at the end of the loop body on line %d", c.line(e.pos))
	case e.implicit:
		return fmt.Sprintf("at the end of the function on line %d", c.line(e.pos))
	case e.branch != token.ILLEGAL:
		return fmt.Sprintf("at the %s on line %d", e.branch, c.line(e.pos))
	}
	return fmt.Sprintf("at the return on line %d", c.line(e.pos))
}

// describeAll names every exit, returns together: "at the returns on
// lines 20 and 22, and when the call on line 52 runs again in the next
// loop iteration".
func (c *pkgCheck) describeAll(exits []exit) string {
	var returns []string
	var parts []string
	for _, e := range exits {
		if e.isReturn() {
			returns = append(returns, strconv.Itoa(c.line(e.pos)))
			continue
		}
		parts = append(parts, e.describe(c))
	}
	switch len(returns) {
	case 0:
	case 1:
		parts = append([]string{"at the return on line " + returns[0]}, parts...)
	default:
		parts = append([]string{"at the returns on lines " + joinAnd(returns)}, parts...)
	}
	if len(parts) == 2 {
		return parts[0] + ", and " + parts[1] // the first may have its own "and"
	}
	return joinAnd(parts)
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

func (e exit) short() string {
	switch {
	case e.again:
		return "when this call runs again"
	case e.implicit && e.yield:
		return "at the end of the loop body"
	case e.implicit:
		return "at the end of the function"
	case e.branch != token.ILLEGAL:
		return "at this " + e.branch.String()
	}
	return "at this return"
}

func (c *pkgCheck) line(pos token.Pos) int {
	return c.pass.Fset.Position(pos).Line
}

// isNode returns a predicate that is true of n itself, to find n in a
// list of expressions with slices.IndexFunc.
func isNode(n ast.Node) func(ast.Expr) bool {
	return func(e ast.Expr) bool { return e == n }
}
