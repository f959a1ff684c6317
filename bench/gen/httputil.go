package main

// httputilFile is the shared helper package every client imports.
func httputilFile() *file {
	f := newFile("httputil")
	f.doc = "// Package httputil holds the HTTP helpers shared by the service clients.\n"
	f.add(`
// StatusError is the error for a response with an unexpected status.
type StatusError struct {
	Code   int
	Status string
	Body   string
}

func (e *StatusError) Error() string {
	if e.Body == "" {
		return "unexpected status " + e.Status
	}
	return fmt.Sprintf("unexpected status %s: %s", e.Status, e.Body)
}

// IsNotFound reports whether err is a StatusError for a 404.
func IsNotFound(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusNotFound
}

// DrainAndClose reads what is left of body, up to a limit, so that the
// connection can be reused, and closes it.
func DrainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}

// CloseResponse drains and closes the body of resp, which may be nil.
func CloseResponse(resp *http.Response) {
	if resp == nil {
		return
	}
	DrainAndClose(resp.Body)
}

// CheckStatus returns nil for a 2xx response. Otherwise it reads the start
// of the body into a *StatusError and closes the body.
func CheckStatus(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	return &StatusError{Code: resp.StatusCode, Status: resp.Status, Body: strings.TrimSpace(string(b))}
}

// Retryable reports whether a request that got code is worth retrying.
func Retryable(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// Backoff returns the delay before retry number attempt (from 1).
func Backoff(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt, 6)
	return d + time.Duration(rand.Int64N(int64(d/2)))
}

// Sleep waits for d or until ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Get sends a GET for url with ctx. The caller must close the body of
// the response.
func Get(ctx context.Context, hc *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	return hc.Do(req)
}

// DecodeJSON decodes one JSON value from r. It does not close r.
func DecodeJSON[T any](r io.Reader) (T, error) {
	var v T
	err := json.NewDecoder(r).Decode(&v)
	return v, err
}

// Page is one page of a paginated listing.
type Page[T any] struct {
	Items []T    `+"`json:\"items\"`"+`
	Next  string `+"`json:\"next,omitempty\"`"+`
	Total int    `+"`json:\"total\"`"+`
}

// Collect calls fetch for each page, starting with first, until a page
// has no next link, and returns all items.
func Collect[T any](ctx context.Context, first string, fetch func(context.Context, string) (Page[T], error)) ([]T, error) {
	var all []T
	for next := first; next != ""; {
		page, err := fetch(ctx, next)
		if err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		next = page.Next
	}
	return all, nil
}
`, "context", "encoding/json", "errors", "fmt", "io", "math/rand/v2", "net/http", "strings", "time")
	return f
}
