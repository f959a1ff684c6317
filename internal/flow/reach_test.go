package flow_test

import (
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/bodyclosecheck/bodyclosecheck/internal/flow"
)

const reachSrc = `package p

func mark(string) {}

func f(a, b bool) int {
	mark("start")
	if a {
		mark("then")
		return 1
	}
	for b {
		mark("loop")
		mark("loop2")
	}
	mark("after")
	return 2
}
`

// marks builds reachSrc and returns f's calls of mark by argument.
func marks(t *testing.T) map[string]ssa.Instruction {
	pkg := buildSSA(t, reachSrc)
	out := make(map[string]ssa.Instruction)
	for _, b := range pkg.Func("f").Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok && len(call.Call.Args) == 1 {
				if c, ok := call.Call.Args[0].(*ssa.Const); ok {
					out[c.Value.ExactString()[1:len(c.Value.ExactString())-1]] = instr
				}
			}
		}
	}
	return out
}

func TestReaches(t *testing.T) {
	m := marks(t)
	for _, tc := range []struct {
		from, to, stop string
		want           bool
	}{
		{"start", "then", "", true},
		{"start", "after", "", true},
		{"then", "after", "", false}, // the then branch returns
		{"loop", "loop", "", true},   // around the loop
		{"loop", "after", "", true},
		{"after", "loop", "", false},
		{"after", "start", "", false},
		{"loop2", "loop2", "", true},
		{"loop2", "loop2", "loop", false}, // every way around passes the stop
		{"loop2", "after", "loop", true},  // leaving the loop does not
		{"start", "then", "start", true},  // the stop lies behind the start
	} {
		var stop []ssa.Instruction
		if tc.stop != "" {
			stop = append(stop, m[tc.stop])
		}
		got := flow.Reaches([]flow.Point{{Instr: m[tc.from]}}, []ssa.Instruction{m[tc.to]}, stop)
		if got != tc.want {
			t.Errorf("Reaches(after %q, %q, stop %q) = %v, want %v", tc.from, tc.to, tc.stop, got, tc.want)
		}
	}
	then := m["then"].Block()
	if !flow.Reaches([]flow.Point{{Block: then}}, []ssa.Instruction{m["then"]}, nil) {
		t.Errorf("a block start does not reach its own instruction")
	}
	if flow.Reaches(nil, []ssa.Instruction{m["then"]}, nil) {
		t.Errorf("no start reaches something")
	}
}
