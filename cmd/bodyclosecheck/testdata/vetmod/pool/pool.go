// Package pool receives responses from other packages.
package pool

import "net/http"

// Release closes the body unless it is http.NoBody, which needs no
// close. The analyzer sees a close on one path only, so the directive
// says that Release closes what it is given.
//
//bodyclosecheck:closes
func Release(resp *http.Response) {
	if resp.Body != http.NoBody {
		resp.Body.Close()
	}
}

// Adopt only looks at the response, but the directive says it takes it
// over (say, the caller's owner closes it later).
//
//bodyclosecheck:takes
func Adopt(resp *http.Response) { _ = resp.Status }

// Peek only looks at the response: the caller still has to close it.
func Peek(resp *http.Response) string { return resp.Status }
