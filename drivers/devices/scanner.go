package devices

import (
	"context"

	"github.com/omnitill/omnitill/drivers/scanner"
	"github.com/omnitill/omnitill/pos"
)

// Listen starts the serial scanner (when one is set up) and hands its scans over.
func (d *Hub) Listen(onScan func(string), onProblem func(error), onChange func()) {
	d.mu.Lock()
	d.onScan, d.onProblem, d.onChange = onScan, onProblem, onChange
	d.mu.Unlock()
	d.startScanner()
}

func (d *Hub) startScanner() {
	d.mu.Lock()
	if d.stopScan != nil {
		d.stopScan()
		done := d.scanDone
		d.mu.Unlock()
		<-done
		d.mu.Lock()
	}
	d.stopScan, d.scanDone = nil, nil
	d.mu.Unlock()
	link, c := d.link(pos.DeviceScanner)
	if link == nil {
		return
	}
	suffix, _ := scanner.ParseSuffix(c.Option)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	d.mu.Lock()
	d.stopScan, d.scanDone = cancel, done
	d.mu.Unlock()
	s := &scanner.Scanner{Link: link, Framer: scanner.Framer{Suffix: suffix},
		OnScan: d.scanned,
		OnError: func(err error) {
			d.log.Warn("scanner problem", "err", err)
			d.mu.Lock()
			cb := d.onProblem
			d.mu.Unlock()
			if cb != nil {
				cb(err)
			}
		}}
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
}

// scanned hands a scan to a waiting scanner test, or else to the sale.
func (d *Hub) scanned(code string) {
	d.mu.Lock()
	test, cb := d.testScan, d.onScan
	d.mu.Unlock()
	if test != nil {
		select {
		case test <- code:
			return
		default:
		}
	}
	if cb != nil {
		cb(code)
	}
}
