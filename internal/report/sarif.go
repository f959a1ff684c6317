package report

import (
	"cmp"
	"encoding/json"
	"go/token"
	"io"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/mod/semver"
	"golang.org/x/tools/go/analysis"
)

// The SARIF 2.1.0 objects written here, with only the properties this
// tool sets: the format's "unset" sentinels (index -1, rank -1) and empty
// arrays are left out rather than written, as the SARIF Multitool's
// validation rules ask (SARIF2004).
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		AutomationDetails  sarifAutomation                  `json:"automationDetails"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds,omitempty"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"` // [] when there are none: the tool ran and found nothing
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		FullName        string      `json:"fullName"`
		Version         string      `json:"version"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		InformationURI  string      `json:"informationUri,omitempty"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifAutomation struct {
		ID string `json:"id"`
	}
	sarifRule struct {
		ID                   string            `json:"id"`
		Name                 string            `json:"name"`
		ShortDescription     sarifText         `json:"shortDescription"`
		FullDescription      sarifText         `json:"fullDescription"`
		Help                 sarifText         `json:"help"`
		HelpURI              string            `json:"helpUri,omitempty"`
		DefaultConfiguration sarifRuleDefaults `json:"defaultConfiguration"`
	}
	sarifRuleDefaults struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifText       `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
		Fixes            []sarifFix      `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		ID               *int                  `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int  `json:"startLine,omitempty"`
		StartColumn int  `json:"startColumn,omitempty"`
		EndLine     int  `json:"endLine,omitempty"`
		EndColumn   int  `json:"endColumn,omitempty"`
		ByteOffset  *int `json:"byteOffset,omitempty"` // a pointer: 0 is an offset
		ByteLength  *int `json:"byteLength,omitempty"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent *sarifText  `json:"insertedContent,omitempty"`
	}
)

// srcRoot is the SARIF base URI id of the directory the command ran in.
const srcRoot = "%SRCROOT%"

