package bodyleak

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// DebugOption configures DebugHandler.
type DebugOption func(*debugOptions)

type debugOptions struct {
	queries bool
}

// ShowQueries makes DebugHandler print request URLs with their query
// strings, which may hold tokens: use it only where the page is private.
func ShowQueries() DebugOption {
	return func(o *debugOptions) { o.queries = true }
}

// DebugHandler returns an http.Handler, to mount like net/http/pprof (say
// at /debug/bodyleak on an admin port), that lists the open bodies
// grouped by call site, most bodies first: count, oldest age, each
// request's method, URL and status, and the stack; then the Stats and,
// with WithConnections, the connections per host. It is text by default
// and JSON with ?format=json. Request URLs lose their user information,
// query and fragment unless ShowQueries is given; no header or body of a
// request or response is shown. Still, the page names internal hosts and
// code: serve it only on an admin port, never next to the public API.
func (t *Transport) DebugHandler(opts ...DebugOption) http.Handler {
	var o debugOptions
	for _, f := range opts {
		f(&o)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := t.debugPage(o)
		if r.URL.Query().Get("format") == "json" {
			w.Header().Set("Content-Type", "application/json")
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.Encode(page)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		page.writeText(w)
	})
}

// debugPage is what DebugHandler shows, in its JSON form.
type debugPage struct {
	Open          int         `json:"open"`
	MaxOpen       int         `json:"max_open"`
	Total         uint64      `json:"total"`
	OldestSeconds float64     `json:"oldest_age_seconds"`
	Sites         []debugSite `json:"sites"`
	Hosts         []HostStats `json:"hosts,omitempty"`
}

type debugSite struct {
	Function      string         `json:"function"`
	File          string         `json:"file"`
	Line          int            `json:"line"`
	Count         int            `json:"count"`
	OldestSeconds float64        `json:"oldest_age_seconds"`
	Requests      []debugRequest `json:"requests"`
	Stack         []debugFrame   `json:"stack"`
}

type debugRequest struct {
	Method     string  `json:"method"`
	URL        string  `json:"url"`
	Status     string  `json:"status"`
	AgeSeconds float64 `json:"age_seconds"`
	ReadToEOF  bool    `json:"read_to_eof,omitempty"`
}

type debugFrame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// debugPage takes the snapshot DebugHandler shows.
func (t *Transport) debugPage(o debugOptions) debugPage {
	st := t.Stats()
	p := debugPage{Open: st.Open, MaxOpen: st.MaxOpen, Total: st.Total, OldestSeconds: st.OldestAge.Seconds(), Sites: []debugSite{}}
	for _, g := range t.siteGroups() {
		cs := g.callSite()
		s := debugSite{Function: cs.Frame.Function, File: cs.Frame.File, Line: cs.Frame.Line, Count: cs.Count, OldestSeconds: cs.OldestAge.Seconds()}
		for _, f := range cs.Example.Frames() {
			s.Stack = append(s.Stack, debugFrame{f.Function, f.File, f.Line})
		}
		for _, b := range g.bodies[:min(len(g.bodies), maxRequestsPerSite)] {
			s.Requests = append(s.Requests, debugRequest{b.Method, shownURL(b.URL, o), b.Status, b.Age.Seconds(), b.ReadToEOF})
		}
		p.Sites = append(p.Sites, s)
	}
	if t.conns != nil {
		p.Hosts = t.conns.Hosts()
	}
	return p
}

// shownURL is u without user information, query and fragment, unless
// ShowQueries (user information stays redacted either way).
func shownURL(u string, o debugOptions) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	p.User = nil
	if !o.queries {
		p.RawQuery, p.ForceQuery, p.Fragment, p.RawFragment = "", false, "", ""
	}
	return p.String()
}

// writeText prints the page as text.
func (p debugPage) writeText(w io.Writer) {
	fmt.Fprintf(w, "bodyleak: %d open response bodies (at most %d at once, %d handed out), oldest open for %v\n",
		p.Open, p.MaxOpen, p.Total, seconds(p.OldestSeconds))
	for _, s := range p.Sites {
		fmt.Fprintf(w, "\n%d open at %s (%s:%d), oldest for %v\n", s.Count, s.Function, s.File, s.Line, seconds(s.OldestSeconds))
		for _, r := range s.Requests {
			eof := ""
			if r.ReadToEOF {
				eof = ", read to EOF but not closed"
			}
			fmt.Fprintf(w, "    %s %s -> %s, open for %v%s\n", r.Method, r.URL, r.Status, seconds(r.AgeSeconds), eof)
		}
		if more := s.Count - len(s.Requests); more > 0 {
			fmt.Fprintf(w, "    ... and %d more\n", more)
		}
		for _, f := range s.Stack {
			fmt.Fprintf(w, "    %s\n        %s:%d\n", f.Function, f.File, f.Line)
		}
	}
	if len(p.Hosts) > 0 {
		fmt.Fprintf(w, "\nconnections:\n")
	}
	for _, h := range p.Hosts {
		limit := "no limit"
		if h.MaxConnsPerHost > 0 {
			limit = fmt.Sprintf("of %d", h.MaxConnsPerHost)
		}
		fmt.Fprintf(w, "    %s: %d open (%d active, %d idle) %s; %d dialed, %d closed, %d of %d requests reused one; %d waiting, longest wait %v\n",
			h.Host, h.Open, h.Active, h.Idle, limit, h.Dialed, h.Closed, h.Reused, h.Leased, h.Waiting, h.MaxWait.Round(time.Microsecond))
	}
}

func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second)).Round(time.Millisecond)
}
