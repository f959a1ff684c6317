package lsp

import (
	"context"
	"sync"
	"testing"
	"time"
)

// waitTimeout bounds the waits of the scheduler and server tests.
const waitTimeout = 10 * time.Second

// runRecord is one call of a scheduler's run function.
type runRecord struct {
	key string
	gen uint64
	ctx context.Context
}

// recorder is a run function that reports each call on a channel and
// then blocks until released (or cancelled, if it honours ctx).
type recorder struct {
	calls   chan runRecord
	release chan struct{}
}

func newRecorder() *recorder {
	return &recorder{calls: make(chan runRecord, 10), release: make(chan struct{}, 10)}
}

func (r *recorder) run(ctx context.Context, key string, gen uint64) {
	r.calls <- runRecord{key, gen, ctx}
	<-r.release // a real analysis may not notice cancellation at once
}

func (r *recorder) next(t *testing.T) runRecord {
	t.Helper()
	select {
	case c := <-r.calls:
		return c
	case <-time.After(waitTimeout):
		t.Fatal("timed out waiting for a run")
	}
	return runRecord{}
}

// TestLSPSchedulerDebounce checks that quick successive edits of a key lead
// to one run, of the newest.
func TestLSPSchedulerDebounce(t *testing.T) { inBubble(testSchedulerDebounce)(t) }

func testSchedulerDebounce(t *testing.T) {
	r := newRecorder()
	s := newScheduler(50*time.Millisecond, 1, r.run)
	defer s.stop()
	s.schedule("a")
	s.schedule("a")
	s.schedule("a")
	c := r.next(t)
	if c.key != "a" || c.gen != 3 {
		t.Fatalf("ran %s#%d, want a#3", c.key, c.gen)
	}
	r.release <- struct{}{}
	if !s.commit("a", c.gen, func() {}) {
		t.Error("the newest run could not commit")
	}
	quiesce()
	select {
	case c := <-r.calls:
		t.Errorf("unexpected run %s#%d of an overtaken edit", c.key, c.gen)
	default:
	}
}

// TestLSPSchedulerCancelsRunning checks that an edit during a run cancels
// its context and forbids its commit, and that the newer run commits.
func TestLSPSchedulerCancelsRunning(t *testing.T) { inBubble(testSchedulerCancelsRunning)(t) }

func testSchedulerCancelsRunning(t *testing.T) {
	r := newRecorder()
	s := newScheduler(0, 1, r.run)
	defer s.stop()
	s.schedule("a")
	old := r.next(t)
	s.schedule("a") // the user types while the analysis runs
	select {
	case <-old.ctx.Done():
	case <-time.After(waitTimeout):
		t.Fatal("the overtaken run was not cancelled")
	}
	published := false
	if s.commit("a", old.gen, func() { published = true }) || published {
		t.Error("the overtaken run published its stale results")
	}
	r.release <- struct{}{} // it returns; only then does the newer one get the slot
	newer := r.next(t)
	if newer.gen <= old.gen || newer.ctx.Err() != nil {
		t.Fatalf("newer run #%d (ctx %v) after #%d", newer.gen, newer.ctx.Err(), old.gen)
	}
	r.release <- struct{}{}
	if !s.commit("a", newer.gen, func() { published = true }) || !published {
		t.Error("the newest run could not publish")
	}
}

// TestLSPSchedulerKeysAndStop checks that keys do not cancel each other,
// that cancel drops a pending run, and that stop waits for running ones.
func TestLSPSchedulerKeysAndStop(t *testing.T) { inBubble(testSchedulerKeysAndStop)(t) }

func testSchedulerKeysAndStop(t *testing.T) {
	r := newRecorder()
	s := newScheduler(0, 2, r.run)
	s.schedule("a")
	s.schedule("b")
	first, second := r.next(t), r.next(t)
	if first.key == second.key || first.ctx.Err() != nil || second.ctx.Err() != nil {
		t.Fatalf("runs %s and %s: one key cancelled the other", first.key, second.key)
	}
	var stopped sync.WaitGroup
	stopped.Add(1)
	go func() { defer stopped.Done(); s.stop() }()
	select {
	case <-first.ctx.Done():
	case <-time.After(waitTimeout):
		t.Fatal("stop did not cancel the running jobs")
	}
	r.release <- struct{}{}
	r.release <- struct{}{}
	stopped.Wait()
	s.schedule("a")
	if s.commit("a", 99, func() {}) {
		t.Error("commit after stop")
	}
	quiesce()
	select {
	case c := <-r.calls:
		t.Errorf("run %s#%d after stop", c.key, c.gen)
	default:
	}
}
