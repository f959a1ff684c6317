package suppress

import (
	"io"
	"net/http"
)

func sameLine(u string) {
	resp, err := http.Get(u) //nolint:bodyclosecheck // closed by the pool
	if err != nil {
		return
	}
	_ = resp.Status
}

func listed(u string) {
	resp, err := http.Get(u) //nolint:errcheck,bodyclosecheck
	if err != nil {
		return
	}
	_ = resp.Status
}

func otherLinter(u string) {
	resp, err := http.Get(u) //nolint:errcheck // want `resp.Body is never closed`
	if err != nil {
		return
	}
	_ = resp.Status
}

// wholeFunction is exempt.
//
//nolint:bodyclosecheck
func wholeFunction(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	_ = resp.Status
}

// release is marked as closing what it is given.
//
//bodyclosecheck:closes
func release(body io.ReadCloser) { pool = append(pool, body) }

var pool []io.ReadCloser

func marked(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	release(resp.Body)
}

// inspect only reads, but is marked as taking the response.
//
//bodyclosecheck:takes
func inspect(resp *http.Response) { _, _ = io.ReadAll(resp.Body) }

func markedTakes(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	inspect(resp)
}
