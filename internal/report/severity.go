package report

import "fmt"

// Severity is how findings are presented in every output that has
// severities: SARIF's level, the GitHub workflow command (::warning or
// ::error) and the language server's diagnostics. The default is
// SeverityWarning: a leaked body is a defect to fix, found by an analysis
// that can be wrong, and the exit code already fails a CI step.
type Severity string

const (
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// ParseSeverity parses the value of -severity ("" is the default).
func ParseSeverity(s string) (Severity, error) {
	switch Severity(s) {
	case "", SeverityWarning:
		return SeverityWarning, nil
	case SeverityError:
		return SeverityError, nil
	}
	return "", fmt.Errorf("severity %q: want warning or error", s)
}

// sarifLevel is the SARIF result level of s.
func (s Severity) sarifLevel() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}
