package closefacts

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"

	"github.com/bodyclosecheck/bodyclosecheck/internal/cfgpath"
	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// resultClosed reports whether result i of the function with body and CFG
// g is, on every return, either nil or a local response whose Body was
// closed or replaced on every path to that return: such a response needs
// no Close by the caller.
//
// Under assumption a, branches that a contradicts are not followed.
func (s *fnSummarizer) resultClosed(body inspector.Cursor, g *cfg.CFG, i int, a assumption) bool {
	if g == nil {
		return false
	}
	closedVars := make(map[*types.Var]bool)
	returned := false
	reach := reachable(g, s.followUnder(a))
	preds := predecessors(g)
	for _, b := range g.Blocks {
		if !isReturn(b) || !reach[b.Index] || s.errorReturn(b, preds[b.Index]) {
			continue
		}
		ret := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
		if call, ok := singleCall(ret.Results); ok {
			// return f(...): closed if f's result i is.
			if !s.consumedResult(call, i, a) {
				return false
			}
			returned = true
			continue
		}
		if i < len(ret.Results) && s.notObtained(ret.Results[i]) {
			returned = true
			continue
		}
		v, ok := s.returnedVar(ret, i)
		if !ok {
			return false
		}
		if v == nil {
			continue // returns nil
		}
		if s.neverAssigned(body, v) {
			returned = true // a named result left nil: nothing to close
			continue
		}
		returned = true
		if !s.closedBefore(body, g, v, b, closedVars, a) {
			return false
		}
	}
	// Under an assumption, returning only nil is closed too (opts == nil
	// is an error); unconditionally it says nothing worth a fact.
	return returned || len(a.atoms) > 0
}

// returnedVar returns the variable returned as result i by ret, nil for a
// nil result, and false if the result is anything else.
func (s *fnSummarizer) returnedVar(ret *ast.ReturnStmt, i int) (*types.Var, bool) {
	if len(ret.Results) == 0 && s.results != nil && i < s.results.Len() && s.results.At(i).Name() != "" {
		return s.results.At(i), true // a naked return: the named result
	}
	if i >= len(ret.Results) {
		return nil, false // a call returning a tuple
	}
	e := ast.Unparen(ret.Results[i])
	if s.info.Types[e].IsNil() {
		return nil, true
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := s.info.Uses[id].(*types.Var)
	return v, ok
}

// closedBefore reports whether every path from the entry of g to block ret
// closes or replaces v.Body. Results are cached in closed per variable for
// the whole function: a variable closed before one return is checked
// again for the next.
//
// A response handed to a function value (a callback such as a decoder
// passed in by the caller) counts as closed: that code now owns it.
func (s *fnSummarizer) closedBefore(body inspector.Cursor, g *cfg.CFG, v *types.Var, ret *cfg.Block, closed map[*types.Var]bool, a assumption) bool {
	if ok, seen := closed[v]; seen && !ok {
		return false
	}
	if s.consumedVar(body, v, a) {
		closed[v] = true
		return true
	}
	var events []ast.Node
	for _, u := range s.usesOf(body, v) {
		if u.kind == useClose || u.kind == useReplace || u.kind == useHandOff {
			events = append(events, u.node)
		}
	}
	leaks, decided := s.escapesAfterAssignment(g, v, events, ret, a)
	if !decided {
		leaks = s.escapes(g, nil, events, v, func(b *cfg.Block) bool { return b == ret }, a)
	}
	ok := len(events) > 0 && !leaks
	closed[v] = ok
	return ok
}

// escapesAfterAssignment reports whether a path from an assignment to the
// local variable or named result v reaches ret without passing one of
// events or another assignment: paths on which v keeps its zero value
// (a retry loop that never ran) return nil, not a response. An
// assignment inside a function literal counts where the literal is (the
// retry closures of pacer.Call). decided is false for parameters and
// variables whose address is taken, and when no assignment is found.
func (s *fnSummarizer) escapesAfterAssignment(g *cfg.CFG, v *types.Var, events []ast.Node, ret *cfg.Block, a assumption) (leaks, decided bool) {
	if g == nil || s.scope.params[v] {
		return false, false
	}
	last := make(map[*cfg.Block]token.Pos) // the last assignment in each block
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			pos, ok := s.assignedIn(n, v)
			if !ok {
				return false, false
			}
			if pos.IsValid() {
				last[b] = max(last[b], pos)
			}
		}
	}
	if len(last) == 0 {
		return false, false
	}
	follow := s.follow(v, a)
	q := cfgpath.Query{
		Stop:   func(b *cfg.Block) bool { _, assigns := last[b]; return assigns || containsAny(b, events) },
		Follow: follow,
		Exit:   func(b *cfg.Block) bool { return b == ret },
	}
	for b, pos := range last {
		if closedAfter(b, pos, events) {
			continue
		}
		if b == ret {
			return true, true
		}
		failed := s.failedEdge(b, pos, v)
		for i, succ := range b.Succs {
			if !follow(b, i) || i == failed {
				continue
			}
			q.Start = succ
			if _, found := cfgpath.Escapes(g, q); found {
				return true, true
			}
		}
	}
	return false, true
}

