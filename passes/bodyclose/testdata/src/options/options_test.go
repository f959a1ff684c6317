package options

import "net/http"

func leakInTest(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	_ = resp.Status
}
