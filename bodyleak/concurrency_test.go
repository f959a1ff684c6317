package bodyleak

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

const workers, perWorker = 8, 25

// pollStats reads tr's Stats, OpenBodies and Var until stop is closed, to
// give the race detector concurrent readers to check.
func pollStats(tr *Transport, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
			_ = tr.Stats()
			_ = tr.OpenBodies()
			_ = tr.Var().String()
			time.Sleep(100 * time.Microsecond)
		}
	}
}

// requestConcurrently makes workers*perWorker requests from workers
// goroutines, closing most bodies and returning the ones left open.
func requestConcurrently(t *testing.T, c *http.Client, url string) []io.ReadCloser {
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		leftOpen []io.ReadCloser
	)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				resp, err := c.Get(url)
				if err != nil {
					t.Error(err)
					return
				}
				if (w+i)%5 == 0 {
					mu.Lock()
					leftOpen = append(leftOpen, resp.Body)
					mu.Unlock()
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	return leftOpen
}

// TestConcurrentRequests makes requests from many goroutines, leaving some
// bodies open, while another goroutine reads Stats and OpenBodies; run it
// with -race.
func TestConcurrentRequests(t *testing.T) {
	srv := statusServer(t, http.StatusOK)
	tr := NewTransport(srv.Client().Transport, WithGracePeriod(0))
	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() { pollStats(tr, stop) })
	leftOpen := requestConcurrently(t, &http.Client{Transport: tr}, srv.URL)
	close(stop)
	readers.Wait()

	s := tr.Stats()
	if s.Total != workers*perWorker || s.Open != len(leftOpen) || s.MaxOpen < s.Open || len(leftOpen) == 0 {
		t.Fatalf("Stats = %+v, want Total %d, Open %d", s, workers*perWorker, len(leftOpen))
	}
	err, _ := tr.Check().(*LeakError)
	if err == nil || len(err.Bodies) != len(leftOpen) {
		t.Fatalf("Check = %v, want a LeakError with %d bodies", err, len(leftOpen))
	}
	var closers sync.WaitGroup
	for _, b := range leftOpen {
		closers.Go(func() { b.Close() })
		closers.Go(func() { b.Close() }) // double close, concurrently
	}
	closers.Wait()
	if s := tr.Stats(); s.Open != 0 || s.OldestAge != 0 {
		t.Errorf("after closing everything: Stats = %+v", s)
	}
	if err := tr.Check(); err != nil {
		t.Errorf("Check after closing everything: %v", err)
	}
}
