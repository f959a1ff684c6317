// Package gclmod is a small client used to test the golangci-lint plugin
// of bodyclosecheck end to end.
package gclmod

import (
	"errors"
	"io"
	"net/http"

	"example.com/gclmod/helper"
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

// Pooled leaks too, but the finding is suppressed.
func Pooled(u string) (int, error) {
	resp, err := http.Get(u) //nolint:bodyclosecheck // closed by the pool
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, err
	}
	return resp.StatusCode, nil
}

// Drained hands the response to a helper that closes it.
func Drained(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	return helper.Drain(resp)
}

// Peeked hands the response to a helper that only reads it.
func Peeked(u string) (string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return "", err
	}
	return helper.Peek(resp)
}

// Inspected hands the response to a helper that only reads it, but the
// helper is listed in the closers setting.
func Inspected(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	helper.Inspect(resp)
	return nil
}

// Checked closes the body on every path but reads it on none: reported
// only with drain: true.
func Checked(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// CheckedSilenced is Checked with the drain finding silenced by name.
func CheckedSilenced(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close() //nolint:bodydraincheck // the server sends no body
	return nil
}
