package bodyleak

import "encoding/json"

// Var is a live view of a Transport's Stats that satisfies the expvar.Var
// interface (a String method returning JSON). Publish it with
//
//	expvar.Publish("http_client_bodies", tr.Var())
//
// or add it to an expvar.Map. This package deliberately does not import
// expvar: importing expvar registers /debug/vars on http.DefaultServeMux,
// and a leak detector should not do that behind a service's back. Nothing
// is published unless you call expvar.Publish yourself.
type Var struct {
	t *Transport
}

// Var returns an expvar-compatible view of t's Stats.
func (t *Transport) Var() Var { return Var{t: t} }

// varJSON is the JSON shape of Var; durations are in seconds, as metrics
// systems expect.
type varJSON struct {
	Open             int     `json:"open"`
	MaxOpen          int     `json:"max_open"`
	OldestAgeSeconds float64 `json:"oldest_age_seconds"`
	Total            uint64  `json:"total"`
}

// String returns the current Stats as a JSON object, for example
// {"open":2,"max_open":5,"oldest_age_seconds":1.25,"total":1234}.
func (v Var) String() string {
	if v.t == nil {
		return "null"
	}
	s := v.t.Stats()
	b, err := json.Marshal(varJSON{
		Open:             s.Open,
		MaxOpen:          s.MaxOpen,
		OldestAgeSeconds: s.OldestAge.Seconds(),
		Total:            s.Total,
	})
	if err != nil { // cannot happen: every field is a plain number
		return "null"
	}
	return string(b)
}
