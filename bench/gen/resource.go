package main

import (
	"fmt"
	"strings"
)

var allImports = []string{
	"bytes", "context", "encoding/json", "errors", "fmt", "io", "net/http", "net/url",
	"strings", "sync", "time", httputilPath,
}

type resData struct {
	P *pkg
	R *resource
	D *pkg // a dependency, for leaks that use one
}

// resourceFile holds the type and the methods of one resource.
func (p *pkg) resourceFile(i int, r *resource) *file {
	f := newFile(p.Name)
	d := resData{P: p, R: r}
	var fields strings.Builder
	for _, fl := range r.Fields {
		fmt.Fprintf(&fields, "\t%s %s `json:%q`\n", fl.Name, fl.Type, fl.JSON)
	}
	f.add(fmt.Sprintf("// %s is a %s of the %s service.\ntype %s struct {\n%s}\n",
		r.Name, r.Var, p.Service, r.Name, fields.String()))
	f.add(tmpl(getTemplates[r.GetStyle], d))
	f.add(tmpl(listTemplates[r.ListStyle], d))
	f.add(tmpl(createTemplates[r.CreateStyle], d))
	f.add(tmpl(deleteTemplates[r.DeleteStyle], d))
	if r.Export {
		f.add(tmpl(exportTemplate, d))
	}
	if r.Count {
		f.add(tmpl(countTemplate, d))
	}
	if r.Batch {
		f.add(tmpl(batchTemplate, d))
	}
	if r.Retry {
		f.add(tmpl(retryTemplate, d))
	}
	for _, l := range p.leaks {
		if l.res != i {
			continue
		}
		if l.kind == "dep-decode-only" {
			d.D = p.Deps[len(p.Deps)-1]
			f.add(tmpl(leakTemplates[l.kind], d), d.D.Path)
			continue
		}
		f.add(tmpl(leakTemplates[l.kind], d))
	}
	return withImports(f, allImports)
}

var getTemplates = []string{`
// Get«.R.Name» fetches the «.R.Var» with the given id.
func (c *Client) Get«.R.Name»(ctx context.Context, id string) (*«.R.Name», error) {
	v, err := getJSON[«.R.Name»](ctx, c, "«.R.Path»/"+url.PathEscape(id))
	if err != nil {
		return nil, fmt.Errorf("get «.R.Var» %s: %w", id, err)
	}
	return &v, nil
}
`, `
// Get«.R.Name» fetches the «.R.Var» with the given id.
func (c *Client) Get«.R.Name»(ctx context.Context, id string) (*«.R.Name», error) {
	req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(req)
	if err != nil {
		return nil, fmt.Errorf("get «.R.Var» %s: %w", id, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, ErrNotFound
	default:
		return nil, fmt.Errorf("get «.R.Var» %s: unexpected status %s", id, resp.Status)
	}
	var v «.R.Name»
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, fmt.Errorf("decode «.R.Var»: %w", err)
	}
	return &v, nil
}
`, `
// Get«.R.Name» fetches the «.R.Var» with the given id.
func (c *Client) Get«.R.Name»(ctx context.Context, id string) (*«.R.Name», error) {
	req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if err := httputil.CheckStatus(resp); err != nil {
		if httputil.IsNotFound(err) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	v := new(«.R.Name»)
	if err := json.Unmarshal(body, v); err != nil {
		return nil, fmt.Errorf("decode «.R.Var» %s: %w", id, err)
	}
	return v, nil
}
`}

var listTemplates = []string{`
// List«.R.Plural» returns every «.R.Var», following the pagination links.
func (c *Client) List«.R.Plural»(ctx context.Context) ([]«.R.Name», error) {
	return httputil.Collect(ctx, "«.R.Path»?limit=100", func(ctx context.Context, path string) (httputil.Page[«.R.Name»], error) {
		return getJSON[httputil.Page[«.R.Name»]](ctx, c, path)
	})
}
`, `
// List«.R.Plural» returns every «.R.Var» matching filter, one page at a time.
func (c *Client) List«.R.Plural»(ctx context.Context, filter url.Values) ([]«.R.Name», error) {
	var all []«.R.Name»
	for page := 1; ; page++ {
		q := url.Values{"page": {fmt.Sprint(page)}}
		for k, vs := range filter {
			q[k] = vs
		}
		req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»?"+q.Encode(), nil)
		if err != nil {
			return nil, err
		}
		resp, err := c.do(req)
		if err != nil {
			return nil, err
		}
		var p httputil.Page[«.R.Name»]
		if resp.StatusCode == http.StatusOK {
			err = json.NewDecoder(resp.Body).Decode(&p)
		} else {
			err = fmt.Errorf("list «.R.Plural | lower» page %d: %s", page, resp.Status)
		}
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.Next == "" || len(p.Items) == 0 {
			return all, nil
		}
	}
}
`}

