package drainfix

import (
	"errors"
	"net/http"
)

// noImport gets io imported, in order.
func noImport(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 18, after the status check on line 15`
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// twice shares the import with noImport's fix.
func twice(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 28`
	return nil
}
