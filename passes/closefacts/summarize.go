package closefacts

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/bodyclosecheck/bodyclosecheck/internal/cfgpath"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// summarizer computes Summaries for the functions of one package. It is
// created per pass and holds no global state.
type summarizer struct {
	info     *types.Info
	cfgs     *ctrlflow.CFGs
	decls    map[*types.Func]inspector.Cursor
	memo     map[*types.Func]*Summary
	busy     map[*types.Func]bool
	imported map[*types.Func]*Summary
	// errResult is the index of the error result of the function being
	// summarised, or -1; errVar is that result's variable.
	errResult int
	errVar    *types.Var
}

// effectOf returns what fn does with parameter i (receiver first).
func (s *summarizer) effectOf(fn *types.Func, i int) Effect {
	fn = fn.Origin()
	if e, ok := knownEffect(fn, i); ok {
		return e
	}
	return s.summaryOf(fn).Param(i)
}

// knownEffect looks fn up in the standard library table.
func knownEffect(fn *types.Func, i int) (Effect, bool) {
	k, ok := httpknow.KnownEffects[httpknow.KeyOf(fn)]
	if !ok || k.Param != i {
		return Takes, false
	}
	if k.Closes {
		return Closes, true
	}
	return Borrows, true
}

// summaryOf returns the summary of fn, computing it for functions of this
// package (memoised; a recursive cycle yields nil, meaning unknown).
func (s *summarizer) summaryOf(fn *types.Func) *Summary {
	if sum, ok := s.memo[fn]; ok {
		return sum
	}
	cur, ok := s.decls[fn]
	if !ok {
		return s.imported[fn]
	}
	if s.busy[fn] {
		return nil
	}
	s.busy[fn] = true
	savedIndex, savedVar := s.errResult, s.errVar
	sum := s.summarize(fn, cur)
	s.errResult, s.errVar = savedIndex, savedVar
	delete(s.busy, fn)
	s.memo[fn] = sum
	return sum
}

// summarize computes the summary of the function declared at cur, or nil
// if it has nothing to say.
func (s *summarizer) summarize(fn *types.Func, cur inspector.Cursor) *Summary {
	decl := cur.Node().(*ast.FuncDecl)
	sig := fn.Type().(*types.Signature)
	if !relevant(sig) {
		return nil
	}
	switch directive(decl) {
	case "takes":
		return nil // unknown code takes: the default
	case "closes":
		return closesAll(sig)
	}
	if decl.Body == nil {
		return nil
	}
	g := s.cfgs.FuncDecl(decl)
	body, _ := cur.FindNode(decl.Body)
	s.errResult, s.errVar = httpknow.ErrorResult(sig), nil
	if s.errResult >= 0 {
		s.errVar = sig.Results().At(s.errResult)
	}
	sum := new(Summary)
	for _, v := range paramVars(sig) {
		e := Takes
		if v.Name() != "" && v.Name() != "_" && httpknow.MayHoldResponse(v.Type()) {
			e = s.varEffect(body, g, v)
		} else if httpknow.MayHoldResponse(v.Type()) {
			e = Borrows // unnamed: it cannot be used at all
		}
		sum.Params = append(sum.Params, e)
	}
	for _, i := range httpknow.ResponseResults(sig) {
		if s.resultClosed(body, g, i) {
			sum.ClosedResults = append(sum.ClosedResults, i)
		}
	}
	if !sum.interesting() {
		return nil
	}
	return sum
}

// closesAll is the summary of a function marked //bodyclosecheck:closes.
func closesAll(sig *types.Signature) *Summary {
	sum := new(Summary)
	for _, v := range paramVars(sig) {
		e := Takes
		if httpknow.MayHoldResponse(v.Type()) {
			e = Closes
		}
		sum.Params = append(sum.Params, e)
	}
	return sum
}

// directive returns "closes" or "takes" if decl's doc comment has a
// "//bodyclosecheck:closes" or "//bodyclosecheck:takes" line.
func directive(decl *ast.FuncDecl) string {
	if decl.Doc == nil {
		return ""
	}
	for _, c := range decl.Doc.List {
		if d, ok := strings.CutPrefix(c.Text, "//bodyclosecheck:"); ok {
			if d = strings.TrimSpace(d); d == "closes" || d == "takes" {
				return d
			}
		}
	}
	return ""
}

// relevant reports whether sig has a parameter that may receive a
// response or a response result.
func relevant(sig *types.Signature) bool {
	for _, v := range paramVars(sig) {
		if httpknow.MayHoldResponse(v.Type()) {
			return true
		}
	}
	return len(httpknow.ResponseResults(sig)) > 0
}

