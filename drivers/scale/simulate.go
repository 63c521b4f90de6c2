//go:build linux

package scale

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// Simulate acts as a CAS-type scale on a pseudo-terminal: it answers ENQ with ACK and DC1
// with the current weight. Lines on in set the weight, in kilograms: "1.234" (steady),
// "u 1.234" (still moving), "0" (empty pan); a decimal comma works too. log gets a line for
// each request and each change. The scale starts empty; when in ends it keeps the last
// weight and goes on answering.
//
// It returns nil when ctx ends, an error when the device end fails. A goroutine blocked
// reading in stays until in yields a line or ends.
func Simulate(ctx context.Context, dev *serialport.PTY, in io.Reader, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	if err := pollable(dev.Device); err != nil {
		return fmt.Errorf("scale simulator: %w", err)
	}
	sim := &simScale{log: log, weight: Reading{Stable: true}}
	defer sim.stop()
	if in != nil {
		go sim.control(in)
	}
	buf := make([]byte, 64)
	for ctx.Err() == nil {
		// Reads end by deadline, so ctx is noticed.
		if err := dev.Device.SetReadDeadline(time.Now().Add(100 * time.Millisecond)); err != nil {
			return fmt.Errorf("scale simulator: %w", err)
		}
		n, err := dev.Device.Read(buf)
		for _, c := range buf[:n] {
			if answer := sim.answer(c); answer != nil {
				if _, err := dev.Device.Write(answer); err != nil {
					return fmt.Errorf("scale simulator: %w", err)
				}
			}
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) && ctx.Err() == nil {
			return fmt.Errorf("scale simulator: %w", err)
		}
	}
	return nil
}

// simScale is the simulated scale's state, shared by the request loop and the control
// lines' reader.
type simScale struct {
	mu      sync.Mutex
	log     io.Writer
	weight  Reading
	stopped bool
}

// answer is the scale's reply to one byte from the till, or nil.
func (s *simScale) answer(c byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch c {
	case enq:
		s.logf("ENQ: ACK")
		return []byte{ack}
	case dc1:
		s.logf("DC1: %s", describe(s.weight))
		return appendFrame(nil, s.weight)
	}
	s.logf("byte %#02x ignored", c)
	return nil
}

// control sets the weight from lines of in.
func (s *simScale) control(in io.Reader) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		r, err := parseWeight(line)
		s.mu.Lock()
		if s.stopped {
			s.mu.Unlock()
			return
		}
		if err != nil {
			s.logf("%v", err)
		} else {
			s.weight = r
			s.logf("weight set: %s", describe(r))
		}
		s.mu.Unlock()
	}
}

func (s *simScale) stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

func (s *simScale) logf(format string, args ...any) {
	fmt.Fprintf(s.log, "scale: "+format+"\n", args...)
}

// parseWeight reads a control line: "1.234", "u 1.234", "0".
func parseWeight(line string) (Reading, error) {
	r := Reading{Stable: true}
	if rest, ok := strings.CutPrefix(strings.ToLower(line), "u "); ok {
		r.Stable, line = false, rest
	}
	g, ok := parseGrams(strings.ReplaceAll(line, ",", "."))
	if !ok || !fits(g) {
		return Reading{}, fmt.Errorf("%q is not a weight: type kilograms from -9.999 to 99.999, e.g. 1.234, or u 1.234 for a moving one", line)
	}
	r.Grams = g
	return r, nil
}

func describe(r Reading) string {
	state := "steady"
	if !r.Stable {
		state = "moving"
	}
	sign, g := "", r.Grams
	if g < 0 {
		sign, g = "-", -g
	}
	return fmt.Sprintf("%s%d.%03d kg, %s", sign, g/1000, g%1000, state)
}

// pollable makes read deadlines work on f. NewPTY's file was switched to blocking mode
// (creack/pty calls Fd), where a read ignores its deadline; back in non-blocking mode a read
// waits in Go's poller, which honours it. SyscallConn, unlike Fd, leaves the mode alone.
func pollable(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var setErr error
	if err := rc.Control(func(fd uintptr) { setErr = syscall.SetNonblock(int(fd), true) }); err != nil {
		return err
	}
	return setErr
}
