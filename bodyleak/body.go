package bodyleak

import (
	"io"
	"net/url"
	"sync/atomic"
	"time"
)

// body wraps a response body handed out by a Transport. It is also the node
// of the Transport's intrusive list of open bodies, so tracking a response
// costs exactly one allocation: this struct (or one of the two larger
// variants below, which embed it).
//
// Every field except eof, prev, next and listed is written before the body
// is inserted into the list and never changed afterwards. prev, next and
// listed are guarded by t.mu.
type body struct {
	rc io.ReadCloser
	t  *Transport

	prev, next *body
	listed     bool
	eof        atomic.Bool

	method string
	url    *url.URL
	code   int
	status string
	start  time.Duration // since epoch
	n      int
	// reused and reusable are set with WithReuseCheck: the request got a
	// connection used before, and closing the body unread would cost it.
	reused, reusable bool
	pcs              [MaxStackDepth]uintptr
}

// Read reads from the underlying body, unchanged. Reading after Close
// returns whatever the underlying body returns (for net/http, the error
// "http: read on closed response body").
func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err == io.EOF {
		b.eof.Store(true)
	}
	return n, err
}

// Close closes the underlying body and returns its error unchanged. Every
// call reaches the underlying Close, so closing twice behaves exactly as it
// would without the wrapper; the body stops being tracked on the first call.
func (b *body) Close() error {
	err := b.rc.Close()
	b.t.release(b)
	return err
}

// writerBody is used when the underlying body is also an io.Writer, as the
// body of a 101 Switching Protocols response is.
type writerBody struct {
	body
	w io.Writer
}

// Write writes to the underlying body.
func (b *writerBody) Write(p []byte) (int, error) { return b.w.Write(p) }

type closeWriter interface{ CloseWrite() error }

// closeWriterBody is used when the underlying body is an io.Writer with a
// CloseWrite method, which net/http's 101 Switching Protocols body has and
// httputil.ReverseProxy uses to half-close upgraded connections.
type closeWriterBody struct {
	writerBody
	cw closeWriter
}

// CloseWrite half-closes the underlying body.
func (b *closeWriterBody) CloseWrite() error { return b.cw.CloseWrite() }

// wrap allocates the wrapper for rc, choosing the variant that exposes the
// same optional interfaces (io.Writer, CloseWrite) as rc does. It returns
// the list node and the value to hand to the caller as Response.Body.
func wrap(t *Transport, rc io.ReadCloser) (*body, io.ReadCloser) {
	w, ok := rc.(io.Writer)
	if !ok {
		b := &body{rc: rc, t: t}
		return b, b
	}
	if cw, ok := rc.(closeWriter); ok {
		b := &closeWriterBody{writerBody: writerBody{body: body{rc: rc, t: t}, w: w}, cw: cw}
		return &b.body, b
	}
	b := &writerBody{body: body{rc: rc, t: t}, w: w}
	return &b.body, b
}
