package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/sourcegraph/jsonrpc2"
)

// maxFrame bounds the body of one message: a larger Content-Length is
// taken as a broken frame rather than allocated.
const maxFrame = 1 << 30

// A tolerantStream is the server's jsonrpc2.ObjectStream: LSP's framing
// (Content-Length headers), where a well-framed body that is not a
// JSON-RPC message is answered as JSON-RPC 2.0 asks (-32700 for invalid
// JSON, -32600 for JSON that is no request or response, with the request's
// id when it has one) and skipped, instead of ending the connection as
// jsonrpc2's own stream does. Only a broken frame (no or an impossible
// Content-Length, a body cut short) ends it, with a log line saying why.
type tolerantStream struct {
	r   *bufio.Reader
	out jsonrpc2.ObjectStream // writes, under its own lock
	c   io.Closer
	log *log.Logger
}

func newTolerantStream(rwc io.ReadWriteCloser, logger *log.Logger) *tolerantStream {
	return &tolerantStream{r: bufio.NewReader(rwc), out: jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), c: rwc, log: logger}
}

// ReadObject reads the next JSON-RPC message into v, answering and
// skipping the bodies that are none.
func (s *tolerantStream) ReadObject(v any) error {
	for {
		body, err := readFrame(s.r)
		if err != nil {
			if err != io.EOF {
				s.log.Printf("closing the connection: %v", err)
			}
			return err
		}
		code, id, why := classify(body, v)
		if code == 0 {
			return nil
		}
		s.log.Printf("answering a bad message with %d: %s", code, why)
		reply := map[string]any{"jsonrpc": "2.0", "id": id, "error": map[string]any{"code": code, "message": why}}
		if err := s.out.WriteObject(reply); err != nil {
			return err
		}
	}
}

// classify decodes body into v and returns 0, or the JSON-RPC error code,
// the id to answer with (nil for null) and the reason.
func classify(body []byte, v any) (code int64, id any, why string) {
	if !json.Valid(body) {
		return jsonrpc2.CodeParseError, nil, "parse error: the body is not valid JSON"
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return jsonrpc2.CodeInvalidRequest, nil, "invalid request: not a JSON object (batches are not supported)"
	}
	if raw, ok := obj["id"]; ok {
		var x any
		if json.Unmarshal(raw, &x) == nil {
			switch x.(type) {
			case string, float64:
				id = json.RawMessage(raw)
			}
		}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return jsonrpc2.CodeInvalidRequest, id, "invalid request: " + err.Error()
	}
	return 0, nil, ""
}

// readFrame reads the headers and the body of one message.
func readFrame(r *bufio.Reader) ([]byte, error) {
	tp := textproto.NewReader(r)
	length := -1
	for {
		line, err := tp.ReadLine()
		if err != nil {
			if err == io.EOF && length < 0 {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("reading the headers: %w", err)
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("malformed header %q", line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxFrame {
				return nil, fmt.Errorf("impossible Content-Length %q", strings.TrimSpace(value))
			}
			length = n
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("a message without Content-Length")
	}
	body := make([]byte, length)
	if n, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("a body cut short after %d of %d bytes: %w", n, length, err)
	}
	return body, nil
}

func (s *tolerantStream) WriteObject(obj any) error { return s.out.WriteObject(obj) }

func (s *tolerantStream) Close() error { return s.c.Close() }
