package bodyleak

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fetchUnread closes each body unread: every request dials.
func fetchUnread(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// fetchDrained reads each body to EOF first: the connection is reused.
func fetchDrained(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return err
}

// TestReuseCheck runs five requests of each client against a server that
// counts the connections it accepts, with Track and WithReuseCheck: the
// client that closes bodies unread dials once per request and fails the
// check, naming its call site; the draining one dials once, reuses the
// connection four times and passes.
func TestReuseCheck(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fetch    func(*http.Client, string) error
		accepted int64
		reused   int
		fails    bool
	}{
		{"unread", fetchUnread, 5, 0, true},
		{"drained", fetchDrained, 1, 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, accepted := countingServer(t, 2048)
			base := &http.Transport{}
			t.Cleanup(base.CloseIdleConnections)
			c := &http.Client{Transport: base}
			ft := &fakeTB{}
			tr := Track(ft, c, WithReuseCheck(), WithGracePeriod(0))
			for range 5 {
				if err := tc.fetch(c, srv.URL); err != nil {
					t.Fatal(err)
				}
			}
			sites := tr.Reuse()
			failures := ft.finish()
			if accepted.Load() != tc.accepted || len(sites) != 1 || sites[0].Closed != 5 || sites[0].Reused != tc.reused {
				t.Fatalf("server accepted %d connections, sites %+v; want %d accepted and one site with 5 closed, %d reused",
					accepted.Load(), sites, tc.accepted, tc.reused)
			}
			if got, want := sites[0].ReuseRatio(), float64(tc.reused)/5; got != want {
				t.Errorf("reuse ratio %v, want %v", got, want)
			}
			if !tc.fails {
				if len(failures) > 0 || sites[0].Unread != 0 {
					t.Errorf("the draining client failed the check: %q (unread %d)", failures, sites[0].Unread)
				}
				return
			}
			if len(failures) != 1 || sites[0].Unread != 5 {
				t.Fatalf("failures %q, unread %d; want one failure for 5 unread bodies", failures, sites[0].Unread)
			}
			for _, want := range []string{"5 HTTP response bodies closed before being read to EOF",
				"5 of 5 closed unread, 0 of 5 requests reused a connection", "GET " + srv.URL + " -> 200 OK", "bodyleak.fetchUnread"} {
				if !strings.Contains(failures[0], want) {
					t.Errorf("failure lacks %q:\n%s", want, failures[0])
				}
			}
		})
	}
}

// TestReuseCheckExempt checks that bodies without content to read (HEAD,
// 204, Content-Length: 0) do not fail the check when closed unread, and
// that a leak is reported before unread bodies.
func TestReuseCheckExempt(t *testing.T) {
	srv, _ := countingServer(t, 0)
	empty := srv.URL
	srv204 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(srv204.Close)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	c := &http.Client{Transport: base}
	tr := NewTransport(base, WithReuseCheck(), WithGracePeriod(0))
	c.Transport = tr
	for _, u := range []string{empty, srv204.URL} {
		if err := fetchUnread(c, u); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := c.Head(srv204.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := tr.Check(); err != nil {
		t.Errorf("Check: %v, want nil for bodies with nothing to read", err)
	}
	full, _ := countingServer(t, 100)
	if err := fetchUnread(c, full.URL); err != nil {
		t.Fatal(err)
	}
	leaked, err := c.Get(full.URL)
	if err != nil {
		t.Fatal(err)
	}
	var le *LeakError
	if err := tr.Check(); !errors.As(err, &le) {
		t.Errorf("Check with a leak and an unread body: %v, want the *LeakError first", err)
	}
	leaked.Body.Close()
	var ue *UnreadError
	if err := tr.Check(); !errors.As(err, &ue) || len(ue.Sites) != 2 || ue.Sites[0].Unread != 1 || ue.Sites[1].Unread != 1 {
		t.Errorf("Check after the leak was closed: %v, want an *UnreadError with the two unread bodies, one per call site", err)
	}
}
