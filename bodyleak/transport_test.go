package bodyleak

import (
	"compress/gzip"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewTransportNilBaseIsDefaultTransport(t *testing.T) {
	if got := NewTransport(nil).Base(); got != http.DefaultTransport {
		t.Errorf("Base() = %T %p, want http.DefaultTransport", got, got)
	}
	base := &idleCloser{rtFunc: fakeRT()}
	if got := NewTransport(base).Base(); got != http.RoundTripper(base) {
		t.Errorf("Base() = %T %p, want the given base %p", got, got, base)
	}
}

func TestBaseErrorsAreNotTracked(t *testing.T) {
	errBoom := errors.New("boom")
	orphan := newFakeBody("ignored")
	for _, tc := range []struct {
		name string
		resp *http.Response
	}{
		{"nil response", nil},
		{"response and error", &http.Response{StatusCode: 502, Body: orphan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewTransport(rtFunc(func(*http.Request) (*http.Response, error) { return tc.resp, errBoom }))
			resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
			if err != errBoom {
				t.Errorf("err = %v, want %v", err, errBoom)
			}
			if resp != tc.resp {
				t.Errorf("resp = %v, want the base's %v", resp, tc.resp)
			}
			if resp != nil && resp.Body != io.ReadCloser(orphan) {
				t.Errorf("body of a response returned with an error was wrapped: %T", resp.Body)
			}
			if s := tr.Stats(); s != (Stats{}) {
				t.Errorf("Stats = %+v, want zero", s)
			}
		})
	}
}

func TestNilAndNoBodyAreNotTracked(t *testing.T) {
	for _, body := range []io.ReadCloser{nil, http.NoBody} {
		tr := NewTransport(rtFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 204, Body: body}, nil
		}))
		resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Body != body {
			t.Errorf("Body = %T, want %T unchanged", resp.Body, body)
		}
		if s := tr.Stats(); s.Total != 0 {
			t.Errorf("body %T tracked: %+v", body, s)
		}
	}
}

// TestRealNoBodyResponsesAreNotTracked checks that what net/http returns
// for HEAD requests and 204 responses (http.NoBody) is not tracked, so
// code that does not close those is not reported.
func TestRealNoBodyResponsesAreNotTracked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/204" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		io.WriteString(w, "body")
	}))
	defer srv.Close()
	tr := NewTransport(srv.Client().Transport)
	c := &http.Client{Transport: tr}
	if _, err := c.Head(srv.URL + "/"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(srv.URL + "/204"); err != nil {
		t.Fatal(err)
	}
	if s := tr.Stats(); s.Total != 0 || s.Open != 0 {
		t.Errorf("Stats = %+v, want nothing tracked", s)
	}
}

