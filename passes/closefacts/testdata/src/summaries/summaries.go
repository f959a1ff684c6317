package summaries

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

func Drain(body io.ReadCloser) { // want Drain:"p0=closes drains=\\[0\\]"
	_, _ = io.Copy(io.Discard, body)
	body.Close()
}

func DeferClose(resp *http.Response) int { // want DeferClose:"p0=closes"
	defer resp.Body.Close()
	return resp.StatusCode
}

func NilGuarded(resp *http.Response) { // want NilGuarded:"p0=closes"
	if resp == nil || resp.Body == nil {
		return
	}
	resp.Body.Close()
}

func NilGuardedAnd(resp *http.Response) { // want NilGuardedAnd:"p0=closes"
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
}

func Reads(resp *http.Response) []byte { // want Reads:"p0=borrows"
	b, _ := io.ReadAll(resp.Body)
	return b
}

func Sometimes(resp *http.Response, ok bool) { // want Sometimes:"p0=borrows p1=takes"
	if ok {
		resp.Body.Close()
	}
}

func OnError(resp *http.Response) error { // want OnError:"p0=closes-on-error"
	if resp.StatusCode >= 400 {
		defer resp.Body.Close()
		return errors.New(resp.Status)
	}
	return nil
}

var kept []*http.Response

// Keeps takes ownership: "takes" is the default, so no fact is exported.
func Keeps(resp *http.Response) {
	kept = append(kept, resp)
}

// Returns gives the caller back its own response: an alias, not a new one.
func Returns(resp *http.Response) *http.Response { // want Returns:"p0=borrows r0=p0"
	return resp
}

// Tag reads and sets headers, then returns its argument.
func Tag(r *http.Response, scope string) *http.Response { // want Tag:"p0=borrows p1=takes r0=p0"
	if r.StatusCode >= 400 {
		r.Header.Set("X-Scopes", r.Header.Get("X-Scopes")+scope)
	}
	return r
}

// TagAgain returns what Tag returns: its argument.
func TagAgain(r *http.Response) *http.Response { // want TagAgain:"p0=borrows r0=p0"
	return Tag(r, "repo")
}

// Either returns its argument or a new response: no alias.
func Either(r *http.Response, u string) *http.Response {
	if r == nil {
		r2, _ := http.Get(u)
		return r2
	}
	return r
}

// Reassigned returns its parameter after assigning it: no alias.
func Reassigned(r *http.Response, u string) *http.Response {
	r, _ = http.Get(u)
	return r
}

// HTTPError keeps the response it describes.
type HTTPError struct {
	Response *http.Response
}

func (e *HTTPError) Error() string { return e.Response.Status }

// AsError builds an error that holds resp: nobody closes a response found
// in an error, so resp is only borrowed.
func AsError(resp *http.Response) error { // want AsError:"p0=borrows"
	return &HTTPError{Response: resp}
}

// Holder is not an error: storing into it hands the response on.
type Holder struct{ Response *http.Response }

func Hold(resp *http.Response) *Holder {
	return &Holder{Response: resp}
}

// Opts are the options of a REST call.
type Opts struct {
	Method       string
	Close        bool
	NoRedirect   bool
	AuthRedirect bool
	IgnoreStatus bool
	NoResponse   bool // close the body before returning
}

// RESTClient is a REST client shaped like rclone's lib/rest.
type RESTClient struct {
	c            *http.Client
	errorHandler func(*http.Response) error
}

// Call returns an open response unless opts.NoResponse is set; on a
// failed status it hands the response to the error handler.
//
// It tests more options than a summary keeps conditions on: the ones that
// guard a return are kept (opts == nil, IgnoreStatus, NoResponse).
func (api *RESTClient) Call(opts *Opts) (resp *http.Response, err error) { // want Call:"p0=takes p1=takes closed0-if=p1==nil||p1.NoResponse"
	if opts == nil {
		return nil, errors.New("no options")
	}
	req, err := http.NewRequest(opts.Method, "http://example.com", nil)
	if err != nil {
		return // naked: the named results, resp still nil
	}
	if opts.Close {
		req.Close = true
	}
	c := *api.c
	if opts.NoRedirect {
		c.CheckRedirect = nil
	} else if opts.AuthRedirect {
		req.Header.Set("Authorization", "x")
	}
	resp, err = c.Do(req)
	if err != nil {
		return nil, err
	}
	if !opts.IgnoreStatus {
		if resp.StatusCode > 299 {
			err = api.errorHandler(resp)
			if err == nil {
				err = errors.New(resp.Status)
			}
			return resp, err
		}
	}
	if opts.NoResponse {
		return resp, resp.Body.Close()
	}
	return resp, nil
}

// DecodeJSON decodes and closes the body.
func DecodeJSON(resp *http.Response, result any) error { // want DecodeJSON:"p0=closes p1=takes"
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(result)
}

