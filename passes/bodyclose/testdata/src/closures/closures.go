package closures

import (
	"io"
	"net/http"
	"strings"
)

func closerNeverCalled(u string) error {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the return on line 16`
	if err != nil {
		return err
	}
	cleanup := func() { resp.Body.Close() }
	_ = cleanup
	return nil
}

func closerCalled(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	cleanup := func() { resp.Body.Close() }
	defer cleanup()
	return nil
}

func closerWithParam(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	closeIt := func(r *http.Response) { _ = r.Body.Close() }
	closeIt(resp)
	return nil
}

func readerWithParam(u string) error {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	read := func(r *http.Response) { _, _ = io.ReadAll(r.Body) }
	read(resp)
	return nil
}

func closerOnSomePaths(u string, ok bool) error {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	defer func() {
		if ok {
			resp.Body.Close()
		}
	}()
	return nil
}

func nilGuardInClosure(u string) {
	resp, _ := http.Get(u)
	defer func() {
		if resp != nil {
			resp.Body.Close()
		}
	}()
}

func obtainedInLiteral(u string) func() error {
	return func() error {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 78`
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return nil
		}
		return resp.Body.Close()
	}
}

func methodValue(c *http.Client, u string) error {
	get := c.Get
	resp, err := get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	_ = resp.Header
	return nil
}

func functionValue(get func(string) (*http.Response, error), u string) error {
	resp, err := get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func functionValueLeak(get func(string) (*http.Response, error), u string) error {
	resp, err := get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	_ = resp.Status
	return nil
}

func goroutineCloses(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	go func() {
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
	}()
	return nil
}

func callbackCloses(u string, register func(func())) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	register(func() { resp.Body.Close() })
	return nil
}

func rangeOverFunc(seq func(func(string) bool)) error {
	for u := range seq {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return nil
		}
		resp.Body.Close()
	}
	return nil
}

func rangeOverFuncDefer(seq func(func(string) bool)) error {
	for u := range seq {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
	}
	return nil
}

// literalPassThrough: a literal that sets headers and returns its
// argument returns the same response, which the defer closes.
func literalPassThrough(u string) (string, error) {
	withHeaders := func(r *http.Response) *http.Response {
		r.Header = make(http.Header)
		r.Header.Set("X-Id", "1")
		return r
	}
	resp, err := http.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	withHeaders(resp)
	return withHeaders(resp).Header.Get("X-Id"), nil
}

// literalPassThroughLeak: the alias does not close the original.
func literalPassThroughLeak(u string) (int, error) {
	same := func(r *http.Response) *http.Response { return r }
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return same(resp).StatusCode, nil
}

// literalOnLiteral: a response built in place is not obtained from
// anyone, and neither is what a pass-through returns for it.
func literalOnLiteral() int {
	withStatus := func(r *http.Response) *http.Response {
		r.Status = "404 Not Found"
		return r
	}
	return withStatus(&http.Response{StatusCode: 404}).StatusCode
}

// literalReplacesBody returns a response of its own: a new body.
func literalReplacesBody(u string) (*http.Response, error) {
	buffered := func(r *http.Response) *http.Response {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		return r
	}
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	buffered(resp) // want `response from buffered is discarded`
	return resp, nil
}

// capturedPassThrough: the literal is called through a variable that
// another literal captures (minio-go's test helpers).
func capturedPassThrough() []int {
	setHeaders := func(r *http.Response) *http.Response {
		r.Header = make(http.Header)
		return r
	}
	notFound := func() int {
		return setHeaders(&http.Response{StatusCode: 404}).StatusCode
	}
	return []int{notFound(), setHeaders(&http.Response{StatusCode: 500}).StatusCode}
}

// literalFakes: literals that build responses with empty bodies, and a
// literal that returns another literal's fake, make nothing to close.
func literalFakes() []int {
	setHeaders := func(r *http.Response) *http.Response {
		r.Header = make(http.Header)
		return r
	}
	fake := func(code int, body string) *http.Response {
		r := &http.Response{}
		r.StatusCode = code
		r.Body = io.NopCloser(strings.NewReader(body))
		return r
	}
	empty := func(code int) *http.Response {
		r := &http.Response{StatusCode: code, Body: http.NoBody}
		setHeaders(r)
		return r
	}
	apiError := func(code int) *http.Response {
		return fake(code, "<Error/>")
	}
	return []int{fake(200, "").StatusCode, empty(204).StatusCode, apiError(404).StatusCode}
}

// literalRealBody: a literal that wraps a real body makes a response to close.
func literalRealBody(rc io.ReadCloser) int {
	wrap := func(code int) *http.Response {
		return &http.Response{StatusCode: code, Body: rc}
	}
	resp := wrap(200) // want `resp.Body is never closed`
	return resp.StatusCode
}
