package main_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestHelpListsFrontDoorFlags checks that -help lists the flags that
// bodyclosecheck handles itself, not only the standard driver's.
func TestHelpListsFrontDoorFlags(t *testing.T) {
	out, _ := exec.Command(buildTool(t), "-help").CombinedOutput()
	for _, want := range []string{"-format string", "-driver string", "-cache string", "-jobs int", "-stats\n", "-fold-exits", "-report-head", "\n  lsp\n", "-tags list", "\n  -v\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("-help does not list %q:\n%s", want, out)
		}
	}
	for _, gone := range []string{"no effect", "-source", "-all\n"} {
		if strings.Contains(string(out), gone) {
			t.Errorf("-help lists %q:\n%s", gone, out)
		}
	}
}
