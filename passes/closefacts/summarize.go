package closefacts

import (
	"go/ast"
	"go/token"
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
}

// fnSummarizer summarises one function (or function literal inside it):
// it is made afresh for each, so nothing is saved and restored around
// the recursion into callees.
type fnSummarizer struct {
	*summarizer
	// errResult is the index of the error result of the function being
	// summarised, or -1 (in a function literal); errVar is that result's
	// variable.
	errResult int
	errVar    *types.Var
	results   *types.Tuple     // of the declared function, for naked returns
	body      inspector.Cursor // of the declared function
	scope     paramScope
}

// paramScope describes the parameters of the function being summarised.
type paramScope struct {
	index    map[*types.Var]int // parameter number, receiver first
	params   map[*types.Var]bool
	unstable map[*types.Var]bool // assigned in the body
	aliased  map[*types.Var]int  // parameters returned as-is, to the result
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
	sum := (&fnSummarizer{summarizer: s}).summarize(fn, cur)
	delete(s.busy, fn)
	s.memo[fn] = sum
	return sum
}

// summarize computes the summary of the function declared at cur, or nil
// if it has nothing to say.
func (s *fnSummarizer) summarize(fn *types.Func, cur inspector.Cursor) *Summary {
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
	s.errResult, s.errVar, s.results, s.body = httpknow.ErrorResult(sig), nil, sig.Results(), body
	if s.errResult >= 0 {
		s.errVar = sig.Results().At(s.errResult)
	}
	s.scope = newParamScope(s.info, sig, body)
	sum := new(Summary)
	for _, i := range httpknow.ResponseResults(sig) {
		if j := s.resultAlias(g, sig, i); j >= 0 {
			sum.Aliases = append(sum.Aliases, Alias{Result: i, Param: j})
			s.scope.aliased[paramVars(sig)[j]] = i
		}
	}
	for i, v := range paramVars(sig) {
		if v.Name() != "" && v.Name() != "_" && httpknow.MayBeDrained(v.Type()) && s.drains(body, g, v) {
			sum.Drains = append(sum.Drains, i)
		}
		e := Takes
		if v.Name() != "" && v.Name() != "_" && httpknow.MayHoldResponse(v.Type()) {
			e = s.varEffect(body, g, v)
		} else if httpknow.MayHoldResponse(v.Type()) {
			e = Borrows // unnamed: it cannot be used at all
		}
		sum.Params = append(sum.Params, e)
	}
	for _, i := range httpknow.ResponseResults(sig) {
		switch {
		case sum.AliasOf(i) >= 0:
		case s.resultClosed(body, g, i, assumption{}):
			sum.ClosedResults = append(sum.ClosedResults, i)
		default:
			if when := s.closedWhen(body, g, i); len(when) > 0 {
				sum.ClosedIf = append(sum.ClosedIf, Conditional{Result: i, When: when})
			}
		}
	}
	if !sum.interesting() {
		return nil
	}
	return sum
}

// closedWhen returns the sets of conditions on the arguments under which
// result i needs no Close, evaluating it under every assignment of the
// atoms the function depends on.
func (s *fnSummarizer) closedWhen(body inspector.Cursor, g *cfg.CFG, i int) [][]Cond {
	atoms := s.atomsOf(body)
	if len(atoms) == 0 {
		return nil
	}
	var closed []bool
	for _, a := range assignments(atoms) {
		closed = append(closed, s.resultClosed(body, g, i, a))
	}
	return sufficient(atoms, closed)
}

// newParamScope describes the parameters of sig in body.
func newParamScope(info *types.Info, sig *types.Signature, body inspector.Cursor) paramScope {
	ps := paramScope{
		index:    make(map[*types.Var]int),
		params:   make(map[*types.Var]bool),
		unstable: make(map[*types.Var]bool),
		aliased:  make(map[*types.Var]int),
	}
	for i, v := range paramVars(sig) {
		ps.index[v], ps.params[v] = i, true
	}
	for cur := range body.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.IncDecStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				v := identVar(info, lhs)
				if v != nil && ps.params[v] && !(len(n.Rhs) == len(n.Lhs) && callsMethodOn(info, n.Rhs[i], v)) {
					ps.unstable[v] = true
				}
			}
		case *ast.UnaryExpr:
			if v := identVar(info, n.X); n.Op == token.AND && v != nil && !deferredArg(cur) {
				ps.unstable[v] = true // its address is taken
			}
		case *ast.IncDecStmt:
			if v := identVar(info, n.X); v != nil {
				ps.unstable[v] = true
			}
		}
	}
	return ps
}

