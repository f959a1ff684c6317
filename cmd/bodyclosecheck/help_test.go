package main_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestHelpListsFrontDoorFlags checks that -help lists every flag, the
// drivers' and the analyzer's, and none that does nothing.
func TestHelpListsFrontDoorFlags(t *testing.T) {
	out, err := exec.Command(buildTool(t), "-help").CombinedOutput()
	if err != nil {
		t.Errorf("-help: %v, want exit 0", err)
	}
	for _, want := range []string{"-format format", "-driver driver", "-cache string", "-jobs int", "-stats\n", "-fold-exits", "-report-head",
		"bodyclosecheck lsp [-flag]", "-tags string", "\n  -v\t", "-fix\n", "-diff\n", "-c N\n", "-json\n", "-test\n", "-max-states int", "-check-drain"} {
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
