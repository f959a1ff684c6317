package loops

import (
	"errors"
	"net/http"
)

func continueBeforeClose(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks when the call on line 10 runs again in the next loop iteration`
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			continue
		}
		resp.Body.Close()
	}
}

func breakBeforeClose(urls []string) error {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 32`
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusTeapot {
			break
		}
		resp.Body.Close()
	}
	return nil
}

func returnInLoop(urls []string) error {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 42`
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

func retryWithoutClose(c *http.Client, req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		resp, err = c.Do(req) // want `resp.Body is not closed on every path: leaks when the call on line 53 runs again in the next loop iteration`
		if err == nil && resp.StatusCode < 500 {
			return resp, nil
		}
	}
	return resp, err
}

func retryWithClose(c *http.Client, req *http.Request) (*http.Response, error) {
	for i := 0; ; i++ {
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode < 500 || i == 2 {
			return resp, nil
		}
		resp.Body.Close()
	}
}

func closedEachIteration(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close()
	}
}

func closureInLoop(urls []string) {
	for _, u := range urls {
		func() {
			resp, err := http.Get(u)
			if err != nil {
				return
			}
			defer resp.Body.Close()
		}()
	}
}

func reassignedOutside(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 104`
	if err != nil {
		return err
	}
	for resp.StatusCode == http.StatusServiceUnavailable {
		resp, err = http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			return err
		}
	}
	defer resp.Body.Close()
	return nil
}

// drain closes the body.
func drain(resp *http.Response) error {
	return resp.Body.Close()
}

// A page loop returns on another step's error before the helper closes
// the body: the close goes before that return. The helper's paths reach
// it again only through the next call, with another response.
func pages(c *http.Client, urls []string, step func() error) error {
	for _, u := range urls {
		resp, err := c.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 126`
		if err != nil {
			return err
		}
		if err := step(); err != nil {
			return err
		}
		if err := drain(resp); err != nil {
			return err
		}
	}
	return nil
}

// A labelled continue leaves the inner iteration: a close before each.
func labelled(urls [][]string) {
outer:
	for _, us := range urls {
		for _, u := range us {
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

// A range over a function: its body is a function literal to SSA, and a
// break in it leaves the iteration as in any loop.
func rangeFunc(seq func(func(string) bool)) {
	for u := range seq {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the break on line 161$`
		if err != nil {
			break
		}
		if resp.StatusCode != http.StatusOK {
			break
		}
		resp.Body.Close()
	}
}

// A select in a loop returns before the close.
func selectLoop(urls []string, stop chan struct{}) error {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			return err
		}
		select {
		case <-stop:
			return errors.New("stopped")
		default:
		}
		resp.Body.Close()
	}
	return nil
}

// A goto out of the loop: no fix, which does not follow jumps.
func gotoLoop(urls []string) error {
	for _, u := range urls {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			goto fail
		}
		resp.Body.Close()
	}
	return nil
fail:
	return errors.New("failed")
}

// In a range over a function the end of the body (where the continues
// go) is named as such, not as the end of the function.
func rangeFuncContinue(seq func(func(string) bool)) {
	for u := range seq {
		resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the end of the loop body on line 213$`
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			continue
		}
		println(resp.StatusCode)
	}
}
