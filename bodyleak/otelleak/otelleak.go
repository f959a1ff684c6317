// Package otelleak reports the figures of a bodyleak.Transport as
// OpenTelemetry metrics, with the names, units and attributes of the
// semantic conventions for HTTP clients where they define one
// (http.client.open_connections, http.client.connection.duration,
// http.client.active_requests) and two of bodyleak's own. It is a module
// of its own, so that bodyleak itself depends on nothing but the standard
// library.
//
//	tr := bodyleak.NewTransport(&http.Transport{MaxConnsPerHost: 16}, bodyleak.WithConnections())
//	if err := otelleak.Register(otel.GetMeterProvider().Meter("example.com/sessions"), tr); err != nil { ... }
package otelleak

import (
	"context"
	"net"
	"slices"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
)

// Register creates t's instruments in meter:
//
//   - http.client.open_connections ({connection}, up-down counter), with
//     http.connection.state = active or idle, server.address and
//     server.port: the connections per host (needs bodyleak.WithConnections);
//   - http.client.connection.duration (s, histogram), with server.address
//     and server.port: how long each connection was open, recorded when it
//     closes (needs bodyleak.WithConnections);
//   - http.client.active_requests ({request}, up-down counter), with
//     server.address and server.port: requests holding a connection (a
//     request or a response body not read to the end and closed) or
//     waiting for one (needs bodyleak.WithConnections);
//   - http.client.open_response_bodies ({body}, up-down counter), not in
//     the conventions: response bodies handed out and not closed;
//   - http.client.open_response_body.oldest_age (s, gauge), not in the
//     conventions: how long the oldest open body has been open.
//
// The observable instruments are read at each collection from the
// Transport's counters; the histogram is recorded as connections close.
func Register(meter metric.Meter, t *bodyleak.Transport) error {
	conns, err := meter.Int64ObservableUpDownCounter("http.client.open_connections",
		metric.WithUnit("{connection}"), metric.WithDescription("Number of outbound HTTP connections that are currently active or idle on the client."))
	if err != nil {
		return err
	}
	active, err := meter.Int64ObservableUpDownCounter("http.client.active_requests",
		metric.WithUnit("{request}"), metric.WithDescription("Number of active HTTP requests."))
	if err != nil {
		return err
	}
	bodies, err := meter.Int64ObservableUpDownCounter("http.client.open_response_bodies",
		metric.WithUnit("{body}"), metric.WithDescription("Response bodies handed out and not closed yet."))
	if err != nil {
		return err
	}
	oldest, err := meter.Float64ObservableGauge("http.client.open_response_body.oldest_age",
		metric.WithUnit("s"), metric.WithDescription("How long the oldest open response body has been open."))
	if err != nil {
		return err
	}
	if _, err := meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := t.Stats()
		o.ObserveInt64(bodies, int64(s.Open))
		o.ObserveFloat64(oldest, s.OldestAge.Seconds())
		if c := t.Connections(); c != nil {
			for _, h := range c.Hosts() {
				server := serverAttributes(h.Host)
				o.ObserveInt64(conns, int64(h.Active), metric.WithAttributes(slices.Concat(server, []attribute.KeyValue{attribute.String("http.connection.state", "active")})...))
				o.ObserveInt64(conns, int64(h.Idle), metric.WithAttributes(slices.Concat(server, []attribute.KeyValue{attribute.String("http.connection.state", "idle")})...))
				o.ObserveInt64(active, int64(h.Active+h.Waiting), metric.WithAttributes(server...))
			}
		}
		return nil
	}, conns, active, bodies, oldest); err != nil {
		return err
	}
	return registerDuration(meter, t)
}

// registerDuration records http.client.connection.duration as
// connections close.
func registerDuration(meter metric.Meter, t *bodyleak.Transport) error {
	c := t.Connections()
	if c == nil {
		return nil
	}
	duration, err := meter.Float64Histogram("http.client.connection.duration",
		metric.WithUnit("s"), metric.WithDescription("The duration of the successfully established outbound HTTP connections."),
		metric.WithExplicitBucketBoundaries(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300))
	if err != nil {
		return err
	}
	c.OnClose(func(host string, lifetime time.Duration) {
		duration.Record(context.Background(), lifetime.Seconds(), metric.WithAttributes(serverAttributes(host)...))
	})
	return nil
}

// serverAttributes are server.address and server.port of a dialed
// "host:port".
func serverAttributes(hostPort string) []attribute.KeyValue {
	host, port, err := net.SplitHostPort(hostPort)
	if err != nil {
		return []attribute.KeyValue{attribute.String("server.address", hostPort)}
	}
	attrs := []attribute.KeyValue{attribute.String("server.address", host)}
	if p, err := strconv.Atoi(port); err == nil {
		attrs = append(attrs, attribute.Int("server.port", p))
	}
	return attrs
}
