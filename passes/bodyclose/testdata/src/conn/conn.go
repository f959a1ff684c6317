// Package conn holds responses read from a connection the function owns:
// the connection is the resource, and closing it (or handing it on)
// releases everything, the response included.
package conn

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
)

// connect is an HTTP CONNECT handshake: the connection is closed on
// failure and handed to the caller on success.
func connect(conn net.Conn, req *http.Request) (net.Conn, error) {
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		conn.Close()
		return nil, errors.New(resp.Status)
	}
	return conn, nil
}

// limited reads through a LimitedReader around the connection, which a
// defer closes.
func limited(conn net.Conn, req *http.Request) (int, error) {
	defer conn.Close()
	lr := &io.LimitedReader{R: conn, N: 1 << 20}
	resp, err := http.ReadResponse(bufio.NewReaderSize(lr, 4096), req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// leaksConn neither closes the response nor the connection on the
// failed status path.
func leaksConn(conn net.Conn, req *http.Request) (net.Conn, error) {
	resp, err := http.ReadResponse(bufio.NewReader(conn), req) // want `resp.Body is not closed on every path: leaks at the return on line 51`
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return conn, nil
}

// fromReader has no connection to close: the response is the resource.
func fromReader(r *bufio.Reader, req *http.Request) (int, error) {
	resp, err := http.ReadResponse(r, req) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// tlsConn closes a concrete connection type.
func tlsConn(c *tls.Conn, req *http.Request) (int, error) {
	defer c.Close()
	resp, err := http.ReadResponse(bufio.NewReader(c), req)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
