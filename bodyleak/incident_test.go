package bodyleak

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fetchStatus reproduces the incident: it closes the body only when the
// status is 200, so a 403 from a load balancer leaks the body and pins the
// connection.
func fetchStatus(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusOK {
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return 0, err
		}
	}
	return resp.StatusCode, nil
}

// fetchStatusFixed is fetchStatus with the fix: close on every path.
func fetchStatusFixed(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return 0, err
		}
	}
	return resp.StatusCode, nil
}

// statusServer answers every request with the given status and an HTML
// body, like the load balancer in the incident.
func statusServer(t *testing.T, code int) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>\n", code, http.StatusText(code))
	}))
	t.Cleanup(srv.Close)
	return srv
}

type fetchFunc func(*http.Client, string) (int, error)

// runTracked runs fetch against srv with a client tracked through a fake
// TB, and returns the failures the helper reported.
func runTracked(t *testing.T, srv *httptest.Server, fetch fetchFunc) []string {
	t.Helper()
	ft := &fakeTB{}
	c := srv.Client()
	orig := c.Transport
	Track(ft, c, WithGracePeriod(20*time.Millisecond))
	code, err := fetch(c, srv.URL+"/status")
	if err != nil {
		t.Fatalf("fetch: %v", err)
	}
	if code == 0 {
		t.Fatalf("fetch returned status 0")
	}
	failures := ft.finish()
	if c.Transport != orig {
		t.Errorf("Track did not restore the client's transport: got %T", c.Transport)
	}
	return failures
}

func TestIncident403LeakIsReported(t *testing.T) {
	srv := statusServer(t, http.StatusForbidden)
	failures := runTracked(t, srv, fetchStatus)
	if len(failures) != 1 {
		t.Fatalf("want exactly one failure, got %d: %q", len(failures), failures)
	}
	report := failures[0]
	for _, want := range []string{
		"bodyleak: 1 HTTP response body never closed",
		"GET " + srv.URL + "/status -> 403 Forbidden",
		"github.com/bodyclosecheck/bodyclosecheck/bodyleak.fetchStatus\n",
		"incident_test.go:",
		"bodyleak.runTracked",
		"bodyleak.TestIncident403LeakIsReported",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report does not contain %q:\n%s", want, report)
		}
	}
	// The net/http plumbing between fetchStatus and RoundTrip is trimmed:
	// the first frame listed is the code that made the request.
	_, stack, _ := strings.Cut(report, "obtained at:\n")
	if first := strings.TrimSpace(strings.SplitN(stack, "\n", 2)[0]); first != "github.com/bodyclosecheck/bodyclosecheck/bodyleak.fetchStatus" {
		t.Errorf("first frame = %q, want fetchStatus\n%s", first, report)
	}
}

func TestIncidentFixedAndHappyPathPass(t *testing.T) {
	for _, tc := range []struct {
		name  string
		code  int
		fetch fetchFunc
	}{
		{"403 fixed", http.StatusForbidden, fetchStatusFixed},
		{"200 buggy", http.StatusOK, fetchStatus},
		{"200 fixed", http.StatusOK, fetchStatusFixed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := statusServer(t, tc.code)
			if failures := runTracked(t, srv, tc.fetch); len(failures) != 0 {
				t.Errorf("unexpected failures: %q", failures)
			}
		})
	}
}

// TestIncidentWithRealT runs the fixed code under Track with the real
// *testing.T: a leak here would fail this test.
func TestIncidentWithRealT(t *testing.T) {
	srv := statusServer(t, http.StatusForbidden)
	c := srv.Client()
	tr := Track(t, c)
	for range 3 {
		if code, err := fetchStatusFixed(c, srv.URL); err != nil || code != http.StatusForbidden {
			t.Fatalf("fetchStatusFixed = %d, %v", code, err)
		}
	}
	if s := tr.Stats(); s.Total != 3 || s.Open != 0 {
		t.Errorf("Stats = %+v, want Total 3, Open 0", s)
	}
}

// TestIncidentThresholdFiresBeforePoolExhaustion shows the production side
// of the incident: with MaxConnsPerHost 4 and an alert at 75%, the alert
// fires on the third leaked body, while a fourth request could still get
// a connection.
func TestIncidentThresholdFiresBeforePoolExhaustion(t *testing.T) {
	srv := statusServer(t, http.StatusForbidden)
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.MaxConnsPerHost = 4
	t.Cleanup(base.CloseIdleConnections)
	var alerts []Stats
	tr := NewTransport(base, WithThreshold(3, func(s Stats) { alerts = append(alerts, s) }))
	c := &http.Client{Transport: tr}
	for i := 1; i <= 4; i++ {
		if _, err := fetchStatus(c, srv.URL); err != nil {
			t.Fatal(err)
		}
		if want := min(max(i-2, 0), 1); len(alerts) != want {
			t.Fatalf("after %d leaked bodies: %d alerts, want %d", i, len(alerts), want)
		}
	}
	if alerts[0].Open != 3 || alerts[0].Total != 3 {
		t.Errorf("alert Stats = %+v, want Open 3, Total 3", alerts[0])
	}
	if s := tr.Stats(); s.Open != 4 || s.MaxOpen != 4 {
		t.Errorf("Stats = %+v, want Open 4", s)
	}
	// Server-side close of the pinned connections ends the leaked reads.
	srv.CloseClientConnections()
}
