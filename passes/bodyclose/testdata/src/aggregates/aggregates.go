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
