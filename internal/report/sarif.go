package report

import (
	"go/token"
	"io"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"golang.org/x/tools/go/analysis"
)

// srcRoot is the SARIF base URI id of the directory the command ran in.
const srcRoot = "%SRCROOT%"

// writeSARIF prints a SARIF 2.1.0 log, as accepted by GitHub code
// scanning: one rule with help text, relative URIs based on %SRCROOT%,
// related locations, and the suggested fixes as SARIF fixes.
func writeSARIF(w io.Writer, found []Finding, root string, a *analysis.Analyzer) error {
	run := sarif.NewRunWithInformationURI("bodyclosecheck", a.URL)
	if v := toolVersion(); v != "" {
		run.Tool.Driver.WithVersion(v)
	}
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
		srcRoot: *sarif.NewArtifactLocation().WithURI(dirURI(root)),
	})
	run.Tool.Driver.AddRule(rule(a))
	run.Results = []*sarif.Result{}
	for _, f := range found {
		run.AddResult(result(f, root))
	}
	report := sarif.NewReport()
	report.AddRun(run)
	return report.PrettyWrite(w)
}

// rule describes the analyzer as a SARIF reporting descriptor.
func rule(a *analysis.Analyzer) *sarif.ReportingDescriptor {
	short, full, _ := strings.Cut(a.Doc, "\n\n")
	return sarif.NewRule(a.Name).
		WithName("UnclosedResponseBody").
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(short)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(full)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(full + "\n\n" + a.URL).
			WithMarkdown(full + "\n\nSee [" + a.Name + "](" + a.URL + ").")).
		WithHelpURI(a.URL).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("warning"))
}

// result converts one finding; file names below root are relative.
func result(f Finding, root string) *sarif.Result {
	r := sarif.NewRuleResult(f.Rule).
		WithLevel("warning").
		WithMessage(sarif.NewTextMessage(f.Message)).
		AddLocation(location(root, f.Posn, f.End, ""))
	for _, rel := range f.Related {
		r.AddRelatedLocation(location(root, rel.Posn, rel.Posn, rel.Message))
	}
	for _, fx := range f.Fixes {
		sf := sarif.NewFix().WithDescription(sarif.NewTextMessage(fx.Message))
		for _, e := range fx.Edits {
			region := sarif.NewRegion().WithByteOffset(e.Posn.Offset).WithByteLength(e.End.Offset - e.Posn.Offset)
			sf.AddArtifactChange(sarif.NewArtifactChange().
				WithArtifactLocation(artifact(RelPath(root, e.Posn.Filename))).
				AddReplacement(sarif.NewReplacement().
					WithDeletedRegion(region).
					WithInsertedContent(sarif.NewArtifactContent().WithText(e.NewText))))
		}
		r.AddFixe(sf)
	}
	return r
}

// location is a SARIF location for the region [posn, end), with an
// optional message.
func location(root string, posn, end token.Position, msg string) *sarif.Location {
	region := sarif.NewRegion().WithStartLine(posn.Line).WithStartColumn(max(posn.Column, 1)).
		WithEndLine(max(end.Line, posn.Line)).WithEndColumn(max(end.Column, 1))
	loc := sarif.NewLocation().WithPhysicalLocation(
		sarif.NewPhysicalLocation().WithArtifactLocation(artifact(RelPath(root, posn.Filename))).WithRegion(region))
	if msg != "" {
		loc.WithMessage(sarif.NewTextMessage(msg))
	}
	return loc
}

// artifact is a file's location: relative to %SRCROOT% when it is below
// the directory the command ran in, else an absolute file URI.
func artifact(file string) *sarif.ArtifactLocation {
	if filepath.IsAbs(filepath.FromSlash(file)) {
		return sarif.NewArtifactLocation().WithURI(fileURI(file))
	}
	return sarif.NewArtifactLocation().WithURI(file).WithURIBaseID(srcRoot)
}

func fileURI(name string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(name)}).String()
}

func dirURI(dir string) string {
	return fileURI(strings.TrimSuffix(filepath.ToSlash(dir), "/") + "/")
}

// toolVersion returns the module version of the command, if known.
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return ""
}
