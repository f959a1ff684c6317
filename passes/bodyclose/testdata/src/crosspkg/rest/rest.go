// Package rest is a REST client shaped like rclone's lib/rest: whether the
// response it returns must be closed depends on its arguments.
package rest

import (
	"encoding/json"
	"net/http"
)

// Opts are the options of a REST call.
type Opts struct {
	Method     string
	NoResponse bool // close the body before returning
}

// Client is a REST client shaped like rclone's lib/rest.
type Client struct {
	c            *http.Client
	errorHandler func(*http.Response) error
}

// Call returns an open response unless opts.NoResponse is set; on a
// failed status it hands the response to the error handler.
func (api *Client) Call(opts *Opts) (resp *http.Response, err error) {
	resp, err = api.c.Get(opts.Method)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode > 299 {
		return resp, api.errorHandler(resp)
	}
	if opts.NoResponse {
		return resp, resp.Body.Close()
	}
	return resp, nil
}

// DecodeJSON decodes and closes the body.
func DecodeJSON(resp *http.Response, result any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(result)
}

// callCodec decodes into response when it is not nil; decode comes from
// the caller.
func (api *Client) callCodec(opts *Opts, response any, decode func(*http.Response, any) error) (resp *http.Response, err error) {
	if opts.Method == "" {
		opts = opts.Copy()
	}
	resp, err = api.Call(opts)
	if err != nil {
		return resp, err
	}
	if response == nil || opts.NoResponse {
		return resp, nil
	}
	err = decode(resp, response)
	return resp, err
}

// Copy returns a copy of o.
func (o *Opts) Copy() *Opts {
	c := *o
	return &c
}

// CallJSON is the third level.
func (api *Client) CallJSON(opts *Opts, response any) (*http.Response, error) {
	return api.callCodec(opts, response, DecodeJSON)
}

// CallNoResponse always asks for the body to be closed.
func (api *Client) CallNoResponse(method string) (*http.Response, error) {
	return api.Call(&Opts{Method: method, NoResponse: true})
}

// HTTPError describes a failed response and keeps it.
type HTTPError struct {
	Response *http.Response
}

func (e *HTTPError) Error() string { return e.Response.Status }

// HandleHTTPError reads the body into an error; it does not close it.
func HandleHTTPError(resp *http.Response) error {
	return &HTTPError{Response: resp}
}

// EndpointNeedsScopes notes scopes on resp and returns it.
func EndpointNeedsScopes(resp *http.Response, s string) *http.Response {
	if resp.StatusCode >= 400 {
		resp.Header.Set("X-Accepted-Oauth-Scopes", s)
	}
	return resp
}
