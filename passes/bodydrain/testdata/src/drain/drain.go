// Package drain is the fixture family of bodydraincheck: bodies closed
// before they are read to EOF, and the ways of reading them that count.
package drain

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	"drain/helper"
)

// statusOnly is the incident's shape: the error page is closed unread.
func statusOnly(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed unread at the return on line 26, after the status check on line 25: net/http then drops its connection instead of reusing it; drain it before the close, at most a bounded amount: io.Copy\(io.Discard, io.LimitReader\(resp.Body, 64<<10\)\)`
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// readAll reads the body to EOF on every path.
func readAll(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// copyAny copies the body to any writer: that reads it to EOF.
func copyAny(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return errors.New("not ok")
	}
	_, err = io.Copy(os.Stdout, resp.Body)
	return err
}

// bounded drains at most 4 KiB of an error page: the idiom, not reported.
func bounded(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		return errors.New("failed")
	}
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	return err
}

// readLoop reads until io.EOF.
func readLoop(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n := 0
	buf := make([]byte, 512)
	for {
		m, err := resp.Body.Read(buf)
		n += m
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// readOnce reads once: the body may go on.
func readOnce(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close() // want `resp.Body is closed at the return on line 103, after one Read on line 102, which need not reach EOF`
	buf := make([]byte, 16)
	n, err := resp.Body.Read(buf)
	return buf[:n], err
}

// closeThenRead reads after the close: too late.
func closeThenRead(c *http.Client, url string) {
	resp, err := c.Get(url)
	if err != nil {
		return
	}
	resp.Body.Close() // want `resp.Body is closed unread: net/http then drops`
	io.ReadAll(resp.Body)
}

// decodeOne decodes one value and closes: a trailing newline stays unread.
func decodeOne(c *http.Client, url string, v any) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want `resp.Body is closed at the return on line 123, after the Decode on line 123, which stops at the end of one value and may leave the rest, such as a trailing newline, unread: net/http then drops its connection instead of reusing it; read the rest before the close: io.Copy\(io.Discard, resp.Body\)`
	return json.NewDecoder(resp.Body).Decode(v)
}

// decodeThenDrain reads what the decoder left.
func decodeThenDrain(c *http.Client, url string, v any) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	io.Copy(io.Discard, resp.Body)
	return err
}

// buffered reads to EOF through a buffered reader.
func buffered(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(bufio.NewReader(resp.Body))
}

// noContent: 204 and 304 have no body to read.
func noContent(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusNotModified:
		return nil
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// head: responses to HEAD requests have no body.
func head(c *http.Client, url string) (int, error) {
	resp, err := c.Head(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// headDo sends a request made for HEAD.
func headDo(c *http.Client, url string) (int, error) {
	req, err := http.NewRequest(http.MethodHead, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// returnsResponse hands the response on: the caller reads it.
func returnsResponse(c *http.Client, url string) (*http.Response, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close() // want `resp.Body is closed unread, after the status check on line 195`
		return nil, errors.New("not ok")
	}
	return resp, nil
}

// returnsBody hands the body on.
func returnsBody(c *http.Client, url string) (io.ReadCloser, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// handedOn passes the response to code the analyzer cannot follow.
func handedOn(c *http.Client, url string, consume func(*http.Response) error) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return consume(resp)
}

// metadata only reads headers and the location before draining.
func metadata(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	loc, _ := resp.Location()
	_, err = io.Copy(io.Discard, resp.Body)
	return loc.String() + resp.Header.Get("ETag"), err
}

// drainAndClose reads the body to EOF, then closes it (a fact).
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, body)
	body.Close()
}

// closeResponse closes without reading (a fact).
func closeResponse(resp *http.Response) {
	resp.Body.Close()
}

// helpers are known from their facts.
func helpers(c *http.Client, url string) {
	resp, err := c.Get(url)
	if err != nil {
		return
	}
	defer drainAndClose(resp.Body)
	other, err := c.Get(url)
	if err != nil {
		return
	}
	closeResponse(other) // want `other.Body is closed unread: net/http then drops`
}

// deferredLiteral closes in a deferred literal.
func deferredLiteral(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer func() { // want `resp.Body is closed unread at the return on line 270, after the status check on line 269`
		if err := resp.Body.Close(); err != nil {
			fmt.Println(err)
		}
	}()
	if resp.StatusCode != http.StatusOK {
		return errors.New("not ok")
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

// deferredDrainLiteral drains and closes in a deferred literal.
func deferredDrainLiteral(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer func() {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	if resp.StatusCode != http.StatusOK {
		return errors.New("not ok")
	}
	return nil
}

// silenced names this check.
func silenced(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() //nolint:bodydraincheck // the server sends no body here
	return nil
}

// otherLinterSilenced names another linter only.
func otherLinterSilenced(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() //nolint:bodyclosecheck // want `resp.Body is closed unread at the return on line 309`
	return nil
}

// otherPackage uses helpers of another package, known by their facts.
func otherPackage(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		helper.Discard(resp) // want `resp.Body is closed unread, after the status check on line 318`
		return errors.New(resp.Status)
	}
	return helper.Finish(resp)
}

// writeOut writes the response out: Write reads the body and closes it.
func writeOut(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	return resp.Write(os.Stdout)
}

// replaced swaps the body for an in-memory one: the close that follows
// closes that, not the connection's.
func replaced(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(nil))
	defer resp.Body.Close()
	return nil
}

// drainN drains at most 1 MiB with io.CopyN and closes (rclone's
// lib/rest.drainAndClose): a bounded drain, through its fact.
func drainN(r io.ReadCloser) error {
	_, err := io.CopyN(io.Discard, r, 1<<20)
	if err == io.EOF {
		err = nil
	}
	cerr := r.Close()
	if err != nil {
		return err
	}
	return cerr
}

// boundedHelper returns the response after a bounded drain and close.
func boundedHelper(c *http.Client, url string) (*http.Response, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, drainN(resp.Body)
}
