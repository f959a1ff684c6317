package noreturn

import (
	"log"
	"net/http"
	"os"
	"testing"
)

func exits(u string) {
	resp, err := http.Get(u)
	if err != nil {
		log.Fatal(err)
	}
	if resp.StatusCode != 200 {
		os.Exit(1)
	}
	defer resp.Body.Close()
}

func panics(u string) {
	resp, err := http.Get(u)
	if err != nil {
		panic(err)
	}
	if resp.StatusCode != 200 {
		panic(resp.Status)
	}
	defer resp.Body.Close()
}

func fatalf(u string) {
	resp, err := http.Get(u)
	if err != nil {
		log.Fatalf("get: %v", err)
	}
	if resp.StatusCode != 200 {
		log.Fatalf("status %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func die(msg string) {
	log.Print(msg)
	os.Exit(2)
}

func userNoReturn(u string) {
	resp, err := http.Get(u)
	if err != nil {
		die(err.Error())
	}
	if resp.StatusCode != 200 {
		die(resp.Status)
	}
	resp.Body.Close()
}

func testFatal(t *testing.T, u string) {
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func tbFatal(tb testing.TB, u string) {
	resp, err := http.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	if resp.StatusCode != 200 {
		tb.FailNow()
	}
	resp.Body.Close()
}

func stillReportedAfterNoReturnBranch(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 90`
	if err != nil {
		log.Fatal(err)
	}
	if resp.StatusCode == 500 {
		os.Exit(1)
	}
	if resp.StatusCode == 404 {
		return nil
	}
	return resp.Body.Close()
}
