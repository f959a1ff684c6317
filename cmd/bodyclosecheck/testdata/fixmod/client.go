// Package fixmod is a small client with leaked response bodies, used to
// test the bodyclosecheck command end to end.
package fixmod

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Status returns the status of u; it leaks the body on every path.
func Status(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return 0, fmt.Errorf("get %s: %w", u, err)
	}
	if resp.StatusCode == http.StatusForbidden {
		return 0, errors.New("forbidden")
	}
	return resp.StatusCode, nil
}

// Fetch reads the body of u; it never closes it.
func Fetch(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Fine closes its body.
func Fine(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}
