package bodyleak

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// childEnv selects, in a re-executed test binary, what TestChildProcess
// does; when it is set, TestMain runs the binary under VerifyTestMain.
const childEnv = "BODYLEAK_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		VerifyTestMain(m, WithGracePeriod(20*time.Millisecond))
		return // not reached: VerifyTestMain exits
	}
	os.Exit(m.Run())
}

// childLeakyFetch leaks a body through http.DefaultClient.
func childLeakyFetch(url string) {
	if resp, err := http.Get(url); err == nil {
		_ = resp.StatusCode
	}
}

// TestChildProcess is the body of the child process started by
// TestVerifyTestMainExits; on its own it does nothing.
func TestChildProcess(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("helper for TestVerifyTestMainExits")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>forbidden</html>", http.StatusForbidden)
	}))
	t.Cleanup(srv.Close)
	switch mode {
	case "leak":
		childLeakyFetch(srv.URL + "/child")
	case "clean":
		if _, err := fetchStatusFixed(http.DefaultClient, srv.URL+"/child"); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("unknown %s=%q", childEnv, mode)
	}
}

// TestVerifyTestMainExits runs this test binary again under VerifyTestMain
// and checks its exit status and report.
func TestVerifyTestMainExits(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	for _, tc := range []struct {
		mode     string
		wantCode int
		want     string
	}{
		{"leak", 1, "bodyleak.childLeakyFetch"},
		{"clean", 0, "PASS"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+tc.mode)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.wantCode || !strings.Contains(out.String(), tc.want) {
				t.Errorf("exit code %d (want %d), output (want %q):\n%s", code, tc.wantCode, tc.want, out.String())
			}
			if tc.mode == "leak" && !strings.Contains(out.String(), "GET http://127.0.0.1") {
				t.Errorf("report does not name the request:\n%s", out.String())
			}
		})
	}
}
