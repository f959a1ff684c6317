package stdfacts

import (
	"slices"
	"strings"
	"testing"

	"github.com/bodyclosecheck/bodyclosecheck/internal/httpknow"
)

// TestTableIsFresh regenerates the facts of the packages that matter most
// and compares them with the embedded table, so that a toolchain upgrade
// that changes them is noticed.
func TestTableIsFresh(t *testing.T) {
	pkgs := []string{"log", "os", "testing", "net/http", "net/http/httputil", "runtime"}
	text, err := Generate(pkgs...)
	if err != nil {
		t.Fatal(err)
	}
	linesOf := func(text string) []string {
		var out []string
		for _, l := range strings.Split(text, "\n") {
			f := strings.Split(l, "\t")
			if len(f) > 1 && slices.Contains(pkgs, f[1]) {
				out = append(out, l)
			}
		}
		return out
	}
	got, want := linesOf(text), linesOf(table)
	if !slices.Equal(got, want) {
		t.Errorf("passes/closefacts/stdfacts/stdfacts.txt is stale; run go run ./passes/closefacts/stdfacts/gen > passes/closefacts/stdfacts/stdfacts.txt\ngot:\n%s\nwant:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLoad checks entries the analyzers rely on.
func TestLoad(t *testing.T) {
	tab := Load()
	for _, k := range []httpknow.FuncKey{
		{Pkg: "os", Name: "Exit"}, {Pkg: "log", Name: "Fatalf"},
		{Pkg: "testing", Recv: "common", Name: "Fatal"},
	} {
		if !tab.NoReturn[k] {
			t.Errorf("%v should never return", k)
		}
	}
	if s := tab.Summaries[httpknow.FuncKey{Pkg: "net/http", Recv: "Response", Name: "Cookies"}]; s.String() != "p0=borrows" {
		t.Errorf("(*http.Response).Cookies: %v, want p0=borrows", s)
	}
	if _, err := Parse("summary\tp\t\tF\tx\t-\n"); err == nil {
		t.Error("Parse accepted a bad effect")
	}
}
