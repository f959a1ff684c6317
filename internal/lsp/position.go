package lsp

import (
	"fmt"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// mapper converts between byte offsets in a file's content and LSP
// positions, whose character is counted in UTF-16 code units. Lines end
// at "\n"; a "\r" before it counts as part of the line.
type mapper struct {
	content []byte
	lines   []int // byte offset of the start of each line
}

// newMapper returns a mapper for content.
func newMapper(content []byte) *mapper {
	lines := []int{0}
	for i, b := range content {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &mapper{content: content, lines: lines}
}

// position returns the LSP position of byte offset off, clamped to the
// content. An offset inside a multi-byte character maps to its start.
func (m *mapper) position(off int) protocol.Position {
	off = max(0, min(off, len(m.content)))
	for off < len(m.content) && off > 0 && !utf8.RuneStart(m.content[off]) {
		off--
	}
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
	return protocol.Position{
		Line:      protocol.UInteger(line),
		Character: protocol.UInteger(utf16Len(m.content[m.lines[line]:off])),
	}
}

// offset returns the byte offset of an LSP position. As the protocol
// asks, a character past the end of its line means the end of the line;
// a line past the end of the content is an error.
func (m *mapper) offset(p protocol.Position) (int, error) {
	if int(p.Line) >= len(m.lines) {
		return 0, fmt.Errorf("line %d is past the end of the document (%d lines)", p.Line+1, len(m.lines))
	}
	start := m.lines[int(p.Line)]
	end := len(m.content)
	if int(p.Line)+1 < len(m.lines) {
		end = m.lines[int(p.Line)+1] - 1 // the newline
	}
	off, units := start, 0
	for off < end && units < int(p.Character) {
		r, size := utf8.DecodeRune(m.content[off:end])
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1 // invalid UTF-8 decodes as U+FFFD: one unit
		}
		if units+n > int(p.Character) {
			break // inside a surrogate pair: stay before the character
		}
		units += n
		off += size
	}
	return off, nil
}

// lspRange returns the LSP range of the byte range [start, end).
func (m *mapper) lspRange(start, end int) protocol.Range {
	return protocol.Range{Start: m.position(start), End: m.position(end)}
}

// utf16Len returns the number of UTF-16 code units that encode b.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if u := utf16.RuneLen(r); u > 0 {
			n += u
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}
