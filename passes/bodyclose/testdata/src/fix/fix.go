package fix

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func afterErrCheck(u string) error {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return fmt.Errorf("get %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// The check also returns when err is nil, with a live response: each
// return closes it, guarded since err may be non-nil there.
func nested(c *http.Client, req *http.Request, enabled bool) (int, error) {
	if enabled {
		res, err := c.Do(req) // want `res.Body is never closed`
		if err != nil || req.Close {
			return 0, err
		}
		return res.StatusCode, nil
	}
	return 0, nil
}

func noError(r *http.Request) int {
	resp := must(http.DefaultClient.Do(r)) // want `resp.Body is never closed`
	return resp.StatusCode
}

func panicsOnError(u string) int {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		panic(err)
	}
	return resp.StatusCode
}

func must(r *http.Response, err error) *http.Response {
	if err != nil {
		panic(err)
	}
	return r
}

// Closed too late (after the early return): the defer moves up.
func closedElsewhere(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	defer resp.Body.Close()
	return nil
}

// The error check does not stop, so resp may be nil after it: the close
// is guarded.
func errNotHandled(u string) int {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		log.Print(err)
	}
	return resp.StatusCode
}

// In a loop a defer would pile up: closed at the end of the iteration.
func inLoop(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is never closed`
		if err != nil {
			continue
		}
		_ = resp.Status
	}
}

// The error is checked after a statement that touches neither it nor the
// response: the defer goes after the check.
func checkedLater(u string) int {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	n := len(u)
	if err != nil {
		return n
	}
	return resp.StatusCode + n
}

// The error is dropped, but a nil response returns: the defer goes after.
func errDiscarded(u string) int {
	resp, _ := http.Get(u) // want `resp.Body is never closed`
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

// The README's 403 shape: the defer comes too late; the fix moves it
// above the status check.
func fetchItems(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("items: %s", resp.Status) // the body leaks here
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Closed explicitly after a status switch: the explicit closes go.
func afterSwitch(u string) (int, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return 0, err
	}
	switch resp.StatusCode {
	case http.StatusNotFound:
		return 0, nil
	case http.StatusForbidden:
		_ = resp.Body.Close()
		return 0, errors.New("forbidden")
	}
	resp.Body.Close() // done with it
	return resp.StatusCode, nil
}

// The response is handed on (returned) on one path: a close goes before
// the other return that leaks.
func handedOn(u string) (*http.Response, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil, nil
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	resp.Body.Close()
	return nil, errors.New(resp.Status)
}

// No fix: the variable holds another response later.
func reassigned(u, v string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	resp.Body.Close()
	resp, err = http.Get(v)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Closed under a flag only: the guarded close goes with its if.
func onlyInBlock(u string, verbose bool) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	if verbose {
		resp.Body.Close()
	}
	return nil
}

// A call as a statement: wrapped in an if that closes the body.
func ping(u string) {
	http.Get(u) // want `response from http.Get is discarded`
}

// The response is dropped, the error checked: named and closed.
func post(c *http.Client, u string) error {
	_, err := c.Post(u, "text/plain", nil) // want `response from c.Post is discarded`
	if err != nil {
		return err
	}
	return nil
}

// Dropped, the error only logged; resp is taken, so the name is resp2.
func logged(resp *http.Response, u string) int {
	_, err := http.Get(u) // want `response from http.Get is discarded`
	log.Print(err)
	return resp.StatusCode
}

// In a goroutine: a literal that gets u as it is when the go statement runs.
func background(u string) {
	go http.Get(u) // want `response from http.Get is discarded`
}

// The success is tested instead of the error: the defer goes first in
// the block.
func successBlock(u string) {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err == nil {
		println(resp.StatusCode)
	}
}

// require.NoError stops the test unless the call succeeded.
func withRequire(t *testing.T, u string) int {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	require.NoError(t, err)
	return resp.StatusCode
}

// Loops: closed before each exit of the iteration; the late close goes.
func loopExits(urls []string) error {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			continue
		}
		switch resp.StatusCode {
		case http.StatusNotFound:
			continue
		case http.StatusTeapot:
			break // leaves the switch only
		case http.StatusForbidden:
			return errors.New(resp.Status)
		}
		if resp.StatusCode == http.StatusGone {
			break
		}
		resp.Body.Close()
	}
	return nil
}

// A labelled continue leaves the iteration too.
func labelled(groups [][]string) {
outer:
	for _, g := range groups {
		for _, u := range g {
			resp, err := http.Get(u) // want `resp.Body is not closed on every path`
			if err != nil {
				continue outer
			}
			if resp.StatusCode != http.StatusOK {
				continue outer
			}
			resp.Body.Close()
		}
	}
}

// An exit reads the body: a defer right before it closes the body after
// the read, and runs at once since the function returns.
func loopReadsBody(urls []string) ([]byte, error) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			return io.ReadAll(resp.Body)
		}
		resp.Body.Close()
	}
	return nil, nil
}

// A method in a goroutine: the receiver is evaluated when the go
// statement runs, too.
func backgroundMethod(c *http.Client, urls []string) {
	for _, u := range urls {
		go c.Get(u + "?ping") // want `response from c.Get is discarded`
	}
}

// No fix: the guard calls a function, which deleting it would not call.
func guardCalls(u string, verbose func() bool) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	if verbose() {
		resp.Body.Close()
	}
	return nil
}

// The last return closes the body itself: a close goes before the other.
func closedInReturn(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	return resp.Body.Close()
}

func checkStatus(resp *http.Response) error {
	if resp.StatusCode < 300 {
		return nil
	}
	resp.Body.Close()
	return errors.New(resp.Status)
}

// checkStatus closes the body when it fails: the close goes before the
// return that no failing check reaches, so no path closes twice.
func helperClosesOnError(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if err := checkStatus(resp); err != nil {
		return err
	}
	return nil
}

// A retry that closes the previous response on some paths only: closing
// it again before the call would close it twice, so no fix.
func retryClosedSometimes(c *http.Client, req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		resp, err = c.Do(req) // want `resp.Body is not closed on every path: leaks when the call`
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusServiceUnavailable {
			resp.Body.Close()
			continue
		}
		if resp.StatusCode < 500 {
			return resp, nil
		}
	}
	return resp, err
}

// Two leaks in one function: both fixes apply together.
func twoLeaks(c *http.Client, u, v string) error {
	a, err := c.Get(u) // want `a.Body is not closed on every path`
	if err != nil {
		return err
	}
	if a.StatusCode != http.StatusOK {
		return errors.New(a.Status)
	}
	defer a.Body.Close()
	b, err := c.Get(v) // want `b.Body is not closed on every path`
	if err != nil {
		return err
	}
	if b.StatusCode != http.StatusOK {
		return errors.New(b.Status)
	}
	defer b.Body.Close()
	return nil
}

// Two leaks whose late closes are on adjacent lines: the deletions touch.
func twoInterleaved(c *http.Client, u, v string) (int, error) {
	a, err := c.Get(u) // want `a.Body is not closed on every path`
	if err != nil {
		return 0, err
	}
	b, err := c.Get(v) // want `b.Body is not closed on every path`
	if err != nil {
		return 0, err
	}
	if a.StatusCode != b.StatusCode {
		return 0, errors.New("status differs")
	}
	defer a.Body.Close()
	defer b.Body.Close()
	return a.StatusCode, nil
}

// The reading return reads the body through an alias: it is not a plain
// close before it, but a defer.
func loopAlias(urls []string) ([]byte, error) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			continue
		}
		b := resp.Body
		if resp.StatusCode == http.StatusOK {
			return io.ReadAll(b)
		}
		resp.Body.Close()
	}
	return nil, nil
}

type holder struct{ resp *http.Response }

// The reading return reads the body through a struct holding the response.
func holderRead(urls []string) ([]byte, error) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			continue
		}
		h := holder{resp}
		if resp.StatusCode == http.StatusOK {
			return io.ReadAll(h.resp.Body)
		}
		resp.Body.Close()
	}
	return nil, nil
}

// Outside a loop an alias read is covered by one defer after the check.
func aliasRead(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return nil, err
	}
	b := resp.Body
	if resp.StatusCode == http.StatusOK {
		return io.ReadAll(b)
	}
	resp.Body.Close()
	return nil, errors.New(resp.Status)
}

// Assigned to an error declared before: the response gets a variable of
// its own, declared before the statement.
func postAssign(c *http.Client, u string) (err error) {
	_, err = c.Post(u, "text/plain", nil) // want `response from c.Post is discarded`
	if err != nil {
		return err
	}
	return nil
}

// The same, the error only logged: closed when there is no error.
func getAssign(u string) {
	var err error
	_, err = http.Get(u) // want `response from http.Get is discarded`
	log.Print(err)
}

// In the init of an if that returns: closed after the if.
func postAssignIf(c *http.Client, u string) error {
	var err error
	if _, err = c.Post(u, "text/plain", nil); err != nil { // want `response from c.Post is discarded`
		return err
	}
	return err
}

// A later statement of the block declares resp: the name is resp2.
func laterResp(u, v string) error {
	_, err := http.Get(u) // want `response from http.Get is discarded`
	if err != nil {
		return err
	}
	resp, err := http.Get(v) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	return errors.New(resp.Status)
}

// Two responses dropped in one block: the fixes, applied together, take
// two names.
func twoDropped(t *testing.T, c *http.Client, u string) {
	_, err := c.Get(u) // want `response from c.Get is discarded`
	require.NoError(t, err)
	_, err = c.Get(u) // want `response from c.Get is discarded`
	require.NoError(t, err)
}

// Named results and a bare return: the defer goes after the check.
func namedResults(u string) (code int, err error) {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	code = resp.StatusCode
	return
}

// The response shadows a parameter of the same name: the fix is in the
// inner block and closes the inner one.
func shadowed(resp *http.Response, u string) error {
	if resp.StatusCode == http.StatusOK {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return errors.New(resp.Status)
		}
		resp.Body.Close()
	}
	return nil
}