// failedEdge returns the successor of block b taken when the call whose
// results the assignment at pos stores in v and an error variable failed
// ("res, err = c.Do(req); if err != nil {"): v is nil there. -1 if b does
// not end in such a test of that error.
func (s *fnSummarizer) failedEdge(b *cfg.Block, pos token.Pos, v *types.Var) int {
	cond := branchCond(b)
	if cond == nil {
		return -1
	}
	var errVar *types.Var
	for _, n := range b.Nodes {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() < pos {
			continue
		}
		if as.Pos() > pos {
			if errVar != nil && s.assigns(as, errVar) {
				return -1 // the error was replaced before the test
			}
			continue
		}
		if _, single := singleCall(as.Rhs); single && s.assigns(as, v) {
			for _, lhs := range as.Lhs {
				if e := identVar(s.info, lhs); e != nil && e != v && types.Identical(e.Type(), types.Universe.Lookup("error").Type()) {
					errVar = e
				}
			}
		}
	}
	switch {
	case errVar == nil:
		return -1
	case nonNilOn(s.info, cond, true, errVar):
		return 0
	case nonNilOn(s.info, cond, false, errVar):
		return 1
	}
	return -1
}

// assigns reports whether as assigns v.
func (s *fnSummarizer) assigns(as *ast.AssignStmt, v *types.Var) bool {
	for _, lhs := range as.Lhs {
		if identVar(s.info, lhs) == v {
			return true
		}
	}
	return false
}

// assignedIn returns the position of the last assignment to v within n
// (NoPos if none), or false if n takes v's address or declares it with a
// value in a way not followed here.
func (s *fnSummarizer) assignedIn(n ast.Node, v *types.Var) (token.Pos, bool) {
	pos, ok := token.NoPos, true
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if s.assigns(x, v) {
				pos = max(pos, x.Pos())
			}
		case *ast.ValueSpec:
			for _, name := range x.Names {
				if s.info.Defs[name] == v && len(x.Values) > 0 {
					pos = max(pos, x.Pos())
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && identVar(s.info, x.X) == v {
				ok = false
			}
		case *ast.RangeStmt:
			if identVar(s.info, x.Key) == v || x.Value != nil && identVar(s.info, x.Value) == v {
				ok = false
			}
		}
		return ok
	})
	return pos, ok
}

// closedAfter reports whether block b holds one of events after pos.
func closedAfter(b *cfg.Block, pos token.Pos, events []ast.Node) bool {
	for _, e := range events {
		if e.Pos() > pos && containsAny(b, []ast.Node{e}) {
			return true
		}
	}
	return false
}

// consumedVar reports whether every assignment to v takes a response that
// needs no Close: result i of a call whose callee returned it closed, or
// of unknown code that also returns the body's bytes.
func (s *fnSummarizer) consumedVar(body inspector.Cursor, v *types.Var, a assumption) bool {
	n := 0
	for cur := range body.Preorder((*ast.AssignStmt)(nil)) {
		assign := cur.Node().(*ast.AssignStmt)
		for i, lhs := range assign.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok || (s.info.Defs[id] != v && s.info.Uses[id] != v) {
				continue
			}
			if s.deadUnder(cur, a) {
				continue // in a branch that a rules out
			}
			call, ok := singleCall(assign.Rhs)
			if !ok || !s.consumedResult(call, i, a) {
				return false
			}
			n++
		}
	}
	return n > 0
}

// deadUnder reports whether the statement at cur lies in a branch of an
// if statement whose condition a decides the other way, in its function
// or in a literal within it ("if response != nil { res, err =
// CallJSON(...) } else { res, err = Call(...) }" inside a retry closure).
func (s *fnSummarizer) deadUnder(cur inspector.Cursor, a assumption) bool {
	if len(a.atoms) == 0 {
		return false
	}
	for anc := range cur.Enclosing((*ast.IfStmt)(nil)) {
		ifs := anc.Node().(*ast.IfStmt)
		n := cur.Node()
		inBody := n.Pos() >= ifs.Body.Pos() && n.End() <= ifs.Body.End()
		inElse := ifs.Else != nil && n.Pos() >= ifs.Else.Pos() && n.End() <= ifs.Else.End()
		if !inBody && !inElse {
			continue // in the condition or the init statement
		}
		if val, known := s.eval(ifs.Cond, a); known && val != inBody {
			return true
		}
	}
	return false
}

