package flow_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

// tokenSrc is the toy the tests search: a token taken by take() must be
// given back by give() on every path to a return.
const tokenSrc = `package p

func take() {}
func give() {}

func f(a, b bool) {
	take()
	if a {
		give()
		return
	}
	for b {
		if a {
			give()
			return
		}
	}
	return
}

func twoWays(a bool) {
	if a {
		take()
	} else {
		take()
		take()
	}
	return
}
`

// buildToy builds tokenSrc.
func buildToy(t *testing.T) *ssa.Package { return buildSSA(t, tokenSrc) }

// buildSSA builds the SSA of src, a package p that imports only the
// standard library.
func buildSSA(t *testing.T, src string) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("p", "p"), []*ast.File{file}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

// tokenProblem tracks how many tokens a path holds (capped at 3, so that
// the state space is finite); returning with one is a finding. It counts
// its steps and can forbid edges.
type tokenProblem struct {
	steps  int
	forbid func(from, to *ssa.BasicBlock) bool
}

func (p *tokenProblem) Step(instr ssa.Instruction, held int) (int, flow.Verdict) {
	p.steps++
	switch x := instr.(type) {
	case *ssa.Call:
		switch callee(x) {
		case "take":
			return min(held+1, 3), flow.Continue
		case "give":
			return 0, flow.Safe
		}
	case *ssa.Return:
		if held > 0 {
			return held, flow.Found
		}
		return held, flow.Safe
	}
	return held, flow.Continue
}

func (p *tokenProblem) Edge(from, to *ssa.BasicBlock, held int) (int, bool) {
	return held, p.forbid == nil || !p.forbid(from, to)
}

func callee(call *ssa.Call) string {
	if fn := call.Call.StaticCallee(); fn != nil {
		return fn.Name()
	}
	return ""
}

// returns lists the return instructions of fn in block order.
func returns(fn *ssa.Function) []*ssa.Return {
	var out []*ssa.Return
	for _, b := range fn.Blocks {
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			out = append(out, r)
		}
	}
	return out
}

// TestSearchFindsTheOnePathThatLeaks checks a search from the entry and
// from just after an instruction: of the three returns of f, only the one
// after the loop is reached holding the token; the loop's back edge does
// not make the search run forever.
func TestSearchFindsTheOnePathThatLeaks(t *testing.T) {
	fn := buildToy(t).Func("f")
	var leak *ssa.Return
	for _, r := range returns(fn) {
		if leak == nil || r.Pos() > leak.Pos() {
			leak = r
		}
	}
	res := flow.Search[int](fn, nil, 0, &tokenProblem{}, 1000)
	if !res.Complete || len(res.Hits) != 1 || res.Hits[0].At != leak || res.Hits[0].State != 1 {
		t.Fatalf("from the entry: %+v, want one hit at the last return holding 1", res)
	}
	takeCall := fn.Blocks[0].Instrs[0]
	if callee(takeCall.(*ssa.Call)) != "take" {
		t.Fatalf("first instruction %v, want the call of take", takeCall)
	}
	res = flow.Search[int](fn, takeCall, 1, &tokenProblem{}, 1000)
	if !res.Complete || len(res.Hits) != 1 || res.Hits[0].At != leak {
		t.Fatalf("from after take(): %+v, want the same hit", res)
	}
}

// TestSearchEdges checks that an edge the problem refuses is not taken:
// refusing the way out of the loop leaves no leaking path.
func TestSearchEdges(t *testing.T) {
	fn := buildToy(t).Func("f")
	p := &tokenProblem{forbid: func(from, to *ssa.BasicBlock) bool {
		_, ret := to.Instrs[len(to.Instrs)-1].(*ssa.Return)
		return ret && len(to.Instrs) == 1 // the block of the bare last return
	}}
	if res := flow.Search[int](fn, nil, 0, p, 1000); !res.Complete || len(res.Hits) != 0 {
		t.Fatalf("with the exit edge refused: %+v, want no hit", res)
	}
}

// TestSearchStatesAndBudget checks that the same instruction found on
// several paths, in different states, is one hit (with the state of the
// first path), that each (block, state) pair is visited once, and that a
// budget too small for the search makes it incomplete.
func TestSearchStatesAndBudget(t *testing.T) {
	fn := buildToy(t).Func("twoWays")
	p := &tokenProblem{}
	res := flow.Search[int](fn, nil, 0, p, 1000)
	if !res.Complete || len(res.Hits) != 1 {
		t.Fatalf("twoWays: %+v, want one hit at its return", res)
	}
	if s := res.Hits[0].State; s != 1 && s != 2 {
		t.Errorf("hit state %d, want 1 or 2 (the path that got there first)", s)
	}
	instrs := 0
	for _, b := range fn.Blocks {
		instrs += len(b.Instrs)
	}
	if p.steps > 2*instrs {
		t.Errorf("%d steps for %d instructions: a (block, state) pair was visited twice", p.steps, instrs)
	}
	if res := flow.Search[int](buildToy(t).Func("f"), nil, 0, &tokenProblem{}, 0); res.Complete {
		t.Errorf("budget 0: %+v, want an incomplete search", res)
	}
}