var createTemplates = []string{`
// Create«.R.Name» creates v and returns it as stored by the service.
func (c *Client) Create«.R.Name»(ctx context.Context, v *«.R.Name») (*«.R.Name», error) {
	return sendJSON[*«.R.Name», *«.R.Name»](ctx, c, http.MethodPost, "«.R.Path»", v)
}
`, `
// Create«.R.Name» creates v and returns it as stored by the service.
func (c *Client) Create«.R.Name»(ctx context.Context, v *«.R.Name») (*«.R.Name», error) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	req, err := c.newRequest(ctx, http.MethodPost, "«.R.Path»", &buf)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("create «.R.Var»: %w", err)
	}
	if err := httputil.CheckStatus(resp); err != nil {
		return nil, fmt.Errorf("create «.R.Var»: %w", err)
	}
	defer resp.Body.Close()
	created, err := httputil.DecodeJSON[«.R.Name»](resp.Body)
	if err != nil {
		return nil, err
	}
	return &created, nil
}
`}

var deleteTemplates = []string{`
// Delete«.R.Name» deletes the «.R.Var» with the given id. Deleting a «.R.Var»
// that does not exist is not an error.
func (c *Client) Delete«.R.Name»(ctx context.Context, id string) error {
	req, err := c.newRequest(ctx, http.MethodDelete, "«.R.Path»/"+url.PathEscape(id), nil)
	if err != nil {
		return err
	}
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer httputil.DrainAndClose(resp.Body)
	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent, http.StatusNotFound:
		return nil
	}
	return fmt.Errorf("delete «.R.Var» %s: %s", id, resp.Status)
}
`, `
// Delete«.R.Name» deletes the «.R.Var» with the given id.
func (c *Client) Delete«.R.Name»(ctx context.Context, id string) error {
	req, err := c.newRequest(ctx, http.MethodDelete, "«.R.Path»/"+url.PathEscape(id), nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}()
	if resp.StatusCode == http.StatusNotFound {
		return ErrNotFound
	}
	if resp.StatusCode/100 != 2 {
		return errors.New("delete «.R.Var» " + id + ": " + resp.Status)
	}
	return nil
}
`}

const exportTemplate = `
// Export«.R.Plural» streams every «.R.Var» as JSON lines. The caller must
// close the returned reader.
func (c *Client) Export«.R.Plural»(ctx context.Context) (io.ReadCloser, error) {
	req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»/export", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/x-ndjson")
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		httputil.DrainAndClose(resp.Body)
		return nil, fmt.Errorf("export «.R.Plural | lower»: %s", resp.Status)
	}
	return resp.Body, nil
}
`

const countTemplate = `
// Count«.R.Plural» returns how many «.R.Plural | lower» the service holds.
func (c *Client) Count«.R.Plural»(ctx context.Context) (int, error) {
	var n int
	err := c.withResponse(ctx, "«.R.Path»/count", func(resp *http.Response) error {
		var body struct {
			Count int ` + "`json:\"count\"`" + `
		}
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			return err
		}
		n = body.Count
		return nil
	})
	return n, err
}
`

const batchTemplate = `
// Get«.R.Plural» fetches the «.R.Plural | lower» with the given ids in parallel.
func (c *Client) Get«.R.Plural»(ctx context.Context, ids []string) ([]*«.R.Name», error) {
	type result struct {
		i   int
		v   *«.R.Name»
		err error
	}
	results := make(chan result, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.Get«.R.Name»(ctx, id)
			results <- result{i, v, err}
		}()
	}
	wg.Wait()
	close(results)
	out := make([]*«.R.Name», len(ids))
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		out[r.i] = r.v
	}
	return out, nil
}

// prefetch«.R.Plural» sends the GETs for paths concurrently and hands every
// response to handle, which must close its body.
func (c *Client) prefetch«.R.Plural»(ctx context.Context, paths []string, handle func(string, *http.Response)) error {
	type fetched struct {
		path string
		resp *http.Response
		err  error
	}
	ch := make(chan fetched)
	for _, p := range paths {
		go func() {
			req, err := c.newRequest(ctx, http.MethodGet, p, nil)
			if err != nil {
				ch <- fetched{path: p, err: err}
				return
			}
			resp, err := c.hc.Do(req)
			ch <- fetched{p, resp, err}
		}()
	}
	var firstErr error
	for range paths {
		f := <-ch
		if f.err != nil {
			if firstErr == nil {
				firstErr = f.err
			}
			continue
		}
		handle(f.path, f.resp)
	}
	return firstErr
}

// Warm«.R.Name»Cache loads the given «.R.Plural | lower» into cache.
func (c *Client) Warm«.R.Name»Cache(ctx context.Context, ids []string, cache map[string]*«.R.Name») error {
	paths := make([]string, len(ids))
	for i, id := range ids {
		paths[i] = "«.R.Path»/" + url.PathEscape(id)
	}
	var mu sync.Mutex
	return c.prefetch«.R.Plural»(ctx, paths, func(path string, resp *http.Response) {
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return
		}
		var v «.R.Name»
		if json.NewDecoder(resp.Body).Decode(&v) == nil {
			mu.Lock()
			cache[v.ID] = &v
			mu.Unlock()
		}
	})
}
`

