package closures

import (
	"io"
	"net/http"
)

func closerNeverCalled(u string) error {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the return on line 15`
	if err != nil {
		return err
	}
	cleanup := func() { resp.Body.Close() }
	_ = cleanup
	return nil
}

func closerCalled(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	cleanup := func() { resp.Body.Close() }
	defer cleanup()
	return nil
}

func closerWithParam(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	closeIt := func(r *http.Response) { _ = r.Body.Close() }
	closeIt(resp)
	return nil
}

func readerWithParam(u string) error {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	read := func(r *http.Response) { _, _ = io.ReadAll(r.Body) }
	read(resp)
	return nil
}

func closerOnSomePaths(u string, ok bool) error {
	resp, err := http.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	defer func() {
		if ok {
			resp.Body.Close()
		}
	}()
	return nil
}

func nilGuardInClosure(u string) {
	resp, _ := http.Get(u)
	defer func() {
		if resp != nil {
			resp.Body.Close()
		}
	}()
}

func obtainedInLiteral(u string) func() error {
	return func() error {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 77`
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return nil
		}
		return resp.Body.Close()
	}
}

func methodValue(c *http.Client, u string) error {
	get := c.Get
	resp, err := get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	_ = resp.Header
	return nil
}

func functionValue(get func(string) (*http.Response, error), u string) error {
	resp, err := get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func functionValueLeak(get func(string) (*http.Response, error), u string) error {
	resp, err := get(u) // want `resp.Body is never closed`
	if err != nil {
		return err
	}
	_ = resp.Status
	return nil
}

func goroutineCloses(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	go func() {
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
	}()
	return nil
}

func callbackCloses(u string, register func(func())) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	register(func() { resp.Body.Close() })
	return nil
}

func rangeOverFunc(seq func(func(string) bool)) error {
	for u := range seq {
		resp, err := http.Get(u) // want `resp.Body is not closed on every path`
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 {
			return nil
		}
		resp.Body.Close()
	}
	return nil
}

func rangeOverFuncDefer(seq func(func(string) bool)) error {
	for u := range seq {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
	}
	return nil
}
