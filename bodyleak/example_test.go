package bodyleak_test

import (
	"errors"
	"expvar"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/bodyclosecheck/bodyclosecheck/bodyleak"
)

// memTransport answers every request in memory with the given status.
type memTransport int

func (code memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: int(code),
		Status:     fmt.Sprintf("%d %s", code, http.StatusText(int(code))),
		Body:       io.NopCloser(strings.NewReader("<html>...</html>")),
		Request:    req,
	}, nil
}

func ExampleNewTransport() {
	tr := bodyleak.NewTransport(memTransport(http.StatusForbidden))
	client := &http.Client{Transport: tr}

	resp, err := client.Get("http://api.example/items")
	if err != nil {
		panic(err)
	}
	fmt.Println("open:", tr.Stats().Open)
	resp.Body.Close()
	fmt.Println("open:", tr.Stats().Open, "total:", tr.Stats().Total)
	// Output:
	// open: 1
	// open: 0 total: 1
}

func ExampleWithThreshold() {
	const maxConnsPerHost = 4
	tr := bodyleak.NewTransport(memTransport(http.StatusForbidden),
		bodyleak.WithThreshold(maxConnsPerHost*3/4, func(s bodyleak.Stats) {
			fmt.Printf("alert: %d response bodies open\n", s.Open)
		}))
	client := &http.Client{Transport: tr}
	for i := range 4 {
		fmt.Println("request", i+1)
		client.Get("http://api.example/items") // body never closed
	}
	// Output:
	// request 1
	// request 2
	// request 3
	// alert: 3 response bodies open
	// request 4
}

func ExampleTransport_Var() {
	tr := bodyleak.NewTransport(memTransport(http.StatusOK))
	expvar.Publish("example_http_client_bodies", tr.Var())

	resp, _ := (&http.Client{Transport: tr}).Get("http://api.example/")
	resp.Body.Close()
	fmt.Println(expvar.Get("example_http_client_bodies"))
	// Output:
	// {"open":0,"max_open":1,"oldest_age_seconds":0,"total":1}
}

func ExampleTransport_Check() {
	tr := bodyleak.NewTransport(memTransport(http.StatusForbidden), bodyleak.WithGracePeriod(0))
	(&http.Client{Transport: tr}).Get("http://api.example/items")

	var leak *bodyleak.LeakError
	if errors.As(tr.Check(), &leak) {
		for _, b := range leak.Bodies {
			fmt.Println(b.Method, b.URL, b.Status)
		}
	}
	// Output:
	// GET http://api.example/items 403 Forbidden
}
