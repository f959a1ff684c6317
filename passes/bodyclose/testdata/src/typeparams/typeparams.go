package typeparams

import (
	"io"
	"net/http"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func closeAll[C io.Closer](cs ...C) {
	for _, c := range cs {
		c.Close()
	}
}

func closeOne[C io.Closer](c C) { c.Close() }

func peek[T any](v T) T { return v }

func generic(u string) int {
	resp := must(http.Get(u)) // want `resp.Body is never closed: leaks at the return on line 27`
	return resp.StatusCode
}

func genericClosed(u string) int {
	resp := must(http.Get(u))
	defer resp.Body.Close()
	return resp.StatusCode
}

func genericCloser(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeOne(resp.Body)
}

func genericVariadic(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeAll(resp.Body)
}

type Fetcher[T any] struct {
	get func(string) (*http.Response, error)
}

func (f Fetcher[T]) Status(u string) int {
	resp, err := f.get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return 0
	}
	if resp.StatusCode == 404 {
		return 404
	}
	resp.Body.Close()
	return resp.StatusCode
}

func InGeneric[T any](u string, v T) T {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return v
	}
	_ = resp.Status
	return v
}

func peeked(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	r := peek(resp)
	r.Body.Close()
}
