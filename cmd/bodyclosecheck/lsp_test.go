package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// The test in this file drives "bodyclosecheck lsp" like an editor does:
// JSON-RPC with Content-Length framing over the pipes of a subprocess.
// It decodes the server's messages with its own minimal types, so that
// the wire format is checked independently of the server's library.

// lspTimeout bounds every wait for the server; an analysis of the
// fixture takes a second or two.
const lspTimeout = 60 * time.Second

// lspMsg is any JSON-RPC message.
type lspMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type lspPos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPos `json:"start"`
	End   lspPos `json:"end"`
}

type lspDiag struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     string   `json:"code"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
	Related  []struct {
		Location struct {
			URI   string   `json:"uri"`
			Range lspRange `json:"range"`
		} `json:"location"`
		Message string `json:"message"`
	} `json:"relatedInformation"`
}

type lspPublish struct {
	URI         string    `json:"uri"`
	Version     *int      `json:"version"`
	Diagnostics []lspDiag `json:"diagnostics"`
}

type lspTextEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type lspAction struct {
	Title       string `json:"title"`
	Kind        string `json:"kind"`
	IsPreferred bool   `json:"isPreferred"`
	Edit        struct {
		Changes map[string][]lspTextEdit `json:"changes"`
	} `json:"edit"`
}

// lspClient is the editor's end of the connection.
type lspClient struct {
	t              testing.TB
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	msgs           chan lspMsg // from the reader goroutine, closed at EOF
	backlog        []lspMsg    // notifications not consumed yet
	seen           []lspPublish
	stderr         *lockedBuffer
	wmu            sync.Mutex
	nextID         int
	serverRequests []string
}

// lockedBuffer is a bytes.Buffer safe for the writer goroutine of exec.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startLSP starts bin lsp with args in dir.
func startLSP(t testing.TB, bin, dir string, args ...string) *lspClient {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"lsp"}, args...)...)
	cmd.Dir = dir
	c := &lspClient{t: t, cmd: cmd, msgs: make(chan lspMsg, 100), stderr: new(lockedBuffer)}
	cmd.Stderr = c.stderr
	var err error
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		if t.Failed() || testing.Verbose() {
			t.Logf("server log:\n%s", c.stderr)
		}
	})
	go c.read(bufio.NewReader(stdout))
	return c
}

// read decodes the server's messages until EOF. Requests from the server
// (client/registerCapability) are answered at once with a null result.
func (c *lspClient) read(r *bufio.Reader) {
	defer close(c.msgs)
	for {
		body, err := readFrame(r)
		if err != nil {
			return
		}
		var m lspMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("bad message from server: %v: %s", err, body)
			return
		}
		if m.Method != "" && m.ID != nil {
			c.write(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
		}
		c.msgs <- m
	}
}

// readFrame reads one Content-Length framed message.
func readFrame(r *bufio.Reader) ([]byte, error) {
	n := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if n, err = strconv.Atoi(v); err != nil {
				return nil, err
			}
		}
	}
	if n < 0 {
		return nil, fmt.Errorf("no Content-Length")
	}
	body := make([]byte, n)
	_, err := io.ReadFull(r, body)
	return body, err
}

// write sends one framed message.
func (c *lspClient) write(msg any) {
	body, err := json.Marshal(msg)
	if err != nil {
		c.t.Error(err)
		return
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// notify sends a notification.
func (c *lspClient) notify(method string, params any) {
	c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// next returns the next message from the server.
func (c *lspClient) next(what string) lspMsg {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("server closed its output while waiting for %s", what)
		}
		if m.Method != "" && m.ID != nil {
			c.serverRequests = append(c.serverRequests, m.Method)
		}
		return m
	case <-time.After(lspTimeout):
		c.t.Fatalf("timed out waiting for %s", what)
	}
	return lspMsg{}
}

// request sends a request and returns its result, keeping the
// notifications that arrive meanwhile for later.
func (c *lspClient) request(method string, params, result any) {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	c.write(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	for {
		m := c.next(method)
		if m.Method != "" {
			c.backlog = append(c.backlog, m)
			continue
		}
		if string(m.ID) != strconv.Itoa(id) {
			continue
		}
		if m.Error != nil {
			c.t.Fatalf("%s: error %d: %s", method, m.Error.Code, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: decoding %s: %v", method, m.Result, err)
			}
		}
		return
	}
}

// publishFor waits for the diagnostics of uri at version (-1: a file that
// is not open, so with no version) and returns them.
func (c *lspClient) publishFor(uri string, version int) lspPublish {
	c.t.Helper()
	what := fmt.Sprintf("diagnostics for %s version %d", filepath.Base(uri), version)
	for {
		var m lspMsg
		if len(c.backlog) > 0 {
			m, c.backlog = c.backlog[0], c.backlog[1:]
		} else {
			m = c.next(what)
		}
		if m.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p lspPublish
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatalf("bad publishDiagnostics: %v", err)
		}
		if p.Diagnostics == nil {
			c.t.Errorf("publishDiagnostics for %s has diagnostics null, want a list", p.URI)
		}
		c.seen = append(c.seen, p)
		v := -1
		if p.Version != nil {
			v = *p.Version
		}
		if p.URI == uri && v == version {
			return p
		}
	}
}

// sawVersion reports whether diagnostics for uri at version were published.
func (c *lspClient) sawVersion(uri string, version int) bool {
	return slices.ContainsFunc(c.seen, func(p lspPublish) bool {
		return p.URI == uri && p.Version != nil && *p.Version == version
	})
}

// utf16Col returns the UTF-16 length of s: an LSP character offset.
func utf16Col(s string) int { return len(utf16.Encode([]rune(s))) }

// lspPosOf returns the LSP position of the first occurrence of sub in text
// (or of its end).
func lspPosOf(t testing.TB, text, sub string, end bool) lspPos {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in the text", sub)
	}
	if end {
		i += len(sub)
	}
	before := text[:i]
	line := strings.Count(before, "\n")
	return lspPos{Line: line, Character: utf16Col(before[strings.LastIndex(before, "\n")+1:])}
}

// applyEdits applies LSP text edits to text, converting UTF-16 positions
// on its own, last edit first.
func applyEdits(t *testing.T, text string, edits []lspTextEdit) string {
	t.Helper()
	offset := func(p lspPos) int {
		lines := strings.SplitAfter(text, "\n")
		off := 0
		for _, l := range lines[:p.Line] {
			off += len(l)
		}
		units := utf16.Encode([]rune(lines[p.Line]))
		return off + len(string(utf16.Decode(units[:p.Character])))
	}
	slices.SortFunc(edits, func(a, b lspTextEdit) int { return offset(b.Range.Start) - offset(a.Range.Start) })
	for _, e := range edits {
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

// fileURI returns the URI of an absolute path.
func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// lspChange sends the whole new text of uri.
func (c *lspClient) lspChange(uri string, version int, text string) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}},
	})
}

// TestLSP opens the incident's client in the server, checks the finding
// and its related information, moves the close with the quick fix, then
// breaks and restores the package, and shuts the server down.
func TestLSP(t *testing.T) {
	bin := buildTool(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "lspmod"))); err != nil {
		t.Fatal(err)
	}
	c := startLSP(t, bin, dir, "-v", "-debounce=100ms")
	lspInitialize(t, c, dir)

	path := filepath.Join(dir, "items.go")
	uri := fileURI(path)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": text}})
	lspCheckIncident(t, c, uri, text)
	lspCheckTestFile(t, c, fileURI(filepath.Join(dir, "items_test.go")))

	// The user deletes the late defer: the body is now never closed,
	// and the finding has a quick fix, which moves the close up.
	leaky := strings.Replace(text, "\tdefer resp.Body.Close()\n", "", 1)
	c.lspChange(uri, 2, leaky)
	fixed := lspApplyQuickFix(t, c, uri, leaky)
	c.lspChange(uri, 3, fixed)
	if p := c.publishFor(uri, 3); len(p.Diagnostics) != 0 {
		t.Errorf("after the quick fix: %d diagnostics, want none: %+v", len(p.Diagnostics), p.Diagnostics)
	}

	lspCheckBrokenAndBack(t, c, uri, fixed, leaky)
	lspCheckIncidentFix(t, c, uri, text, 8)
	lspShutdown(t, c, uri)
}

// lspInitialize runs the initialize handshake and checks the capabilities.
func lspInitialize(t testing.TB, c *lspClient, dir string) {
	t.Helper()
	var res struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Change    int  `json:"change"`
			} `json:"textDocumentSync"`
			CodeActionProvider struct {
				CodeActionKinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct {
			Name string `json:"name"`
		} `json:"serverInfo"`
	}
	c.request("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   fileURI(dir),
		"capabilities": map[string]any{
			"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}},
		},
	}, &res)
	caps := res.Capabilities
	if !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change != 1 ||
		!slices.Contains(caps.CodeActionProvider.CodeActionKinds, "quickfix") || res.ServerInfo.Name != "bodyclosecheck" {
		t.Fatalf("initialize result = %+v, want open/close, full sync, quickfix code actions", res)
	}
	c.notify("initialized", map[string]any{})
}

// lspCheckIncident checks the finding of the 403 leak (the body is closed
// only after the status check) with its related information, positions
// in UTF-16 (the call's line has "ç" and "🚀"), and that it offers no
// quick fix: the body is closed on another path, so the analyzer cannot
// insert a close safely.
func lspCheckIncident(t *testing.T, c *lspClient, uri, text string) {
	t.Helper()
	p := c.publishFor(uri, 1)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %+v", len(p.Diagnostics), p.Diagnostics)
	}
	d := p.Diagnostics[0]
	wantRange := lspRange{lspPosOf(t, text, "c.Get(", false), lspPosOf(t, text, `🚀")`, true)}
	if d.Message != "resp.Body is not closed on every path: leaks at the return on line 23" ||
		d.Source != "bodyclosecheck" || d.Severity != 2 || d.Range != wantRange {
		t.Errorf("diagnostic = %+v\nwant the 403 leak from bodyclosecheck at %+v", d, wantRange)
	}
	if wantRange.End.Character == len(`	resp, err := c.Get(u + "?lang=français&icon=🚀")`) {
		t.Fatal("test is broken: the line must have characters of different UTF-8 and UTF-16 lengths")
	}
	ret := lspPosOf(t, text, `return nil, fmt.Errorf("items`, false)
	if len(d.Related) != 1 || d.Related[0].Location.URI != uri || d.Related[0].Location.Range.Start != ret ||
		d.Related[0].Message != "resp.Body is still open at this return" {
		t.Errorf("related information = %+v, want the return at %+v", d.Related, ret)
	}
	lspIncidentAction(t, c, uri, d)
}

