package drainfix

import (
	"io"
	"net/http"
)

// reassigned: the literal would close the last response, not this one.
func reassigned(c *http.Client, urls []string) {
	var resp *http.Response
	var err error
	for _, url := range urls {
		resp, err = c.Get(url)
		if err != nil {
			return
		}
		defer resp.Body.Close() // want `resp.Body is closed unread at the end of the function`
	}
}

// shadowed: io is a local variable at the defer.
func shadowed(c *http.Client, url string, io int) int {
	resp, err := c.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 28`
	return resp.StatusCode + io
}

// direct closes are reported without a fix.
func direct(c *http.Client, url string) int {
	resp, err := c.Get(url)
	if err != nil {
		return 0
	}
	code := resp.StatusCode
	resp.Body.Close() // want `resp.Body is closed unread: net/http`
	return code
}

var _ = io.EOF
