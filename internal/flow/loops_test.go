package flow_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

const loopSrc = `package p

func give() {}

func f(a, b bool) {
	give()
	for a {
		give()
		if b {
			break
		}
	}
	give()
}

func nested(n int) {
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			give()
		}
	}
	give()
}
`

// TestInLoop checks that exactly the calls inside loops are in blocks
// on a cycle, by the line of each call of give.
func TestInLoop(t *testing.T) {
	pkg := buildSSA(t, loopSrc)
	want := map[int]bool{6: false, 8: true, 13: false, 19: true, 22: false}
	got := make(map[int]bool)
	for _, name := range []string{"f", "nested"} {
		fn := pkg.Func(name)
		in := flow.InLoop(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(*ssa.Call)
				if ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == "give" {
					got[pkg.Prog.Fset.Position(c.Pos()).Line] = in[b]
				}
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("calls of give on lines %v, want %v", got, want)
	}
	for line, w := range want {
		if got[line] != w {
			t.Errorf("line %d: in loop %v, want %v", line, got[line], w)
		}
	}
}
