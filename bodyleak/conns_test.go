package bodyleak

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingServer is a loopback server whose handler writes a body of n
// bytes, and which counts the connections it accepts.
func countingServer(t *testing.T, n int) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var accepted atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", n))
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			accepted.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &accepted
}

// watched returns a client whose transport counts its connections.
func watched(t *testing.T, maxConns int) (*http.Client, *Transport) {
	t.Helper()
	base := &http.Transport{MaxConnsPerHost: maxConns}
	t.Cleanup(base.CloseIdleConnections)
	tr := NewTransport(base, WithConnections())
	if tr.Connections() == nil {
		t.Fatal("WithConnections around an *http.Transport: no Connections")
	}
	return &http.Client{Transport: tr}, tr
}

// host returns the one host's figures.
func host(t *testing.T, tr *Transport) HostStats {
	t.Helper()
	hs := tr.Connections().Hosts()
	if len(hs) != 1 {
		t.Fatalf("hosts %+v, want one", hs)
	}
	return hs[0]
}

// TestConnectionsReuseWhenDrained checks the figures of a client that
// reads each body to the end and closes it: one connection, dialed once,
// idle between requests and reused by all but the first, as the server
// counts too.
func TestConnectionsReuseWhenDrained(t *testing.T) {
	srv, accepted := countingServer(t, 10)
	c, tr := watched(t, 4)
	for range 5 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	h := host(t, tr)
	want := HostStats{Host: strings.TrimPrefix(srv.URL, "http://"), Open: 1, Idle: 1, Dialed: 1, Reused: 4, Leased: 5, Waits: 5,
		MaxConnsPerHost: 4, MaxIdleConnsPerHost: http.DefaultMaxIdleConnsPerHost}
	h.WaitTime, h.MaxWait = 0, 0
	if h != want || accepted.Load() != 1 {
		t.Errorf("figures %+v (server accepted %d), want %+v and 1", h, accepted.Load(), want)
	}
}

// TestConnectionsClosedUndrained checks a client that closes bodies
// before their end: net/http closes the connection each time, so every
// request dials, none reuses, and nothing stays open.
func TestConnectionsClosedUndrained(t *testing.T) {
	srv, accepted := countingServer(t, 1<<20)
	c, tr := watched(t, 0)
	for range 3 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for host(t, tr).Open != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // the transport closes the connection on its own goroutine
	}
	h := host(t, tr)
	if h.Dialed != 3 || h.Closed != 3 || h.Open != 0 || h.Active != 0 || h.Reused != 0 || accepted.Load() != 3 {
		t.Errorf("figures %+v (server accepted %d), want 3 dialed and closed, none open or reused", h, accepted.Load())
	}
}

// TestConnectionsWaitForLeakedBody checks the incident's shape: with
// MaxConnsPerHost 1 a body that is not closed keeps its connection
// active, the next request waits for it, and closing the body lets the
// request through, its wait counted.
func TestConnectionsWaitForLeakedBody(t *testing.T) {
	srv, _ := countingServer(t, 10)
	c, tr := watched(t, 1)
	leaked, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if h := host(t, tr); h.Active != 1 || h.Open != 1 {
		t.Fatalf("with an unread body: %+v, want one active connection", h)
	}
	done := make(chan error)
	go func() {
		resp, err := c.Get(srv.URL)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		done <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for host(t, tr).Waiting != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("no request waiting: %+v", host(t, tr))
		}
		time.Sleep(time.Millisecond)
	}
	if h := host(t, tr); h.Dialing != 0 {
		t.Errorf("waiting for the pool: %+v, want no dial under way", h)
	}
	time.Sleep(20 * time.Millisecond)
	io.Copy(io.Discard, leaked.Body)
	leaked.Body.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h := host(t, tr)
	if h.Waiting != 0 || h.Waits != 2 || h.MaxWait < 20*time.Millisecond || h.Open != 1 || h.Active != 0 || h.Reused != 1 {
		t.Errorf("after the close: %+v, want the second request's wait of 20 ms or more counted, the connection reused and idle", h)
	}
}

// TestConnectionsOtherBase checks that WithConnections does nothing to a
// RoundTripper that is not an *http.Transport.
func TestConnectionsOtherBase(t *testing.T) {
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, io.EOF })
	if tr := NewTransport(base, WithConnections()); tr.Connections() != nil {
		t.Error("Connections of a Transport around a RoundTripper func")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
