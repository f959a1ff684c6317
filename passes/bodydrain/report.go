package bodydrain

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// closeSite is one close of the body that some paths reach unread: a
// Close call, a helper that closes, or a defer of one; hits are the
// paths' ends there (for a defer, the returns it runs at).
type closeSite struct {
	at   ssa.Instruction
	hits []flow.Hit[state]
}

// reportHits reports each close site that some path reaches unread.
func (c *pkgCheck) reportHits(p *problem, hits []flow.Hit[state]) {
	var sites []*closeSite
	bySite := make(map[ssa.Instruction]*closeSite)
	for _, h := range hits {
		at := h.At
		if _, ok := at.(*ssa.Return); ok {
			at = p.defers[h.State.deferred-1]
		}
		s := bySite[at]
		if s == nil {
			s = &closeSite{at: at}
			bySite[at] = s
			sites = append(sites, s)
		}
		s.hits = append(s.hits, h)
	}
	for _, s := range sites {
		if d, ok := c.diagnostic(p, s); ok {
			c.report(d)
		}
	}
}

// diagnostic describes one close site, at the call (or defer statement)
// that closes the body.
func (c *pkgCheck) diagnostic(p *problem, site *closeSite) (analysis.Diagnostic, bool) {
	call := c.callAt(site.at.(ssa.CallInstruction).Common().Pos())
	if call == nil {
		return analysis.Diagnostic{}, false
	}
	subject := c.closedBody(call)
	first := site.hits[0]
	msg := subject + " is closed"
	if first.State.partial == 0 {
		msg += " unread"
	}
	if _, ok := first.At.(*ssa.Return); ok {
		msg += c.atReturn(first.At)
	}
	msg += c.why(p, first.State)
	msg += ": net/http then drops its connection instead of reusing it; "
	if p.decoded(first.State) {
		msg += fmt.Sprintf("read the rest before the close: io.Copy(io.Discard, %s)", subject)
	} else {
		msg += fmt.Sprintf("drain it before the close, at most a bounded amount: io.Copy(io.Discard, io.LimitReader(%s, 64<<10))", subject)
	}
	start, end := call.Pos(), call.End()
	if d, ok := site.at.(*ssa.Defer); ok {
		start = d.Pos()
	}
	diag := analysis.Diagnostic{Pos: start, End: end, Category: Category, Message: msg}
	for _, h := range site.hits {
		if ret, ok := h.At.(*ssa.Return); ok && ret.Pos().IsValid() && !c.fold {
			diag.Related = append(diag.Related, analysis.RelatedInformation{Pos: ret.Pos(), Message: "the deferred Close runs here with " + subject + " unread"})
		}
	}
	if d, ok := site.at.(*ssa.Defer); ok {
		diag.SuggestedFixes = c.drainFix(d, call)
	}
	return diag, true
}

// atReturn names the return a deferred close runs at.
func (c *pkgCheck) atReturn(ret ssa.Instruction) string {
	if !ret.Pos().IsValid() {
		return " at the end of the function"
	}
	return fmt.Sprintf(" at the return on line %d", c.pass.Fset.Position(ret.Pos()).Line)
}

// why explains what the path did with the body before the close.
func (c *pkgCheck) why(p *problem, s state) string {
	line := func(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }
	switch {
	case p.decoded(s):
		r := p.reads[s.partial-1]
		return fmt.Sprintf(", after the Decode on line %d, which stops at the end of one value and may leave the rest, such as a trailing newline, unread", line(r.Pos()))
	case s.partial > 0:
		return fmt.Sprintf(", after one Read on line %d, which need not reach EOF", line(p.reads[s.partial-1].Pos()))
	case s.status > 0:
		return fmt.Sprintf(", after the status check on line %d", line(p.checks[s.status-1].Cond.Pos()))
	}
	return ""
}

// decoded reports whether the last partial read of s was a Decode.
func (p *problem) decoded(s state) bool {
	if s.partial == 0 {
		return false
	}
	call, ok := p.reads[s.partial-1].(ssa.CallInstruction)
	return ok && !call.Common().IsInvoke()
}

// callAt returns the call expression whose left parenthesis is at
// lparen, in the pass's files.
func (c *pkgCheck) callAt(lparen token.Pos) *ast.CallExpr {
	for _, f := range c.pass.Files {
		if f.FileStart > lparen || lparen > f.FileEnd {
			continue
		}
		var found *ast.CallExpr
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
				found = call
			}
			return found == nil && (n == nil || n.Pos() <= lparen && lparen < n.End())
		})
		return found
	}
	return nil
}

// closedBody names the body that call closes: X in X.Close() (also in a
// deferred literal), or for a helper its argument's body and the helper.
func (c *pkgCheck) closedBody(call *ast.CallExpr) string {
	name := ""
	ast.Inspect(call, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && name == "" {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" && len(c.Args) == 0 {
				name = types.ExprString(sel.X)
			}
		}
		return name == ""
	})
	if name != "" {
		return name
	}
	for _, a := range call.Args {
		if t := c.pass.TypesInfo.TypeOf(a); t != nil && httpknow.IsResponse(t) {
			return types.ExprString(a) + ".Body"
		}
	}
	if len(call.Args) > 0 {
		return types.ExprString(call.Args[0])
	}
	return "the response body"
}
