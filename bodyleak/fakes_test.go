package bodyleak

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// fakeTB records what the helpers do with a testing.TB, so that failure
// reporting can be tested without failing the real test.
type fakeTB struct {
	mu       sync.Mutex
	errors   []string
	fatals   []string
	cleanups []func()
	helpers  int
}

func (f *fakeTB) Helper() {
	f.mu.Lock()
	f.helpers++
	f.mu.Unlock()
}

func (f *fakeTB) Cleanup(fn func()) {
	f.mu.Lock()
	f.cleanups = append(f.cleanups, fn)
	f.mu.Unlock()
}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

// Fatalf is not used by the helpers (they report from cleanups, where
// Errorf is the right call), but is recorded so a regression would show.
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

// finish runs the registered cleanups in reverse order, like testing does,
// and returns every failure message reported.
func (f *fakeTB) finish() []string {
	f.mu.Lock()
	cleanups := f.cleanups
	f.cleanups = nil
	f.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append(append([]string(nil), f.errors...), f.fatals...)
}

// rtFunc adapts a function to http.RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var (
	errFakeReadClosed  = errors.New("fake: read after close")
	errFakeWriteClosed = errors.New("fake: write after close")
	errFakeCloseTwice  = errors.New("fake: close twice")
)

// fakeBody is a response body with distinctive errors for misuse, so tests
// can check that the wrapper passes them through unchanged.
type fakeBody struct {
	mu     sync.Mutex
	r      io.Reader
	closes int
}

func newFakeBody(s string) *fakeBody { return &fakeBody{r: strings.NewReader(s)} }

func (b *fakeBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closes > 0 {
		return 0, errFakeReadClosed
	}
	return b.r.Read(p)
}

func (b *fakeBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closes++
	if b.closes > 1 {
		return errFakeCloseTwice
	}
	return nil
}

func (b *fakeBody) closeCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closes
}

// fakeRWBody is a fakeBody that can be written to, like the body of a 101
// Switching Protocols response, but without CloseWrite.
type fakeRWBody struct {
	fakeBody
	written bytes.Buffer
}

func (b *fakeRWBody) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closes > 0 {
		return 0, errFakeWriteClosed
	}
	return b.written.Write(p)
}

// bodyRT returns a RoundTripper whose responses carry the bodies that
// next returns, with status 200.
func bodyRT(next func() io.ReadCloser) rtFunc {
	return func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Status: "200 OK", Body: next(), Request: r}, nil
	}
}

func fakeRT() rtFunc {
	return bodyRT(func() io.ReadCloser { return newFakeBody("hello") })
}

func mustRequest(method, url string) *http.Request {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		panic(err)
	}
	return req
}

// fakeClock is a manually advanced clock for Transport.now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Hour} }

func (c *fakeClock) Now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t += d
	c.mu.Unlock()
}
