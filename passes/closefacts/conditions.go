package closefacts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
)

// maxAtoms bounds the conditions a summary may depend on: each result is
// evaluated under every assignment of them (2^maxAtoms evaluations).
const maxAtoms = 4

// An atom is a condition on a parameter that a function's paths may
// depend on: the parameter is nil (field == "" and equals == ""), its
// boolean field is true, or it equals a constant (method == "HEAD").
type atom struct {
	param  int
	v      *types.Var
	field  string
	equals string // constant.Value.ExactString of the constant
}

// assumption assigns a value to each atom of a function: vals[i] is
// whether atoms[i] holds. The zero assumption assumes nothing.
type assumption struct {
	atoms []atom
	vals  []bool
}

// lookup returns the assumed value of the atom on v (and field or
// equals).
func (a assumption) lookup(v *types.Var, field, equals string) (val, known bool) {
	for i, x := range a.atoms {
		if x.v == v && x.field == field && x.equals == equals && i < len(a.vals) {
			return a.vals[i], true
		}
	}
	return false, false
}

// holds evaluates cond (of a callee's summary, on the caller's argument
// arg) under a: known is false when it cannot be decided.
func (s *fnSummarizer) holds(c Cond, arg ast.Expr, param types.Type, a assumption) (val, known bool) {
	if c.Equals != "" {
		val, known = s.argEquals(arg, c.Equals, a)
		return val != c.Neg, known
	}
	val, known = s.argFact(arg, c.Field, param, a)
	return val != c.Neg, known
}

// argFact decides whether arg is nil (field == "") or has field true.
func (s *fnSummarizer) argFact(arg ast.Expr, field string, param types.Type, a assumption) (val, known bool) {
	arg = ast.Unparen(arg)
	if field == "" && param != nil && types.IsInterface(param) {
		if t := s.info.TypeOf(arg); t != nil && !types.IsInterface(t) && !s.info.Types[arg].IsNil() {
			return false, true // a non-interface value makes a non-nil interface
		}
	}
	if v := s.stableParam(arg); v != nil {
		return a.lookup(v, field, "")
	}
	if field == "" {
		return s.nilness(arg)
	}
	lit := compositeOf(arg)
	if lit == nil {
		return s.localField(arg, field, a)
	}
	return s.litField(lit, field, a)
}

// litField decides the boolean field of composite literal lit under a.
func (s *fnSummarizer) litField(lit *ast.CompositeLit, field string, a assumption) (val, known bool) {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if id, isID := kv.Key.(*ast.Ident); ok && isID && id.Name == field {
			tv := s.info.Types[kv.Value]
			if tv.Value == nil {
				return s.eval(kv.Value, a) // NoResponse: method == "HEAD"
			}
			return tv.Value.String() == "true", true
		}
	}
	return false, true // fields left out are false
}

// nilness decides whether arg is nil.
func (s *fnSummarizer) nilness(arg ast.Expr) (isNil, known bool) {
	tv := s.info.Types[arg]
	switch {
	case tv.IsNil():
		return true, true
	case tv.Type == nil:
		return false, false
	case !types.IsInterface(tv.Type):
		// Passed to an interface parameter, any non-interface value
		// (even a nil pointer) makes a non-nil interface; for pointers,
		// only the forms below are known to be non-nil.
		if compositeOf(arg) != nil {
			return false, true
		}
		switch e := arg.(type) {
		case *ast.UnaryExpr:
			return false, e.Op == token.AND
		case *ast.CallExpr:
			id, ok := ast.Unparen(e.Fun).(*ast.Ident)
			_, builtin := s.info.Uses[id].(*types.Builtin)
			return false, ok && builtin && id.Name == "new"
		case *ast.FuncLit:
			return false, true
		}
	}
	return false, false
}