const retryTemplate = `
// Update«.R.Name» replaces the «.R.Var» v.ID with v, retrying on conflicts.
func (c *Client) Update«.R.Name»(ctx context.Context, v *«.R.Name») error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		req, err := c.newRequest(ctx, http.MethodPut, "«.R.Path»/"+url.PathEscape(v.ID), bytes.NewReader(b))
		if err != nil {
			return err
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusConflict && attempt < 5 {
			resp.Body.Close()
			if err := httputil.Sleep(ctx, httputil.Backoff(attempt)); err != nil {
				return err
			}
			continue
		}
		err = httputil.CheckStatus(resp)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
}
`

var leakTemplates = map[string]string{
	"status-before-defer": `
// «.R.Name»Summary returns the summary the service computes for a «.R.Var».
func (c *Client) «.R.Name»Summary(ctx context.Context, id string) (map[string]any, error) {
	req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»/"+url.PathEscape(id)+"/summary", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("«.R.Var» summary: %s", resp.Status)
	}
	defer resp.Body.Close()
	var out map[string]any
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out, err
}
`,
	"health-status-only": `
// «.R.Plural»Healthy reports whether the «.R.Plural | lower» endpoint answers.
func (c *Client) «.R.Plural»Healthy(ctx context.Context) bool {
	req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»?limit=1", nil)
	if err != nil {
		return false
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return false
	}
	return resp.StatusCode == http.StatusOK
}
`,
	"readall-no-close": `
// Raw«.R.Name» returns the JSON document of a «.R.Var» as the service sends it.
func (c *Client) Raw«.R.Name»(ctx context.Context, id string) ([]byte, error) {
	req, err := c.newRequest(ctx, http.MethodGet, "«.R.Path»/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("raw «.R.Var» %s: %s: %s", id, resp.Status, b)
	}
	return b, nil
}
`,
	"retry-no-close": `
// Touch«.R.Name» marks a «.R.Var» as used, retrying server errors.
func (c *Client) Touch«.R.Name»(ctx context.Context, id string) error {
	req, err := c.newRequest(ctx, http.MethodPost, "«.R.Path»/"+url.PathEscape(id)+"/touch", nil)
	if err != nil {
		return err
	}
	var resp *http.Response
	for attempt := 0; attempt < 3; attempt++ {
		resp, err = c.hc.Do(req)
		if err == nil && resp.StatusCode < 500 {
			break
		}
		time.Sleep(httputil.Backoff(attempt))
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("touch «.R.Var» %s: %s", id, resp.Status)
	}
	return nil
}
`,
	"discarded": `
// Publish«.R.Name»Event tells the service that something happened to a «.R.Var».
// Delivery is best effort.
func (c *Client) Publish«.R.Name»Event(ctx context.Context, id, kind string) error {
	b, err := json.Marshal(map[string]string{"id": id, "kind": kind})
	if err != nil {
		return err
	}
	_, err = c.hc.Post(c.base+"«.R.Path»/events", "application/json", bytes.NewReader(b))
	return err
}
`,
	"continue-in-loop": `
// Warm«.R.Plural» asks the service to load the given «.R.Plural | lower» into its
// cache and returns the ids it accepted.
func (c *Client) Warm«.R.Plural»(ctx context.Context, ids []string) []string {
	var ok []string
	for _, id := range ids {
		req, err := c.newRequest(ctx, http.MethodPost, "«.R.Path»/"+url.PathEscape(id)+"/warm", nil)
		if err != nil {
			continue
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusAccepted {
			continue
		}
		resp.Body.Close()
		ok = append(ok, id)
	}
	return ok
}
`,
	"dep-decode-only": `
// mirror«.R.Plural» reads the «.R.Plural | lower» the «.D.Service» service mirrors.
func (c *Client) mirror«.R.Plural»(ctx context.Context) ([]«.R.Name», error) {
	resp, err := «.D.Name».FetchRaw(ctx, c.hc, c.base+"/mirror«.R.Path»")
	if err != nil {
		return nil, err
	}
	var out []«.R.Name»
	if err := «.D.Name».DecodeInto(resp, &out); err != nil {
		return nil, err
	}
	return out, nil
}
`,
}
