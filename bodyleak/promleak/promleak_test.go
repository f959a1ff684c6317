package promleak_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
	"github.com/bodyclosecheck/bodyclosecheck/bodyleak/promleak"
)

// TestCollector scrapes the collector with the library's own testutil
// after a drained request and two leaked bodies against a real loopback
// server, with MaxConnsPerHost 4: the open bodies, the connections per
// host (two active, none idle: the drained one's connection went to a
// leaked body), dials, reuse and the limit.
func TestCollector(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") }))
	defer srv.Close()
	base := &http.Transport{MaxConnsPerHost: 4}
	defer base.CloseIdleConnections()
	tr := bodyleak.NewTransport(base, bodyleak.WithConnections())
	c := &http.Client{Transport: tr}
	get := func() *http.Response {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	drained := get()
	io.Copy(io.Discard, drained.Body)
	drained.Body.Close()
	for range 2 {
		defer get().Body.Close()
	}
	col := promleak.NewCollector(tr, prometheus.Labels{"client": "test"})
	if n := testutil.CollectAndCount(col); n != 4+12 { // 4 for the bodies, 12 for the one host (open_connections twice)
		t.Errorf("%d metrics, want 16", n)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	want := fmt.Sprintf(`
# HELP http_client_open_response_bodies Response bodies handed out and not closed yet.
# TYPE http_client_open_response_bodies gauge
http_client_open_response_bodies{client="test"} 2
# HELP http_client_response_bodies_total Response bodies handed out.
# TYPE http_client_response_bodies_total counter
http_client_response_bodies_total{client="test"} 3
# HELP http_client_open_connections Open connections: active (carrying a request or an unread body) or idle (in the pool).
# TYPE http_client_open_connections gauge
http_client_open_connections{client="test",host=%[1]q,state="active"} 2
http_client_open_connections{client="test",host=%[1]q,state="idle"} 0
# HELP http_client_connections_dialed_total Connections dialed.
# TYPE http_client_connections_dialed_total counter
http_client_connections_dialed_total{client="test",host=%[1]q} 2
# HELP http_client_connection_reuses_total Requests sent on a connection that had served one before.
# TYPE http_client_connection_reuses_total counter
http_client_connection_reuses_total{client="test",host=%[1]q} 1
# HELP http_client_max_conns_per_host The transport's MaxConnsPerHost (0: no limit).
# TYPE http_client_max_conns_per_host gauge
http_client_max_conns_per_host{client="test",host=%[1]q} 4
`, host)
	if err := testutil.CollectAndCompare(col, strings.NewReader(want),
		"http_client_open_response_bodies", "http_client_response_bodies_total", "http_client_open_connections",
		"http_client_connections_dialed_total", "http_client_connection_reuses_total", "http_client_max_conns_per_host"); err != nil {
		t.Error(err)
	}
	if problems, err := testutil.CollectAndLint(col); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %+v", err, problems)
	}
}
