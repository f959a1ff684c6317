package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestIncident runs both clients for a second each: the leaky one raises
// the pool alert before any request blocks on the full pool, and then
// requests do block; the fixed one never alerts, never blocks, and
// reuses its connections. The plot of both is a PNG.
func TestIncident(t *testing.T) {
	leaky := run("leaky", isSessionActive, time.Second)
	fixed := run("fixed", isSessionActiveFixed, time.Second)
	if leaky.alertAt < 0 || leaky.waitAt < 0 || leaky.alertAt >= leaky.waitAt {
		t.Errorf("leaky: alert %v, first blocked request %v: want the alert first", leaky.alertAt, leaky.waitAt)
	}
	if leaky.maxActive != 16 || leaky.failed == 0 {
		t.Errorf("leaky: at most %d active, %d waiting at the end: want the pool full and requests waiting", leaky.maxActive, leaky.failed)
	}
	// At the end of a run the requests in flight are cut off: at most one
	// per worker.
	if fixed.alertAt >= 0 || fixed.waitAt >= 0 || fixed.failed > workers || fixed.dialed > workers {
		t.Errorf("fixed: alert %v, blocked %v, %d cut off at the end, %d dialed: want none, none, at most %d, at most %d",
			fixed.alertAt, fixed.waitAt, fixed.failed, fixed.dialed, workers, workers)
	}
	path := filepath.Join(t.TempDir(), "incident.png")
	if err := plot(path, leaky, fixed); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() != 2*panelW {
		t.Errorf("plot: %v, %v", img, err)
	}
}