// writeSARIF prints a SARIF 2.1.0 log, as GitHub code scanning ingests
// it: one rule with help text, the tool's version, URIs relative to
// %SRCROOT%, columns in UTF-16 code units, related locations, and the
// suggested fixes as SARIF fixes.
func writeSARIF(w io.Writer, found []Finding, o Options) error {
	a := o.Analyzer
	version := toolVersion()
	rules := []sarifRule{rule(a, o.Severity)}
	for _, b := range o.Also {
		rules = append(rules, rule(b, o.Severity))
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: a.Name, FullName: a.Name + " " + version, Version: version,
			SemanticVersion: version, InformationURI: a.URL,
			Rules: rules,
		}},
		AutomationDetails:  sarifAutomation{ID: a.Name + "/"},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{srcRoot: {URI: dirURI(o.Root)}},
		ColumnKind:         "utf16CodeUnits",
		Results:            []sarifResult{},
	}
	// A full major.minor.patch: semver also takes "v1.2" as a shorthand.
	if v := "v" + version; !semver.IsValid(v) || semver.Canonical(v) != strings.SplitN(v, "+", 2)[0] {
		run.Tool.Driver.SemanticVersion = ""
	}
	cols := utf16Columns{make(sourceLines)}
	for _, f := range found {
		r := result(f, o, cols)
		r.RuleIndex = slices.IndexFunc(rules, func(x sarifRule) bool { return x.ID == f.Rule })
		run.Results = append(run.Results, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

// ruleNames are the rules' readable names (SARIF's "name"), by analyzer.
var ruleNames = map[string]string{
	"bodyclosecheck": "UnclosedResponseBody",
	"bodydraincheck": "UndrainedResponseBody",
}

// rule describes the analyzer as a SARIF reporting descriptor.
func rule(a *analysis.Analyzer, sev Severity) sarifRule {
	short, full, _ := strings.Cut(a.Doc, "\n\n")
	return sarifRule{
		ID:               a.Name,
		Name:             cmp.Or(ruleNames[a.Name], a.Name),
		ShortDescription: sarifText{Text: short},
		FullDescription:  sarifText{Text: full},
		Help: sarifText{
			Text:     full + "\n\n" + a.URL,
			Markdown: full + "\n\nSee [" + a.Name + "](" + a.URL + ").",
		},
		HelpURI:              a.URL,
		DefaultConfiguration: sarifRuleDefaults{Level: sev.sarifLevel()},
	}
}

// result converts one finding; file names below the root are relative.
func result(f Finding, o Options, cols utf16Columns) sarifResult {
	r := sarifResult{
		RuleID:    f.Rule,
		Level:     o.Severity.sarifLevel(),
		Message:   sarifText{Text: f.Message},
		Locations: []sarifLocation{location(o.Root, f.Posn, f.End, "", cols)},
	}
	for _, rel := range f.Related {
		r.RelatedLocations = append(r.RelatedLocations, location(o.Root, rel.Posn, rel.End, rel.Message, cols))
	}
	for i := range r.RelatedLocations {
		id := i + 1
		r.RelatedLocations[i].ID = &id
	}
	for _, fx := range f.Fixes {
		sf := sarifFix{Description: sarifText{Text: fx.Message}}
		for _, e := range fx.Edits {
			offset, length := e.Posn.Offset, e.End.Offset-e.Posn.Offset
			rep := sarifReplacement{DeletedRegion: sarifRegion{ByteOffset: &offset, ByteLength: &length}}
			if e.NewText != "" {
				rep.InsertedContent = &sarifText{Text: e.NewText}
			}
			sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{
				ArtifactLocation: artifact(RelPath(o.Root, e.Posn.Filename)),
				Replacements:     []sarifReplacement{rep},
			})
		}
		r.Fixes = append(r.Fixes, sf)
	}
	return r
}

// location is a SARIF location for the region [posn, end), with an
// optional message.
func location(root string, posn, end token.Position, msg string, cols utf16Columns) sarifLocation {
	if end.Filename != posn.Filename || end.Line < posn.Line {
		end = posn
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: artifact(RelPath(root, posn.Filename)),
		Region: sarifRegion{
			StartLine: posn.Line, StartColumn: cols.column(posn),
			EndLine: end.Line, EndColumn: cols.column(end),
		},
	}}
	if msg != "" {
		loc.Message = &sarifText{Text: msg}
	}
	return loc
}

// utf16Columns converts the byte columns of go/token into the UTF-16
// columns of SARIF's default column kind, reading each file once.
type utf16Columns struct{ lines sourceLines }

// column returns the UTF-16 column of p, or its byte column when the file
// cannot be read (they agree on ASCII lines).
func (c utf16Columns) column(p token.Position) int {
	lines := c.lines.of(p.Filename)
	col := max(p.Column, 1)
	if p.Line < 1 || p.Line > len(lines) || col-1 > len(lines[p.Line-1]) {
		return col
	}
	prefix := lines[p.Line-1][:col-1]
	if !utf8.ValidString(prefix) {
		return col
	}
	return len(utf16.Encode([]rune(prefix))) + 1
}

// artifact is a file's location: relative to %SRCROOT% when it is below
// the directory the command ran in, else an absolute file URI.
func artifact(file string) sarifArtifactLocation {
	if filepath.IsAbs(filepath.FromSlash(file)) {
		return sarifArtifactLocation{URI: fileURI(file)}
	}
	return sarifArtifactLocation{URI: (&url.URL{Path: file}).String(), URIBaseID: srcRoot}
}

func fileURI(name string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(name)}).String()
}

func dirURI(dir string) string {
	return fileURI(strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/")
}

// toolVersion returns the module version of the command without its
// "v" ("1.2.3", a pseudo-version "0.0.0-2026...-abcdef"), as SARIF wants
// a version that starts with a number; "0.0.0-devel" when the build has
// none ("(devel)": built by go run or without version control).
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "0.0.0-devel"
}