func TestBodyTrackedUntilCloseEvenAfterEOF(t *testing.T) {
	srv := statusServer(t, http.StatusOK)
	tr := NewTransport(srv.Client().Transport)
	req := mustRequest("GET", srv.URL+"/x?q=1")
	req.Method = "" // means GET; reported as such
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	open := tr.OpenBodies()
	if len(open) != 1 {
		t.Fatalf("OpenBodies = %v, want 1", open)
	}
	b := open[0]
	if b.Method != "GET" || b.URL != srv.URL+"/x?q=1" || b.StatusCode != 200 || b.Status != "200 OK" || b.ReadToEOF {
		t.Errorf("OpenBody = %+v", b)
	}
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	open = tr.OpenBodies()
	if len(open) != 1 || !open[0].ReadToEOF {
		t.Fatalf("after EOF: OpenBodies = %+v, want 1 body read to EOF", open)
	}
	if !strings.Contains(open[0].String(), "read to EOF but not closed") {
		t.Errorf("String() does not mention EOF:\n%s", open[0])
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	if s := tr.Stats(); s.Open != 0 || s.Total != 1 || s.MaxOpen != 1 || s.OldestAge != 0 {
		t.Errorf("Stats = %+v, want Open 0, Total 1, MaxOpen 1", s)
	}
}

func TestURLPasswordIsRedacted(t *testing.T) {
	tr := NewTransport(fakeRT())
	resp, err := tr.RoundTrip(mustRequest("POST", "http://user:secret@example.invalid/p"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := tr.OpenBodies()[0]
	if strings.Contains(b.URL, "secret") || b.Method != "POST" {
		t.Errorf("OpenBody = %+v, want POST and redacted password", b)
	}
}

// misuse performs close, close, read on a fresh response body from rt and
// returns the three errors.
func misuse(t *testing.T, rt http.RoundTripper, url string, readFirst bool) [3]error {
	t.Helper()
	req := mustRequest("GET", url)
	req.Header.Set("Accept-Encoding", "gzip") // exercised by the /gzip case
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if readFirst {
		if _, err := io.ReadAll(resp.Body); err != nil {
			t.Fatal(err)
		}
	}
	var errs [3]error
	errs[0] = resp.Body.Close()
	errs[1] = resp.Body.Close()
	_, errs[2] = resp.Body.Read(make([]byte, 8))
	return errs
}

// TestMisuseBehavesAsWithoutWrapper compares double close and read after
// close through net/http's real bodies with and without the wrapper.
func TestMisuseBehavesAsWithoutWrapper(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gzip" {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, strings.Repeat("compressed ", 100))
			zw.Close()
			return
		}
		io.WriteString(w, strings.Repeat("plain ", 10000))
	}))
	defer srv.Close()
	bare := srv.Client().Transport
	for _, path := range []string{"/plain", "/gzip"} {
		for _, readFirst := range []bool{false, true} {
			tr := NewTransport(bare)
			want := misuse(t, bare, srv.URL+path, readFirst)
			got := misuse(t, tr, srv.URL+path, readFirst)
			if got != want {
				t.Errorf("%s readFirst=%v: errors %v, want %v as without the wrapper", path, readFirst, got, want)
			}
			if want[2] == nil {
				t.Errorf("%s: read after close succeeded on the bare body; test is not exercising anything", path)
			}
			if s := tr.Stats(); s.Open != 0 || s.Total != 1 {
				t.Errorf("%s: Stats = %+v, want Open 0, Total 1", path, s)
			}
		}
	}
}

func TestDoubleCloseAndReadAfterClosePassUnderlyingErrors(t *testing.T) {
	fb := newFakeBody("data")
	tr := NewTransport(bodyRT(func() io.ReadCloser { return fb }))
	resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := resp.Body.(io.Writer); ok {
		t.Errorf("wrapper of a read-only body implements io.Writer")
	}
	if err := resp.Body.Close(); err != nil {
		t.Errorf("first Close = %v", err)
	}
	if s := tr.Stats(); s.Open != 0 {
		t.Errorf("after Close: Open = %d", s.Open)
	}
	if err := resp.Body.Close(); err != errFakeCloseTwice {
		t.Errorf("second Close = %v, want %v", err, errFakeCloseTwice)
	}
	if _, err := resp.Body.Read(make([]byte, 4)); err != errFakeReadClosed {
		t.Errorf("Read after Close = %v, want %v", err, errFakeReadClosed)
	}
	if n := fb.closeCount(); n != 2 {
		t.Errorf("underlying Close called %d times, want 2", n)
	}
	if s := tr.Stats(); s.Open != 0 || s.Total != 1 {
		t.Errorf("after double close: Stats = %+v, want Open 0, Total 1", s)
	}
}

func TestWriterBodyStaysWriter(t *testing.T) {
	rw := &fakeRWBody{fakeBody: fakeBody{r: strings.NewReader("pong")}}
	tr := NewTransport(bodyRT(func() io.ReadCloser { return rw }))
	resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
	if err != nil {
		t.Fatal(err)
	}
	w, ok := resp.Body.(io.ReadWriteCloser)
	if !ok {
		t.Fatalf("wrapper %T is not an io.ReadWriteCloser", resp.Body)
	}
	if _, ok := resp.Body.(closeWriter); ok {
		t.Errorf("wrapper has CloseWrite although the body does not")
	}
	if n, err := w.Write([]byte("ping")); n != 4 || err != nil || rw.written.String() != "ping" {
		t.Errorf("Write = %d, %v; underlying got %q", n, err, rw.written.String())
	}
	w.Close()
	if _, err := w.Write([]byte("x")); err != errFakeWriteClosed {
		t.Errorf("Write after Close = %v, want %v", err, errFakeWriteClosed)
	}
	if s := tr.Stats(); s.Open != 0 || s.Total != 1 {
		t.Errorf("Stats = %+v", s)
	}
}