// paramVars returns the receiver (if any) followed by the parameters.
func paramVars(sig *types.Signature) []*types.Var {
	var vars []*types.Var
	if sig.Recv() != nil {
		vars = append(vars, sig.Recv())
	}
	for i := 0; i < sig.Params().Len(); i++ {
		vars = append(vars, sig.Params().At(i))
	}
	return vars
}

// varEffect computes what the code at body (with CFG g) does with v.
func (s *summarizer) varEffect(body inspector.Cursor, g *cfg.CFG, v *types.Var) Effect {
	var events, onErr []ast.Node
	for _, u := range s.usesOf(body, v) {
		switch u.kind {
		case useTake:
			return Takes
		case useClose, useReplace:
			events = append(events, u.node)
		case useCloseOnErr:
			onErr = append(onErr, u.node)
		}
	}
	if len(events) == 0 && len(onErr) == 0 {
		return Borrows
	}
	if len(events) > 0 && !s.escapes(g, nil, events, v, isReturn) {
		return Closes
	}
	if s.errResult >= 0 && s.closesOnError(body, g, events, onErr, v) {
		return ClosesOnError
	}
	return Borrows
}

// returnsError reports whether b returns an error result that is not
// the literal nil.
func (s *summarizer) returnsError(b *cfg.Block) bool {
	if !isReturn(b) {
		return false
	}
	ret := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	if s.errResult >= len(ret.Results) {
		return len(ret.Results) == 0 // naked return: unknown, assume it may
	}
	return !s.info.Types[ret.Results[s.errResult]].IsNil()
}

// usesOf classifies every use of v below body. A function literal that
// mentions v counts as one use.
func (s *summarizer) usesOf(body inspector.Cursor, v *types.Var) []use {
	var uses []use
	filter := []ast.Node{(*ast.Ident)(nil), (*ast.FuncLit)(nil)}
	body.Inspect(filter, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			if s.mentions(c, v) {
				uses = append(uses, s.litUse(c, v))
			}
			return false
		case *ast.Ident:
			if s.info.Uses[n] == v {
				uses = append(uses, s.classifyUse(c))
			}
		}
		return true
	})
	return uses
}

// mentions reports whether the subtree at c uses v.
func (s *summarizer) mentions(c inspector.Cursor, v *types.Var) bool {
	for id := range c.Preorder((*ast.Ident)(nil)) {
		if s.info.Uses[id.Node().(*ast.Ident)] == v {
			return true
		}
	}
	return false
}

// litUse classifies a function literal that captures v: only a literal
// called on the spot (f(), defer f(), go f()) can be followed.
func (s *summarizer) litUse(lit inspector.Cursor, v *types.Var) use {
	e := lit
	for isParen(e.Parent().Node()) {
		e = e.Parent()
	}
	call, ok := e.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun != e.Node() {
		return use{kind: useTake}
	}
	fl := lit.Node().(*ast.FuncLit)
	body, _ := lit.FindNode(fl.Body)
	saved := s.errResult
	s.errResult = -1 // the literal's returns are not the function's
	eff := s.varEffect(body, s.cfgs.FuncLit(fl), v)
	s.errResult = saved
	return s.effectUse(call, eff)
}

// escapes reports whether a path through g from start (nil: the entry)
// reaches an exit block without passing a block that contains one of
// events. Edges on which v (or v.Body) is nil are not followed.
func (s *summarizer) escapes(g *cfg.CFG, start *cfg.Block, events []ast.Node, v *types.Var, exit func(*cfg.Block) bool) bool {
	tracked := func(x ast.Expr) bool { return s.refersTo(x, v) }
	_, found := cfgpath.Escapes(g, cfgpath.Query{
		Start: start,
		Stop:  func(b *cfg.Block) bool { return containsAny(b, events) },
		Follow: func(b *cfg.Block, i int) bool {
			cond := branchCond(b)
			return cond == nil || !nilOn(s.info, cond, i == 0, tracked)
		},
		Exit: exit,
	})
	return found
}

// refersTo reports whether x is v or v.Body.
func (s *summarizer) refersTo(x ast.Expr, v *types.Var) bool {
	x = ast.Unparen(x)
	if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "Body" {
		x = ast.Unparen(sel.X)
	}
	id, ok := x.(*ast.Ident)
	return ok && s.info.Uses[id] == v
}

// staticCallee returns the generic origin of call's static callee, or nil.
func staticCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn := typeutil.StaticCallee(info, call)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}
