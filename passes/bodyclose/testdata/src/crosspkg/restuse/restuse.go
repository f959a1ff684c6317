package restuse

import (
	"net/http"

	"crosspkg/rest"
)

type item struct{ Name string }

// decoded: CallJSON decodes into &result and closes the body.
func decoded(api *rest.Client) (string, error) {
	var result item
	opts := rest.Opts{Method: "GET"}
	_, err := api.CallJSON(&opts, &result)
	return result.Name, err
}

// decodedNew: new(T) is not nil either.
func decodedNew(api *rest.Client) error {
	result := new(item)
	resp, err := api.CallJSON(&rest.Opts{Method: "GET"}, result)
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return nil
}

// nilResult: with no result to decode into, the body is the caller's.
func nilResult(api *rest.Client) (int, error) {
	resp, err := api.CallJSON(&rest.Opts{Method: "GET"}, nil) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// nilResultClosed is the correct form.
func nilResultClosed(api *rest.Client) (int, error) {
	resp, err := api.CallJSON(&rest.Opts{Method: "GET"}, nil)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// noResponse: Call closes the body itself.
func noResponse(api *rest.Client) error {
	opts := rest.Opts{Method: "DELETE", NoResponse: true}
	_, err := api.Call(&opts)
	return err
}

// noResponseSetLater: the field is set before the call on every path.
func noResponseSetLater(api *rest.Client, m string) error {
	opts := rest.Opts{Method: m}
	opts.NoResponse = true
	resp, err := api.Call(&opts)
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return nil
}

// noResponseFalse: the body is left open.
func noResponseFalse(api *rest.Client) (int, error) {
	resp, err := api.Call(&rest.Opts{Method: "GET", NoResponse: false}) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// noResponseOmitted: a field left out is false.
func noResponseOmitted(api *rest.Client) (int, error) {
	opts := rest.Opts{Method: "GET"}
	resp, err := api.Call(&opts) // want `resp.Body is not closed on every path`
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	defer resp.Body.Close()
	return 0, nil
}

// noResponseUnknown: the caller's own options decide; trusted (counted).
func noResponseUnknown(api *rest.Client, opts *rest.Opts) (int, error) {
	resp, err := api.Call(opts)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// noResponseOnOnePath: set on one path only, so unknown: trusted (counted).
func noResponseOnOnePath(api *rest.Client, del bool) error {
	opts := rest.Opts{Method: "GET"}
	if del {
		opts.NoResponse = true
	}
	_, err := api.Call(&opts)
	return err
}

// alwaysClosed: a wrapper that always sets NoResponse.
func alwaysClosed(api *rest.Client) error {
	resp, err := api.CallNoResponse("DELETE")
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return nil
}

// passThrough: EndpointNeedsScopes returns the same response, which the
// defer closes; HandleHTTPError keeps it in an error, not closing it.
func passThrough(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode > 299 {
		return rest.HandleHTTPError(rest.EndpointNeedsScopes(resp, "gist"))
	}
	return nil
}

// errorKeepsOpen: building an error from the response does not close it.
func errorKeepsOpen(c *http.Client, u string) error {
	resp, err := c.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 141`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return rest.HandleHTTPError(resp)
	}
	defer resp.Body.Close()
	return nil
}

// errorValue: a response kept in a local error value is not handed on.
func errorValue(c *http.Client, u string) error {
	resp, err := c.Get(u) // want `resp.Body is not closed on every path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &rest.HTTPError{Response: resp}
	}
	resp.Body.Close()
	return nil
}

// tagged: a pass-through result still has to be closed by someone.
func tagged(c *http.Client, u string) int {
	resp, err := c.Get(u) // want `resp.Body is never closed`
	if err != nil {
		return 0
	}
	r := rest.EndpointNeedsScopes(resp, "x")
	return r.StatusCode
}

// taggedClosed closes the alias.
func taggedClosed(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	r := rest.EndpointNeedsScopes(resp, "x")
	defer r.Body.Close()
	return r.StatusCode
}

// pace calls fn like rclone's pacer.Call.
func pace(fn func() error) error { return fn() }

// capturedNoResponse: the literal sees the options of its parent.
func capturedNoResponse(api *rest.Client) error {
	opts := rest.Opts{Method: "DELETE", NoResponse: true}
	return pace(func() error {
		resp, err := api.Call(&opts)
		if err != nil {
			return err
		}
		_ = resp.StatusCode
		return nil
	})
}

// capturedResult: &info inside the literal is the captured variable.
func capturedResult(api *rest.Client) (item, error) {
	var info item
	opts := rest.Opts{Method: "GET"}
	err := pace(func() error {
		resp, err := api.CallJSON(&opts, &info)
		if err != nil {
			return err
		}
		_ = resp.StatusCode
		return nil
	})
	return info, err
}

// capturedLeak: NoResponse is false in the parent; nothing decodes.
func capturedLeak(api *rest.Client) error {
	opts := rest.Opts{Method: "GET"}
	return pace(func() error {
		resp, err := api.Call(&opts) // want `resp.Body is never closed`
		if err != nil {
			return err
		}
		_ = resp.StatusCode
		return nil
	})
}

// capturedThenSet: the literal may run after the field changes.
func capturedThenSet(api *rest.Client) error {
	opts := rest.Opts{Method: "GET"}
	call := func() error {
		_, err := api.Call(&opts) // unknown when it runs: trusted (counted)
		return err
	}
	opts.NoResponse = true
	return call()
}

func configure(o *rest.Opts) { o.NoResponse = true }

// configuredByHelper: another function may set the field: trusted (counted).
func configuredByHelper(api *rest.Client) error {
	opts := rest.Opts{Method: "GET"}
	configure(&opts)
	_, err := api.Call(&opts)
	return err
}
