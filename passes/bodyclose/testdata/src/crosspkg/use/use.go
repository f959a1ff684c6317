package use

import (
	"net/http"

	"crosspkg/helpers"
)

func drained(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer helpers.DrainAndClose(resp.Body)
	return nil
}

func closedByHelper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	helpers.CloseResp(resp)
	return nil
}

func closedLater(u string) int {
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	return helpers.CloseLater(resp)
}

func readOnly(u string) []byte {
	resp, err := http.Get(u) // want `resp.Body is never closed: leaks at the return on line 40`
	if err != nil {
		return nil
	}
	return helpers.ReadOnly(resp)
}

func kept(u string, k *helpers.Keeper) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	k.Keep(resp)
}

func checkedThenClosed(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	if err := helpers.CheckStatus(resp); err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func checkedNeverClosed(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 71`
	if err != nil {
		return err
	}
	if err := helpers.CheckStatus(resp); err != nil {
		return err
	}
	return nil
}

func fetchedLeak(u string) (int, error) {
	resp, err := helpers.Fetch(u) // want `resp.Body is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func fetchedClosed(u string) (int, error) {
	resp, err := helpers.Fetch(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func fetchedBytes(u string) ([]byte, error) {
	resp, b, err := helpers.FetchBytes(u)
	if err != nil {
		return nil, err
	}
	_ = resp.Header
	return b, nil
}

func buffered(u string) (int, error) {
	resp, err := helpers.Buffered(u)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// helpers.CheckResponse closes on error through CheckStatus.
func checkedByWrapper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	if err := helpers.CheckResponse(resp); err != nil {
		return err
	}
	defer resp.Body.Close()
	return nil
}

func checkedByWrapperNeverClosed(u string) error {
	resp, err := http.Get(u) // want `resp.Body is not closed on every path: leaks at the return on line 129`
	if err != nil {
		return err
	}
	if err := helpers.CheckResponse(resp); err != nil {
		return err
	}
	return nil
}
