package branches

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// The incident: closed on the success path, leaked after the status check.
func statusCheckBeforeDefer(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req) // want `resp.Body is not closed on every path: leaks at the return on line 17`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("unexpected status %s", resp.Status)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func switchOnStatus(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 30`
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusNotFound:
		return errors.New("not found")
	case http.StatusOK:
		defer resp.Body.Close()
	default:
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	return nil
}

func returnsComparison(u string) bool {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the return on line 45`
	if err != nil {
		return false
	}
	return resp.StatusCode == 200
}

func oneBranch(u string, drain bool) {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the end of the function on line 56`
	if err != nil {
		return
	}
	if drain {
		resp.Body.Close()
	}
}

func bothLeakingReturnsListed(u string) error {
	resp, err := http.Get(u) // want `leaks at the return on line 64`
	if err != nil {
		return err
	}
	if resp.StatusCode == 404 {
		return errors.New("a")
	}
	if resp.StatusCode == 500 {
		return errors.New("b")
	}
	return resp.Body.Close()
}

func bothBranchesClose(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	defer resp.Body.Close()
	return nil
}

func errCheckWithOr(u string) error {
	resp, err := http.Get(u)
	if err != nil || resp == nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func errEqualsNil(u string) error {
	resp, err := http.Get(u)
	if err == nil {
		defer resp.Body.Close()
		return nil
	}
	return err
}

func nilResponse(u string) int {
	resp, _ := http.Get(u)
	if resp == nil {
		return 0
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

func bodyNilCheck(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	if resp.Body != nil {
		resp.Body.Close()
	}
}

func namedResults(u string) (code int, err error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func checkedLater(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	code := resp.StatusCode
	if code >= 500 {
		resp.Body.Close()
		return fmt.Errorf("server error %d", code)
	}
	resp.Body.Close()
	return nil
}

var errSkip = errors.New("skip")

func sentinelError(rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	if resp, err := rt.RoundTrip(req); err != errSkip {
		return resp, err
	}
	return nil, nil
}

func isTemporary(err error) bool { return err != nil }

func errorPredicate(rt http.RoundTripper, req *http.Request) (*http.Response, error) {
	res, err := rt.RoundTrip(req)
	if isTemporary(err) {
		return nil, errSkip
	}
	return res, err
}

func errorsIs(c *http.Client, req *http.Request) (*http.Response, error) {
	res, err := c.Do(req)
	if errors.Is(err, errSkip) {
		return nil, nil
	}
	if !errors.Is(err, errSkip) && err != nil {
		return nil, err
	}
	return res, nil
}

func predicateOnOtherValue(c *http.Client, req *http.Request) error {
	res, err := c.Do(req) // want `res.Body is never closed: leaks at the return on line 181`
	if err != nil {
		return err
	}
	if isTemporary(errSkip) {
		return nil
	}
	_ = res.Status
	return nil
}

// A goto to the failure path: one defer after the check, the close on the
// success path deleted.
func withGoto(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		goto fail
	}
	resp.Body.Close()
	return nil
fail:
	return errors.New(resp.Status)
}

// A select that returns when told to stop, before the defer.
func withSelect(u string, stop, done chan struct{}) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	select {
	case <-stop:
		return errors.New("stopped")
	case <-done:
	}
	defer resp.Body.Close()
	return nil
}
