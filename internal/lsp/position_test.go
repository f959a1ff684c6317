package lsp

import (
	"strings"
	"testing"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The text mixes characters of 1, 2, 3 and 4 UTF-8 bytes, which take 1,
// 1, 1 and 2 UTF-16 code units, and a CRLF line.
const posText = "package p\n" +
	"var s = \"é€🚀x\" // ç\r\n" +
	"\n" +
	"func f() {}"

// TestLSPPositionNonASCII checks offsets and positions at known places.
func TestLSPPositionNonASCII(t *testing.T) {
	m := newMapper([]byte(posText))
	line1 := strings.Index(posText, "var")
	for _, c := range []struct {
		sub       string
		line, chr int
	}{
		{"package", 0, 0},
		{"var", 1, 0},
		{"é", 1, 9},
		{"€", 1, 10},
		{"🚀", 1, 11},
		{"x\"", 1, 13}, // after the rocket's two units
		{"// ç", 1, 16},
		{"\r\n", 1, 20},
		{"func", 3, 0},
	} {
		off := strings.Index(posText, c.sub)
		got := m.position(off)
		if got != (protocol.Position{Line: protocol.UInteger(c.line), Character: protocol.UInteger(c.chr)}) {
			t.Errorf("position(%q at %d) = %+v, want %d:%d", c.sub, off, got, c.line, c.chr)
		}
		back, err := m.offset(got)
		if err != nil || back != off {
			t.Errorf("offset(%+v) = %d, %v, want %d", got, back, err, off)
		}
	}
	// Check the expectations themselves against the UTF-16 encoding.
	prefix := posText[line1:strings.Index(posText, "x\"")]
	if n := len(utf16.Encode([]rune(prefix))); n != 13 {
		t.Fatalf("test expectation wrong: %d units before x", n)
	}
}

// TestLSPPositionRoundTrip checks that every character boundary survives a
// round trip, and that the end of the content maps back to its length.
func TestLSPPositionRoundTrip(t *testing.T) {
	m := newMapper([]byte(posText))
	for off := range posText {
		if back, err := m.offset(m.position(off)); err != nil || back != off {
			t.Errorf("round trip of offset %d: got %d, %v", off, back, err)
		}
	}
	end := m.position(len(posText))
	if back, _ := m.offset(end); back != len(posText) {
		t.Errorf("end %+v maps to %d, want %d", end, back, len(posText))
	}
}

// TestLSPPositionClamping checks the protocol's rules for positions out of
// range, and positions inside a character.
func TestLSPPositionClamping(t *testing.T) {
	m := newMapper([]byte("ab🚀\nc\n"))
	for _, c := range []struct {
		pos     protocol.Position
		want    int
		wantErr bool
	}{
		{protocol.Position{Line: 0, Character: 99}, 6, false}, // past the end of the line: its end
		{protocol.Position{Line: 0, Character: 3}, 2, false},  // inside the surrogate pair: before it
		{protocol.Position{Line: 0, Character: 4}, 6, false},
		{protocol.Position{Line: 2, Character: 0}, 9, false}, // after the final newline
		{protocol.Position{Line: 2, Character: 5}, 9, false},
		{protocol.Position{Line: 3, Character: 0}, 0, true},
	} {
		got, err := m.offset(c.pos)
		if (err != nil) != c.wantErr || !c.wantErr && got != c.want {
			t.Errorf("offset(%+v) = %d, %v; want %d (error: %v)", c.pos, got, err, c.want, c.wantErr)
		}
	}
	// An offset inside a multi-byte character maps to the character.
	if got := m.position(3); got != (protocol.Position{Line: 0, Character: 2}) {
		t.Errorf("position(3) = %+v, want 0:2", got)
	}
}

// TestLSPApplyChanges checks ranged and whole-document changes.
func TestLSPApplyChanges(t *testing.T) {
	text := "héllo 🚀 world\nbye\n"
	r := &protocol.Range{
		Start: protocol.Position{Line: 0, Character: 6}, // after "héllo "
		End:   protocol.Position{Line: 0, Character: 8}, // after the rocket
	}
	got, err := applyChanges(text, []any{
		protocol.TextDocumentContentChangeEvent{Range: r, Text: "ship"},
		protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{
			Start: protocol.Position{Line: 1, Character: 0}, End: protocol.Position{Line: 1, Character: 3}}, Text: "ciao"},
	})
	if want := "héllo ship world\nciao\n"; err != nil || got != want {
		t.Errorf("applyChanges = %q, %v; want %q", got, err, want)
	}
	got, err = applyChanges(text, []any{protocol.TextDocumentContentChangeEventWhole{Text: "new"}})
	if err != nil || got != "new" {
		t.Errorf("whole change = %q, %v", got, err)
	}
	_, err = applyChanges(text, []any{protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{
		Start: protocol.Position{Line: 9}, End: protocol.Position{Line: 9}}}})
	if err == nil {
		t.Error("a change past the end of the document was accepted")
	}
}

// TestLSPURIs checks file URIs with characters that need escaping.
func TestLSPURIs(t *testing.T) {
	path := "/tmp/a dir/ünï/x#1.go"
	uri := pathToURI(path)
	if uri != "file:///tmp/a%20dir/%C3%BCn%C3%AF/x%231.go" {
		t.Errorf("pathToURI = %s", uri)
	}
	if back, err := uriToPath(uri); err != nil || back != path {
		t.Errorf("uriToPath(%s) = %s, %v", uri, back, err)
	}
	if _, err := uriToPath("untitled:Untitled-1"); err == nil {
		t.Error("a non-file URI was accepted")
	}
}
