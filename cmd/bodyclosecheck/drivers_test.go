package main_test

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/fixtures"

	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDriversAgree runs the default driver and the standard go/analysis
// driver on every fixture family of the analyzer and requires the same
// findings and related locations from both.
func TestDriversAgree(t *testing.T) {
	bin := buildTool(t)
	testdata, err := filepath.Abs(fixtures.Dir(filepath.Join("..", "..")))
	if err != nil {
		t.Fatal(err)
	}
	families := fixtures.All()
	outputs := make(map[string][]string)
	for _, driver := range []string{"fast", "standard"} {
		cmd := exec.Command(bin, append([]string{"-driver=" + driver}, families...)...)
		cmd.Dir = testdata
		cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+testdata, "BODYCLOSECHECK_CACHE=off")
		out, err := cmd.CombinedOutput()
		if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 3 {
			t.Fatalf("-driver=%s: %v\n%s", driver, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		slices.Sort(lines)
		outputs[driver] = lines
	}
	if len(outputs["fast"]) < 40 || !slices.Equal(outputs["fast"], outputs["standard"]) {
		t.Errorf("drivers disagree:\nfast:\n%s\nstandard:\n%s",
			strings.Join(outputs["fast"], "\n"), strings.Join(outputs["standard"], "\n"))
	}
}
