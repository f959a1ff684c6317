package bodyleak

import (
	"fmt"
	"io"
	"net/http"
	"os"
)

// TB is the part of testing.TB that the test helpers use, so that this
// package does not import testing and the helpers can be exercised with a
// fake. *testing.T and *testing.B satisfy it. If the value also has a
// Helper method, the helpers call it.
type TB interface {
	Cleanup(func())
	Errorf(format string, args ...any)
}

// TestingM is the part of *testing.M that VerifyTestMain uses.
type TestingM interface {
	Run() int
}

// helper returns t's Helper method, or a no-op. It must be called as
// helper(t)() by the function to be marked, since Helper marks its caller.
func helper(t TB) func() {
	if h, ok := t.(interface{ Helper() }); ok {
		return h.Helper
	}
	return func() {}
}

// Track replaces c.Transport with a tracking Transport wrapping it (a nil
// c.Transport means http.DefaultTransport) for the rest of the test. When
// the test and its subtests have finished, a cleanup waits up to the grace
// period for open bodies to be closed, fails the test with t.Errorf listing
// every body still open (method, URL, status, age and the stack that
// obtained it), and then restores the original c.Transport unless it has
// been replaced in the meantime.
//
// Track panics if c is nil. Tests that share c must not run in parallel
// with the one that called Track, since Track assigns c.Transport.
func Track(t TB, c *http.Client, opts ...Option) *Transport {
	helper(t)()
	if c == nil {
		panic("bodyleak: Track: nil *http.Client (use TrackDefault for http.DefaultClient)")
	}
	orig := c.Transport
	tr := NewTransport(orig, opts...)
	c.Transport = tr
	t.Cleanup(func() {
		helper(t)()
		if err := tr.Check(); err != nil {
			t.Errorf("%v", err)
		}
		if c.Transport == http.RoundTripper(tr) {
			c.Transport = orig
		}
	})
	return tr
}

// TrackDefault replaces http.DefaultTransport with a tracking Transport for
// the rest of the test, and checks it like Track does before restoring the
// original. It covers http.Get, http.Post, http.DefaultClient and every
// http.Client whose Transport is nil, but not clients that carry their own
// transport, such as httptest.Server.Client(): use Track for those.
//
// Because http.DefaultTransport is a global, a test calling TrackDefault
// must not run in parallel with other tests (the race detector reports
// it if it does).
func TrackDefault(t TB, opts ...Option) *Transport {
	helper(t)()
	orig := http.DefaultTransport
	tr := NewTransport(orig, opts...)
	http.DefaultTransport = tr
	t.Cleanup(func() {
		helper(t)()
		if err := tr.Check(); err != nil {
			t.Errorf("%v", err)
		}
		if http.DefaultTransport == http.RoundTripper(tr) {
			http.DefaultTransport = orig
		}
	})
	return tr
}

// VerifyTestMain is the TestMain counterpart of TrackDefault, in the style
// of goleak.VerifyTestMain:
//
//	func TestMain(m *testing.M) {
//		bodyleak.VerifyTestMain(m)
//	}
//
// It installs a tracking Transport as http.DefaultTransport, runs the
// tests, and if they passed, waits up to the grace period for open bodies
// to be closed. If some are still open it prints the report to standard
// error and exits with status 1; otherwise it exits with m.Run's status.
// Like goleak, it does not check after failed runs, whose leaks are usually
// a consequence of the failures.
func VerifyTestMain(m TestingM, opts ...Option) {
	os.Exit(verifyTestMain(m, os.Stderr, opts...))
}

// verifyTestMain is VerifyTestMain without the os.Exit, for testing.
func verifyTestMain(m TestingM, w io.Writer, opts ...Option) int {
	orig := http.DefaultTransport
	tr := NewTransport(orig, opts...)
	http.DefaultTransport = tr
	defer func() {
		if http.DefaultTransport == http.RoundTripper(tr) {
			http.DefaultTransport = orig
		}
	}()
	code := m.Run()
	if code != 0 {
		return code
	}
	if err := tr.Check(); err != nil {
		fmt.Fprintf(w, "%v\n", err)
		return 1
	}
	return 0
}
