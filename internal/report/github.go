package report

import (
	"fmt"
	"io"
	"strings"
)

// writeGitHub prints one GitHub Actions workflow command per finding, so
// that findings show as annotations on the pull request:
//
//	::warning file=a.go,line=3,col=2,endLine=3,endColumn=9,title=bodyclosecheck::message
//
// (::error with SeverityError). Related locations are appended to the
// message, one per line.
func writeGitHub(w io.Writer, found []Finding, o Options) error {
	root := o.Root
	for _, f := range found {
		msg := f.Message
		for _, r := range f.Related {
			msg += fmt.Sprintf("\n%s:%d:%d: %s", RelPath(root, r.Posn.Filename), r.Posn.Line, r.Posn.Column, r.Message)
		}
		_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			o.Severity, escapeProperty(RelPath(root, f.Posn.Filename)), f.Posn.Line, f.Posn.Column, f.End.Line, f.End.Column,
			escapeProperty(f.Rule), escapeData(msg))
		if err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
