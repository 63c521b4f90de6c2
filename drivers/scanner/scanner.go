package scanner

import (
	"context"
	"sync"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// Scanner reads scans from a serial scanner. The Link reopens the port by itself when the
// scanner is unplugged and plugged back, so Run keeps going across that.
type Scanner struct {
	Link    *serialport.Link
	Framer  Framer
	OnScan  func(code string) // each complete scan, in order, as sent (AIM prefix and GS kept)
	OnError func(error)       // a garbled, too long or incomplete scan, for the cashier
}

// Run reads until ctx ends (or the Link is closed). OnScan and OnError are called one at a
// time, never concurrently; Run returns only once neither can be called any more and every
// goroutine it started has ended.
func (s *Scanner) Run(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	// The reader and the expiry ticker share the framer and take turns on the callbacks.
	var mu sync.Mutex
	emit := func(code string, err error) {
		switch {
		case err != nil && s.OnError != nil:
			s.OnError(err)
		case err == nil && s.OnScan != nil:
			s.OnScan(code)
		}
	}
	locked := func(fn func()) {
		mu.Lock()
		defer mu.Unlock() // a panicking callback must not leave the ticker stuck on mu
		fn()
	}

	// Reads only hand over data, and a port that is gone hands over nothing for a while:
	// the ticker makes sure a partial scan is dropped (and said) even then.
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(s.Framer.timeout() / 2)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				locked(func() {
					if err := s.Framer.Expire(); err != nil {
						emit("", err)
					}
				})
			}
		}
	}()

	s.Link.ReadLoop(ctx, func(b []byte) {
		locked(func() { s.Framer.feed(b, emit) }) // feed expires stale leftovers first
	})
}
