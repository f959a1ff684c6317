package bodyleak

import (
	"context"
	"net"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"time"
)

// Connections counts the connections of an *http.Transport per host: how
// many are open, carrying a request or an unread body (active) or waiting
// in the pool (idle), how many were dialed, closed and reused, and the
// requests that wait for a connection. net/http itself exposes none of
// this. It comes from a wrapper around the transport's dialer, which sees
// every connection open and close, and from httptrace hooks on each
// request, which see a connection leased and put back in the pool. Get it
// with WithConnections; it is safe for concurrent use.
//
// Hosts are named as the transport dials them ("host:port"); through a
// proxy, that is the proxy. HTTP/2 multiplexes requests on one connection,
// so there Active counts connections with at least one request leased
// since the last return to the pool, not requests.
type Connections struct {
	tr    *http.Transport
	alert *poolAlert        // WithPoolAlert, or nil
	sites func() []CallSite // the Transport's, for alerts
	mu    sync.Mutex
	hosts map[string]*hostConns
	// onClose is called when a connection closes, outside mu.
	onClose func(host string, lifetime time.Duration)
}

// OnClose makes c call fn each time a connection closes, with its host
// and how long it was open (for a histogram of connection lifetimes). fn
// runs on the goroutine that closes the connection, often one of
// net/http's, and must not block. A later call replaces fn.
func (c *Connections) OnClose(fn func(host string, lifetime time.Duration)) {
	c.mu.Lock()
	c.onClose = fn
	c.mu.Unlock()
}

// hostConns is the bookkeeping of one host, under Connections.mu.
type hostConns struct {
	open, active, idle, waiting int
	dialing                     int // waiting requests whose dial is under way
	dialed, closed, reused      uint64
	leased, waits               uint64
	waitTime, maxWait           time.Duration
	alerted                     bool // the pool alert fired and has not re-armed
}

// lessActive counts one active connection less, re-arming the pool alert
// at its low mark. c.mu is held.
func (c *Connections) lessActive(h *hostConns) {
	h.active--
	if _, rearm, ok := c.alert.marks(c.tr.MaxConnsPerHost); ok && h.active <= rearm {
		h.alerted = false
	}
}

// HostStats is a snapshot of the connections to one host.
type HostStats struct {
	Host string `json:"host"` // as dialed: "host:port"
	// Open connections, of which Active carry a request or a response
	// body not yet read to the end and closed, and Idle wait in the pool.
	// Open - Active - Idle are being set up (TLS) or closed.
	Open   int `json:"open"`
	Active int `json:"active"`
	Idle   int `json:"idle"`
	// Dialed and Closed count connections since the start; Reused counts
	// requests sent on a connection that had served one before, of Leased,
	// all requests that got a connection.
	Dialed uint64 `json:"dialed"`
	Closed uint64 `json:"closed"`
	Reused uint64 `json:"reused"`
	Leased uint64 `json:"leased"`
	// Waiting is the number of requests waiting for a connection now, of
	// which Dialing wait for a dial they started; the others wait for the
	// pool (at MaxConnsPerHost) or for a dial another request started.
	// Waits, WaitTime and MaxWait sum up the waits of the requests that
	// got a connection.
	Waiting  int           `json:"waiting"`
	Dialing  int           `json:"dialing"`
	Waits    uint64        `json:"waits"`
	WaitTime time.Duration `json:"wait_time_ns"`
	MaxWait  time.Duration `json:"max_wait_ns"`
	// MaxConnsPerHost and MaxIdleConnsPerHost are the transport's limits
	// (0: none; http.DefaultMaxIdleConnsPerHost when MaxIdleConnsPerHost
	// is 0).
	MaxConnsPerHost     int `json:"max_conns_per_host"`
	MaxIdleConnsPerHost int `json:"max_idle_conns_per_host"`
}

// watchConnections wraps tr's dialers so that every connection is counted
// until it is closed.
func watchConnections(tr *http.Transport) *Connections {
	c := &Connections{tr: tr, hosts: make(map[string]*hostConns)}
	dial := tr.DialContext
	if dial == nil && tr.Dial != nil { // the deprecated field, when it is the one set
		d := tr.Dial
		dial = func(_ context.Context, network, addr string) (net.Conn, error) { return d(network, addr) }
	}
	if dial == nil {
		dial = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext // as http.DefaultTransport
	}
	tr.DialContext = c.counting(dial)
	if tr.DialTLSContext != nil {
		tr.DialTLSContext = c.counting(tr.DialTLSContext)
	}
	return c
}

// counting returns dial, counting the connections it makes.
func (c *Connections) counting(dial func(context.Context, string, string) (net.Conn, error)) func(context.Context, string, string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		h := c.host(addr)
		h.open++
		h.dialed++
		c.mu.Unlock()
		return &countedConn{Conn: conn, c: c, host: addr, opened: time.Now()}, nil
	}
}

// host returns the bookkeeping of addr, creating it. c.mu is held.
func (c *Connections) host(addr string) *hostConns {
	h := c.hosts[addr]
	if h == nil {
		h = new(hostConns)
		c.hosts[addr] = h
	}
	return h
}

// connState is where a counted connection is.
type connState uint8

const (
	connNew    connState = iota // dialed, not leased yet
	connActive                  // carrying a request or a body
	connIdle                    // in the pool
	connClosed
)

// countedConn is a connection the dialer made, counted until closed.
type countedConn struct {
	net.Conn
	c      *Connections
	host   string
	opened time.Time
	state  connState // under c.mu
}