// upgradeServer answers requests carrying "Upgrade: echo" with 101
// Switching Protocols and then echoes everything back on the hijacked
// connection.
func upgradeServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "echo" {
			http.Error(w, "upgrade required", http.StatusUpgradeRequired)
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
		brw.Flush()
		io.Copy(conn, brw)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func upgrade(t *testing.T, rt http.RoundTripper, url string) *http.Response {
	t.Helper()
	req := mustRequest("GET", url)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "echo")
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %s, want 101", resp.Status)
	}
	return resp
}

func TestSwitchingProtocolsBodyIsWritable(t *testing.T) {
	srv := upgradeServer(t)
	bare := srv.Client().Transport
	bareResp := upgrade(t, bare, srv.URL)
	_, bareCW := bareResp.Body.(closeWriter)
	bareResp.Body.Close()
	if !bareCW {
		t.Fatalf("net/http's 101 body %T has no CloseWrite; test premise is wrong", bareResp.Body)
	}

	tr := NewTransport(bare)
	resp := upgrade(t, tr, srv.URL)
	rwc, ok := resp.Body.(io.ReadWriteCloser)
	if !ok {
		t.Fatalf("101 body through the wrapper is %T, not an io.ReadWriteCloser", resp.Body)
	}
	cw, ok := resp.Body.(closeWriter)
	if !ok {
		t.Fatalf("101 body through the wrapper lost CloseWrite")
	}
	if _, err := io.WriteString(rwc, "ping"); err != nil {
		t.Fatal(err)
	}
	if err := cw.CloseWrite(); err != nil {
		t.Fatalf("CloseWrite: %v", err)
	}
	echo, err := io.ReadAll(rwc)
	if err != nil || string(echo) != "ping" {
		t.Errorf("echo = %q, %v; want \"ping\"", echo, err)
	}
	if s := tr.Stats(); s.Open != 1 {
		t.Errorf("before Close: Open = %d, want 1", s.Open)
	}
	if err := rwc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if s := tr.Stats(); s.Open != 0 || s.Total != 1 {
		t.Errorf("after Close: Stats = %+v", s)
	}
}

type idleCloser struct {
	rtFunc
	calls int
}

func (c *idleCloser) CloseIdleConnections() { c.calls++ }

func TestCloseIdleConnectionsIsForwarded(t *testing.T) {
	base := &idleCloser{rtFunc: fakeRT()}
	c := &http.Client{Transport: NewTransport(base)}
	c.CloseIdleConnections()
	if base.calls != 1 {
		t.Errorf("base CloseIdleConnections called %d times, want 1", base.calls)
	}
	NewTransport(fakeRT()).CloseIdleConnections() // base without the method: no panic
}

// TestListAgainstModel opens and closes bodies in random order and checks
// OpenBodies, Stats and OldestAge against a simple model after each step.
func TestListAgainstModel(t *testing.T) {
	clock := newFakeClock()
	tr := NewTransport(fakeRT())
	tr.now = clock.Now
	rng := rand.New(rand.NewPCG(1, 2))
	type entry struct {
		body io.ReadCloser
		url  string
		at   time.Duration
	}
	var model []entry
	for step := range 400 {
		clock.Advance(time.Second)
		if len(model) == 0 || rng.IntN(5) < 3 {
			url := "http://example.invalid/" + strings.Repeat("x", step%7) + "?step=" + time.Duration(step).String()
			resp, err := tr.RoundTrip(mustRequest("GET", url))
			if err != nil {
				t.Fatal(err)
			}
			model = append(model, entry{resp.Body, url, clock.Now()})
		} else {
			i := rng.IntN(len(model))
			model[i].body.Close()
			model = slices.Delete(model, i, i+1)
		}
		got := tr.OpenBodies()
		urls := make([]string, len(got))
		for i, b := range got {
			urls[i] = b.URL
		}
		want := make([]string, len(model))
		for i, e := range model {
			want[i] = e.url
		}
		if !slices.Equal(urls, want) {
			t.Fatalf("step %d: OpenBodies = %v, want %v", step, urls, want)
		}
		s := tr.Stats()
		if s.Open != len(model) || (len(model) > 0 && s.OldestAge != clock.Now()-model[0].at) {
			t.Fatalf("step %d: Stats = %+v, model has %d open", step, s, len(model))
		}
	}
}

