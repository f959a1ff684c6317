package bodyleak

import (
	"math/rand/v2"
	"net/http"
	"runtime"
	"sync"
	"time"
)

// Transport is an http.RoundTripper that wraps another one and keeps track
// of every response body it hands out until that body is closed. It is safe
// for concurrent use. Create it with NewTransport; the zero value is not
// usable.
type Transport struct {
	base  http.RoundTripper
	opts  options
	now   func() time.Duration // monotonic time since epoch; replaceable in tests
	conns *Connections         // with WithConnections and an *http.Transport base

	mu         sync.Mutex
	head, tail *body // open bodies, oldest first
	open       int
	maxOpen    int
	total      uint64
	armed      bool                      // threshold may fire on the next upward crossing
	agingArmed bool                      // the aging alert may fire
	reuse      map[reuseKey]*reuseCounts // with WithReuseCheck: closed bodies by stack
}

// epoch is the origin of the monotonic timestamps kept per body.
var epoch = time.Now()

// sinceEpoch reads only the monotonic clock, which is about twice as cheap
// as time.Now.
func sinceEpoch() time.Duration { return time.Since(epoch) }

// Stats is a snapshot of a Transport's bookkeeping.
type Stats struct {
	// Open is the number of response bodies handed out and not yet closed.
	Open int
	// MaxOpen is the highest value Open has reached.
	MaxOpen int
	// OldestAge is how long the oldest open body has been open, or zero
	// when none is.
	OldestAge time.Duration
	// Total is the number of response bodies handed out so far.
	Total uint64
}

// NewTransport returns a Transport that sends requests through base and
// tracks the response bodies it returns. A nil base means the value of
// http.DefaultTransport at the time of the call (it is not looked up again
// per request, so assigning the result to http.DefaultTransport is safe).
func NewTransport(base http.RoundTripper, opts ...Option) *Transport {
	if base == nil {
		base = http.DefaultTransport
	}
	t := &Transport{base: base, opts: defaultOptions(), now: sinceEpoch, armed: true, agingArmed: true}
	for _, o := range opts {
		o(&t.opts)
	}
	if tr, ok := base.(*http.Transport); ok && t.opts.conns {
		t.conns = watchConnections(tr)
		t.conns.alert, t.conns.sites = t.opts.pool, t.sites
	}
	return t
}

// Connections returns the per-host connection counts of t's base, or nil
// unless t was made WithConnections around an *http.Transport.
func (t *Transport) Connections() *Connections { return t.conns }

// Base returns the RoundTripper that t wraps.
func (t *Transport) Base() http.RoundTripper { return t.base }

// RoundTrip implements http.RoundTripper. It calls the base RoundTripper
// and, when that returns a response with a body other than nil or
// http.NoBody, replaces Response.Body with a wrapper that records the
// request's method and URL, the status, the time and the caller's stack
// until it is closed. Errors and responses are otherwise passed through
// untouched; a response returned together with a non-nil error is not
// tracked (http.Client ignores such responses).
//
// The wrapper implements io.Writer (and CloseWrite) exactly when the
// original body does, so 101 Switching Protocols bodies can still be
// written to.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var tr *requestTrace
	if t.conns != nil {
		req, tr = t.conns.trace(req)
		defer tr.done()
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil || resp == nil || resp.Body == nil || resp.Body == http.NoBody {
		return resp, err
	}
	b, rc := wrap(t, resp.Body)
	if t.opts.sampleN <= 1 || rand.Uint32N(t.opts.sampleN) == 0 {
		// Skip runtime.Callers and RoundTrip: the first PC is our caller.
		// This must stay in RoundTrip itself for the skip count to hold.
		b.n = runtime.Callers(2, b.pcs[:t.opts.depth])
	}
	b.method, b.url = req.Method, req.URL
	b.code, b.status = resp.StatusCode, resp.Status
	if t.opts.reuse && tr != nil {
		b.reused, b.reusable = tr.wasReused(), reusable(req, resp)
	}
	t.track(b)
	resp.Body = rc
	return resp, nil
}

// CloseIdleConnections calls CloseIdleConnections on the base RoundTripper
// if it has that method, so that http.Client.CloseIdleConnections keeps
// working through the wrapper.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// track appends b to the list of open bodies and fires the threshold
// callback if this insertion crossed it.
func (t *Transport) track(b *body) {
	b.start = t.now()
	t.mu.Lock()
	b.listed = true
	b.prev = t.tail
	if t.tail != nil {
		t.tail.next = b
	} else {
		t.head = b
	}
	t.tail = b
	t.open++
	t.total++
	t.maxOpen = max(t.maxOpen, t.open)
	fire := t.armed && t.opts.thresholdN > 0 && t.open >= t.opts.thresholdN
	old, aging := t.checkAging(b.start)
	var s Stats
	if fire || aging {
		t.armed = t.armed && !fire
		s = t.statsLocked(b.start)
	}
	t.mu.Unlock()
	if fire {
		t.opts.thresholdF(s)
	}
	if aging {
		t.opts.aging.fn(AgingAlert{Stats: s, Old: old, Sites: t.sites()})
	}
}

// release removes b from the list of open bodies. Only the first call for
// a given body has any effect.
func (t *Transport) release(b *body) {
	t.mu.Lock()
	if b.listed {
		b.listed = false
		if b.prev != nil {
			b.prev.next = b.next
		} else {
			t.head = b.next
		}
		if b.next != nil {
			b.next.prev = b.prev
		} else {
			t.tail = b.prev
		}
		b.prev, b.next = nil, nil
		t.open--
		if t.opts.reuse {
			t.noteClose(b)
		}
		if t.open < t.opts.thresholdN {
			t.armed = true
		}
	}
	t.mu.Unlock()
}

// Stats returns a snapshot of t's counters. It is cheap (constant time,
// no allocation) and safe to call at any time, for example from a metrics
// scrape.
func (t *Transport) Stats() Stats {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.statsLocked(now)
}

func (t *Transport) statsLocked(now time.Duration) Stats {
	s := Stats{Open: t.open, MaxOpen: t.maxOpen, Total: t.total}
	if t.head != nil {
		s.OldestAge = max(now-t.head.start, 0)
	}
	return s
}
