package gclplugin_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/bodyclosecheck/bodyclosecheck/gclplugin"
	"github.com/bodyclosecheck/bodyclosecheck/passes/bodyclose"
)

// TestRegistered checks that importing the package registers the plugin.
func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("bodyclosecheck")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatalf("no settings: %v", err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
}

// TestSettings decodes settings as golangci-lint passes them (a map from
// the YAML file) and checks the resulting configuration.
func TestSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		want     bodyclose.Config
	}{
		{"nil", nil, bodyclose.Config{FoldExits: true}},
		{"empty", map[string]any{}, bodyclose.Config{FoldExits: true}},
		{"all", map[string]any{
			"max-states":          1234,
			"skip-tests":          true,
			"report-head":         true,
			"related-information": true,
			"closers":             []any{"example.com/pool.Release", "example.com/pool.Pool.Put"},
		}, bodyclose.Config{
			MaxStates:  1234,
			SkipTests:  true,
			ReportHEAD: true,
			Closers:    []string{"example.com/pool.Release", "example.com/pool.Pool.Put"},
		}},
		{"some", map[string]any{"report-head": true}, bodyclose.Config{ReportHEAD: true, FoldExits: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := register.DecodeSettings[gclplugin.Settings](tt.settings)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := s.Config()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg, tt.want) {
				t.Errorf("config = %+v, want %+v", cfg, tt.want)
			}
			if _, err := gclplugin.New(tt.settings); err != nil {
				t.Errorf("New: %v", err)
			}
		})
	}
}

// TestSettingsErrors checks that bad settings are rejected by New with an
// error that says what is wrong.
func TestSettingsErrors(t *testing.T) {
	tests := []struct {
		name     string
		settings map[string]any
		want     []string
	}{
		{"unknown key", map[string]any{"max_states": 10}, []string{`unknown field "max_states"`, "max-states (int)"}},
		{"unknown key among good ones", map[string]any{"skip-tests": true, "verbose": true}, []string{`unknown field "verbose"`}},
		{"int as string", map[string]any{"max-states": "many"}, []string{"cannot unmarshal string", "max-states"}},
		{"bool as string", map[string]any{"skip-tests": "yes"}, []string{"cannot unmarshal string", "skip-tests"}},
		{"closers not a list", map[string]any{"closers": "example.com/pool.Release"}, []string{"cannot unmarshal string", "closers"}},
		{"negative max-states", map[string]any{"max-states": -1}, []string{"max-states must not be negative"}},
		{"closer without function", map[string]any{"closers": []any{"example.com/pool"}}, []string{`bad function name "example.com/pool"`}},
		{"closer with pointer receiver", map[string]any{"closers": []any{"example.com/pool.(*Pool).Put"}}, []string{"bad function name"}},
		{"closer with too many dots", map[string]any{"closers": []any{"a/b.C.D.E"}}, []string{"bad function name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := gclplugin.New(tt.settings)
			if err == nil {
				t.Fatalf("New(%v) = %v, want an error", tt.settings, p)
			}
			for _, want := range append(tt.want, "bodyclosecheck") {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

// TestBuildAnalyzers checks that the analyzer gets the settings as its
// flag values and that the global analyzer is left alone.
func TestBuildAnalyzers(t *testing.T) {
	p, err := gclplugin.New(map[string]any{
		"max-states":  77,
		"skip-tests":  true,
		"report-head": true,
		"closers":     []any{"example.com/pool.Release"},
	})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Name != "bodyclosecheck" || as[0] == bodyclose.Analyzer {
		t.Fatalf("BuildAnalyzers = %v, want one new bodyclosecheck analyzer", as)
	}
	want := map[string]string{"max-states": "77", "skip-tests": "true", "report-head": "true", "fold-exits": "true", "closers": "example.com/pool.Release"}
	for name, value := range want {
		if got := as[0].Flags.Lookup(name).Value.String(); got != value {
			t.Errorf("flag -%s = %q, want %q", name, got, value)
		}
		if got := bodyclose.Analyzer.Flags.Lookup(name).Value.String(); got == value {
			t.Errorf("global analyzer flag -%s changed to %q", name, got)
		}
	}
	again, _ := p.BuildAnalyzers()
	if again[0] == as[0] {
		t.Errorf("BuildAnalyzers returned the same analyzer twice")
	}
}

// TestBuildAnalyzersDrain checks that drain: true adds bodydraincheck
// with the shared settings, and that it is off by default.
func TestBuildAnalyzersDrain(t *testing.T) {
	for _, drain := range []bool{false, true} {
		p, err := gclplugin.New(map[string]any{"max-states": 77, "skip-tests": true, "drain": drain})
		if err != nil {
			t.Fatal(err)
		}
		as, err := p.BuildAnalyzers()
		if err != nil {
			t.Fatal(err)
		}
		if !drain {
			if len(as) != 1 {
				t.Errorf("drain: false: %d analyzers, want bodyclosecheck only", len(as))
			}
			continue
		}
		if len(as) != 2 || as[1].Name != "bodydraincheck" {
			t.Fatalf("drain: true: analyzers %v, want bodyclosecheck and bodydraincheck", as)
		}
		for name, want := range map[string]string{"max-states": "77", "skip-tests": "true", "fold-exits": "true"} {
			if got := as[1].Flags.Lookup(name).Value.String(); got != want {
				t.Errorf("bodydraincheck -%s = %q, want %q", name, got, want)
			}
		}
	}
}
