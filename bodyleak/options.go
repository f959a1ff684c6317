package bodyleak

import "time"

const (
	// DefaultGracePeriod is how long Check (and therefore Track,
	// TrackDefault and VerifyTestMain) waits for open bodies to be closed
	// before reporting them, unless WithGracePeriod says otherwise.
	DefaultGracePeriod = 100 * time.Millisecond

	// DefaultStackDepth is the number of program counters recorded per
	// response body unless WithStackDepth says otherwise. The first few
	// belong to net/http's Client (about five frames); the rest are the
	// caller's. runtime.Callers costs roughly 35ns per frame, so this keeps
	// the per-request overhead below a microsecond even for deep stacks.
	DefaultStackDepth = 16

	// MaxStackDepth is the largest depth WithStackDepth accepts. The
	// program counters live in a fixed array inside the body wrapper, so
	// capturing them never allocates.
	MaxStackDepth = 32
)

// Option configures a Transport, or the helpers (Track, TrackDefault,
// VerifyTestMain) that create one.
type Option func(*options)

type options struct {
	grace      time.Duration
	depth      int
	sampleN    uint32
	thresholdN int
	thresholdF func(Stats)
	ignore     []func(OpenBody) bool
	conns      bool
	reuse      bool
	pool       *poolAlert
	aging      *agingAlert
}

func defaultOptions() options {
	return options{grace: DefaultGracePeriod, depth: DefaultStackDepth}
}

// WithGracePeriod sets how long Check waits, polling, for bodies that are
// still being closed by goroutines finishing their work before it reports
// them. Zero checks once without waiting; negative values count as zero.
// The default is DefaultGracePeriod.
func WithGracePeriod(d time.Duration) Option {
	return func(o *options) { o.grace = max(d, 0) }
}

// WithStackDepth sets how many program counters are recorded for each body
// (clamped to 0..MaxStackDepth). Zero disables stack capture entirely,
// which removes most of the per-request cost at the price of reports that
// only show method, URL and status. The default is DefaultStackDepth.
func WithStackDepth(n int) Option {
	return func(o *options) { o.depth = min(max(n, 0), MaxStackDepth) }
}

// WithStackSampling records the stack of only one body in n, chosen at
// random; the others are tracked, counted and reported as usual, but
// without a stack. Stack capture is most of the per-request cost
// (runtime.Callers has to unwind through net/http's Client frames, several
// hundred nanoseconds), so a busy service can sample: a call site that
// leaks repeatedly is soon caught with its stack, at a fraction of the
// cost. n <= 1 records every stack, which is the default.
func WithStackSampling(n int) Option {
	return func(o *options) { o.sampleN = uint32(min(max(n, 1), 1<<31)) }
}

// WithThreshold calls fn when the number of open bodies rises to n (from
// below n). It fires once per upward crossing, not on every request, and
// re-arms only once the count has dropped below n again. A typical use is
// alerting at 75% of http.Transport.MaxConnsPerHost, before the pool is
// exhausted. The count covers every host the Transport talks to; give each
// upstream its own Transport (or client) to alert per host.
//
// fn runs synchronously on the goroutine whose RoundTrip crossed the
// threshold, after the Transport's lock is released, and receives the
// Stats at that moment. It must not block; hand slow work to a goroutine.
// If the count drops below n and rises again while fn is still running, fn
// is called again, concurrently.
// WithThreshold panics if n < 1 or fn is nil.
func WithThreshold(n int, fn func(Stats)) Option {
	if n < 1 {
		panic("bodyleak: WithThreshold: n must be at least 1")
	}
	if fn == nil {
		panic("bodyleak: WithThreshold: nil callback")
	}
	return func(o *options) { o.thresholdN, o.thresholdF = n, fn }
}

// WithConnections makes the Transport count the connections of its base,
// which must be an *http.Transport (nil in NewTransport means
// http.DefaultTransport, which is one): open, active and idle per host,
// dialed, closed and reused, and requests waiting for a connection; see
// Connections, which Transport.Connections returns. It installs a
// counting wrapper around the base's DialContext (and DialTLSContext, if
// set), so give it the *http.Transport before its first request; the
// base is changed for every client that uses it. With another base it
// does nothing and Connections returns nil.
func WithConnections() Option {
	return func(o *options) { o.conns = true }
}

// WithIgnore makes Check (and the test helpers) disregard open bodies for
// which ignore returns true, for example a long-lived streaming request
// that a background goroutine keeps open on purpose. It can be given
// several times; a body is ignored if any function matches. It does not
// affect Stats or the threshold, which count every open body.
func WithIgnore(ignore func(OpenBody) bool) Option {
	return func(o *options) {
		if ignore != nil {
			o.ignore = append(o.ignore, ignore)
		}
	}
}
