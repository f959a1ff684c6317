package lsp

import (
	"testing"
	"time"
)

// TestLSPNewerEditWins checks that the results of an analysis overtaken by an
// edit are never published, whether the edit arrives while it runs or
// just before it commits, and that the newest version is published.
func TestLSPNewerEditWins(t *testing.T) { inBubble(testNewerEditWins)(t) }

func testNewerEditWins(t *testing.T) {
	s, fa, fc := newTestServer(t, -1)
	open(s, 1)
	c1 := fa.next(t)
	change(s, 2) // while version 1 is analyzed
	c1.finish()
	c2 := fa.next(t)
	if c2.version() != 2 {
		t.Fatalf("second analysis saw version %d, want 2", c2.version())
	}
	c2.finish()
	checkPublished(t, nextPublish(t, fc), 2)

	// An edit recorded, but not yet scheduled, when the analysis of
	// version 3 commits: the commit must see that the text changed.
	change(s, 3)
	c3 := fa.next(t)
	if _, err := s.docs.change(protoVersioned(4), nil); err != nil {
		t.Fatal(err)
	}
	c3.finish()
	expectNoPublish(t, fc)
	s.sched.schedule(testDir)
	c4 := fa.next(t)
	c4.finish()
	checkPublished(t, nextPublish(t, fc), 4)
}

// TestLSPDebounce checks that a burst of edits is analyzed once, at its
// end: one debounce period after the last edit, exactly (the clock is the
// bubble's).
func TestLSPDebounce(t *testing.T) { inBubble(testDebounce)(t) }

func testDebounce(t *testing.T) {
	const debounce = 80 * time.Millisecond
	s, fa, fc := newTestServer(t, debounce)
	open(s, 1)
	var last time.Time
	for v := int32(2); v <= 6; v++ {
		change(s, v)
		last = time.Now()
		time.Sleep(debounce / 2)
	}
	c := fa.next(t)
	if c.version() != 6 {
		t.Fatalf("analysis saw version %d, want the last, 6", c.version())
	}
	if waited := time.Since(last); waited != debounce {
		t.Errorf("analysis started %v after the last edit, want %v", waited, debounce)
	}
	c.finish()
	checkPublished(t, nextPublish(t, fc), 6)
	quiesce()
	select {
	case c := <-fa.calls:
		t.Fatalf("extra analysis of version %d", c.version())
	default:
	}
}
