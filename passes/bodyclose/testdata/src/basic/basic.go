package basic

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

func neverClosed(u string) error {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the return on line 15`
	if err != nil {
		return err
	}
	return check(resp.StatusCode)
}

func onlyRead(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the return on line 23`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func decodeOnly(c *http.Client, req *http.Request, v any) error {
	resp, err := c.Do(req) // want `resp.Body is never closed: leaks at the return on line 31`
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func endOfFunction(u string) {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the end of the function on line 39`
	if err == nil {
		println(resp.StatusCode)
	}
}

func deferred(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func deferredClosure(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	return io.ReadAll(resp.Body)
}

func explicitEverywhere(u string) error {
	resp, err := http.Post(u, "text/plain", nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

func throughCloser(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	var c io.Closer = resp.Body
	defer c.Close()
	b := resp.Body
	_, err = io.ReadAll(b)
	return err
}

func throughReadCloser(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	var rc io.ReadCloser = resp.Body
	defer rc.Close()
	return nil
}

func nilGuard(u string) {
	resp, _ := http.Get(u)
	if resp != nil {
		defer resp.Body.Close()
	}
}

func discarded(u string) error {
	_, err := http.Get(u) // want `response from http.Get is discarded, so its Body can never be closed`
	return err
}

func statement(u string) {
	http.Get(u) // want `response from http.Get is discarded`
}

func goStatement(u string) {
	go http.Get(u) // want `response from http.Get is discarded`
}

func readResponse(r *http.Request) error {
	resp, err := http.ReadResponse(nil, r) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return nil
}

func check(code int) error {
	if code != http.StatusOK {
		return errors.New(http.StatusText(code))
	}
	return nil
}

// headRequests: net/http gives HEAD responses http.NoBody and frees the
// connection first (reported with -report-head).
func headRequests(c *http.Client, u string) (int, error) {
	resp, err := c.Head(u)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequest(http.MethodHead, u, nil)
	if err != nil {
		return 0, err
	}
	again, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode + again.StatusCode, nil
}

// methodUnknown: the method is not a constant, so the response is checked.
func methodUnknown(c *http.Client, method, u string) (int, error) {
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// newHeadRequest builds a HEAD request, as rclone's putio backend does in
// makeUploadHeadRequest.
func newHeadRequest(u string) (*http.Request, error) {
	req, err := http.NewRequest("HEAD", u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "*/*")
	return req, nil
}

// newRequest builds a request for any method.
func newRequest(method, u string) (*http.Request, error) {
	return http.NewRequest(method, u, nil)
}

// headFromHelper: the request comes from a helper of this package that
// only builds HEAD requests, so the response is exempt as a HEAD response.
func headFromHelper(c *http.Client, u string) (int, error) {
	req, err := newHeadRequest(u)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// methodFromHelper: the helper builds any method, so it is checked.
func methodFromHelper(c *http.Client, u string) (int, error) {
	req, err := newRequest("HEAD", u)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