// compositeOf returns the literal of "T{...}" or "&T{...}", or nil.
func compositeOf(e ast.Expr) *ast.CompositeLit {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

// eval decides a branch condition under a (three-valued: known is false
// when it depends on something else).
func (s *fnSummarizer) eval(cond ast.Expr, a assumption) (val, known bool) {
	switch c := ast.Unparen(cond).(type) {
	case *ast.UnaryExpr:
		if c.Op == token.NOT {
			v, k := s.eval(c.X, a)
			return !v, k
		}
	case *ast.BinaryExpr:
		switch c.Op {
		case token.LAND, token.LOR:
			x, kx := s.eval(c.X, a)
			y, ky := s.eval(c.Y, a)
			short := c.Op == token.LOR // the value that decides alone
			if kx && x == short || ky && y == short {
				return short, true
			}
			return x == short, kx && ky
		case token.EQL, token.NEQ:
			if x := nilCompared(s.info, c); x != nil {
				if v := s.stableParam(ast.Unparen(x)); v != nil {
					isNil, k := a.lookup(v, "", "")
					return isNil == (c.Op == token.EQL), k
				}
			}
			if v, equals := s.constCompared(c); v != nil {
				eq, k := a.lookup(v, "", equals)
				return eq == (c.Op == token.EQL), k
			}
		}
	case *ast.SelectorExpr:
		if v := s.stableParam(ast.Unparen(c.X)); v != nil {
			return a.lookup(v, c.Sel.Name, "")
		}
	}
	return false, false
}

// followUnder returns an edge filter that drops the branches that a
// contradicts.
func (s *fnSummarizer) followUnder(a assumption) func(b *cfg.Block, i int) bool {
	if len(a.atoms) == 0 {
		return nil
	}
	return func(b *cfg.Block, i int) bool {
		cond := branchCond(b)
		if cond == nil {
			return true
		}
		val, known := s.eval(cond, a)
		return !known || val == (i == 0)
	}
}

// stableParam returns the parameter that e names, if that variable is
// never assigned except by "v = v.Copy()"-like calls on itself, which
// keep what the atoms say about it.
func (s *fnSummarizer) stableParam(e ast.Expr) *types.Var {
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := s.info.Uses[id].(*types.Var)
	if !ok || !s.scope.params[v] || s.scope.unstable[v] {
		return nil
	}
	return v
}

// atomsOf collects the atoms that the function at body may depend on: nil
// tests and boolean fields of its parameters in conditions, and the
// conditions of callees' summaries on arguments that are its parameters.
// When there are more than maxAtoms, those that can change what is
// returned come first: callees' conditions, then conditions of an if
// statement that returns ("if opts.NoResponse { return resp, ... }"), in
// the order they appear.
func (s *fnSummarizer) atomsOf(body inspector.Cursor) []atom {
	var found []rankedAtom
	add := func(x atom, rank int) {
		for i, y := range found {
			if y.v == x.v && y.field == x.field && y.equals == x.equals {
				found[i].rank = max(y.rank, rank)
				return
			}
		}
		x.param = s.scope.index[x.v]
		found = append(found, rankedAtom{x, rank})
	}
	filter := []ast.Node{(*ast.BinaryExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.CallExpr)(nil)}
	body.Inspect(filter, func(c inspector.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.BinaryExpr:
			if x := nilCompared(s.info, n); x != nil && n.Op != token.LAND {
				if v := s.stableParam(ast.Unparen(x)); v != nil {
					add(atom{v: v}, guardRank(c))
				}
			}
			if v, equals := s.constCompared(n); v != nil {
				add(atom{v: v, equals: equals}, max(guardRank(c), s.optionRank(c)))
			}
		case *ast.SelectorExpr:
			if v := s.stableParam(ast.Unparen(n.X)); v != nil && isBool(s.info.TypeOf(n)) {
				add(atom{v: v, field: n.Sel.Name}, guardRank(c))
			}
		case *ast.CallExpr:
			s.calleeAtoms(n, func(x atom) { add(x, rankCallee) })
		}
		return true
	})
	slices.SortStableFunc(found, func(x, y rankedAtom) int { return y.rank - x.rank })
	var atoms []atom
	for _, x := range found[:min(len(found), maxAtoms)] {
		atoms = append(atoms, x.atom)
	}
	return atoms
}

// rankedAtom is an atom with how likely it is to decide a result.
type rankedAtom struct {
	atom
	rank int
}

