// Package promleak exports the figures of a bodyleak.Transport as
// Prometheus metrics: the open response bodies and, with
// bodyleak.WithConnections, the connections of the transport per host. It
// is a module of its own, so that bodyleak itself depends on nothing but
// the standard library.
//
//	tr := bodyleak.NewTransport(&http.Transport{MaxConnsPerHost: 16}, bodyleak.WithConnections())
//	prometheus.MustRegister(promleak.NewCollector(tr, prometheus.Labels{"client": "sessions"}))
package promleak

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
)

// Collector is a prometheus.Collector of one bodyleak.Transport. Each
// scrape reads the Transport's counters (Stats, Connections().Hosts()):
// constant time in the number of bodies, no allocation per request.
type Collector struct {
	t *bodyleak.Transport

	openBodies, maxOpenBodies, bodies, oldestBody          *prometheus.Desc
	openConns, dialed, closed, reused, leased, waiting     *prometheus.Desc
	waits, waitSeconds, maxWaitSeconds, maxConns, maxIdles *prometheus.Desc
}

// NewCollector returns the collector of t; labels are added to every
// metric (to tell clients apart).
func NewCollector(t *bodyleak.Transport, labels prometheus.Labels) *Collector {
	d := func(name, help string, variable ...string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, variable, labels)
	}
	return &Collector{
		t:              t,
		openBodies:     d("http_client_open_response_bodies", "Response bodies handed out and not closed yet."),
		maxOpenBodies:  d("http_client_open_response_bodies_max", "The most response bodies open at once."),
		bodies:         d("http_client_response_bodies_total", "Response bodies handed out."),
		oldestBody:     d("http_client_oldest_open_response_body_age_seconds", "How long the oldest open response body has been open."),
		openConns:      d("http_client_open_connections", "Open connections: active (carrying a request or an unread body) or idle (in the pool).", "host", "state"),
		dialed:         d("http_client_connections_dialed_total", "Connections dialed.", "host"),
		closed:         d("http_client_connections_closed_total", "Connections closed.", "host"),
		reused:         d("http_client_connection_reuses_total", "Requests sent on a connection that had served one before.", "host"),
		leased:         d("http_client_connection_leases_total", "Requests that got a connection.", "host"),
		waiting:        d("http_client_requests_waiting_for_connection", "Requests waiting for a connection now.", "host"),
		waits:          d("http_client_connection_waits_total", "Waits for a connection that ended with one.", "host"),
		waitSeconds:    d("http_client_connection_wait_seconds_total", "Time requests spent waiting for a connection.", "host"),
		maxWaitSeconds: d("http_client_connection_wait_seconds_max", "The longest wait for a connection.", "host"),
		maxConns:       d("http_client_max_conns_per_host", "The transport's MaxConnsPerHost (0: no limit).", "host"),
		maxIdles:       d("http_client_max_idle_conns_per_host", "The transport's MaxIdleConnsPerHost.", "host"),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.openBodies, c.maxOpenBodies, c.bodies, c.oldestBody,
		c.openConns, c.dialed, c.closed, c.reused, c.leased, c.waiting, c.waits, c.waitSeconds, c.maxWaitSeconds, c.maxConns, c.maxIdles} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	s := c.t.Stats()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge(c.openBodies, float64(s.Open))
	gauge(c.maxOpenBodies, float64(s.MaxOpen))
	counter(c.bodies, float64(s.Total))
	gauge(c.oldestBody, s.OldestAge.Seconds())
	conns := c.t.Connections()
	if conns == nil {
		return
	}
	for _, h := range conns.Hosts() {
		gauge(c.openConns, float64(h.Active), h.Host, "active")
		gauge(c.openConns, float64(h.Idle), h.Host, "idle")
		counter(c.dialed, float64(h.Dialed), h.Host)
		counter(c.closed, float64(h.Closed), h.Host)
		counter(c.reused, float64(h.Reused), h.Host)
		counter(c.leased, float64(h.Leased), h.Host)
		gauge(c.waiting, float64(h.Waiting), h.Host)
		counter(c.waits, float64(h.Waits), h.Host)
		counter(c.waitSeconds, h.WaitTime.Seconds(), h.Host)
		gauge(c.maxWaitSeconds, h.MaxWait.Seconds(), h.Host)
		gauge(c.maxConns, float64(h.MaxConnsPerHost), h.Host)
		gauge(c.maxIdles, float64(h.MaxIdleConnsPerHost), h.Host)
	}
}