// Close counts the connection closed, once, and closes it.
func (cc *countedConn) Close() error {
	cc.c.mu.Lock()
	var onClose func(string, time.Duration)
	if cc.state != connClosed {
		onClose = cc.c.onClose
		h := cc.c.host(cc.host)
		switch cc.state {
		case connActive:
			cc.c.lessActive(h)
		case connIdle:
			h.idle--
		}
		h.open--
		h.closed++
		cc.state = connClosed
	}
	cc.c.mu.Unlock()
	if onClose != nil {
		onClose(cc.host, time.Since(cc.opened))
	}
	return cc.Conn.Close()
}

// counted finds the counted connection under conn (a *tls.Conn wraps it).
func counted(conn net.Conn) *countedConn {
	for conn != nil {
		if cc, ok := conn.(*countedConn); ok {
			return cc
		}
		u, ok := conn.(interface{ NetConn() net.Conn })
		if !ok {
			return nil
		}
		conn = u.NetConn()
	}
	return nil
}

// Hosts returns the figures of every host connected to so far, sorted by
// host.
func (c *Connections) Hosts() []HostStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]HostStats, 0, len(c.hosts))
	for addr, h := range c.hosts {
		out = append(out, c.statsOf(addr, h))
	}
	slices.SortFunc(out, func(a, b HostStats) int { return strings.Compare(a.Host, b.Host) })
	return out
}

// statsOf returns the figures of host addr. c.mu is held.
func (c *Connections) statsOf(addr string, h *hostConns) HostStats {
	maxIdle := c.tr.MaxIdleConnsPerHost
	if maxIdle == 0 {
		maxIdle = http.DefaultMaxIdleConnsPerHost
	}
	return HostStats{
		Host: addr, Open: h.open, Active: h.active, Idle: h.idle,
		Dialed: h.dialed, Closed: h.closed, Reused: h.reused, Leased: h.leased,
		Waiting: h.waiting, Dialing: h.dialing, Waits: h.waits, WaitTime: h.waitTime, MaxWait: h.maxWait,
		MaxConnsPerHost: c.tr.MaxConnsPerHost, MaxIdleConnsPerHost: maxIdle,
	}
}

// requestTrace follows the connection of one request: it waits for one
// (GetConn), gets one (GotConn), and hands it back to the pool
// (PutIdleConn) once its body is read to the end and closed.
type requestTrace struct {
	c       *Connections
	host    string
	start   time.Time
	waiting bool
	dialing bool // waiting, and a dial for it is under way
	conn    *countedConn
	reused  bool // the connection it got had served a request before
}

// trace returns req with hooks that count its connection in c, and the
// trace, whose done must be called when RoundTrip returns.
func (c *Connections) trace(req *http.Request) (*http.Request, *requestTrace) {
	r := &requestTrace{c: c}
	hooks := &httptrace.ClientTrace{GetConn: r.getConn, GotConn: r.gotConn, PutIdleConn: r.putIdle,
		ConnectStart: func(string, string) { r.setDialing(true) }, ConnectDone: func(string, string, error) { r.setDialing(false) }}
	return req.WithContext(httptrace.WithClientTrace(req.Context(), hooks)), r
}

func (r *requestTrace) getConn(hostPort string) {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	r.host, r.start, r.waiting = hostPort, time.Now(), true
	r.c.host(hostPort).waiting++
}

// setDialing notes that a dial for the waiting request starts or ends.
func (r *requestTrace) setDialing(on bool) {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if r.waiting && r.dialing != on {
		r.dialing = on
		if on {
			r.c.host(r.host).dialing++
		} else {
			r.c.host(r.host).dialing--
		}
	}
}

// stopWaiting ends the wait of the request. r.c.mu is held.
func (r *requestTrace) stopWaiting(h *hostConns) {
	r.waiting = false
	h.waiting--
	if r.dialing {
		r.dialing = false
		h.dialing--
	}
}

func (r *requestTrace) gotConn(info httptrace.GotConnInfo) {
	if host, fire := r.lease(info); fire {
		r.c.alert.fn(PoolAlert{Host: host, Sites: r.c.sites()})
	}
}

// lease counts the connection the request got, and reports whether that
// made the pool alert fire, with the host's figures.
func (r *requestTrace) lease(info httptrace.GotConnInfo) (HostStats, bool) {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	h := r.c.host(r.host)
	if r.waiting {
		r.stopWaiting(h)
		wait := time.Since(r.start)
		h.waits++
		h.waitTime += wait
		h.maxWait = max(h.maxWait, wait)
	}
	h.leased++
	r.reused = info.Reused
	if info.Reused {
		h.reused++
	}
	cc := counted(info.Conn)
	if cc == nil || cc.state == connClosed {
		return HostStats{}, false // not dialed through the wrapper (installed late), or gone
	}
	r.conn = cc
	if cc.state == connActive {
		return HostStats{}, false // HTTP/2: one more request on it
	}
	ch := r.c.host(cc.host)
	if cc.state == connIdle {
		ch.idle--
	}
	ch.active++
	cc.state = connActive
	fire, _, ok := r.c.alert.marks(r.c.tr.MaxConnsPerHost)
	if !ok || ch.alerted || ch.active < fire {
		return HostStats{}, false
	}
	ch.alerted = true
	return r.c.statsOf(cc.host, ch), true
}

func (r *requestTrace) putIdle(err error) {
	if err != nil {
		return // not pooled: it is closed, and Close counts it
	}
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if cc := r.conn; cc != nil && cc.state == connActive {
		h := r.c.host(cc.host)
		r.c.lessActive(h)
		h.idle++
		cc.state = connIdle
	}
}

// wasReused reports whether the request got a connection used before.
func (r *requestTrace) wasReused() bool {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	return r.reused
}

// done ends the wait of a request that got no connection (a failed dial,
// a cancelled request).
func (r *requestTrace) done() {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	if r.waiting {
		r.stopWaiting(r.c.host(r.host))
	}
}
