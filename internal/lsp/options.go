package lsp

import (
	"io"
	"log"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/internal/report"
)

// DefaultDebounce is the default quiet period after an edit before the
// package is analyzed again.
const DefaultDebounce = 200 * time.Millisecond

// Options configures a Server.
type Options struct {
	// Analyzers run on the package of each open file; what they require,
	// facts included, runs on its dependencies too.
	Analyzers []*analysis.Analyzer
	// Debounce is the quiet period after an edit before the analysis
	// starts; 0 means DefaultDebounce, a negative value none at all.
	Debounce time.Duration
	// BuildFlags are passed to the go command when loading packages,
	// as in -tags=integration.
	BuildFlags []string
	// Env is the environment of the go command; nil means the server's.
	Env []string
	// Log receives the server's log; nil discards it.
	Log *log.Logger
	// Name and Version are reported to the client as serverInfo.
	Name, Version string
	// Severity is the severity of the diagnostics; "" is
	// report.SeverityWarning, as in the command's outputs.
	Severity report.Severity
}

// debounce returns the effective quiet period.
func (o *Options) debounce() time.Duration {
	switch {
	case o.Debounce == 0:
		return DefaultDebounce
	case o.Debounce < 0:
		return 0
	}
	return o.Debounce
}

// logger returns the effective logger.
func (o *Options) logger() *log.Logger {
	if o.Log == nil {
		return log.New(io.Discard, "", 0)
	}
	return o.Log
}
