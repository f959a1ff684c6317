package samepkg

import (
	"io"
	"net/http"
)

func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, body)
	body.Close()
}

func closeResp(resp *http.Response) {
	if resp != nil {
		_ = resp.Body.Close()
	}
}

func status(resp *http.Response) int { return resp.StatusCode }

func recursiveClose(resp *http.Response, n int) {
	if n == 0 {
		resp.Body.Close()
		return
	}
	recursiveClose(resp, n-1)
}

func viaHelper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer drainAndClose(resp.Body)
	return nil
}

func viaCloseResp(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	closeResp(resp)
}

func viaStatus(u string) int {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return 0
	}
	return status(resp)
}

func viaRecursion(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	recursiveClose(resp, 3)
}
