// Package helper drains responses for another package: its closefacts
// facts cross the package boundary.
package helper

import (
	"io"
	"net/http"
)

// Finish drains and closes the response's body.
func Finish(resp *http.Response) error {
	_, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// Discard closes it unread.
func Discard(resp *http.Response) { resp.Body.Close() }
