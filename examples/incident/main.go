// Command incident reproduces the incident bodyclosecheck comes from, and
// watches it with bodyleak: a backend on 127.0.0.1, behind a small reverse
// proxy (the load balancer), answers one request in 25 with a 403 HTML
// page, and a client with MaxConnsPerHost 16 calls isSessionActive, which
// closes the body only on 200. Each leaked 403 page pins a connection; at 12 of 16
// the pool alert fires; from the 17th request on, requests wait for a
// connection until their timeout. The fixed client runs the same load and
// never fires. With -png it plots both runs: open bodies, active
// connections and waiting requests over time.
//
//	go run ./examples/incident -png docs/incident.png
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
)

// isSessionActive is the incident's bug: the body is closed only on 200.
func isSessionActive(ctx context.Context, c *http.Client, u string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return false, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return false, err
	}
	if resp.StatusCode != http.StatusOK {
		return false, nil // the 403 page leaks here
	}
	defer resp.Body.Close()
	return true, nil
}

// isSessionActiveFixed closes the body on every path, after reading what
// is left of it (at most 4 KiB), so that net/http can put the connection
// back in the pool instead of closing it.
func isSessionActiveFixed(ctx context.Context, c *http.Client, u string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return false, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return false, err
	}
	defer func() {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
	}()
	return resp.StatusCode == http.StatusOK, nil
}

// sample is the state of the client at one moment of a run.
type sample struct {
	at                     time.Duration
	bodies, active, queued int
}

// result is what one run saw.
type result struct {
	name              string
	samples           []sample
	alertAt, waitAt   time.Duration // first alert, first waiting request; -1: never
	ok, failed        int64
	dialed, maxActive int
}

func main() {
	duration := flag.Duration("duration", 2*time.Second, "how long each run sends requests")
	png := flag.String("png", "", "write the plot of both runs to this PNG file")
	flag.Parse()
	log.SetOutput(io.Discard) // the proxy logs each request cancelled at the end of a run
	leaky := run("leaky", isSessionActive, *duration)
	fixed := run("fixed", isSessionActiveFixed, *duration)
	for _, r := range []result{leaky, fixed} {
		fmt.Printf("%s: %d requests answered, %d cut off by the end of the run (blocked or in flight); %d connections dialed, at most %d active; alert %s, first request blocked on the full pool %s\n",
			r.name, r.ok, r.failed, r.dialed, r.maxActive, when(r.alertAt), when(r.waitAt))
	}
	if *png != "" {
		if err := plot(*png, leaky, fixed); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", *png)
	}
}

func when(d time.Duration) string {
	if d < 0 {
		return "never"
	}
	return "at " + d.Round(time.Millisecond).String()
}

// Load: workers each send a request every pace, half as many as the pool
// has connections, so that a client that releases its connections never
// fills the pool.
// The load balancer answers one request in forbiddenEvery with its 403
// page, so that the leak grows as it did in production: slowly.
const (
	workers        = 8
	pace           = 10 * time.Millisecond
	forbiddenEvery = 25
)

// run sends requests with fetch for d from the workers through a fresh
// proxy, backend and client, sampling the client every 2 ms; requests
// still waiting for a connection at the end are cancelled.
func run(name string, fetch func(context.Context, *http.Client, string) (bool, error), d time.Duration) result {
	var served atomic.Int64
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if served.Add(1)%forbiddenEvery != 0 {
			fmt.Fprint(w, `{"active":true}`)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "<html><body><h1>403 Forbidden</h1><p>Your session is not valid.</p></body></html>\n")
	}))
	defer backend.Close()
	target, _ := url.Parse(backend.URL)
	proxy := httptest.NewServer(httputil.NewSingleHostReverseProxy(target))
	defer proxy.Close()

	start := time.Now()
	res := result{name: name, alertAt: -1, waitAt: -1}
	var alertAt atomic.Int64
	alertAt.Store(-1)
	base := &http.Transport{MaxConnsPerHost: 16, MaxIdleConnsPerHost: 16}
	defer base.CloseIdleConnections()
	tr := bodyleak.NewTransport(base, bodyleak.WithConnections(), bodyleak.WithPoolAlert(0.75, 0.5, func(a bodyleak.PoolAlert) {
		if alertAt.CompareAndSwap(-1, int64(time.Since(start))) {
			fmt.Printf("%s: ALERT after %v: %d of %d connections to %s active, %d requests blocked on the full pool\n",
				name, time.Since(start).Round(time.Millisecond), a.Host.Active, a.Host.MaxConnsPerHost, a.Host.Host, blocked(a.Host))
			for _, s := range a.Sites {
				fmt.Printf("%s:     %d bodies open at %s (%s:%d)\n", name, s.Count, s.Frame.Function, s.Frame.File, s.Frame.Line)
			}
		}
	}))
	// The run's context ends the requests still waiting at the end; the
	// leaked bodies stay open (http.Client.Timeout would cut them too,
	// and so free the connections the incident is about).
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	client := &http.Client{Transport: tr}

	sampled := make(chan []sample)
	// Sampling ends with the run: cancelling the leaked bodies' requests
	// then closes their connections, and the transport may dial new ones
	// before the old ones' Close is counted.
	go func() { sampled <- sampleEvery(2*time.Millisecond, start, tr, ctx.Done()) }()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := fetch(ctx, client, proxy.URL+"/session"); err != nil {
					atomic.AddInt64(&res.failed, 1)
				} else {
					atomic.AddInt64(&res.ok, 1)
				}
				time.Sleep(pace)
			}
		})
	}
	wg.Wait()
	res.samples = <-sampled
	res.alertAt = time.Duration(alertAt.Load())
	for _, s := range res.samples {
		if s.queued > 0 && res.waitAt < 0 {
			res.waitAt = s.at
		}
		res.maxActive = max(res.maxActive, s.active)
	}
	if hs := tr.Connections().Hosts(); len(hs) > 0 {
		res.dialed = int(hs[0].Dialed)
	}
	return res
}

// blocked is the number of requests to h that wait because its pool is
// full (not for a dial under way).
func blocked(h bodyleak.HostStats) int {
	if h.MaxConnsPerHost == 0 || h.Open < h.MaxConnsPerHost {
		return 0
	}
	return h.Waiting - h.Dialing
}

// sampleEvery records the client's figures every d until stop (the end of
// the run).
func sampleEvery(d time.Duration, start time.Time, tr *bodyleak.Transport, stop <-chan struct{}) []sample {
	var out []sample
	tick := time.NewTicker(d)
	defer tick.Stop()
	for {
		s := sample{at: time.Since(start), bodies: tr.Stats().Open}
		for _, h := range tr.Connections().Hosts() {
			s.active += h.Active
			s.queued += blocked(h)
		}
		out = append(out, s)
		select {
		case <-stop:
			return out
		case <-tick.C:
		}
	}
}
