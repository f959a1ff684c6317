package bodyclose_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// hugeSource generates a function with n status checks in sequence, each
// of which may return before the body is closed, and a loop of n cases.
func hugeSource(n int) string {
	var b strings.Builder
	b.WriteString("package huge\n\nimport \"net/http\"\n\nfunc Huge(u string, flags []bool) int {\n")
	b.WriteString("\tresp, err := http.Get(u) // want `resp.Body is not closed on every path`\n")
	b.WriteString("\tif err != nil {\n\t\treturn 0\n\t}\n\tx := 0\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\tif flags[%d] {\n\t\tx += %d\n\t}\n", i, i)
		if i%50 == 49 {
			fmt.Fprintf(&b, "\tif resp.StatusCode == %d {\n\t\treturn x\n\t}\n", 200+i)
		}
	}
	b.WriteString("\tfor i := range flags {\n\t\tswitch i % 4 {\n")
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\tx += i\n", i)
	}
	b.WriteString("\t\t}\n\t}\n\tresp.Body.Close()\n\treturn x\n}\n")
	return b.String()
}

// TestHugeFunction checks that a function with thousands of branches is
// analysed in bounded time, without a crash, and still reported.
func TestHugeFunction(t *testing.T) {
	dir, cleanup, err := analysistest.WriteFiles(map[string]string{
		"huge/huge.go": hugeSource(3000),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	analysistest.Run(t, dir, bodyclose.Analyzer, "huge")
}
