// Package drainfix holds the cases of bodydraincheck's suggested fix.
package drainfix

import (
	"errors"
	"io"
	"net/http"
)

// statusOnly gets the drain-and-close defer.
func statusOnly(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 18`
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// nested keeps the indentation of a defer inside a block.
func nested(c *http.Client, urls []string) error {
	for _, url := range urls {
		if url != "" {
			resp, err := c.Get(url)
			if err != nil {
				return err
			}
			defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 37, after the status check on line 32`
			if resp.StatusCode != http.StatusOK {
				return errors.New(resp.Status)
			}
		}
	}
	return nil
}