// singleCall returns the call of "x, y := f()".
func singleCall(rhs []ast.Expr) (*ast.CallExpr, bool) {
	if len(rhs) != 1 {
		return nil, false
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	return call, ok
}

// consumedResult reports whether result i of call needs no Close, under
// assumption a about the parameters that call passes on.
func (s *fnSummarizer) consumedResult(call *ast.CallExpr, i int, a assumption) bool {
	sig, ok := s.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	fn := staticCallee(s.info, call)
	if fn == nil {
		return httpknow.ReturnsBytes(sig)
	}
	sum := s.summaryOf(fn)
	if sum.ResultClosed(i) {
		return true
	}
	for _, set := range sum.ClosedWhen(i) {
		if s.allHold(fn, call, set, a) {
			return true
		}
	}
	return false
}

// allHold reports whether every condition of set certainly holds at call
// (of fn) under a.
func (s *fnSummarizer) allHold(fn *types.Func, call *ast.CallExpr, set []Cond, a assumption) bool {
	for _, c := range set {
		arg := argFor(fn, call, c.Param)
		if arg == nil {
			return false
		}
		if val, known := s.holds(c, arg, paramType(fn, c.Param), a); !known || !val {
			return false
		}
	}
	return true
}

// paramType returns the type of parameter i of fn (receiver first).
func paramType(fn *types.Func, i int) types.Type {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		if i == 0 {
			return sig.Recv().Type()
		}
		i--
	}
	if i >= sig.Params().Len() {
		return nil
	}
	return sig.Params().At(i).Type()
}

// resultAlias returns the parameter that result i of the function (with
// CFG g and signature sig) returns unchanged on every return (or nil on
// some), or -1: "func Tag(r *http.Response) *http.Response { ...; return r }".
func (s *fnSummarizer) resultAlias(g *cfg.CFG, sig *types.Signature, i int) int {
	if g == nil {
		return -1
	}
	param := -1
	for _, b := range g.Blocks {
		if !isReturn(b) {
			continue
		}
		ret := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
		j := s.returnedParam(ret, i)
		switch {
		case j == -2:
			continue // nil
		case j < 0 || param >= 0 && j != param:
			return -1
		}
		param = j
	}
	return param
}

// returnedParam returns the stable parameter that ret returns as result i,
// -2 for nil, and -1 for anything else.
func (s *fnSummarizer) returnedParam(ret *ast.ReturnStmt, i int) int {
	var e ast.Expr
	if call, ok := singleCall(ret.Results); ok && len(ret.Results) == 1 {
		fn := staticCallee(s.info, call)
		if fn == nil {
			return -1
		}
		if e = argFor(fn, call, s.summaryOf(fn).AliasOf(i)); e == nil {
			return -1 // return g(r), where g returns r
		}
	} else if i < len(ret.Results) {
		e = ast.Unparen(ret.Results[i])
	} else {
		return -1
	}
	if s.info.Types[e].IsNil() {
		return -2
	}
	if v := s.stableParam(ast.Unparen(e)); v != nil {
		return s.scope.index[v]
	}
	return -1
}

// errorReturn reports whether return block b returns an error variable
// that is non-nil on every edge into b ("if err != nil { return resp, err
// }"): by convention the caller does not own a response returned with an
// error, and call sites do not follow those paths either.
func (s *fnSummarizer) errorReturn(b *cfg.Block, preds []edge) bool {
	ret := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	if s.errResult < 0 || len(preds) == 0 {
		return false
	}
	errVar := s.errVar // a naked return returns the named result
	switch {
	case len(ret.Results) > s.errResult:
		errVar = identVar(s.info, ret.Results[s.errResult])
	case len(ret.Results) > 0:
		return false // return f(), f returning a tuple
	}
	if errVar == nil {
		return false
	}
	for _, e := range preds {
		cond := branchCond(e.from)
		if cond == nil || !nonNilOn(s.info, cond, e.succ == 0, errVar) {
			return false
		}
	}
	return true
}

// edge is an edge into a block: from its predecessor's successor succ.
type edge struct {
	from *cfg.Block
	succ int
}

// predecessors returns the live edges into each block of g, by index.
func predecessors(g *cfg.CFG) [][]edge {
	preds := make([][]edge, len(g.Blocks))
	for _, b := range g.Blocks {
		if !b.Live {
			continue
		}
		for i, succ := range b.Succs {
			preds[succ.Index] = append(preds[succ.Index], edge{b, i})
		}
	}
	return preds
}

// reachable returns which blocks of g can be reached from the entry when
// only the edges that follow allows are taken.
func reachable(g *cfg.CFG, follow func(b *cfg.Block, i int) bool) []bool {
	seen := make([]bool, len(g.Blocks))
	if len(g.Blocks) == 0 {
		return seen
	}
	stack := []*cfg.Block{g.Blocks[0]}
	seen[0] = true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i, succ := range b.Succs {
			if !seen[succ.Index] && (follow == nil || follow(b, i)) {
				seen[succ.Index] = true
				stack = append(stack, succ)
			}
		}
	}
	return seen
}

// neverAssigned reports whether the named result v keeps its zero value:
// it is never assigned, incremented or has its address taken (a literal
// that declares its own "resp, err :=" shadows it).
func (s *fnSummarizer) neverAssigned(body inspector.Cursor, v *types.Var) bool {
	if s.results == nil || v.Parent() == nil || !isResult(s.results, v) {
		return false
	}
	for cur := range body.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if s.assigns(n, v) {
				return false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && identVar(s.info, n.X) == v {
				return false
			}
		}
	}
	return true
}

// isResult reports whether v is one of results.
func isResult(results *types.Tuple, v *types.Var) bool {
	for i := range results.Len() {
		if results.At(i) == v {
			return true
		}
	}
	return false
}
