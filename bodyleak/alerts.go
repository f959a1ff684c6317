package bodyleak

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"time"
)

// CallSite is a place in the program that holds response bodies open: the
// bodies whose requests were made from the same stack.
type CallSite struct {
	// Frame is the first frame outside net/http's Client: the code that
	// made the requests (zero when no stack was recorded).
	Frame     runtime.Frame
	Count     int           // open bodies
	OldestAge time.Duration // how long the oldest of them has been open
	Example   OpenBody      // the oldest of them
}

// CallSites groups the open bodies by the stack that obtained them, most
// bodies first. Like OpenBodies it allocates and copies under t's lock.
func (t *Transport) CallSites() []CallSite {
	var out []CallSite
	for _, g := range t.siteGroups() {
		out = append(out, g.callSite())
	}
	return out
}

// siteGroups groups the open bodies by stack, most bodies first; within a
// group the bodies are oldest first.
func (t *Transport) siteGroups() []site {
	groups := groupBySite(t.OpenBodies())
	slices.SortStableFunc(groups, func(a, b site) int { return cmp.Compare(len(b.bodies), len(a.bodies)) })
	return groups
}

// callSite summarises a group of bodies.
func (s site) callSite() CallSite {
	cs := CallSite{Count: len(s.bodies), OldestAge: s.bodies[0].Age, Example: s.bodies[0]}
	if frames := s.bodies[0].Frames(); len(frames) > 0 {
		cs.Frame = frames[0]
	}
	return cs
}

// topSites bounds the call sites an alert carries.
const topSites = 5

// PoolAlert is what WithPoolAlert reports: the host whose pool is almost
// exhausted, and the call sites holding the most bodies open.
type PoolAlert struct {
	Host  HostStats
	Sites []CallSite // at most five, most bodies first
}

// poolAlert is the configuration of WithPoolAlert.
type poolAlert struct {
	fire, rearm float64
	fn          func(PoolAlert)
}

// WithPoolAlert calls fn when the active connections to a host rise to
// the fraction fire of the transport's MaxConnsPerHost (0.75: at 12 of
// 16), once per crossing: it re-arms only when they have fallen to the
// fraction rearm or below (0.5: 8 of 16), so a count that hovers around
// the mark does not fire on every request. It needs WithConnections and a
// MaxConnsPerHost: net/http queues requests only then (without a limit it
// opens connections until the system runs out). fn receives the host's
// figures and the top call sites holding bodies open; it runs on the
// goroutine whose request took the connection, after the locks are
// released, and must not block.
// WithPoolAlert panics unless 0 <= rearm < fire <= 1, or if fn is nil.
func WithPoolAlert(fire, rearm float64, fn func(PoolAlert)) Option {
	if !(0 <= rearm && rearm < fire && fire <= 1) {
		panic("bodyleak: WithPoolAlert: want 0 <= rearm < fire <= 1")
	}
	if fn == nil {
		panic("bodyleak: WithPoolAlert: nil callback")
	}
	return func(o *options) { o.pool = &poolAlert{fire: fire, rearm: rearm, fn: fn} }
}

// marks returns the active counts at which a pool alert fires and re-arms
// for a limit of max connections; ok is false without a limit.
func (a *poolAlert) marks(max int) (fire, rearm int, ok bool) {
	if a == nil || max <= 0 {
		return 0, 0, false
	}
	return int(math.Ceil(a.fire * float64(max))), int(math.Floor(a.rearm * float64(max))), true
}

// AgingAlert is what WithAgingAlert reports: how many bodies have been open
// longer than the age given, and the call sites holding the most bodies.
type AgingAlert struct {
	Stats Stats
	Old   int        // bodies open longer than the age
	Sites []CallSite // at most five, most bodies first
}

// agingAlert is the configuration of WithAgingAlert.
type agingAlert struct {
	age time.Duration
	n   int
	fn  func(AgingAlert)
}

// WithAgingAlert calls fn when n bodies have been open longer than age
// while new responses keep coming: the slow leak that a count threshold
// misses when the pool is large, and that keeps growing while the bodies
// already leaked sit idle. It is checked at each new response, in O(n),
// and fires once per crossing; it re-arms when, at a new response, fewer
// than n bodies are that old. fn runs as WithThreshold's does.
// WithAgingAlert panics if age <= 0, n < 1 or fn is nil.
func WithAgingAlert(age time.Duration, n int, fn func(AgingAlert)) Option {
	if age <= 0 || n < 1 || fn == nil {
		panic("bodyleak: WithAgingAlert: want age > 0, n >= 1 and a callback")
	}
	return func(o *options) { o.aging = &agingAlert{age: age, n: n, fn: fn} }
}

// checkAging reports whether the aging alert fires now, with the number of
// old bodies. t.mu is held.
func (t *Transport) checkAging(now time.Duration) (old int, fire bool) {
	a := t.opts.aging
	if a == nil {
		return 0, false
	}
	for b := t.head; b != nil && old < a.n && now-b.start > a.age; b = b.next {
		old++
	}
	if old < a.n {
		t.agingArmed = true
		return old, false
	}
	fire, t.agingArmed = t.agingArmed, false
	return old, fire
}

// sites returns the top call sites for an alert.
func (t *Transport) sites() []CallSite {
	s := t.CallSites()
	return s[:min(len(s), topSites)]
}
