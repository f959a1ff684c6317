package samepkg

import (
	"io"
	"net/http"
	"strings"
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

// fakeResponse is a test's fake: its body holds no connection.
func fakeResponse(data string) *http.Response {
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(data))}
}

func usesFake() int {
	resp := fakeResponse("ok")
	return resp.StatusCode
}

// sdkResponse wraps a response the SDK already closed.
type sdkResponse struct{ RawResponse *http.Response }

func (r sdkResponse) HTTPResponse() *http.Response { return r.RawResponse }

func sdkCall(u string) (sdkResponse, error) {
	resp, err := http.Get(u)
	if err != nil {
		return sdkResponse{}, err
	}
	defer resp.Body.Close()
	return sdkResponse{RawResponse: resp}, nil
}

func usesAccessor(u string) (int, error) {
	r, err := sdkCall(u)
	if err != nil {
		return 0, err
	}
	return r.HTTPResponse().StatusCode, nil
}

// wrapBody's body is a real closer: its response must be closed.
func wrapBody(rc io.ReadCloser) *http.Response { return &http.Response{Body: rc} }

func usesWrap(rc io.ReadCloser) int {
	resp := wrapBody(rc) // want `resp.Body is never closed`
	return resp.StatusCode
}
