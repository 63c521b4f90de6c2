//go:build linux

package display

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// settle is how long the till must stay quiet for an update to count as complete: a real
// display changes as the bytes arrive, but a log wants the screen, not every step to it.
const settle = 30 * time.Millisecond

// Simulate acts as a customer display of profile p on a pseudo-terminal. It keeps the
// screen as the bytes arrive, in pieces of any size, and each time the till has sent an
// update (then paused) prints the screen framed to out:
//
//	+--------------------+
//	|   Omnitill Vilnius |
//	|   Witamy! Sveiki!  |
//	+--------------------+
//
// Commands it does not know are noted on out. It returns nil when ctx ends, an error when
// the device end fails.
func Simulate(ctx context.Context, dev *serialport.PTY, p Profile, out io.Writer) error {
	if out == nil {
		out = io.Discard
	}
	if err := pollable(dev.Device); err != nil {
		return fmt.Errorf("display simulator: %w", err)
	}
	s := newScreen(p)
	s.changed = false // the blank screen at power-on is no update
	buf := make([]byte, 512)
	for ctx.Err() == nil {
		// Reads end by deadline: so ctx is noticed, and a pause completes an update.
		wait := 100 * time.Millisecond
		if s.changed && len(s.pend) == 0 {
			wait = settle
		}
		if err := dev.Device.SetReadDeadline(time.Now().Add(wait)); err != nil {
			return fmt.Errorf("display simulator: %w", err)
		}
		n, err := dev.Device.Read(buf)
		if n > 0 {
			s.feed(buf[:n])
			for _, u := range s.unknown {
				fmt.Fprintf(out, "(unknown command %s ignored)\n", u)
			}
			s.unknown = nil
		}
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if s.changed && len(s.pend) == 0 {
				s.changed = false
				if _, err := io.WriteString(out, frame(s.lines())); err != nil {
					return fmt.Errorf("display simulator: %w", err)
				}
			}
		case ctx.Err() != nil:
		default:
			return fmt.Errorf("display simulator: %w", err)
		}
	}
	return nil
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

// frame draws the screen as one string, so a reader of out never sees half of it.
func frame(lines [2]string) string {
	edge := "+" + strings.Repeat("-", Columns) + "+\n"
	return edge + "|" + lines[0] + "|\n|" + lines[1] + "|\n" + edge
}