func TestThresholdFiresOnUpwardCrossingAndRearms(t *testing.T) {
	tr := (*Transport)(nil)
	var fired []Stats
	tr = NewTransport(fakeRT(), WithThreshold(3, func(s Stats) {
		_ = tr.Stats() // the lock is not held: this must not deadlock
		fired = append(fired, s)
	}))
	var bodies []io.ReadCloser
	open := func() {
		resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, resp.Body)
	}
	closeBody := func(i int) { bodies[i].Close() }
	expect := func(step string, n int) {
		t.Helper()
		if len(fired) != n {
			t.Fatalf("%s: threshold fired %d times, want %d", step, len(fired), n)
		}
	}
	open()
	open()
	expect("2 open", 0)
	open()
	expect("3 open", 1)
	if fired[0].Open != 3 || fired[0].Total != 3 {
		t.Errorf("callback Stats = %+v, want Open 3", fired[0])
	}
	open()
	expect("4 open", 1)
	closeBody(3) // back to 3: not below the threshold, stays disarmed
	open()       // 4 again
	expect("down to 3 and up to 4", 1)
	closeBody(4)
	closeBody(2) // 2 open: re-armed
	expect("2 open again", 1)
	open()
	expect("3 open again", 2)
	if fired[1].Open != 3 || fired[1].Total != 6 {
		t.Errorf("second callback Stats = %+v, want Open 3, Total 6", fired[1])
	}
}

func TestWithThresholdRejectsBadArguments(t *testing.T) {
	for _, tc := range []struct {
		n  int
		fn func(Stats)
	}{{0, func(Stats) {}}, {-1, func(Stats) {}}, {1, nil}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("WithThreshold(%d, fn==nil:%v) did not panic", tc.n, tc.fn == nil)
				}
			}()
			WithThreshold(tc.n, tc.fn)
		}()
	}
}

func TestStackDepthOption(t *testing.T) {
	for _, tc := range []struct {
		depth, wantMax int
		wantTrunc      bool
	}{{0, 0, false}, {3, 3, true}, {1000, MaxStackDepth, false}, {-5, 0, false}} {
		tr := NewTransport(fakeRT(), WithStackDepth(tc.depth))
		resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
		if err != nil {
			t.Fatal(err)
		}
		b := tr.OpenBodies()[0]
		resp.Body.Close()
		if len(b.PCs) > tc.wantMax || (tc.wantMax > 0 && len(b.PCs) == 0) {
			t.Errorf("depth %d: %d PCs, want 1..%d", tc.depth, len(b.PCs), tc.wantMax)
		}
		if b.StackTruncated != tc.wantTrunc {
			t.Errorf("depth %d: StackTruncated = %v, want %v", tc.depth, b.StackTruncated, tc.wantTrunc)
		}
		s := b.String()
		switch {
		case tc.wantMax == 0 && !strings.Contains(s, "no stack"):
			t.Errorf("depth %d: report does not say the stack is missing:\n%s", tc.depth, s)
		case tc.wantTrunc && !strings.Contains(s, "truncated at 3 frames"):
			t.Errorf("depth %d: report does not say the stack is truncated:\n%s", tc.depth, s)
		case tc.wantMax > 0 && !strings.Contains(s, "bodyleak.TestStackDepthOption"):
			t.Errorf("depth %d: report lacks the caller:\n%s", tc.depth, s)
		}
	}
}

