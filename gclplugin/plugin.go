// Package gclplugin registers bodyclosecheck as a golangci-lint module
// plugin named "bodyclosecheck".
//
// Build a golangci-lint that contains it with "golangci-lint custom" and
// the .custom-gcl.yml at the root of this repository, then enable it in
// .golangci.yml:
//
//	linters:
//	  default: none
//	  enable:
//	    - bodyclosecheck
//	  settings:
//	    custom:
//	      bodyclosecheck:
//	        type: module
//	        description: HTTP response bodies not closed on every path
//	        settings:
//	          max-states: 50000
//	          skip-tests: false
//	          report-head: false
//	          related-information: false
//	          closers:
//	            - example.com/pool.Release
//	          drain: false
//
// Every setting is optional; unknown settings are an error. Unless
// related-information is true, each finding names all the places where the
// body leaks in its message and is one golangci-lint issue: golangci-lint
// would turn each related location into an issue of its own.
//
// With drain: true the linter also runs bodydraincheck (package
// passes/bodydrain): bodies closed before they are read to EOF, which
// costs their connection its reuse. Its issues come from the same
// linter, bodyclosecheck; //nolint:bodydraincheck silences them alone.
package gclplugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodydrain"
)

// Name is the name of the plugin and of the linter in golangci-lint.
const Name = "bodyclosecheck"

func init() { register.Plugin(Name, New) }

// Settings are the settings of the linter in .golangci.yml, under
// linters.settings.custom.bodyclosecheck.settings. They mirror
// bodyclose.Config and the flags of the command.
type Settings struct {
	// MaxStates bounds the path states searched per response (0: default).
	MaxStates int `json:"max-states"`
	// SkipTests drops findings in _test.go files.
	SkipTests bool `json:"skip-tests"`
	// ReportHEAD also reports responses to HEAD requests.
	ReportHEAD bool `json:"report-head"`
	// RelatedInformation attaches the leaking exits as related
	// information (one more golangci-lint issue each) instead of naming
	// them all in the message.
	RelatedInformation bool `json:"related-information"`
	// Closers names functions that close or take the responses passed to
	// them, as "import/path.Func" or "import/path.Type.Method".
	Closers []string `json:"closers"`
	// Drain also runs bodydraincheck: bodies closed before they are read
	// to EOF.
	Drain bool `json:"drain"`
}

// settingsHelp lists the settings for error messages.
const settingsHelp = "the settings are max-states (int), skip-tests (bool), report-head (bool), related-information (bool), closers (list of import/path.Func or import/path.Type.Method), drain (bool)"

// New is the plugin constructor called by golangci-lint with the raw
// settings. Unknown settings, values of the wrong type and malformed
// closer names are reported here, before any package is loaded.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		// DecodeSettings rejects unknown keys (json DisallowUnknownFields).
		return nil, fmt.Errorf("%s: %w; %s", Name, err, settingsHelp)
	}
	cfg, err := s.Config()
	if err != nil {
		return nil, err
	}
	return &plugin{cfg: cfg, drain: s.Drain}, nil
}

// Config validates s and returns the analyzer configuration. Closer names
// are checked by the analyzer's own -closers flag.
func (s Settings) Config() (bodyclose.Config, error) {
	if s.MaxStates < 0 {
		return bodyclose.Config{}, fmt.Errorf("%s: max-states must not be negative, got %d", Name, s.MaxStates)
	}
	check := bodyclose.NewAnalyzer(bodyclose.Config{})
	for _, name := range s.Closers {
		if err := check.Flags.Set("closers", name); err != nil {
			return bodyclose.Config{}, fmt.Errorf("%s: closers: %w", Name, err)
		}
	}
	return bodyclose.Config{
		MaxStates:  s.MaxStates,
		SkipTests:  s.SkipTests,
		ReportHEAD: s.ReportHEAD,
		FoldExits:  !s.RelatedInformation,
		Closers:    append([]string(nil), s.Closers...),
	}, nil
}

// plugin is the golangci-lint plugin for one configuration.
type plugin struct {
	cfg   bodyclose.Config
	drain bool // also bodydraincheck
}

// BuildAnalyzers returns a new analyzer for the configuration; the global
// bodyclose.Analyzer is never used, so its flags stay untouched.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	as := []*analysis.Analyzer{bodyclose.NewAnalyzer(p.cfg)}
	if p.drain {
		as = append(as, bodydrain.NewAnalyzer(bodydrain.Config{
			MaxStates: p.cfg.MaxStates,
			SkipTests: p.cfg.SkipTests,
			FoldExits: p.cfg.FoldExits,
		}))
	}
	return as, nil
}

// GetLoadMode asks for type information: the analyzer needs types and
// the facts of the dependencies.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
