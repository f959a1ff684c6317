package drainfix

import "net/http"

// singleImport gets a second import declaration.
func singleImport(c *http.Client, url string) int {
	resp, err := c.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 12`
	return resp.StatusCode
}