func TestStackSampling(t *testing.T) {
	for _, tc := range []struct {
		n, requests, minStacks, maxStacks int
	}{
		{0, 50, 50, 50},
		{1, 50, 50, 50},
		{2, 400, 100, 300}, // binomial(400, 1/2): mean 200, sd 10
		{1 << 30, 50, 0, 2},
	} {
		tr := NewTransport(fakeRT(), WithStackSampling(tc.n), WithGracePeriod(0))
		for range tc.requests {
			if _, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/s")); err != nil {
				t.Fatal(err)
			}
		}
		stacks := 0
		for _, b := range tr.OpenBodies() {
			if len(b.PCs) > 0 {
				stacks++
			}
		}
		if stacks < tc.minStacks || stacks > tc.maxStacks {
			t.Errorf("WithStackSampling(%d): %d of %d bodies have a stack, want %d..%d",
				tc.n, stacks, tc.requests, tc.minStacks, tc.maxStacks)
		}
		if s := tr.Stats(); s.Open != tc.requests {
			t.Errorf("WithStackSampling(%d): Open = %d, want every body counted", tc.n, s.Open)
		}
		if tc.n == 1<<30 {
			if r := tr.Check().Error(); !strings.Contains(r, "bodies without a recorded stack:") {
				t.Errorf("report does not group stackless bodies:\n%s", r)
			}
		}
	}
}

// TestClientRedirectsAndTimeouts checks the wrapper under the http.Client
// features that wrap or consume bodies themselves: redirect bodies are
// closed by the Client, and Client.Timeout wraps our body in its own.
func TestClientRedirectsAndTimeouts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		io.WriteString(w, "new")
	}))
	defer srv.Close()
	tr := NewTransport(srv.Client().Transport)
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Get(srv.URL + "/old")
	if err != nil {
		t.Fatal(err)
	}
	open := tr.OpenBodies()
	if s := tr.Stats(); s.Total != 2 || s.Open != 1 || len(open) != 1 || open[0].URL != srv.URL+"/new" {
		t.Fatalf("Stats = %+v, open = %+v; want the redirect closed and /new open", s, open)
	}
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s := tr.Stats(); s.Open != 0 {
		t.Errorf("after Close through Client.Timeout's wrapper: Open = %d", s.Open)
	}
}

func TestFramesKeepsAllNetHTTPStack(t *testing.T) {
	var pcs [1]uintptr
	runtime.Callers(1, pcs[:]) // this function, not net/http
	b := OpenBody{PCs: pcs[:]}
	if f := b.Frames(); len(f) != 1 || !strings.HasSuffix(f[0].Function, "TestFramesKeepsAllNetHTTPStack") {
		t.Errorf("Frames = %+v", f)
	}
	pc := reflect.ValueOf(http.Get).Pointer() + 1 // a PC inside net/http
	if f := (OpenBody{PCs: []uintptr{pc}}).Frames(); len(f) != 1 || f[0].Function != "net/http.Get" {
		t.Errorf("a stack made only of net/http frames was trimmed to %+v", f)
	}
}

// TestReverseProxyUpgradeThroughWrapper runs a 101 upgrade through
// httputil.ReverseProxy, which type-asserts the backend response body to
// io.ReadWriteCloser and half-closes it with CloseWrite.
func TestReverseProxyUpgradeThroughWrapper(t *testing.T) {
	backend := upgradeServer(t)
	target, err := url.Parse(backend.URL)
	if err != nil {
		t.Fatal(err)
	}
	tr := NewTransport(backend.Client().Transport)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = tr
	front := httptest.NewServer(proxy)
	defer front.Close()

	resp := upgrade(t, front.Client().Transport, front.URL)
	defer resp.Body.Close()
	rwc := resp.Body.(io.ReadWriteCloser)
	if _, err := io.WriteString(rwc, "through the proxy"); err != nil {
		t.Fatal(err)
	}
	resp.Body.(closeWriter).CloseWrite()
	echo, err := io.ReadAll(rwc)
	if string(echo) != "through the proxy" {
		t.Fatalf("echo = %q, %v", echo, err)
	}
	if s := tr.Stats(); s.Total != 1 {
		t.Errorf("Stats = %+v, want the backend's 101 body tracked", s)
	}
	// The proxy closes the backend body when the tunnel ends.
	deadline := time.Now().Add(2 * time.Second)
	for tr.Stats().Open != 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if s := tr.Stats(); s.Open != 0 {
		t.Errorf("proxy did not close the backend body through the wrapper: %+v", s)
	}
}
