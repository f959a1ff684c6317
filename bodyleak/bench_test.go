package bodyleak

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// nopBody is a zero-size body: storing it in an interface does not allocate.
type nopBody struct{}

func (nopBody) Read([]byte) (int, error) { return 0, io.EOF }
func (nopBody) Close() error             { return nil }

// cannedRT returns the same preallocated response every time, so that a
// benchmark through it measures only what wraps it. Not for concurrent use.
type cannedRT struct{ resp http.Response }

func (c *cannedRT) RoundTrip(*http.Request) (*http.Response, error) {
	c.resp.Body = nopBody{}
	return &c.resp, nil
}

// allocRT allocates a fresh response per request; safe for concurrent use.
type allocRT struct{}

func (allocRT) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Status: "200 OK", Body: nopBody{}, Request: r}, nil
}

func roundTripLoop(b *testing.B, rt http.RoundTripper, req *http.Request) {
	for b.Loop() {
		resp, err := rt.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

// atDepth calls f from n extra stack frames, to measure stack capture with
// a realistic call depth.
//
//go:noinline
func atDepth(n int, f func()) {
	if n == 0 {
		f()
		return
	}
	atDepth(n-1, f)
}

// BenchmarkRoundTrip compares the bare in-memory transport with the
// tracking wrapper around it. The difference between "bare" and
// "tracked" is the per-request overhead: wrapper allocation, stack
// capture, timestamp and list insertion/removal.
func BenchmarkRoundTrip(b *testing.B) {
	req := mustRequest("GET", "http://example.invalid/")
	newCanned := func() http.RoundTripper {
		return &cannedRT{resp: http.Response{StatusCode: 200, Status: "200 OK"}}
	}
	cases := []struct {
		name  string
		rt    func() http.RoundTripper
		depth int // extra caller frames
	}{
		{"bare", newCanned, 0},
		{"tracked", func() http.RoundTripper { return NewTransport(newCanned()) }, 0},
		{"tracked-nostack", func() http.RoundTripper { return NewTransport(newCanned(), WithStackDepth(0)) }, 0},
		{"bare-deep30", newCanned, 30},
		{"tracked-deep30", func() http.RoundTripper { return NewTransport(newCanned()) }, 30},
		{"tracked-deep30-depth32", func() http.RoundTripper {
			return NewTransport(newCanned(), WithStackDepth(MaxStackDepth))
		}, 30},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			rt := tc.rt()
			atDepth(tc.depth, func() { roundTripLoop(b, rt, req) })
		})
	}
}

// BenchmarkRoundTripParallel measures contention on the Transport's lock.
// The base allocates one response per request in both cases.
func BenchmarkRoundTripParallel(b *testing.B) {
	req := mustRequest("GET", "http://example.invalid/")
	for _, tc := range []struct {
		name string
		rt   http.RoundTripper
	}{{"bare", allocRT{}}, {"tracked", NewTransport(allocRT{})}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, err := tc.rt.RoundTrip(req)
					if err != nil {
						b.Error(err)
						return
					}
					resp.Body.Close()
				}
			})
		})
	}
}

// BenchmarkClientGet puts the overhead in the context of a real
// http.Client call (still in memory, no network). Stack capture costs more
// here than in BenchmarkRoundTrip because runtime.Callers has to unwind
// through net/http's large Client functions.
func BenchmarkClientGet(b *testing.B) {
	for _, tc := range []struct {
		name string
		rt   http.RoundTripper
	}{
		{"bare", allocRT{}},
		{"tracked", NewTransport(allocRT{})},
		{"tracked-sample16", NewTransport(allocRT{}, WithStackSampling(16))},
		{"tracked-nostack", NewTransport(allocRT{}, WithStackDepth(0))},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			c := &http.Client{Transport: tc.rt}
			for b.Loop() {
				resp, err := c.Get("http://example.invalid/")
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
	}
}

func BenchmarkStats(b *testing.B) {
	tr := NewTransport(allocRT{})
	resp, _ := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
	defer resp.Body.Close()
	b.ReportAllocs()
	for b.Loop() {
		_ = tr.Stats()
	}
}

// BenchmarkLoopback measures a whole request to a loopback server over a
// kept-alive connection, read to the end and closed: bare, through a
// Transport, and through a Transport WithConnections (the per-request
// cost of the connection view: the httptrace hooks on each request).
func BenchmarkLoopback(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	for _, tc := range []struct {
		name string
		wrap func(*http.Transport) http.RoundTripper
	}{
		{"bare", func(t *http.Transport) http.RoundTripper { return t }},
		{"tracked", func(t *http.Transport) http.RoundTripper { return NewTransport(t) }},
		{"tracked-conns", func(t *http.Transport) http.RoundTripper { return NewTransport(t, WithConnections()) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			base := &http.Transport{}
			defer base.CloseIdleConnections()
			c := &http.Client{Transport: tc.wrap(base)}
			b.ReportAllocs()
			for b.Loop() {
				resp, err := c.Get(srv.URL)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
