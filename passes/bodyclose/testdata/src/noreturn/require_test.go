package noreturn

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestWantError: past require.Error the call failed, so there is no body.
func TestWantError(t *testing.T) {
	for _, wantErr := range []bool{true, false} {
		resp, err := http.Get("http://example.com")
		if wantErr {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		resp.Body.Close()
	}
}

// TestNoErrorDoesNotClose: require.NoError says nothing about closing.
func TestNoErrorDoesNotClose(t *testing.T) {
	resp, err := http.Get("http://example.com") // want `resp.Body is never closed`
	require.NoError(t, err)
	_ = resp.StatusCode
}
