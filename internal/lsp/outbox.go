package lsp

import (
	"context"
	"log"
	"sync"
	"time"
)

// outbox sends notifications to the client in the order they were
// queued, from a goroutine of its own: what to publish is decided under
// the scheduler's lock, which must never wait for the client to read.
type outbox struct {
	log    *log.Logger
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []outMsg
	closed bool
	done   chan struct{}
}

// outMsg is one queued notification.
type outMsg struct {
	method string
	params any
}

func newOutbox(logger *log.Logger) *outbox {
	o := &outbox{log: logger, done: make(chan struct{})}
	o.cond = sync.NewCond(&o.mu)
	return o
}

// push queues a notification; after close it is dropped.
func (o *outbox) push(method string, params any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.closed {
		o.queue = append(o.queue, outMsg{method, params})
		o.cond.Signal()
	}
}

// run sends the queued notifications to c until the outbox is closed and
// empty.
func (o *outbox) run(c notifier) {
	defer close(o.done)
	for {
		o.mu.Lock()
		for len(o.queue) == 0 && !o.closed {
			o.cond.Wait()
		}
		batch := o.queue
		o.queue = nil
		closed := o.closed
		o.mu.Unlock()
		for _, m := range batch {
			if err := c.Notify(context.Background(), m.method, m.params); err != nil {
				o.log.Printf("sending %s: %v", m.method, err)
			}
		}
		if closed && len(batch) == 0 {
			return
		}
	}
}

// close stops accepting notifications and waits up to timeout for those
// queued to be sent.
func (o *outbox) close(timeout time.Duration) {
	o.mu.Lock()
	o.closed = true
	o.cond.Signal()
	o.mu.Unlock()
	select {
	case <-o.done:
	case <-time.After(timeout):
	}
}
