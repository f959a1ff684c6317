package bodyleak

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// leak makes a request whose body it does not close.
func leak(t *testing.T, c *http.Client, url string) *http.Response {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestPoolAlertFiresOncePerCrossing checks WithPoolAlert(0.75, 0.25) with
// MaxConnsPerHost 4: it fires when the third connection is held by a
// leaked body, with that host's figures and the call site holding them,
// not again while the count stays above the low mark, and again only
// after it has fallen to it (one active connection).
func TestPoolAlertFiresOncePerCrossing(t *testing.T) {
	srv, _ := countingServer(t, 10)
	base := &http.Transport{MaxConnsPerHost: 4}
	t.Cleanup(base.CloseIdleConnections)
	var alerts []PoolAlert
	tr := NewTransport(base, WithConnections(), WithPoolAlert(0.75, 0.25, func(a PoolAlert) { alerts = append(alerts, a) }))
	c := &http.Client{Transport: tr}
	var open []*http.Response
	for range 4 {
		open = append(open, leak(t, c, srv.URL))
	}
	if len(alerts) != 1 || alerts[0].Host.Active != 3 || alerts[0].Host.MaxConnsPerHost != 4 {
		t.Fatalf("after 4 leaked bodies: alerts %+v, want one, at 3 of 4 active", alerts)
	}
	if s := alerts[0].Sites; len(s) != 1 || s[0].Count != 2 || !strings.HasSuffix(s[0].Frame.Function, ".leak") {
		t.Errorf("alert's call sites %+v, want leak holding the 2 bodies open before the third", s)
	}
	closeFirst := func(n int) {
		for _, r := range open[:n] {
			r.Body.Close()
		}
		open = open[n:]
	}
	closeFirst(2) // 2 active: above the low mark
	waitActive(t, tr, 2)
	open = append(open, leak(t, c, srv.URL))
	if len(alerts) != 1 {
		t.Fatalf("re-crossing without falling to the low mark: %d alerts, want 1", len(alerts))
	}
	closeFirst(2) // 1 active: re-armed
	waitActive(t, tr, 1)
	open = append(open, leak(t, c, srv.URL), leak(t, c, srv.URL))
	if len(alerts) != 2 || alerts[1].Host.Active != 3 {
		t.Errorf("after re-arming: alerts %+v, want a second at 3 active", alerts)
	}
	closeFirst(len(open))
}

// waitActive waits until the one host of tr has at most n active
// connections: a body closed unread makes net/http close its connection
// on its own goroutine, shortly after Close returns.
func waitActive(t *testing.T, tr *Transport, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for tr.Connections().Hosts()[0].Active > n {
		if time.Now().After(deadline) {
			t.Fatalf("still %+v after 5s, want at most %d active", tr.Connections().Hosts()[0], n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPoolAlertNeedsALimit checks that without MaxConnsPerHost the alert
// never fires: net/http queues nothing then.
func TestPoolAlertNeedsALimit(t *testing.T) {
	srv, _ := countingServer(t, 10)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	fired := 0
	c := &http.Client{Transport: NewTransport(base, WithConnections(), WithPoolAlert(0.5, 0, func(PoolAlert) { fired++ }))}
	for range 3 {
		defer leak(t, c, srv.URL).Body.Close()
	}
	if fired != 0 {
		t.Errorf("fired %d times without a limit", fired)
	}
}

// TestAgingAlert checks WithAgingAlert(time.Minute, 2): it fires at the
// response that finds two bodies open longer than a minute, not again
// until a response finds fewer, and then again; on a fake clock.
func TestAgingAlert(t *testing.T) {
	var alerts []AgingAlert
	base := roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Status: "200 OK", Body: io.NopCloser(strings.NewReader("x"))}, nil
	})
	tr := NewTransport(base, WithAgingAlert(time.Minute, 2, func(a AgingAlert) { alerts = append(alerts, a) }))
	var clock time.Duration
	tr.now = func() time.Duration { return clock }
	get := func(at time.Duration) *http.Response {
		clock = at
		req, _ := http.NewRequest("GET", "http://example.com/", nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	a, b := get(0), get(0)
	get(2 * time.Minute) // a and b are old
	if len(alerts) != 1 || alerts[0].Old != 2 || alerts[0].Stats.Open != 3 || len(alerts[0].Sites) == 0 {
		t.Fatalf("alerts %+v, want one with 2 old of 3 open and its call sites", alerts)
	}
	get(2 * time.Minute)
	a.Body.Close()
	b.Body.Close()
	get(3 * time.Minute) // the two of 2 minutes are exactly a minute old: not older, re-armed
	get(4 * time.Minute)
	if len(alerts) != 2 || alerts[1].Old != 2 {
		t.Errorf("alerts %+v, want a second once re-armed", alerts)
	}
}
