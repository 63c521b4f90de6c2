package printer

import (
	"context"
	"fmt"
	"time"

	"go.bug.st/serial"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/serialport"
)

// Serial is an ESC/POS receipt printer on a serial line. It asks the printer's state (DLE
// EOT) before and after each receipt, so the cashier hears about paper and cover in words,
// and it writes at the line's pace.
type Serial struct {
	Link          *serialport.Link
	ChunkSize     int           // bytes written between pauses; default 64
	AnswerTimeout time.Duration // how long one status answer may take; default 500 ms
	// NoStatus prints blind, for cheap printers that never answer DLE EOT.
	NoStatus bool
}

// statusRequests are the DLE EOT n asked, in order: printer, offline cause, paper sensor.
var statusRequests = []byte{1, 2, 4}

// Status asks the printer its state.
func (s *Serial) Status(ctx context.Context) (escpos.Status, error) {
	unlock, err := s.Link.Acquire(ctx)
	if err != nil {
		return escpos.Status{}, err
	}
	defer unlock()
	return s.status(ctx)
}

// Print sends one receipt. A printer that cannot print refuses it with a *Problem before
// anything is sent; a problem found afterwards (paper ran out, cover opened) is a *Problem
// with Printed set. The warning is for a printer that printed but needs attention soon.
func (s *Serial) Print(ctx context.Context, data []byte) (warning string, err error) {
	unlock, err := s.Link.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer unlock()
	if !s.NoStatus {
		st, err := s.status(ctx)
		if err != nil {
			return "", err
		}
		if st.Problem() != "" {
			return "", &Problem{Status: st}
		}
	}
	if err := s.write(ctx, data); err != nil {
		return "", err
	}
	if s.NoStatus {
		return "", nil
	}
	st, err := s.status(ctx)
	if err != nil {
		return "", err
	}
	if st.Problem() != "" {
		return "", &Problem{Status: st, Printed: true}
	}
	return st.Warning(), nil
}

// OpenDrawer pulses the cash drawer wired to the printer's drawer connector (pin 2 or 5).
// No status is asked: the pulse is wanted even when the printer is out of paper.
func (s *Serial) OpenDrawer(ctx context.Context, pin int, on, off time.Duration) error {
	if pin != 2 && pin != 5 {
		return fmt.Errorf("printer: drawer pin %d: the connector has pins 2 and 5", pin)
	}
	unlock, err := s.Link.Acquire(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.write(ctx, escpos.DrawerKick(pin, on, off))
}

// Beep sounds the printer's buzzer (for a profile with one). No status is asked: the beep
// is wanted most when the printer has a problem.
func (s *Serial) Beep(ctx context.Context, times, tenths int) error {
	unlock, err := s.Link.Acquire(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	return s.write(ctx, escpos.Beep(times, tenths))
}

func (s *Serial) status(ctx context.Context) (escpos.Status, error) {
	p, err := s.port()
	if err != nil {
		return escpos.Status{}, err
	}
	var st escpos.Status
	for _, n := range statusRequests {
		b, err := s.ask(ctx, p, n)
		if err != nil {
			return escpos.Status{}, err
		}
		part, err := escpos.ParseStatus(n, b)
		if err != nil {
			return escpos.Status{}, &Fault{Msg: msgGarbled, Err: err}
		}
		st = escpos.MergeStatus(st, part)
	}
	return st, nil
}

// ask sends DLE EOT n and waits for its one-byte answer.
func (s *Serial) ask(ctx context.Context, p serial.Port, n byte) (byte, error) {
	// Whatever waits in the input is not the answer to this question: a late answer to an
	// earlier one, or noise from power-up.
	if err := p.ResetInputBuffer(); err != nil {
		return 0, s.fail(err)
	}
	if err := serialport.WriteAll(p, escpos.StatusRequest(n)); err != nil {
		return 0, s.fail(err)
	}
	timeout := s.AnswerTimeout
	if timeout <= 0 {
		timeout = 500 * time.Millisecond
	}
	deadline := time.Now().Add(timeout)
	var buf [16]byte
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		// Returns after the link's read timeout with nothing when the printer is silent.
		got, err := p.Read(buf[:])
		if got > 0 {
			return buf[0], nil
		}
		if err != nil {
			return 0, s.fail(err)
		}
		if time.Now().After(deadline) {
			return 0, &Fault{Msg: msgNoAnswer, Err: fmt.Errorf("no answer to DLE EOT %d within %s on %s", n, timeout, s.Link.Settings.Path)}
		}
	}
}

// write sends data paced to the line's speed: a chunk, then a wait until the wire has had
// time to carry everything sent so far. Why: a printer without flow control (most, as wired)
// has only its receive buffer, while the OS and a USB adapter accept kilobytes at once and
// hold them. Paced, little sits queued off the printer: a cancelled print stops within a
// chunk, the printer's buffer is not flooded while it cuts or feeds, and the status asked
// after a receipt is answered after the receipt, not stuck behind it in a queue.
func (s *Serial) write(ctx context.Context, data []byte) error {
	p, err := s.port()
	if err != nil {
		return err
	}
	set := s.Link.Settings
	if set.Baud <= 0 || set.DataBits <= 0 {
		set.Baud, set.DataBits, set.StopBits = 9600, 8, 1
	}
	chunk := s.ChunkSize
	if chunk <= 0 {
		chunk = 64
	}
	start := time.Now()
	for sent := 0; sent < len(data); {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("printer: stopped after %d of %d bytes: %w", sent, len(data), err)
		}
		end := min(sent+chunk, len(data))
		if err := serialport.WriteAll(p, data[sent:end]); err != nil {
			return s.fail(err)
		}
		sent = end
		// Measured from the start, so time spent in Write (a full kernel buffer on a real
		// port is wire time too) is not waited twice.
		sleepUntil(ctx, start.Add(set.WireTime(sent)))
	}
	return nil
}

func (s *Serial) port() (serial.Port, error) {
	p, err := s.Link.Port()
	if err != nil {
		return nil, &Fault{Msg: msgDisconnected, Err: err} // the link has reported it
	}
	return p, nil
}

// fail marks the printer gone after an I/O error; the link reopens it on the next use.
func (s *Serial) fail(err error) error {
	s.Link.Fail(err)
	return &Fault{Msg: msgDisconnected, Err: err}
}

func sleepUntil(ctx context.Context, t time.Time) {
	d := time.Until(t)
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
	case <-timer.C:
	}
}