// callCodec decodes into response when it is not nil; decode comes from
// the caller.
func (api *RESTClient) callCodec(opts *Opts, response any, decode func(*http.Response, any) error) (resp *http.Response, err error) { // want callCodec:"p0=takes p1=takes p2=takes p3=takes closed0-if=p2!=nil||p1.NoResponse"
	if opts.Method == "" {
		opts = opts.Copy()
	}
	resp, err = api.Call(opts)
	if err != nil {
		return resp, err
	}
	if response == nil || opts.NoResponse {
		return resp, nil
	}
	err = decode(resp, response)
	return resp, err
}

// Copy returns a copy of o.
func (o *Opts) Copy() *Opts {
	c := *o
	return &c
}

// CallJSON is the third level.
func (api *RESTClient) CallJSON(opts *Opts, response any) (*http.Response, error) { // want CallJSON:"p0=takes p1=takes p2=takes closed0-if=p2!=nil||p1.NoResponse"
	return api.callCodec(opts, response, DecodeJSON)
}

// CallNoResponse always asks for the body to be closed.
func (api *RESTClient) CallNoResponse(method string) (*http.Response, error) { // want CallNoResponse:"p0=takes p1=takes closed=\\[0\\]"
	return api.Call(&Opts{Method: method, NoResponse: true})
}

func ViaHelper(resp *http.Response) { // want ViaHelper:"p0=closes"
	Drain(resp.Body)
}

func ViaReader(resp *http.Response) { // want ViaReader:"p0=borrows"
	Reads(resp)
}

func Literal(resp *http.Response) { // want Literal:"p0=closes"
	defer func() {
		_ = resp.Body.Close()
	}()
}

func LiteralNotCalled(resp *http.Response) func() {
	return func() { resp.Body.Close() }
}

func Unnamed(*http.Response) {} // want Unnamed:"p0=borrows"

// Recursive calls are not followed: unknown, so "takes".
func Recursive(resp *http.Response, n int) {
	if n == 0 {
		resp.Body.Close()
		return
	}
	Recursive(resp, n-1)
}

func Generic[T io.Closer](c T) { // want Generic:"p0=closes"
	c.Close()
}

type Client struct{}

func (c *Client) Finish(resp *http.Response) { // want Finish:"p0=takes p1=closes"
	resp.Body.Close()
}

