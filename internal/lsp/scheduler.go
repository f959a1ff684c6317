package lsp

import (
	"context"
	"sync"
	"time"
)

// scheduler runs one analysis per key (a package directory) after a quiet
// period. Scheduling a key again restarts the period and cancels the
// context of the key's pending or running analysis, and commit lets a run
// publish only while it is the newest for its key: results of an
// analysis overtaken by an edit are never published.
type scheduler struct {
	delay time.Duration
	run   func(ctx context.Context, key string, gen uint64)
	slots chan struct{} // bounds the analyses running at once

	mu      sync.Mutex
	base    context.Context
	stopAll context.CancelFunc
	jobs    map[string]*job
	gen     uint64
	stopped bool
	wg      sync.WaitGroup
}

// job is the newest analysis of one key.
type job struct {
	gen    uint64
	ctx    context.Context
	cancel context.CancelFunc
	timer  *time.Timer
}

// newScheduler returns a scheduler that calls run after delay, with at
// most parallel runs at once.
func newScheduler(delay time.Duration, parallel int, run func(ctx context.Context, key string, gen uint64)) *scheduler {
	base, cancel := context.WithCancel(context.Background())
	return &scheduler{
		delay:   max(delay, 0),
		run:     run,
		slots:   make(chan struct{}, max(parallel, 1)),
		base:    base,
		stopAll: cancel,
		jobs:    make(map[string]*job),
	}
}

// schedule (re)starts the quiet period of key, cancelling its older job.
func (s *scheduler) schedule(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.drop(key)
	s.gen++
	ctx, cancel := context.WithCancel(s.base)
	j := &job{gen: s.gen, ctx: ctx, cancel: cancel}
	s.jobs[key] = j
	s.wg.Add(1)
	j.timer = time.AfterFunc(s.delay, func() {
		defer s.wg.Done()
		s.start(key, j)
	})
}

// start runs j once a slot is free, unless it was cancelled meanwhile.
func (s *scheduler) start(key string, j *job) {
	select {
	case s.slots <- struct{}{}:
	case <-j.ctx.Done():
		return
	}
	defer func() { <-s.slots }()
	if j.ctx.Err() == nil {
		s.run(j.ctx, key, j.gen)
	}
}

// drop cancels the job of key and forgets it. s.mu must be held.
func (s *scheduler) drop(key string) {
	j := s.jobs[key]
	if j == nil {
		return
	}
	j.cancel()
	if j.timer.Stop() {
		s.wg.Done() // its function will never run
	}
	delete(s.jobs, key)
}

// commit calls publish if the job gen is still the newest of key and was
// not cancelled, and reports whether it did. publish runs under the
// scheduler's lock, so no newer job of any key can commit or be
// scheduled meanwhile; it must not call the scheduler.
func (s *scheduler) commit(key string, gen uint64, publish func()) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[key]
	if s.stopped || j == nil || j.gen != gen || j.ctx.Err() != nil {
		return false
	}
	publish()
	j.cancel()
	delete(s.jobs, key)
	return true
}

// cancel drops the job of key, then calls then (if not nil) under the
// scheduler's lock, so that no older job can publish after it.
func (s *scheduler) cancel(key string, then func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop(key)
	if then != nil {
		then()
	}
}

// stop cancels every job and waits for the running ones to return.
// Nothing can be scheduled afterwards.
func (s *scheduler) stop() {
	s.mu.Lock()
	s.stopped = true
	for key := range s.jobs {
		s.drop(key)
	}
	s.stopAll()
	s.mu.Unlock()
	s.wg.Wait()
}
