// Package aggregates holds responses kept in local structs that never
// leave the function: they are still the function's to close.
package aggregates

import "net/http"

type holder struct {
	name string
	resp *http.Response
}

// closedThroughField closes the response through the struct.
func closedThroughField(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	h := holder{name: u, resp: resp}
	defer h.resp.Body.Close()
	return h.resp.StatusCode
}

// neverClosed keeps the response in a local struct and forgets it.
func neverClosed(u string) string {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return ""
	}
	h := holder{name: u, resp: resp}
	return h.name
}

// closedOnOnePath closes through the struct on one path only.
func closedOnOnePath(u string) (int, bool) {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 41`
	if err != nil {
		return 0, false
	}
	h := &holder{resp: resp}
	if h.resp.StatusCode != http.StatusOK {
		return h.resp.StatusCode, false
	}
	h.resp.Body.Close()
	return 200, true
}

// escapes: the struct is returned, so the response is handed on.
func escapes(u string) *holder {
	resp, err := http.Get(u)
	if err != nil {
		return nil
	}
	return &holder{resp: resp}
}

// passedOn: the struct goes to other code, which now owns the response.
func passedOn(u string, keep func(*holder)) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	keep(&holder{resp: resp})
}

// overwritten: storing another value in the field loses the response.
func overwritten(u string) {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return
	}
	h := holder{resp: resp}
	h.resp = nil
	_ = h
}

// sliceNeverClosed: the responses are collected and only their status read.
func sliceNeverClosed(urls []string) int {
	var rs []*http.Response
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is never closed: it is appended on line 84 to a local slice, whose elements are never closed`
		if err != nil {
			continue
		}
		rs = append(rs, resp)
	}
	n := 0
	for _, r := range rs {
		if r.StatusCode == http.StatusOK {
			n++
		}
	}
	return n + len(rs)
}

// sliceClosed: every element is closed in a second loop.
func sliceClosed(urls []string) int {
	var rs []*http.Response
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		rs = append(rs, resp)
	}
	for _, r := range rs {
		r.Body.Close()
	}
	return len(rs)
}

// sliceReturned: the caller gets the responses.
func sliceReturned(urls []string) []*http.Response {
	var rs []*http.Response
	for _, u := range urls {
		if resp, err := http.Get(u); err == nil {
			rs = append(rs, resp)
		}
	}
	return rs
}

// slicePassed: a helper owns them now.
func slicePassed(urls []string, closeAll func([]*http.Response)) {
	var rs []*http.Response
	for _, u := range urls {
		if resp, err := http.Get(u); err == nil {
			rs = append(rs, resp)
		}
	}
	closeAll(rs)
}

// sliceOrClose: one path closes the response itself: not reported by
// the slice rule (it needs every path to end in the slice).
func sliceOrClose(urls []string, keep bool) int {
	var rs []*http.Response
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		if !keep {
			resp.Body.Close()
			continue
		}
		rs = append(rs, resp)
	}
	return len(rs)
}

// mapNeverClosed: responses by URL, only their status read.
func mapNeverClosed(urls []string) int {
	byURL := make(map[string]*http.Response)
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is never closed: it is kept in the local map made on line 153, whose elements are never closed`
		if err != nil {
			continue
		}
		byURL[u] = resp
	}
	n := 0
	if r, ok := byURL["a"]; ok && r.StatusCode == http.StatusOK {
		n++
	}
	return n + len(byURL)
}

// mapClosed: ranging over the map closes every element.
func mapClosed(urls []string) {
	byURL := make(map[string]*http.Response)
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		byURL[u] = resp
	}
	for _, r := range byURL {
		r.Body.Close()
	}
}
