package transfer

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
)

func returned(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

type result struct {
	resp *http.Response
	err  error
}

func returnedInStruct(u string) result {
	resp, err := http.Get(u)
	return result{resp: resp, err: err}
}

func returnedInSlice(urls []string) []*http.Response {
	var out []*http.Response
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		out = append(out, resp)
	}
	return out
}

func returnedInMap(u string) map[string]*http.Response {
	resp, err := http.Get(u)
	if err != nil {
		return nil
	}
	return map[string]*http.Response{u: resp}
}

func returnedBody(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func sent(u string, ch chan<- *http.Response) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	ch <- resp
}

type holder struct{ last *http.Response }

func (h *holder) stored(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	h.last = resp
}

var global *http.Response

func storedGlobal(u string) {
	resp, err := http.Get(u)
	if err == nil {
		global = resp
	}
}

func toGoroutine(u string, consume func(*http.Response)) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	go consume(resp)
}

type Consumer interface{ Consume(*http.Response) }

func toInterface(u string, c Consumer) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	c.Consume(resp)
}

func toFuncValue(u string, f func(io.ReadCloser)) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	f(resp.Body)
}

func recorder() int {
	rec := httptest.NewRecorder()
	rec.WriteHeader(http.StatusTeapot)
	resp := rec.Result()
	return resp.StatusCode
}

func roundTripper(next http.RoundTripper) http.RoundTripper {
	return rtFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		resp.Header.Set("X-Seen", "1")
		return resp, nil
	})
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func modifyResponse(p *httputil.ReverseProxy) {
	p.ModifyResponse = func(resp *http.Response) error {
		resp.Header.Del("Server")
		return nil
	}
}

func writeCloses(u string, w io.Writer) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	return resp.Write(w)
}

func dumpStillOwned(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return nil, err
	}
	return httputil.DumpResponse(resp, true)
}

func replacedBody(u string) error {
	resp, err := http.Get(u) // want `resp.Body is replaced on line 160 before the original is closed: leaks at the return on line 163`
	if err != nil {
		return err
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(nil)
	defer resp.Body.Close()
	_ = data
	return nil
}

func replacedAfterClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(nil)
	_ = data
	return nil
}

func wrappedBody(u string, wrap func(io.ReadCloser) io.ReadCloser) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body = wrap(resp.Body)
	defer resp.Body.Close()
	return nil
}

// Doer is a client wrapper that reads the body for its callers, like the
// Prometheus API client: it returns the response for its status and the
// body as bytes.
type Doer interface {
	Do(req *http.Request) (*http.Response, []byte, error)
}

func bodyReturnedAsBytes(d Doer, req *http.Request) ([]byte, error) {
	_, body, err := d.Do(req)
	return body, err
}

type wrapper struct{ d Doer }

// Do forwards to a Doer: its response comes with the body already read.
func (w *wrapper) Do(req *http.Request) (*http.Response, []byte, error) {
	resp, body, err := w.d.Do(req)
	if err != nil {
		return resp, body, err
	}
	return resp, body, nil
}

func throughWrapper(w *wrapper, req *http.Request) int {
	resp, _, err := w.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// readButNotClosed returns the bytes but never closes the body: its code is
// known, so its callers still own the response and must close it.
func readButNotClosed(u string) (*http.Response, []byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func callsReadButNotClosed(u string) int {
	resp, _, err := readButNotClosed(u) // want `resp.Body is never closed`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