// lspIncidentAction checks the quick fix of the 403 finding d: the one,
// preferred action that moves the late defer above the status check.
func lspIncidentAction(t *testing.T, c *lspClient, uri string, d lspDiag) lspAction {
	t.Helper()
	var actions []lspAction
	c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []any{d}},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != "quickfix" || !actions[0].IsPreferred ||
		actions[0].Title != "Close resp.Body with a defer after the call, before the early returns" ||
		len(actions[0].Edit.Changes[uri]) != 2 {
		t.Fatalf("code actions = %+v, want the preferred quick fix moving the defer up", actions)
	}
	return actions[0]
}

// lspCheckIncidentFix reopens the 403 example as version v, applies its
// quick fix as version v+1 and checks that the finding is gone.
func lspCheckIncidentFix(t *testing.T, c *lspClient, uri, text string, v int) {
	t.Helper()
	c.lspChange(uri, v, text)
	p := c.publishFor(uri, v)
	if len(p.Diagnostics) != 1 {
		t.Fatalf("version %d: %d diagnostics, want the 403 leak", v, len(p.Diagnostics))
	}
	fixed := applyEdits(t, text, lspIncidentAction(t, c, uri, p.Diagnostics[0]).Edit.Changes[uri])
	want := "\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer resp.Body.Close()\n\tif resp.StatusCode"
	if !strings.Contains(fixed, want) || strings.Count(fixed, "defer resp.Body.Close()") != 1 {
		t.Fatalf("text after the quick fix:\n%s\nwant one defer, right after the error check", fixed)
	}
	c.lspChange(uri, v+1, fixed)
	if p := c.publishFor(uri, v+1); len(p.Diagnostics) != 0 {
		t.Errorf("after the quick fix: %d diagnostics, want none: %+v", len(p.Diagnostics), p.Diagnostics)
	}
}

