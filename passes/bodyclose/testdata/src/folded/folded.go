// Package folded is checked with -fold-exits: every leaking exit is
// named in the message, and no related information is attached.
package folded

import (
	"errors"
	"net/http"
)

func threeReturns(c *http.Client, u string) (int, error) {
	resp, err := c.Get(u) // want `resp.Body is not closed on every path: leaks at the returns on lines 16, 19 and 22`
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusForbidden {
		return 0, errors.New("forbidden")
	}
	if resp.StatusCode == http.StatusNotFound {
		return 0, nil
	}
	if resp.StatusCode == http.StatusTeapot {
		return 418, nil
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func loopAndReturn(c *http.Client, urls []string) error {
	for _, u := range urls {
		resp, err := c.Get(u) // want `resp.Body is not closed on every path: leaks at the returns on lines 35 and 42, and when the call on line 30 runs again in the next loop iteration`
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return errors.New(resp.Status)
		}
		if resp.Header.Get("X-Skip") != "" {
			continue
		}
		resp.Body.Close()
	}
	return nil
}
