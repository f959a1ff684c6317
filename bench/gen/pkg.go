package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

const httputilPath = modulePath + "/internal/httputil"

// files returns the files of the package by name.
func (p *pkg) files() map[string]*file {
	files := map[string]*file{
		"client.go":      p.clientFile(),
		"helpers.go":     p.helpersFile(),
		"client_test.go": p.testFile(),
	}
	for i, r := range p.Res {
		files[strings.ToLower(r.Name)+".go"] = p.resourceFile(i, r)
	}
	if len(p.Deps) > 0 {
		files["mirror.go"] = p.mirrorFile()
	}
	return files
}

func (p *pkg) clientFile() *file {
	f := newFile(p.Name)
	f.doc = tmpl("// Package «.Name» is a client for the «.Service» service.\n", p)
	f.add(tmpl(clientTemplate, p))
	if p.usesSendJSON() {
		f.add(sendJSONTemplate)
	}
	if p.usesWithResponse() {
		f.add(withResponseTemplate)
	}
	if p.usesFirstMatch() {
		f.add(firstMatchTemplate)
	}
	return withImports(f, allImports)
}

const sendJSONTemplate = `
// sendJSON sends in as the JSON body of a method request to path and
// decodes the response into an Out.
func sendJSON[In, Out any](ctx context.Context, c *Client, method, path string, in In) (Out, error) {
	var out Out
	b, err := json.Marshal(in)
	if err != nil {
		return out, err
	}
	req, err := c.newRequest(ctx, method, path, bytes.NewReader(b))
	if err != nil {
		return out, err
	}
	resp, err := c.do(req)
	if err != nil {
		return out, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		return out, fmt.Errorf("%s %s: %s", method, path, resp.Status)
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out, err
}
`

const withResponseTemplate = `
// withResponse sends a GET for path and hands the response to fn when
// the status is 200. The body is closed when fn returns.
func (c *Client) withResponse(ctx context.Context, path string, fn func(*http.Response) error) error {
	req, err := c.newRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer httputil.DrainAndClose(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return fn(resp)
}
`

const firstMatchTemplate = `
// firstMatch returns the first item for which keep is true.
func firstMatch[T any](items []T, keep func(T) bool) (T, bool) {
	for _, it := range items {
		if keep(it) {
			return it, true
		}
	}
	var zero T
	return zero, false
}
`

// helpersFile holds the exported helpers that other packages use, so that
// facts about them flow along the import chain.
func (p *pkg) helpersFile() *file {
	f := newFile(p.Name)
	type data struct {
		*pkg
		Dep    *pkg
		Inline bool
	}
	d := data{pkg: p, Inline: !p.m.wrappedChecks}
	imports := []string{"context", "encoding/json", "fmt", "net/http", "strings"}
	if p.Delegate {
		d.Dep = p.Deps[0]
		imports = append(imports, d.Dep.Path)
	}
	f.add(tmpl(helpersTemplate, d))
	return withImports(f, append(imports, httputilPath))
}

// mirrorFile uses the helpers and clients of the dependencies.
func (p *pkg) mirrorFile() *file {
	f := newFile(p.Name)
	imports := []string{"context", "fmt", "net/http"}
	for k, d := range p.Deps {
		imports = append(imports, d.Path)
		data := struct {
			P   *pkg
			D   *pkg
			R   *resource
			Fix int
		}{p, d, d.Res[0], k}
		if k == 0 {
			f.add(tmpl(depClientTemplate, data))
		}
		f.add(tmpl(mirrorTemplates[p.MirrorStyle[k]], data))
	}
	return withImports(f, imports)
}

