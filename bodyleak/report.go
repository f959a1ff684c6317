package bodyleak

import (
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"
)

// OpenBody describes a response body that has been handed out and not yet
// closed.
type OpenBody struct {
	Method     string        // request method ("GET" when the request left it empty)
	URL        string        // request URL, with any password redacted
	StatusCode int           // response status code
	Status     string        // response status line, e.g. "403 Forbidden"
	Age        time.Duration // how long the body had been open when the snapshot was taken
	ReadToEOF  bool          // the body was read to io.EOF (but not closed)

	// PCs holds the program counters of the code that obtained the
	// response, as returned by runtime.Callers, innermost first, starting
	// with the function that called RoundTrip (usually inside net/http's
	// Client). It is empty when stack capture is disabled or the body was
	// not sampled (see WithStackDepth and WithStackSampling).
	PCs []uintptr
	// StackTruncated reports that PCs filled the configured stack depth,
	// so outer frames may be missing (see WithStackDepth).
	StackTruncated bool
}

// openSnapshot is what OpenBodies copies under the lock; formatting the URL
// happens after the lock is released.
type openSnapshot struct {
	method string
	url    *url.URL
	code   int
	status string
	start  time.Duration
	eof    bool
	pcs    []uintptr
	trunc  bool
}

// OpenBodies returns the bodies that are currently open, oldest first.
// Unlike Stats it allocates, and it holds t's lock while copying, so it is
// meant for debugging endpoints and reports rather than per-request use.
func (t *Transport) OpenBodies() []OpenBody {
	t.mu.Lock()
	snaps := make([]openSnapshot, 0, t.open)
	for b := t.head; b != nil; b = b.next {
		snaps = append(snaps, openSnapshot{
			method: b.method, url: b.url, code: b.code, status: b.status,
			start: b.start, eof: b.eof.Load(), pcs: slices.Clone(b.pcs[:b.n]),
			trunc: b.n > 0 && b.n == t.opts.depth,
		})
	}
	t.mu.Unlock()
	now := t.now()
	out := make([]OpenBody, len(snaps))
	for i, s := range snaps {
		out[i] = OpenBody{
			Method: s.method, URL: redactedURL(s.url), StatusCode: s.code,
			Status: statusText(s.code, s.status), Age: max(now-s.start, 0),
			ReadToEOF: s.eof, PCs: s.pcs, StackTruncated: s.trunc,
		}
		if out[i].Method == "" {
			out[i].Method = http.MethodGet
		}
	}
	return out
}

func redactedURL(u *url.URL) string {
	if u == nil {
		return "<nil URL>"
	}
	return u.Redacted()
}

func statusText(code int, status string) string {
	if status != "" {
		return status
	}
	return fmt.Sprintf("%d %s", code, http.StatusText(code))
}

// Check reports the bodies that are still open. If some are, it polls
// until they are all closed or the grace period (WithGracePeriod) has
// elapsed, so that bodies being closed by goroutines that are still
// finishing are not reported. It returns nil or a *LeakError; with
// WithReuseCheck and no leak, an *UnreadError if bodies were closed
// before EOF. Bodies matched by a WithIgnore function are left out.
func (t *Transport) Check() error {
	grace := t.opts.grace
	deadline := time.Now().Add(grace)
	delay := time.Millisecond
	for {
		open := t.unignored()
		if len(open) == 0 {
			return t.unreadError()
		}
		left := time.Until(deadline)
		if left <= 0 {
			return &LeakError{Bodies: open, Grace: grace}
		}
		time.Sleep(min(delay, left))
		delay = min(2*delay, 10*time.Millisecond)
	}
}

func (t *Transport) unignored() []OpenBody {
	if t.Stats().Open == 0 {
		return nil
	}
	open := t.OpenBodies()
	if len(t.opts.ignore) == 0 {
		return open
	}
	return slices.DeleteFunc(open, func(b OpenBody) bool {
		return slices.ContainsFunc(t.opts.ignore, func(f func(OpenBody) bool) bool { return f(b) })
	})
}

// Frames symbolizes b.PCs. Leading frames inside net/http (the Client
// plumbing between the caller and RoundTrip) and the final runtime.goexit
// are omitted, so the first frame is the code that made the request.
func (b OpenBody) Frames() []runtime.Frame {
	if len(b.PCs) == 0 {
		return nil
	}
	var frames []runtime.Frame
	it := runtime.CallersFrames(b.PCs)
	for {
		f, more := it.Next()
		if f.Function != "runtime.goexit" {
			frames = append(frames, f)
		}
		if !more {
			break
		}
	}
	first := slices.IndexFunc(frames, func(f runtime.Frame) bool { return !isHTTPClientFrame(f.Function) })
	if first < 0 { // nothing but net/http: show it rather than nothing
		return frames
	}
	return frames[first:]
}

func isHTTPClientFrame(fn string) bool {
	return strings.HasPrefix(fn, "net/http.")
}

// String formats b as a one-line summary followed by the stack, as used in
// leak reports.
func (b OpenBody) String() string {
	var sb strings.Builder
	sb.WriteString(b.summary())
	sb.WriteByte('\n')
	b.writeStack(&sb, "    ")
	return sb.String()
}

func (b OpenBody) summary() string {
	s := fmt.Sprintf("%s %s -> %s, open for %v", b.Method, b.URL, b.Status, b.Age.Round(time.Millisecond))
	if b.ReadToEOF {
		s += ", read to EOF but not closed"
	}
	return s
}

func (b OpenBody) writeStack(sb *strings.Builder, indent string) {
	if len(b.PCs) == 0 {
		fmt.Fprintf(sb, "%s(no stack recorded: see WithStackDepth and WithStackSampling)\n", indent)
		return
	}
	for _, f := range b.Frames() {
		fmt.Fprintf(sb, "%s%s\n%s    %s:%d\n", indent, f.Function, indent, f.File, f.Line)
	}
	if b.StackTruncated {
		fmt.Fprintf(sb, "%s... (truncated at %d frames; see WithStackDepth)\n", indent, len(b.PCs))
	}
}