const (
	rankOther  = iota // a condition elsewhere
	rankReturn        // the condition of an if statement with a return
	rankCallee        // a condition of a callee's conditional result
)

// guardRank ranks the condition at c: rankReturn if it is (part of) the
// condition of an if statement that returns in one of its branches.
func guardRank(c inspector.Cursor) int {
	for anc := range c.Enclosing((*ast.IfStmt)(nil), (*ast.FuncLit)(nil)) {
		ifs, ok := anc.Node().(*ast.IfStmt)
		if !ok {
			return rankOther
		}
		n := c.Node()
		if n.Pos() < ifs.Cond.Pos() || n.End() > ifs.Cond.End() {
			return rankOther
		}
		if containsReturn(ifs.Body) || ifs.Else != nil && containsReturn(ifs.Else) {
			return rankReturn
		}
		return rankOther
	}
	return rankOther
}

// containsReturn reports whether n contains a return statement of its own
// function (not of a function literal).
func containsReturn(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// calleeAtoms adds the atoms of the caller that the conditional results of
// call's callee depend on.
func (s *fnSummarizer) calleeAtoms(call *ast.CallExpr, add func(atom)) {
	fn := staticCallee(s.info, call)
	if fn == nil {
		return
	}
	sum := s.summaryOf(fn)
	if sum == nil {
		return
	}
	for _, c := range sum.ClosedIf {
		for _, set := range c.When {
			for _, cond := range set {
				if arg := argFor(fn, call, cond.Param); arg != nil {
					if v := s.stableParam(ast.Unparen(arg)); v != nil {
						add(atom{v: v, field: cond.Field, equals: cond.Equals})
					}
				}
			}
		}
	}
}

// argFor returns the expression passed to parameter i of fn (receiver
// first) at call, or nil.
func argFor(fn *types.Func, call *ast.CallExpr, i int) ast.Expr {
	if i < 0 {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		if i == 0 {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				return sel.X
			}
			return nil
		}
		i--
	}
	if i >= len(call.Args) || sig.Variadic() && i >= sig.Params().Len()-1 {
		return nil
	}
	return call.Args[i]
}

// assignments enumerates every assignment of values to atoms.
func assignments(atoms []atom) []assumption {
	var out []assumption
	for bits := 0; bits < 1<<len(atoms); bits++ {
		a := assumption{atoms: atoms, vals: make([]bool, len(atoms))}
		for i := range atoms {
			a.vals[i] = bits&(1<<i) != 0
		}
		out = append(out, a)
	}
	return out
}

// sufficient returns the smallest sets of conditions (one or two atoms)
// under which every assignment in closed holds: closed[k] says whether
// the result is closed under the k-th assignment of atoms.
func sufficient(atoms []atom, closed []bool) [][]Cond {
	var sets [][]Cond
	covers := func(conds []Cond) bool {
		for k, ok := range closed {
			if !ok && consistent(atoms, k, conds) {
				return false
			}
		}
		return true
	}
	var singles []Cond
	for i, x := range atoms {
		for _, neg := range []bool{false, true} {
			c := Cond{Param: x.param, Field: x.field, Equals: x.equals, Neg: neg}
			singles = append(singles, c)
			if covers([]Cond{c}) {
				sets = append(sets, []Cond{c})
			}
		}
		_ = i
	}
	for i, c := range singles {
		for _, d := range singles[i+1:] {
			pair := []Cond{c, d}
			if !covers(pair) || subsumed(sets, pair) || c.Param == d.Param && c.Field == d.Field && c.Equals == d.Equals {
				continue
			}
			sets = append(sets, pair)
		}
	}
	return sets
}

// consistent reports whether the k-th assignment of atoms satisfies conds.
func consistent(atoms []atom, k int, conds []Cond) bool {
	for _, c := range conds {
		for i, x := range atoms {
			if x.param == c.Param && x.field == c.Field && x.equals == c.Equals && (k&(1<<i) != 0) == c.Neg {
				return false
			}
		}
	}
	return true
}

