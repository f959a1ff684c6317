package closefacts

import (
	"fmt"
	"slices"
	"strings"
)

// Effect is what a function does, on all of its paths, with a response (or
// a closer holding its body) passed to one of its parameters.
type Effect uint8

const (
	// Takes means the function keeps, stores, returns or otherwise hands the
	// value on, or does something the analysis cannot follow. The caller is
	// no longer responsible for closing it. It is the zero value, so that
	// unknown code is trusted.
	Takes Effect = iota
	// Borrows means the function only reads the value: the caller must
	// still close it.
	Borrows
	// Closes means the function closes the value on every path that
	// returns.
	Closes
	// ClosesOnError means the function closes the value on every path that
	// returns a non-nil error (its last result) and only reads it on the
	// others: the caller must close it when the error is nil.
	ClosesOnError
)

func (e Effect) String() string {
	switch e {
	case Borrows:
		return "borrows"
	case Closes:
		return "closes"
	case ClosesOnError:
		return "closes-on-error"
	}
	return "takes"
}

// Discharges reports whether the caller's duty to close ends when the value
// is passed with effect e, whatever the call returns.
func (e Effect) Discharges() bool { return e == Takes || e == Closes }

// Summary is the fact exported for a function or method: what it does with
// each parameter (the receiver, if any, is parameter 0), which of its
// *http.Response results come back with the body already closed or
// replaced, which need no Close only under conditions on the arguments,
// and which are one of its parameters returned as they came in.
type Summary struct {
	Params        []Effect
	ClosedResults []int
	ClosedIf      []Conditional
	Aliases       []Alias
	// Drains lists the parameters that the function reads to EOF (or to
	// the end of a bounded reader over them) on every path that returns.
	Drains []int
}

// Alias says that result Result is parameter Param (or nil) on every
// return: the caller gets back the response it passed, not a new one.
type Alias struct{ Result, Param int }

// Conditional says that result Result needs no Close when, at the call,
// all the conditions of one of the sets in When hold.
type Conditional struct {
	Result int
	When   [][]Cond
}

// Cond is a simple fact about an argument at a call: parameter Param is
// nil (Field == ""), its boolean field Field (of a struct or pointer to
// struct) is true, or it equals the constant Equals; or the opposite when
// Neg is set.
type Cond struct {
	Param  int
	Field  string
	Equals string // if set: the parameter equals this constant (its exact Go form)
	Neg    bool
}

func (c Cond) String() string {
	if c.Equals != "" {
		if c.Neg {
			return fmt.Sprintf("p%d!=%s", c.Param, c.Equals)
		}
		return fmt.Sprintf("p%d==%s", c.Param, c.Equals)
	}
	if c.Field == "" {
		if c.Neg {
			return fmt.Sprintf("p%d!=nil", c.Param)
		}
		return fmt.Sprintf("p%d==nil", c.Param)
	}
	if c.Neg {
		return fmt.Sprintf("!p%d.%s", c.Param, c.Field)
	}
	return fmt.Sprintf("p%d.%s", c.Param, c.Field)
}

// AFact marks Summary as an analysis fact.
func (*Summary) AFact() {}

// String formats s for fact tests, e.g. "p0=closes p1=borrows closed=[0]".
func (s *Summary) String() string {
	var parts []string
	for i, e := range s.Params {
		parts = append(parts, fmt.Sprintf("p%d=%s", i, e))
	}
	if len(s.ClosedResults) > 0 {
		parts = append(parts, fmt.Sprintf("closed=%v", s.ClosedResults))
	}
	for _, c := range s.ClosedIf {
		var sets []string
		for _, set := range c.When {
			var conds []string
			for _, cond := range set {
				conds = append(conds, cond.String())
			}
			sets = append(sets, strings.Join(conds, "&&"))
		}
		parts = append(parts, fmt.Sprintf("closed%d-if=%s", c.Result, strings.Join(sets, "||")))
	}
	for _, a := range s.Aliases {
		parts = append(parts, fmt.Sprintf("r%d=p%d", a.Result, a.Param))
	}
	if len(s.Drains) > 0 {
		parts = append(parts, fmt.Sprintf("drains=%v", s.Drains))
	}
	return strings.Join(parts, " ")
}

// Param returns the effect on parameter i, or Takes when unknown.
func (s *Summary) Param(i int) Effect {
	if s == nil || i < 0 || i >= len(s.Params) {
		return Takes
	}
	return s.Params[i]
}

// ResultClosed reports whether result i needs no Close by the caller.
func (s *Summary) ResultClosed(i int) bool {
	if s == nil {
		return false
	}
	for _, r := range s.ClosedResults {
		if r == i {
			return true
		}
	}
	return false
}

// ClosedWhen returns the condition sets under which result i needs no
// Close (nil when there are none).
func (s *Summary) ClosedWhen(i int) [][]Cond {
	if s == nil {
		return nil
	}
	for _, c := range s.ClosedIf {
		if c.Result == i {
			return c.When
		}
	}
	return nil
}

// AliasOf returns the parameter that result i returns, or -1.
func (s *Summary) AliasOf(i int) int {
	if s == nil {
		return -1
	}
	for _, a := range s.Aliases {
		if a.Result == i {
			return a.Param
		}
	}
	return -1
}

// interesting reports whether s says more than "takes everything".
func (s *Summary) interesting() bool {
	for _, e := range s.Params {
		if e != Takes {
			return true
		}
	}
	return len(s.ClosedResults) > 0 || len(s.ClosedIf) > 0 || len(s.Aliases) > 0 || len(s.Drains) > 0
}

// Drained reports whether the function reads parameter i to EOF.
func (s *Summary) Drained(i int) bool {
	return s != nil && slices.Contains(s.Drains, i)
}
