// Package promoted calls a method of package helpers that it does not
// import, promoted through embed.Client: its fact comes from a transitive
// dependency.
package promoted

import (
	"net/http"

	"crosspkg/embed"
)

func finished(c embed.Client, u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	c.Finish(resp)
	return nil
}

func notFinished(c embed.Client, u string) (int, error) {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
