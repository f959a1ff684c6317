package otelleak_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
	"github.com/bodyclosecheck/bodyclosecheck/bodyleak/otelleak"
)

// TestRegister collects the instruments with the SDK's ManualReader after
// requests to a real loopback server: one body read and closed, two left
// open, and a connection closed by a body closed before its end; it
// checks names, units, attributes and values.
func TestRegister(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			w.Write(make([]byte, 1<<20))
			return
		}
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	base := &http.Transport{MaxConnsPerHost: 8}
	defer base.CloseIdleConnections()
	tr := bodyleak.NewTransport(base, bodyleak.WithConnections())
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	if err := otelleak.Register(provider.Meter("test"), tr); err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: tr}
	get := func(path string) *http.Response {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	drained := get("/")
	io.Copy(io.Discard, drained.Body)
	drained.Body.Close()
	get("/big").Body.Close() // closed before its end: its connection closes
	for range 2 {
		defer get("/").Body.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for tr.Connections().Hosts()[0].Closed == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // net/http closes the connection on its own goroutine
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	got := make(map[string]metricdata.Metrics)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			got[m.Name] = m
		}
	}
	host, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	p, _ := strconv.Atoi(port)
	server := []attribute.KeyValue{attribute.String("server.address", host), attribute.Int("server.port", p)}
	sum := func(name, unit string, attrs ...attribute.KeyValue) int64 {
		t.Helper()
		m, ok := got[name]
		if !ok || m.Unit != unit {
			t.Fatalf("%s: %+v, want unit %s", name, m, unit)
		}
		want := attribute.NewSet(attrs...)
		for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
			if dp.Attributes.Equals(&want) {
				return dp.Value
			}
		}
		t.Fatalf("%s: no point with %v", name, attrs)
		return 0
	}
	if n := sum("http.client.open_response_bodies", "{body}"); n != 2 {
		t.Errorf("open bodies %d, want 2", n)
	}
	if n := sum("http.client.open_connections", "{connection}", append(server, attribute.String("http.connection.state", "active"))...); n != 2 {
		t.Errorf("active connections %d, want 2", n)
	}
	if n := sum("http.client.open_connections", "{connection}", append(server, attribute.String("http.connection.state", "idle"))...); n != 0 {
		t.Errorf("idle connections %d, want 0", n)
	}
	if n := sum("http.client.active_requests", "{request}", server...); n != 2 {
		t.Errorf("active requests %d, want 2", n)
	}
	if m := got["http.client.open_response_body.oldest_age"]; m.Unit != "s" || m.Data.(metricdata.Gauge[float64]).DataPoints[0].Value <= 0 {
		t.Errorf("oldest age: %+v", m)
	}
	h, ok := got["http.client.connection.duration"]
	if !ok || h.Unit != "s" {
		t.Fatalf("connection duration: %+v", h)
	}
	if dps := h.Data.(metricdata.Histogram[float64]).DataPoints; len(dps) != 1 || dps[0].Count != 1 {
		t.Errorf("connection duration: %+v, want the one closed connection", dps)
	}
}
