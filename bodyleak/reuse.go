package bodyleak

import (
	"cmp"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
)

// WithReuseCheck makes the Transport note, per call site, each body that
// was closed before it was read to EOF although its connection could have
// been reused: net/http then closes an HTTP/1.x connection instead of
// returning it to the pool, and the next request dials again. Such a body
// is one with content expected (not a response to HEAD, not 1xx, 204 or
// 304, no Content-Length: 0) on an HTTP/1.x connection the server keeps
// open (no "Connection: close"); HTTP/2 connections are reused either
// way. Check (and so Track, TrackDefault and VerifyTestMain) then fails
// with an *UnreadError naming the call sites, unless bodies leaked, which
// it reports first. It implies WithConnections, whose per-request view of
// the pool gives each call site's reuse ratio (Transport.Reuse).
func WithReuseCheck() Option {
	return func(o *options) { o.reuse, o.conns = true, true }
}

// ReuseSite is what WithReuseCheck recorded for the bodies obtained from
// one call stack.
type ReuseSite struct {
	// Frame is the first frame outside net/http's Client (zero when no
	// stack was recorded).
	Frame  runtime.Frame
	Closed int // bodies closed
	Reused int // of their requests, those served on a connection used before
	Unread int // bodies closed before EOF while their connection could have been reused
	// Example describes the last unread body, or the last body.
	Example string
}

// ReuseRatio is the share of the site's requests that reused a
// connection: near 1 for a client that drains its bodies, 0 for one that
// closes them unread (each request dials).
func (s ReuseSite) ReuseRatio() float64 {
	if s.Closed == 0 {
		return 0
	}
	return float64(s.Reused) / float64(s.Closed)
}

// reuseKey identifies a call stack.
type reuseKey struct {
	pcs [MaxStackDepth]uintptr
	n   int
}

// reuseCounts are the counts of one stack.
type reuseCounts struct {
	closed, reused, unread int
	example                string
}

// reusable reports whether closing resp's body unread would cost its
// connection.
func reusable(req *http.Request, resp *http.Response) bool {
	code := resp.StatusCode
	return resp.ProtoMajor == 1 && req.Method != http.MethodHead && code >= 200 &&
		code != http.StatusNoContent && code != http.StatusNotModified && resp.ContentLength != 0 && !resp.Close
}

// noteClose counts the close of b, for WithReuseCheck. t.mu is held.
func (t *Transport) noteClose(b *body) {
	if t.reuse == nil {
		t.reuse = make(map[reuseKey]*reuseCounts)
	}
	k := reuseKey{pcs: b.pcs, n: b.n}
	c := t.reuse[k]
	if c == nil {
		c = new(reuseCounts)
		t.reuse[k] = c
	}
	c.closed++
	if b.reused {
		c.reused++
	}
	unread := b.reusable && !b.eof.Load()
	if unread {
		c.unread++
	}
	if unread || c.unread == 0 {
		c.example = fmt.Sprintf("%s %s -> %s", b.method, redactedURL(b.url), statusText(b.code, b.status))
	}
}

// Reuse returns what WithReuseCheck recorded, per call site: most unread
// bodies first, then most bodies. It is nil without WithReuseCheck.
func (t *Transport) Reuse() []ReuseSite {
	t.mu.Lock()
	type entry struct {
		k reuseKey
		c reuseCounts
	}
	var entries []entry
	for k, c := range t.reuse {
		entries = append(entries, entry{k, *c})
	}
	t.mu.Unlock()
	var out []ReuseSite
	for _, e := range entries {
		s := ReuseSite{Closed: e.c.closed, Reused: e.c.reused, Unread: e.c.unread, Example: e.c.example}
		if frames := (OpenBody{PCs: e.k.pcs[:e.k.n]}).Frames(); len(frames) > 0 {
			s.Frame = frames[0]
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b ReuseSite) int {
		return cmp.Or(cmp.Compare(b.Unread, a.Unread), cmp.Compare(b.Closed, a.Closed),
			cmp.Compare(a.Frame.File, b.Frame.File), cmp.Compare(a.Frame.Line, b.Frame.Line))
	})
	return out
}

// UnreadError is returned by Check with WithReuseCheck when bodies were
// closed before EOF on connections that could have been reused.
type UnreadError struct {
	Sites []ReuseSite // the call sites with unread bodies, most first
}

// Error formats the report.
func (e *UnreadError) Error() string {
	unread := 0
	for _, s := range e.Sites {
		unread += s.Unread
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "bodyleak: %s closed before being read to EOF, so net/http closed their connections instead of reusing them", plural(unread, "HTTP response body", "HTTP response bodies"))
	for i, s := range e.Sites {
		fmt.Fprintf(&sb, "\n\n[%d] %d of %d closed unread, %d of %d requests reused a connection; e.g. %s",
			i+1, s.Unread, s.Closed, s.Reused, s.Closed, s.Example)
		if s.Frame.Function != "" {
			fmt.Fprintf(&sb, "\n    at %s\n        %s:%d", s.Frame.Function, s.Frame.File, s.Frame.Line)
		}
	}
	sb.WriteString("\n\nRead a body to the end before closing it, at most a bounded amount for error pages: " +
		"io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)).")
	return sb.String()
}

// unreadError returns the *UnreadError of t's unread bodies, or nil.
func (t *Transport) unreadError() error {
	if !t.opts.reuse {
		return nil
	}
	sites := slices.DeleteFunc(t.Reuse(), func(s ReuseSite) bool { return s.Unread == 0 })
	if len(sites) == 0 {
		return nil
	}
	return &UnreadError{Sites: sites}
}