// lspCheckTestFile checks that the findings of the package's test file,
// which is not open, are published too, with no version.
func lspCheckTestFile(t *testing.T, c *lspClient, uri string) {
	t.Helper()
	p := c.publishFor(uri, -1)
	if len(p.Diagnostics) != 1 || !strings.HasPrefix(p.Diagnostics[0].Message, "resp.Body is never closed") {
		t.Errorf("diagnostics of the test file = %+v, want its leak", p.Diagnostics)
	}
}

// lspApplyQuickFix waits for the finding of version 2 (text), requests
// the code actions at the cursor inside it, checks the quick fix and
// returns the text with its edit applied.
func lspApplyQuickFix(t *testing.T, c *lspClient, uri, text string) string {
	t.Helper()
	p := c.publishFor(uri, 2)
	if len(p.Diagnostics) != 1 || !strings.HasPrefix(p.Diagnostics[0].Message, "resp.Body is never closed") ||
		len(p.Diagnostics[0].Related) != 2 {
		t.Fatalf("after deleting the defer: %+v, want one never-closed finding with 2 leaking returns", p.Diagnostics)
	}
	cursor := p.Diagnostics[0].Range.Start
	cursor.Character += 2
	var actions []lspAction
	c.request("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        lspRange{cursor, cursor},
		"context":      map[string]any{"diagnostics": p.Diagnostics, "only": []string{"quickfix"}},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != "quickfix" || actions[0].Title != "Add defer resp.Body.Close()" ||
		len(actions[0].Edit.Changes[uri]) != 1 || len(actions[0].Edit.Changes) != 1 {
		t.Fatalf("code actions = %+v, want the quick fix adding the defer", actions)
	}
	fixed := applyEdits(t, text, actions[0].Edit.Changes[uri])
	want := "\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer resp.Body.Close()\n\tif resp.StatusCode"
	if !strings.Contains(fixed, want) {
		t.Fatalf("text after the quick fix:\n%s\nwant it to contain:\n%s", fixed, want)
	}
	return fixed
}

// lspCheckBrokenAndBack checks that text that does not type-check clears
// the diagnostics without harming the server, and that of two quick
// edits only the second is analyzed.
func lspCheckBrokenAndBack(t *testing.T, c *lspClient, uri, fixed, leaky string) {
	t.Helper()
	broken := strings.Replace(fixed, "json.NewDecoder", "json.NoSuchDecoder", 1)
	c.lspChange(uri, 4, leaky)
	c.lspChange(uri, 5, broken)
	if p := c.publishFor(uri, 5); len(p.Diagnostics) != 0 {
		t.Errorf("a package that does not type-check: %+v, want no diagnostics", p.Diagnostics)
	}
	c.lspChange(uri, 6, fixed)
	c.lspChange(uri, 7, leaky)
	if p := c.publishFor(uri, 7); len(p.Diagnostics) != 1 {
		t.Errorf("after repairing the package: %+v, want the finding back", p.Diagnostics)
	}
	for _, v := range []int{4, 6} {
		if c.sawVersion(uri, v) {
			t.Errorf("diagnostics of version %d were published although version %d followed at once", v, v+1)
		}
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{
		map[string]any{"uri": fileURI(filepath.Join(filepath.Dir(strings.TrimPrefix(uri, "file://")), "go.mod")), "type": 2}}})
	if p := c.publishFor(uri, 7); len(p.Diagnostics) != 1 {
		t.Errorf("after didChangeWatchedFiles: %+v, want the finding again", p.Diagnostics)
	}
}