// deferredArg reports whether cur is an argument of a deferred call
// ("defer trace(&result)"), which runs after every return.
func deferredArg(cur inspector.Cursor) bool {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun == cur.Node() {
		return false
	}
	d, ok := cur.Parent().Parent().Node().(*ast.DeferStmt)
	return ok && d.Call == call
}

// identVar returns the variable that e names, or nil.
func identVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	return v
}

// callsMethodOn reports whether e is "v.M(...)", as in opts = opts.Copy().
func callsMethodOn(info *types.Info, e ast.Expr, v *types.Var) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && identVar(info, sel.X) == v && types.Identical(info.TypeOf(e), v.Type())
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
		if httpknow.MayHoldResponse(v.Type()) || httpknow.MayBeDrained(v.Type()) {
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
func (s *fnSummarizer) varEffect(body inspector.Cursor, g *cfg.CFG, v *types.Var) Effect {
	var events, onErr []ast.Node
	for _, u := range s.usesOf(body, v) {
		switch u.kind {
		case useTake, useHandOff:
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
	if len(events) > 0 && !s.escapes(g, nil, events, v, isReturn, assumption{}) {
		return Closes
	}
	if s.errResult >= 0 && s.closesOnError(body, g, events, onErr, v) {
		return ClosesOnError
	}
	return Borrows
}

// returnsError reports whether b returns an error result that is not
// the literal nil.
func (s *fnSummarizer) returnsError(b *cfg.Block) bool {
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
func (s *fnSummarizer) usesOf(body inspector.Cursor, v *types.Var) []use {
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
func (s *fnSummarizer) mentions(c inspector.Cursor, v *types.Var) bool {
	for id := range c.Preorder((*ast.Ident)(nil)) {
		if s.info.Uses[id.Node().(*ast.Ident)] == v {
			return true
		}
	}
	return false
}

// litUse classifies a function literal that captures v: only a literal
// called on the spot (f(), defer f(), go f()) can be followed.
func (s *fnSummarizer) litUse(lit inspector.Cursor, v *types.Var) use {
	e := outsideParens(lit)
	call, ok := e.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun != e.Node() {
		return use{kind: useTake}
	}
	fl := lit.Node().(*ast.FuncLit)
	body, _ := lit.FindNode(fl.Body)
	inLit := *s          // the literal's own scope:
	inLit.errResult = -1 // its returns are not the function's
	eff := inLit.varEffect(body, s.cfgs.FuncLit(fl), v)
	return s.effectUse(call, eff)
}

// escapes reports whether a path through g from start (nil: the entry)
// reaches an exit block without passing a block that contains one of
// events. Edges on which v (or v.Body) is nil are not followed.
// Under assumption a, branches that a contradicts are not followed either.
func (s *fnSummarizer) escapes(g *cfg.CFG, start *cfg.Block, events []ast.Node, v *types.Var, exit func(*cfg.Block) bool, a assumption) bool {
	_, found := cfgpath.Escapes(g, cfgpath.Query{
		Start:  start,
		Stop:   func(b *cfg.Block) bool { return containsAny(b, events) },
		Follow: s.follow(v, a),
		Exit:   exit,
	})
	return found
}

// follow returns the edge filter of a search for v under a: branches that
// a contradicts, and edges on which v is nil, are not followed.
func (s *fnSummarizer) follow(v *types.Var, a assumption) func(b *cfg.Block, i int) bool {
	tracked := func(x ast.Expr) bool { return s.refersTo(x, v) }
	under := s.followUnder(a)
	return func(b *cfg.Block, i int) bool {
		if under != nil && !under(b, i) {
			return false
		}
		cond := branchCond(b)
		return cond == nil || !nilOn(s.info, cond, i == 0, tracked)
	}
}

// refersTo reports whether x is v or v.Body.
func (s *fnSummarizer) refersTo(x ast.Expr, v *types.Var) bool {
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