// subsumed reports whether a set in sets is a subset of conds.
func subsumed(sets [][]Cond, conds []Cond) bool {
	for _, set := range sets {
		all := true
		for _, c := range set {
			found := false
			for _, d := range conds {
				found = found || c == d
			}
			all = all && found
		}
		if all {
			return true
		}
	}
	return false
}

func isBool(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// localField decides the boolean field of the local variable that arg
// (v or &v) names at arg: known when a statement of the function's own
// block sets it to a constant before arg ("opts.NoResponse = true"), every
// other assignment to the field sets the same constant, the variable is
// not assigned as a whole after that, and its address goes nowhere else.
func (s *fnSummarizer) localField(arg ast.Expr, field string, a assumption) (val, known bool) {
	orig := arg
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = ast.Unparen(u.X)
	}
	v := identVar(s.info, arg)
	if v == nil || s.scope.params[v] || !s.body.Valid() {
		return false, false
	}
	set := token.NoPos
	for _, stmt := range s.body.Node().(*ast.BlockStmt).List {
		if stmt.End() >= arg.Pos() {
			break
		}
		if b, ok := s.fieldSet(stmt, v, field); ok {
			set, val, known = stmt.Pos(), b, true
		} else if lit := s.literalAssigned(stmt, v); lit != nil {
			set = stmt.Pos()
			val, known = s.litField(lit, field, a) // opts := Opts{...}
		}
	}
	if !set.IsValid() || !known {
		return false, false
	}
	for cur := range s.body.Preorder((*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if b, ok := s.fieldSet(n, v, field); ok && b != val {
				return false, false
			}
			if s.assigns(n, v) && n.Pos() > set {
				return false, false // assigned as a whole afterwards
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && identVar(s.info, n.X) == v && ast.Expr(n) != orig {
				return false, false // its address goes elsewhere too
			}
		}
	}
	return val, true
}

// literalAssigned returns the composite literal that stmt assigns to v as
// a whole ("v := T{...}", "v = &T{...}"), or nil.
func (s *fnSummarizer) literalAssigned(stmt ast.Stmt, v *types.Var) *ast.CompositeLit {
	as, ok := stmt.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || identVar(s.info, as.Lhs[0]) != v {
		return nil
	}
	return compositeOf(ast.Unparen(as.Rhs[0]))
}

// fieldSet reports the constant that stmt stores in v.field, if it is
// "v.field = true" or "v.field = false".
func (s *fnSummarizer) fieldSet(stmt ast.Node, v *types.Var, field string) (val, ok bool) {
	as, ok := stmt.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok != token.ASSIGN {
		return false, false
	}
	sel, ok := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != field || identVar(s.info, sel.X) != v {
		return false, false
	}
	tv := s.info.Types[as.Rhs[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

// constCompared returns the stable parameter that c compares with a
// constant (method == "HEAD", "HEAD" != method), and the constant.
func (s *fnSummarizer) constCompared(c *ast.BinaryExpr) (*types.Var, string) {
	if c.Op != token.EQL && c.Op != token.NEQ {
		return nil, ""
	}
	for _, pair := range [][2]ast.Expr{{c.X, c.Y}, {c.Y, c.X}} {
		v := s.stableParam(ast.Unparen(pair[0]))
		tv := s.info.Types[pair[1]]
		if v != nil && tv.Value != nil {
			return v, tv.Value.ExactString()
		}
	}
	return nil, ""
}

// optionRank ranks a comparison at c that is the value of a boolean field
// in a composite literal (Opts{NoResponse: method == "HEAD"}) as high as
// one that guards a return: it decides an option a callee may test.
func (s *fnSummarizer) optionRank(c inspector.Cursor) int {
	if _, ok := c.Parent().Node().(*ast.KeyValueExpr); ok {
		return rankReturn
	}
	return rankOther
}

// argEquals decides whether arg equals the constant equals at a call.
func (s *fnSummarizer) argEquals(arg ast.Expr, equals string, a assumption) (val, known bool) {
	arg = ast.Unparen(arg)
	if tv := s.info.Types[arg]; tv.Value != nil {
		return tv.Value.ExactString() == equals, true
	}
	if v := s.stableParam(arg); v != nil {
		return a.lookup(v, "", equals)
	}
	return false, false
}
