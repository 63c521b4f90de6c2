package scale

import (
	"context"
	"fmt"
	"time"

	"go.bug.st/serial"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// Scale is a CAS-type scale on a serial link.
type Scale struct {
	Link    *serialport.Link
	Timeout time.Duration // how long each answer may take; default 500 ms
}

// Read asks the scale for its weight, stable or not.
func (s *Scale) Read(ctx context.Context) (Reading, error) {
	unlock, err := s.Link.Acquire(ctx)
	if err != nil {
		return Reading{}, err
	}
	defer unlock()
	p, err := s.Link.Port()
	if err != nil {
		return Reading{}, &Fault{Msg: msgDisconnected, Err: err} // the link has reported it
	}
	// Whatever waits in the input is no answer to this question: a late answer to an
	// earlier one, or noise from the scale's power-up.
	if err := p.ResetInputBuffer(); err != nil {
		return Reading{}, s.fail(err)
	}
	if _, err := s.ask(ctx, p, enq, 1, func(b []byte) bool { return b[len(b)-1] == ack }); err != nil {
		return Reading{}, err
	}
	frame, err := s.ask(ctx, p, dc1, frameLen, func(b []byte) bool { return len(b) == frameLen })
	if err != nil {
		return Reading{}, err
	}
	return ParseFrame(frame)
}

// Weigh reads a weight the till can sell by, in grams: steady and more than nothing.
// Otherwise the error is a *Refused for the cashier, or a *Fault when the scale is not
// reached.
func (s *Scale) Weigh(ctx context.Context) (int64, error) {
	r, err := s.Read(ctx)
	switch {
	case err != nil:
		return 0, err
	case !r.Stable:
		return 0, &Refused{Message: msgUnsteady}
	case r.Grams <= 0:
		return 0, &Refused{Message: msgEmpty}
	}
	return r.Grams, nil
}

// ask sends one request byte and collects the answer: bytes before an STX are skipped when
// a frame is wanted (size > 1), and done says when the answer is whole.
func (s *Scale) ask(ctx context.Context, p serial.Port, req byte, size int, done func([]byte) bool) ([]byte, error) {
	if _, err := p.Write([]byte{req}); err != nil {
		return nil, s.fail(err)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 500 * time.Millisecond
	}
	deadline := time.Now().Add(timeout)
	var got []byte
	buf := make([]byte, 32)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Returns after the link's read timeout with nothing when the scale is silent.
		n, err := p.Read(buf)
		for _, c := range buf[:n] {
			if size > 1 && len(got) == 0 && c != stx {
				continue
			}
			got = append(got, c)
			if len(got) > size {
				got = got[1:] // ACK wanted: only the last byte counts
			}
			if done(got) {
				return got, nil
			}
		}
		if err != nil {
			return nil, s.fail(err)
		}
		if time.Now().After(deadline) {
			if len(got) > 0 && size > 1 {
				return nil, &Fault{Msg: msgGarbled, Err: fmt.Errorf("incomplete frame % X after %s", got, timeout)}
			}
			return nil, &Fault{Msg: msgNoAnswer, Err: fmt.Errorf("no answer to %#02x within %s on %s", req, timeout, s.Link.Settings.Path)}
		}
	}
}

// fail marks the scale gone after an I/O error; the link reopens it on the next use.
func (s *Scale) fail(err error) error {
	s.Link.Fail(err)
	return &Fault{Msg: msgDisconnected, Err: err}
}
