// Package bodyleak detects HTTP response bodies that are never closed, at
// run time, in the spirit of go.uber.org/goleak.
//
// An unclosed response body pins its connection: net/http cannot reuse it,
// and with http.Transport.MaxConnsPerHost set, requests eventually block
// waiting for a connection that never comes back. The classic culprit
// closes the body only on the happy path:
//
//	resp, err := c.Get(url)
//	if err != nil {
//		return err
//	}
//	if resp.StatusCode == http.StatusOK { // a 403 from a proxy leaks
//		defer resp.Body.Close()
//		...
//	}
//
// Mocks that return no body never show the problem. This package wraps a
// real (or fake) http.RoundTripper and records every body it hands out,
// with the stack of the code that made the request, until it is closed.
//
// # Tests
//
// Track wraps one client for the duration of a test and fails the test if
// a body is still open when it ends:
//
//	func TestFetch(t *testing.T) {
//		srv := httptest.NewServer(handler)
//		defer srv.Close()
//		c := srv.Client()
//		bodyleak.Track(t, c)
//		fetch(c, srv.URL) // code under test
//	}
//
// TrackDefault does the same for http.DefaultTransport (http.Get,
// http.DefaultClient, clients with a nil Transport), and VerifyTestMain
// checks a whole package:
//
//	func TestMain(m *testing.M) {
//		bodyleak.VerifyTestMain(m)
//	}
//
// The checks wait a grace period (DefaultGracePeriod, see WithGracePeriod)
// for bodies that goroutines are still closing, then report each open body
// with its method, URL, status, age and stack, grouped by call site.
//
// # Production
//
// A Transport is cheap enough to leave in production: one allocation per
// response body and a few hundred nanoseconds, most of it runtime.Callers
// unwinding through net/http's Client (see the README for benchmarks, and
// WithStackSampling or WithStackDepth to trade stacks for speed; counting
// alone costs about 150ns). Stacks are symbolized only when reported. Its
// Stats give the number of open
// bodies and the age of the oldest at any time, OpenBodies lists them, Var
// exposes the Stats to expvar, and WithThreshold alerts before the
// connection pool runs out:
//
//	base := &http.Transport{MaxConnsPerHost: 100}
//	tr := bodyleak.NewTransport(base, bodyleak.WithThreshold(75, func(s bodyleak.Stats) {
//		log.Printf("%d HTTP response bodies open, oldest %v", s.Open, s.OldestAge)
//	}))
//	client := &http.Client{Transport: tr}
//	expvar.Publish("http_client_bodies", tr.Var())
//
// Nothing is registered anywhere unless you do it: the package has no init
// side effects and does not even import expvar. Prometheus users can read
// Stats from gauge functions:
//
//	prometheus.MustRegister(
//		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
//			Name: "http_client_open_response_bodies",
//			Help: "Response bodies handed out and not yet closed.",
//		}, func() float64 { return float64(tr.Stats().Open) }),
//		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
//			Name: "http_client_oldest_open_response_body_age_seconds",
//			Help: "Age of the oldest response body not yet closed.",
//		}, func() float64 { return tr.Stats().OldestAge.Seconds() }),
//	)
//
// # What counts as open
//
// A body is open from the moment RoundTrip returns it until its Close
// method is first called, whatever Close returns. Reading it to io.EOF does
// not count as closing it. net/http's Transport does give an HTTP/1.x
// connection back to its pool once the body has been read to EOF, so such
// code does not exhaust the pool today; but the net/http documentation
// requires Close, and code that relies on EOF leaks as soon as reading
// stops early (a decoding error, an io.LimitReader, a decoder that leaves
// trailing bytes unread). Reports mark these bodies "read to EOF but not
// closed" so they can be told apart.
//
// The converse costs no leak but a connection: a body closed before it was
// read to EOF makes net/http close its HTTP/1.x connection instead of
// pooling it, so the next request dials again. WithReuseCheck records
// those bodies per call site, with the share of requests that reused a
// connection (Transport.Reuse), and makes Check fail with an *UnreadError
// naming them, so that a test can assert that a client reuses its
// connections:
//
//	bodyleak.Track(t, c, bodyleak.WithReuseCheck())
//
// Nil bodies and http.NoBody (which net/http returns for HEAD requests and
// for 204 and 304 responses) hold no connection and are not tracked, and
// neither are responses returned together with an error.
//
// The wrapper is transparent: Read and Close go straight to the original
// body and return its results unchanged, so closing twice and reading
// after close behave exactly as before. When the original body is an
// io.Writer (the body of a 101 Switching Protocols response is an
// io.ReadWriteCloser with a CloseWrite method), the wrapper is one too,
// with the same CloseWrite; otherwise it is not.
package bodyleak