// lspShutdown closes the file (its diagnostics are cleared), then shuts
// the server down and checks that it exits with 0.
func lspShutdown(t *testing.T, c *lspClient, uri string) {
	t.Helper()
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if p := c.publishFor(uri, -1); len(p.Diagnostics) != 0 {
		t.Errorf("after didClose: %+v, want the diagnostics cleared", p.Diagnostics)
	}
	if !slices.Contains(c.serverRequests, "client/registerCapability") {
		t.Errorf("server requests = %v, want client/registerCapability for the file watchers", c.serverRequests)
	}
	c.request("shutdown", nil, nil)
	c.notify("exit", nil)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("server exited with %v, want exit code 0", err)
		}
	case <-time.After(lspTimeout):
		t.Fatal("server did not exit after shutdown and exit")
	}
}

// benchTarget is a package to measure the edit latency on: a file of it
// is opened, then a function is appended to it, with and without a
// close in turn.
type benchTarget struct {
	name   string
	dir    func(b *testing.B) string
	file   string
	client string // the type of the client in the file's package
}

// BenchmarkLSPEditLatency measures the time from a didChange to the
// diagnostics of that version, with -debounce=0 (the debounce, 200 ms by
// default, adds to it): the first analysis of a package (cold: go list,
// parsing and type-checking all dependencies) is reported as cold-ms,
// later edits (warm: cached dependencies) as ns/op and warm-p50-ms.
//
//	go test -run XXX -bench LSPEditLatency -benchtime 20x ./cmd/bodyclosecheck/
//
// Targets: the fixture of TestLSP (40 lines), a copy of this repository's
// bodyleak package (2,500 lines with its tests, net/http, httptest,
// expvar) and net/http itself (63,000 lines with its tests, read in place;
// the edits stay in the editor and are never saved).
func BenchmarkLSPEditLatency(b *testing.B) {
	bin := buildTool(b)
	for _, target := range []benchTarget{
		{"lspmod", benchLspmod, "items.go", "*http.Client"},
		{"bodyleak", benchBodyleak, "transport.go", "*http.Client"},
		{"net-http", benchNetHTTP, "client.go", "*Client"},
	} {
		b.Run(target.name, func(b *testing.B) { benchEdits(b, bin, target) })
	}
}

