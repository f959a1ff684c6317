// Package helper has functions that receive responses.
package helper

import (
	"io"
	"net/http"
)

// Drain reads the rest of the body and closes it.
func Drain(resp *http.Response) error {
	defer resp.Body.Close()
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

// Peek reads the first bytes of the body; it does not close it.
func Peek(resp *http.Response) (string, error) {
	b := make([]byte, 16)
	n, err := resp.Body.Read(b)
	return string(b[:n]), err
}

// Inspect reads the status; the caller keeps the body.
func Inspect(resp *http.Response) { _ = resp.Status }
