// Package vetmod is a small client used to test bodyclosecheck under
// go vet and go fix.
package vetmod

import (
	"errors"
	"io"
	"net/http"

	"example.com/vetmod/pool"
)

// Status leaks the body on every path.
func Status(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusForbidden {
		return 0, errors.New("forbidden")
	}
	return resp.StatusCode, nil
}

// Fetch reads the body but never closes it.
func Fetch(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Pooled leaks, but the finding is suppressed on its line.
func Pooled(u string) (int, error) {
	resp, err := http.Get(u) //nolint:bodyclosecheck // closed by the pool
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Legacy leaks, but the whole function is exempt.
//
//nolint:bodyclosecheck
func Legacy(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// Released hands the response to pool.Release, marked as closing it.
func Released(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	pool.Release(resp)
	return nil
}

// Adopted hands the response to pool.Adopt, marked as taking it.
func Adopted(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	pool.Adopt(resp)
	return nil
}

// Peeked hands the response to pool.Peek, which only reads it.
func Peeked(u string) string {
	resp, err := http.Get(u)
	if err != nil {
		return ""
	}
	return pool.Peek(resp)
}

// FirstOK returns the first URL that answers 200 OK. It leaks the other
// responses; the fix closes them at the end of the iteration.
func FirstOK(urls []string) string {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			resp.Body.Close()
			return u
		}
	}
	return ""
}