// benchLspmod returns a copy of the fixture of TestLSP.
func benchLspmod(b *testing.B) string {
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "lspmod"))); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchBodyleak returns the directory of a copy of package bodyleak, in a
// module of the same path as this one (its external tests import it).
func benchBodyleak(b *testing.B) string {
	mod := b.TempDir()
	dir := filepath.Join(mod, "bodyleak")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "bodyleak"))); err != nil {
		b.Fatal(err)
	}
	gomod := "module github.com/bodyclosecheck/bodyclosecheck\n\ngo 1.26\n"
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchNetHTTP returns the directory of net/http in GOROOT.
func benchNetHTTP(b *testing.B) string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "src", "net", "http")
}

// benchEdits opens the target file and edits it b.N times.
func benchEdits(b *testing.B, bin string, target benchTarget) {
	dir := target.dir(b)
	path := filepath.Join(dir, target.file)
	uri := fileURI(path)
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	c := startLSP(b, bin, dir, "-debounce=0", "-v")
	lspInitialize(b, c, dir)
	t0 := time.Now()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "go", "version": 1, "text": string(src)}})
	base := len(c.publishFor(uri, 1).Diagnostics)
	cold := time.Since(t0)

	leak := fmt.Sprintf("\nfunc benchLeak(c %s, u string) (int, error) {\n\tresp, err := c.Get(u)\n"+
		"\tif err != nil {\n\t\treturn 0, err\n\t}\n%%s\treturn resp.StatusCode, nil\n}\n", target.client)
	var warm []time.Duration
	b.ResetTimer()
	for i := range b.N {
		closed := i%2 == 1
		text, want := string(src)+fmt.Sprintf(leak, ""), base+1
		if closed {
			text, want = string(src)+fmt.Sprintf(leak, "\tdefer resp.Body.Close()\n"), base
		}
		t := time.Now()
		c.lspChange(uri, i+2, text)
		if got := len(c.publishFor(uri, i+2).Diagnostics); got != want {
			b.Fatalf("edit %d: %d diagnostics, want %d", i, got, want)
		}
		warm = append(warm, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(warm)
	b.ReportMetric(float64(cold.Milliseconds()), "cold-ms")
	b.ReportMetric(float64(warm[len(warm)/2].Microseconds())/1000, "warm-p50-ms")
	b.ReportMetric(float64(warm[len(warm)*9/10].Microseconds())/1000, "warm-p90-ms")
	if mib, ok := procStatusMiB(c.cmd.Process.Pid, "VmHWM:"); ok {
		b.ReportMetric(mib, "peak-RSS-MiB")
	}
	if mib, ok := procStatusMiB(c.cmd.Process.Pid, "VmRSS:"); ok {
		b.ReportMetric(mib, "end-RSS-MiB")
	}
	c.request("shutdown", nil, nil)
	c.notify("exit", nil)
}

// procStatusMiB returns a memory figure of a process, where /proc tells
// it: field "VmHWM:" is the peak resident memory, "VmRSS:" the current.
func procStatusMiB(pid int, field string) (float64, bool) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024, err == nil
		}
	}
	return 0, false
}
