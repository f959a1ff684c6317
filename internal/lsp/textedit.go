package lsp

import (
	"fmt"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// applyChanges applies the content changes of a didChange notification to
// text, in order: a whole-document change replaces it, a ranged change
// (sent by clients that ignore the advertised full sync) edits it.
func applyChanges(text string, changes []any) (string, error) {
	for _, c := range changes {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			text = c.Text
		case protocol.TextDocumentContentChangeEvent:
			if c.Range == nil {
				text = c.Text
				continue
			}
			m := newMapper([]byte(text))
			start, err := m.offset(c.Range.Start)
			if err != nil {
				return "", err
			}
			end, err := m.offset(c.Range.End)
			if err != nil {
				return "", err
			}
			if end < start {
				return "", fmt.Errorf("change range ends before it starts")
			}
			text = text[:start] + c.Text + text[end:]
		default:
			return "", fmt.Errorf("unknown content change %T", c)
		}
	}
	return text, nil
}
