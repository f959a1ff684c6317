// Package helpers holds response helpers used from another package.
package helpers

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// DrainAndClose reads what is left of body and closes it.
func DrainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 1<<20))
	_ = body.Close()
}

// CloseResp closes resp's body if there is one.
func CloseResp(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	resp.Body.Close()
}

// ReadOnly reads the body but does not close it.
func ReadOnly(resp *http.Response) []byte {
	b, _ := io.ReadAll(resp.Body)
	return b
}

// Keeper keeps responses.
type Keeper struct{ kept []*http.Response }

// Keep takes ownership of resp.
func (k *Keeper) Keep(resp *http.Response) { k.kept = append(k.kept, resp) }

// CheckStatus closes the body and returns an error unless the status is 200.
func CheckStatus(resp *http.Response) error {
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// Fetch returns an open response.
func Fetch(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	return resp, nil
}

// FetchBytes returns the response with its body read and closed.
func FetchBytes(u string) (*http.Response, []byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// Buffered returns the response with its body replaced by an in-memory copy.
func Buffered(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// CloseLater closes in a deferred literal.
func CloseLater(resp *http.Response) int {
	defer func() { _ = resp.Body.Close() }()
	return resp.StatusCode
}

// CheckResponse delegates to CheckStatus: it closes on error too.
func CheckResponse(resp *http.Response) error { return CheckStatus(resp) }

// Finisher closes the responses it is given.
type Finisher struct{}

// Finish closes resp.
func (Finisher) Finish(resp *http.Response) { resp.Body.Close() }