// withImports records on f those of imports its code uses (so that
// templates need not track which branch used which package).
func withImports(f *file, imports []string) *file {
	used := map[string]bool{}
	src := "package p\n" + f.body.String()
	if file, err := parser.ParseFile(token.NewFileSet(), "", src, 0); err == nil {
		ast.Inspect(file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	for _, imp := range imports {
		if used[imp[strings.LastIndex(imp, "/")+1:]] {
			f.imports[imp] = true
		}
	}
	return f
}

const clientTemplate = `
// DefaultBaseURL is the production endpoint of the «.Service» service.
const DefaultBaseURL = "https://«.Host»/api/v1"

// ErrNotFound is returned when the «.Service» service has no such object.
var ErrNotFound = errors.New("«.Name»: not found")

// Client talks to the «.Service» service. Use New to make one.
type Client struct {
	base      string
	hc        *http.Client
	userAgent string
	token     string
	retries   int
}

// An Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the Client send its requests with hc.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) { c.hc = hc }
}

// WithRetries sets how many times a failed request is retried.
func WithRetries(n int) Option {
	return func(c *Client) {
		if n >= 0 {
			c.retries = n
		}
	}
}

// WithToken authenticates every request with a bearer token.
func WithToken(token string) Option {
	return func(c *Client) { c.token = token }
}

// New returns a Client for the service at base (DefaultBaseURL if empty).
func New(base string, opts ...Option) *Client {
	if base == "" {
		base = DefaultBaseURL
	}
	c := &Client{
		base:      strings.TrimRight(base, "/"),
		hc:        &http.Client{Timeout: «.Timeout» * time.Second},
		userAgent: "«.Name»-go/1.«.Index»",
		retries:   «.Retries»,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

func (c *Client) newRequest(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// do sends req, retrying transport errors and retryable statuses with
// backoff. The caller must close the body of the response it returns.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	var lastErr error
	for attempt := range c.retries + 1 {
		if attempt > 0 {
			if err := httputil.Sleep(req.Context(), httputil.Backoff(attempt)); err != nil {
				return nil, err
			}
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				req.Body = body
			}
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		if httputil.Retryable(resp.StatusCode) {
			lastErr = fmt.Errorf("%s %s: %s", req.Method, req.URL.Path, resp.Status)
			httputil.DrainAndClose(resp.Body)
			continue
		}
		return resp, nil
	}
	return nil, lastErr
}

// getJSON fetches path and decodes the JSON body into a T.
func getJSON[T any](ctx context.Context, c *Client, path string) (T, error) {
	var zero T
	req, err := c.newRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return zero, err
	}
	resp, err := c.do(req)
	if err != nil {
		return zero, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return zero, ErrNotFound
	}
	if err := httputil.CheckStatus(resp); err != nil {
		return zero, err
	}
	return httputil.DecodeJSON[T](resp.Body)
}

// Ping checks that the service answers.
func (c *Client) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := c.newRequest(ctx, http.MethodGet, "/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &httputil.StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	return nil
}

`

const helpersTemplate = `
// FetchRaw sends a GET for url and returns the response as is. The caller
// must close its body.
func FetchRaw(ctx context.Context, hc *http.Client, url string) (*http.Response, error) {
«- if .Dep»
	return «.Dep.Name».FetchRaw(ctx, hc, url)
«- else»
	return httputil.Get(ctx, hc, url)
«- end»
}

// CheckResponse returns an error if resp does not have a 2xx status, and
// closes its body in that case.
func CheckResponse(resp *http.Response) error {
«- if .Inline»
	if resp.StatusCode/100 == 2 {
		return nil
	}
	defer resp.Body.Close()
	return fmt.Errorf("«.Name»: unexpected status %s", resp.Status)
«- else if .Dep»
	return «.Dep.Name».CheckResponse(resp)
«- else»
	return httputil.CheckStatus(resp)
«- end»
}

// CloseQuietly drains and closes the body of resp.
func CloseQuietly(resp *http.Response) {
«- if .Dep»
	«.Dep.Name».CloseQuietly(resp)
«- else»
	httputil.CloseResponse(resp)
«- end»
}

// DecodeInto decodes the JSON body of resp into v. It does not close the
// body.
func DecodeInto(resp *http.Response, v any) error {
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("«.Name»: unexpected content type %q", ct)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
`

const depClientTemplate = `
// «.D.Name»Client returns a client for the «.D.Service» service that shares
// the connection pool of c.
func (c *Client) «.D.Name»Client() *«.D.Name».Client {
	return «.D.Name».New(c.base+"/proxy/«.D.Service»", «.D.Name».WithHTTPClient(c.hc), «.D.Name».WithRetries(c.retries))
}

// Lookup«.R.Name» fetches a «.R.Var» from the «.D.Service» service through the proxy.
func (c *Client) Lookup«.R.Name»(ctx context.Context, id string) (*«.D.Name».«.R.Name», error) {
	v, err := c.«.D.Name»Client().Get«.R.Name»(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("«.P.Name»: lookup «.R.Var» %s: %w", id, err)
	}
	return v, nil
}
`

var mirrorTemplates = []string{mirror0, mirror1, mirror2}

const mirror0 = `
// sync«.D.Name» copies the «.R.Plural» the «.D.Service» service exports.
func (c *Client) sync«.D.Name»(ctx context.Context) ([]«.D.Name».«.R.Name», error) {
	resp, err := «.D.Name».FetchRaw(ctx, c.hc, c.base+"/export/«.D.Name»")
	if err != nil {
		return nil, err
	}
	if err := «.D.Name».CheckResponse(resp); err != nil {
		return nil, fmt.Errorf("sync «.D.Service»: %w", err)
	}
	defer «.D.Name».CloseQuietly(resp)
	var out []«.D.Name».«.R.Name»
	if err := «.D.Name».DecodeInto(resp, &out); err != nil {
		return nil, err
	}
	return out, nil
}
`

const mirror1 = `
// sync«.D.Name» copies the «.R.Plural» the «.D.Service» service exports.
func (c *Client) sync«.D.Name»(ctx context.Context) ([]«.D.Name».«.R.Name», error) {
	resp, err := «.D.Name».FetchRaw(ctx, c.hc, c.base+"/export/«.D.Name»")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sync «.D.Service»: %s", resp.Status)
	}
	var out []«.D.Name».«.R.Name»
	err = «.D.Name».DecodeInto(resp, &out)
	return out, err
}
`

const mirror2 = `
// sync«.D.Name» copies the «.R.Plural» the «.D.Service» service exports,
// keeping the first one named name.
func (c *Client) sync«.D.Name»(ctx context.Context, name string) (*«.D.Name».«.R.Name», error) {
	resp, err := «.D.Name».FetchRaw(ctx, c.hc, c.base+"/export/«.D.Name»")
	if err != nil {
		return nil, err
	}
	defer «.D.Name».CloseQuietly(resp)
	if err := «.D.Name».CheckResponse(resp); err != nil {
		return nil, err
	}
	var all []«.D.Name».«.R.Name»
	if err := «.D.Name».DecodeInto(resp, &all); err != nil {
		return nil, err
	}
	v, ok := firstMatch(all, func(v «.D.Name».«.R.Name») bool { return v.Name == name })
	if !ok {
		return nil, ErrNotFound
	}
	return &v, nil
}
`
