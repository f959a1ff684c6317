package summaries

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
)

// DrainAndClose reads the body to EOF, then closes it.
func DrainAndClose(body io.ReadCloser) { // want DrainAndClose:"p0=closes drains=\\[0\\]"
	io.Copy(io.Discard, body)
	body.Close()
}

// DrainResponse drains a bounded amount of the response's body.
func DrainResponse(resp *http.Response) { // want DrainResponse:"p0=borrows drains=\\[0\\]"
	if resp == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
}

// Slurp reads a reader to EOF through a buffered reader.
func Slurp(r io.Reader) ([]byte, error) { // want Slurp:"p0=takes drains=\\[0\\]"
	return io.ReadAll(bufio.NewReader(r))
}

// SlurpAgain drains through Slurp's fact.
func SlurpAgain(r io.Reader) { // want SlurpAgain:"p0=takes drains=\\[0\\]"
	Slurp(r)
}

// DrainSometimes drains only on errors: not a drain.
func DrainSometimes(resp *http.Response, fail bool) { // want DrainSometimes:"^p0=borrows p1=takes$"
	if fail {
		io.Copy(io.Discard, resp.Body)
	}
}

// DecodeOne reads one JSON value: not a drain.
func DecodeOne(r io.Reader, v any) error {
	return json.NewDecoder(r).Decode(v)
}

// DrainLater drains in a literal that may never run: not a drain.
func DrainLater(r io.Reader) func() {
	return func() { io.ReadAll(r) }
}

// DrainBounded drains at most n bytes with io.CopyN, as rclone's
// lib/rest does: a bounded drain.
func DrainBounded(r io.ReadCloser) error { // want DrainBounded:"p0=closes drains=\\[0\\]"
	_, err := io.CopyN(io.Discard, r, 1<<20)
	r.Close()
	return err
}
