package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"testing"
	"time"
)

// frame writes body in LSP's framing.
func frame(t *testing.T, w io.Writer, body string) {
	t.Helper()
	if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Fatal(err)
	}
}

// reply is a JSON-RPC response as the test reads it.
type reply struct {
	ID    json.RawMessage `json:"id"`
	Error *struct {
		Code int64 `json:"code"`
	} `json:"error"`
	Result json.RawMessage `json:"result"`
}

// serve runs a server on one end of a pipe and returns the other end,
// with a reader of its replies, and the channel of Serve's exit code.
func serve(t *testing.T) (net.Conn, *bufio.Reader, chan int) {
	client, server := net.Pipe()
	code := make(chan int, 1)
	go func() { code <- New(Options{}).Serve(context.Background(), server) }()
	t.Cleanup(func() { client.Close() })
	return client, bufio.NewReader(client), code
}

// readReply reads the next response, skipping notifications.
func readReply(t *testing.T, conn net.Conn, r *bufio.Reader) reply {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		body, err := readFrame(r)
		if err != nil {
			t.Fatalf("reading a reply: %v", err)
		}
		var m struct {
			reply
			Method string `json:"method"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("a reply that is not JSON: %q", body)
		}
		if m.Method == "" {
			return m.reply
		}
	}
}

// TestLSPBadMessages sends well-framed bodies that are no JSON-RPC
// message: each gets the error JSON-RPC 2.0 asks for, with the request's
// id when there is one, and the server still answers a real request.
func TestLSPBadMessages(t *testing.T) {
	conn, r, _ := serve(t)
	for _, tc := range []struct {
		body string
		code int64
		id   string
	}{
		{`{"id":3,}`, -32700, "null"},
		{`not json`, -32700, "null"},
		{`[1,2]`, -32600, "null"},
		{`[]`, -32600, "null"},
		{`{"jsonrpc":"2.0"}`, -32600, "null"},
		{`{"jsonrpc":"2.0","id":7}`, -32600, "7"},
		{`{"jsonrpc":"2.0","id":"x","method":5}`, -32600, `"x"`},
		{`"a string"`, -32600, "null"},
	} {
		frame(t, conn, tc.body)
		got := readReply(t, conn, r)
		if got.Error == nil || got.Error.Code != tc.code || string(got.ID) != tc.id {
			t.Errorf("%s: got id %s, error %+v; want id %s, code %d", tc.body, got.ID, got.Error, tc.id, tc.code)
		}
	}
	frame(t, conn, `{"jsonrpc":"2.0","id":42,"method":"shutdown"}`)
	if got := readReply(t, conn, r); string(got.ID) != "42" {
		t.Errorf("after the bad messages, shutdown got %+v", got)
	}
}

// TestLSPRandomBodies sends a few hundred random and truncated JSON bodies
// in valid frames, then a real request, which must still be answered.
func TestLSPRandomBodies(t *testing.T) {
	conn, r, _ := serve(t)
	valid := `{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.go"}}}`
	rng := rand.New(rand.NewPCG(1, 2))
	go func() { // drain the answers; the test only needs the last one
		for i := 0; i < 300; i++ {
			var body []byte
			switch i % 3 {
			case 0:
				body = []byte(valid[:rng.IntN(len(valid))]) // truncated
			case 1:
				body = make([]byte, rng.IntN(64))
				for j := range body {
					body[j] = byte(rng.IntN(256))
				}
			case 2:
				body = []byte(fmt.Sprintf(`{"id":%d,"method":%d}`, i, rng.IntN(10))) // wrong types
			}
			fmt.Fprintf(conn, "Content-Length: %d\r\n\r\n%s", len(body), body)
		}
		last := `{"jsonrpc":"2.0","id":"last","method":"initialize","params":{}}`
		fmt.Fprintf(conn, "Content-Length: %d\r\n\r\n%s", len(last), last) // not frame: no t.Fatal off the test's goroutine
	}()
	for {
		got := readReply(t, conn, r)
		if string(got.ID) == `"last"` {
			if got.Error != nil || len(got.Result) < 10 {
				t.Errorf("initialize after the random bodies: %+v, result %s", got.Error, got.Result)
			}
			return
		}
	}
}

// TestLSPBrokenFrame checks that only a broken frame ends the connection.
func TestLSPBrokenFrame(t *testing.T) {
	for _, head := range []string{"Content-Length: x\r\n\r\n{}", "Content-Type: json\r\n\r\n{}", "Content-Length: 99999999999\r\n\r\n"} {
		conn, _, code := serve(t)
		io.WriteString(conn, head)
		select {
		case c := <-code:
			if c != 1 {
				t.Errorf("%q: exit code %d, want 1", head, c)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%q: the server is still serving", head)
		}
	}
}
