// Package options is checked with -skip-tests, -report-head and
// -closers=options.Pool.Put,options.discard.
package options

import (
	"io"
	"net/http"
)

type Pool struct{ bodies []io.ReadCloser }

func (p *Pool) Put(b io.ReadCloser) { p.bodies = append(p.bodies[:0], p.bodies...) }

type Releaser interface{ Put(io.ReadCloser) }

func discard(*http.Response) {}

func head(u string) int {
	resp, err := http.Head(u) // want `resp.Body is never closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func clientHead(c *http.Client, u string) int {
	resp, err := c.Head(u) // want `resp.Body is never closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func get(u string) int {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func pooled(u string, p *Pool) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	p.Put(resp.Body)
}

func discarded(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	discard(resp)
}
