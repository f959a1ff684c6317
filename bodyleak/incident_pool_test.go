package bodyleak

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// forbiddenServer answers 403 with an HTML page, like the incident's load
// balancer, and counts the connections it accepts and sees closed.
func forbiddenServer(t *testing.T) (srv *httptest.Server, accepted, closed *atomic.Int64) {
	t.Helper()
	accepted, closed = new(atomic.Int64), new(atomic.Int64)
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><body><h1>403 Forbidden</h1></body></html>\n")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			accepted.Add(1)
		case http.StateClosed, http.StateHijacked:
			closed.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, accepted, closed
}

// TestIncidentPoolAlert runs the incident against a real server with
// MaxConnsPerHost 8 and WithPoolAlert(0.75, 0.5): with the buggy
// fetchStatus the alert fires at the 6th leaked body, while no request
// waits for a connection yet, and names fetchStatus; with the fix it never
// fires and holds no connection. The dials the Transport counts are the
// connections the server accepted.
func TestIncidentPoolAlert(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fetch fetchFunc
		n     int
	}{
		{"leaky", fetchStatus, 7}, // the 7th still gets a connection; the 9th would wait forever
		{"fixed", fetchStatusFixed, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, accepted, _ := forbiddenServer(t)
			base := &http.Transport{MaxConnsPerHost: 8}
			t.Cleanup(base.CloseIdleConnections)
			var alerts []PoolAlert
			var atRequest []int
			request := 0
			tr := NewTransport(base, WithConnections(), WithPoolAlert(0.75, 0.5, func(a PoolAlert) {
				alerts = append(alerts, a)
				atRequest = append(atRequest, request)
			}))
			c := &http.Client{Transport: tr}
			for request = 1; request <= tc.n; request++ {
				if code, err := tc.fetch(c, srv.URL+"/session"); err != nil || code != http.StatusForbidden {
					t.Fatalf("request %d: %d, %v", request, code, err)
				}
			}
			if tc.name == "fixed" {
				waitActive(t, tr, 0) // net/http closes the unread pages' connections on its own goroutine
			}
			h := tr.Connections().Hosts()[0]
			switch tc.name {
			case "leaky":
				if len(alerts) != 1 || atRequest[0] != 6 || alerts[0].Host.Active != 6 || alerts[0].Host.Waiting != 0 {
					t.Fatalf("alerts %+v at requests %v, want one, at the 6th leaked body, with nobody waiting", alerts, atRequest)
				}
				if s := alerts[0].Sites; len(s) == 0 || s[0].Count != 5 || s[0].Frame.Function != "github.com/bodyclosecheck/bodyclosecheck/bodyleak.fetchStatus" {
					t.Errorf("call sites %+v, want fetchStatus holding the 5 bodies before the 6th", s)
				}
				if h.Dialed != uint64(tc.n) || h.Reused != 0 {
					t.Errorf("%+v: want a connection per leaked body, none reused", h)
				}
			case "fixed":
				if len(alerts) != 0 {
					t.Errorf("the fixed client raised %d alerts", len(alerts))
				}
				// It closes the 403 pages unread, so net/http closes their
				// connections instead of pooling them (see #18, draining):
				// a dial per request, but none held.
				if h.Active != 0 || h.Waiting != 0 || h.Dialed != uint64(tc.n) {
					t.Errorf("%+v: want nothing held, a connection per unread 403 page", h)
				}
			}
			if h.Dialed != uint64(accepted.Load()) {
				t.Errorf("dialed %d, but the server accepted %d connections", h.Dialed, accepted.Load())
			}
		})
	}
}
