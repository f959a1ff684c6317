package bodyleak

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// leakWithSecrets requests a URL with user information and a query, and
// leaves the body open.
func leakWithSecrets(t *testing.T, c *http.Client, base string) *http.Response {
	t.Helper()
	u := strings.Replace(base, "http://", "http://alice:s3cret@", 1) + "/session?token=abc#frag"
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestDebugHandler checks the debug page as text and as JSON: the open
// bodies grouped by call site with count, request, status and stack, the
// connections per host, and URLs without user information, query and
// fragment unless ShowQueries.
func TestDebugHandler(t *testing.T) {
	srv, _ := countingServer(t, 10)
	base := &http.Transport{MaxConnsPerHost: 8}
	t.Cleanup(base.CloseIdleConnections)
	tr := NewTransport(base, WithConnections())
	c := &http.Client{Transport: tr}
	for range 2 {
		defer leakWithSecrets(t, c, srv.URL).Body.Close()
	}
	get := func(h http.Handler, query string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/debug/bodyleak"+query, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		return string(b)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	text := get(tr.DebugHandler(), "")
	for _, want := range []string{
		"bodyleak: 2 open response bodies",
		"2 open at github.com/bodyclosecheck/bodyclosecheck/bodyleak.leakWithSecrets (",
		"GET " + srv.URL + "/session -> 200 OK, open for",
		"debug_test.go:",
		host + ": 2 open (2 active, 0 idle) of 8; 2 dialed, 0 closed, 0 of 2 requests reused one; 0 waiting",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text page lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"s3cret", "alice", "token", "frag"} {
		if strings.Contains(text, secret) {
			t.Errorf("text page shows %q:\n%s", secret, text)
		}
	}
	var page debugPage
	if err := json.Unmarshal([]byte(get(tr.DebugHandler(), "?format=json")), &page); err != nil {
		t.Fatal(err)
	}
	if page.Open != 2 || len(page.Sites) != 1 || page.Sites[0].Count != 2 || len(page.Sites[0].Requests) != 2 ||
		page.Sites[0].Requests[0].URL != srv.URL+"/session" || len(page.Sites[0].Stack) == 0 || len(page.Hosts) != 1 || page.Hosts[0].Active != 2 {
		t.Errorf("JSON page %+v", page)
	}
	if shown := get(tr.DebugHandler(ShowQueries()), ""); !strings.Contains(shown, "/session?token=abc#frag") || strings.Contains(shown, "s3cret") {
		t.Errorf("with ShowQueries, want the query and fragment, never the password:\n%s", shown)
	}
}