func FetchRead(u string) (*http.Response, []byte, error) { // want FetchRead:"p0=takes closed=\\[0\\]"
	resp, err := http.Get(u)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func FetchBuffered(u string) (*http.Response, error) { // want FetchBuffered:"p0=takes closed=\\[0\\]"
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

func FetchOpen(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		resp.Body.Close()
		return nil, errors.New(resp.Status)
	}
	return resp, nil
}

func NoResponses(s string) string { return s }

// Release hands the body to a pool the analysis cannot see.
//
//bodyclosecheck:closes
func Release(body io.ReadCloser) { // want Release:"p0=closes"
	pool = append(pool, body)
}

var pool []io.ReadCloser

// Inspect reads the body but is marked as taking it.
//
//bodyclosecheck:takes
func Inspect(resp *http.Response) {
	_, _ = io.ReadAll(resp.Body)
}

type doer interface {
	Do(*http.Request) (*http.Response, []byte, error)
}

type Wrapper struct{ d doer }

// Do forwards to unknown code that returns the body's bytes too.
func (w *Wrapper) Do(req *http.Request) (*http.Response, []byte, error) { // want Do:"p0=takes p1=takes closed=\\[0\\]"
	resp, b, err := w.d.Do(req)
	return resp, b, err
}

func ViaWrapper(w *Wrapper, req *http.Request) (*http.Response, error) { // want ViaWrapper:"p0=takes p1=takes closed=\\[0\\]"
	resp, _, err := w.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// Forward returns what the wrapper returns.
func (w *Wrapper) Forward(req *http.Request) ([]byte, *http.Response, error) { // want Forward:"p0=takes p1=takes closed=\\[1\\]"
	return w.twisted(req)
}

func (w *Wrapper) twisted(req *http.Request) ([]byte, *http.Response, error) { // want twisted:"p0=takes p1=takes closed=\\[1\\]"
	resp, b, err := w.d.Do(req)
	return b, resp, err
}

// Wrappers of a closes-on-error helper close on error too when the error
// they return is the helper's.

func WrapReturn(resp *http.Response) error { // want WrapReturn:"p0=closes-on-error"
	return OnError(resp)
}

func WrapIf(resp *http.Response) error { // want WrapIf:"p0=closes-on-error"
	if err := OnError(resp); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	return nil
}

func WrapAssign(resp *http.Response) (int, error) { // want WrapAssign:"p0=closes-on-error"
	err := OnError(resp)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func WrapNamed(resp *http.Response) (err error) { // want WrapNamed:"p0=closes-on-error"
	err = OnError(resp)
	return
}

func WrapChain(resp *http.Response) error { // want WrapChain:"p0=closes-on-error"
	return WrapIf(resp)
}

// WrapOtherError returns an error of its own after the helper succeeded:
// the body is then open.
func WrapOtherError(resp *http.Response) error { // want WrapOtherError:"p0=borrows"
	if err := OnError(resp); err != nil {
		return err
	}
	if resp.ContentLength == 0 {
		return errors.New("empty")
	}
	return nil
}

// WrapIgnored drops the helper's error.
func WrapIgnored(resp *http.Response) error { // want WrapIgnored:"p0=borrows"
	_ = OnError(resp)
	if resp.StatusCode == 204 {
		return errors.New("no content")
	}
	return nil
}

// WrapBefore returns an error before calling the helper.
func WrapBefore(resp *http.Response) error { // want WrapBefore:"p0=borrows"
	if resp.Header.Get("X") == "" {
		return errors.New("no header")
	}
	return OnError(resp)
}

// FakeResponse builds a response whose body holds no connection.
func FakeResponse(data []byte) *http.Response { // want FakeResponse:"p0=takes closed=\\[0\\]"
	return &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(data))}
}

// WrapBody gives a response a body that is a real closer: not exempt.
func WrapBody(rc io.ReadCloser) *http.Response {
	return &http.Response{StatusCode: 200, Body: rc}
}

// GetResponse is an SDK's response wrapper.
type GetResponse struct {
	RawResponse *http.Response
	ETag        string
}

// HTTPResponse only reads a field: whoever stored the response answers for it.
func (r GetResponse) HTTPResponse() *http.Response { // want HTTPResponse:"p0=takes closed=\\[0\\]"
	return r.RawResponse
}

type item struct{ Name string }

// Upload decodes into a local pointer: passed to an interface parameter,
// any pointer makes a non-nil interface, so the body is always closed.
func Upload(api *RESTClient) (*http.Response, *item, error) { // want Upload:"p0=takes closed=\\[0\\]"
	response := &item{}
	resp, err := api.CallJSON(&Opts{Method: "POST"}, response)
	return resp, response, err
}

func trace(args ...any) {}

func pace(fn func() error) error { return fn() }

// RPC forwards the caller's result through a retried literal; the
// deferred trace taking &result runs after every return.
func RPC(api *RESTClient, result any) (resp *http.Response, err error) { // want RPC:"p0=takes p1=takes closed0-if=p1!=nil"
	defer trace(&result, &err)
	opts := Opts{Method: "POST"}
	err = pace(func() error {
		resp, err = api.CallJSON(&opts, result)
		return err
	})
	return resp, err
}

// CallAPI decodes when it is given a result, else leaves the body open;
// the choice is made inside the retried literal.
func CallAPI(api *RESTClient, method string, response any) (*http.Response, error) { // want CallAPI:"p0=takes p1=takes p2=takes closed0-if=p2!=nil"
	opts := Opts{Method: method}
	var res *http.Response
	err := pace(func() error {
		var err error
		if response != nil {
			res, err = api.CallJSON(&opts, response)
		} else {
			res, err = api.Call(&opts)
		}
		return err
	})
	return res, err
}

// Shadowed returns its named result, which the literal's own resp
// shadows: always nil.
func Shadowed(api *RESTClient) (response *http.Response, err error) { // want Shadowed:"p0=takes closed=\\[0\\]"
	err = pace(func() error {
		resp, err := api.Call(&Opts{NoResponse: false})
		_ = resp
		return err
	})
	return response, err
}

func newOpts(method string) Opts { return Opts{Method: method} }

// RemoveLater sets NoResponse on options made by another function.
func RemoveLater(api *RESTClient) (resp *http.Response, err error) { // want RemoveLater:"p0=takes closed=\\[0\\]"
	opts := newOpts("DELETE")
	opts.NoResponse = true
	err = pace(func() error {
		resp, err = api.Call(&opts)
		return err
	})
	return resp, err
}

// RemoveMaybe sets it on one path only: unknown.
func RemoveMaybe(api *RESTClient, del bool) (resp *http.Response, err error) {
	opts := newOpts("DELETE")
	if del {
		opts.NoResponse = true
	}
	return api.Call(&opts)
}

type reqMeta struct {
	url                  string
	expect200OKWithError bool
}

// ExecuteMethod retries; unless the caller expects errors in 200 bodies
// it returns a success with its body open, else an in-memory copy.
func ExecuteMethod(c *http.Client, m reqMeta) (*http.Response, error) { // want ExecuteMethod:"p0=takes p1=takes closed0-if=p1.expect200OKWithError"
	var res *http.Response
	var err error
	for try := 0; try < 3; try++ {
		res, err = c.Get(m.url)
		if err != nil {
			continue
		}
		if res.StatusCode == http.StatusOK && !m.expect200OKWithError {
			return res, nil
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		res.Body = io.NopCloser(bytes.NewReader(b))
		if res.StatusCode < 500 {
			return res, nil
		}
	}
	return res, err
}

// GetOrHead closes the body of HEAD responses (b2's getOrHead).
func GetOrHead(api *RESTClient, method string) (*http.Response, error) { // want GetOrHead:"p0=takes p1=takes closed0-if=p1==\"HEAD\""
	opts := Opts{Method: method, NoResponse: method == "HEAD"}
	return api.Call(&opts)
}

// Head is GetOrHead with a constant.
func Head(api *RESTClient) (*http.Response, error) { // want Head:"p0=takes closed=\\[0\\]"
	return GetOrHead(api, "HEAD")
}
