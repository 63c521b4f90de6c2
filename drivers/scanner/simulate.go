//go:build linux

package scanner

import (
	"bufio"
	"context"
	"io"
	"strings"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// Simulate acts as a scanner on a pseudo-terminal: each line read from in (a person typing
// codes, or a test) is sent to the till as one scan followed by the suffix, the literal text
// <GS> as the byte 0x1D. Empty lines send nothing. It returns when in ends (nil, or the read
// error) or ctx ends (ctx.Err()).
//
// A read from in cannot be interrupted, so when ctx ends first the goroutine reading in
// stays until in yields its next line or ends (Ctrl-D, process exit).
func Simulate(ctx context.Context, dev *serialport.PTY, in io.Reader, suffix Suffix) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		r := bufio.NewScanner(in)
		for r.Scan() {
			select {
			case lines <- r.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- r.Err()
	}()
	gs := strings.NewReplacer("<GS>", "\x1d")
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-readErr:
			return err
		case line := <-lines:
			line = strings.TrimSuffix(line, "\r") // typed on a terminal sending CR LF
			if line == "" {
				continue
			}
			// One write, as a scanner sends a scan's bytes back to back.
			if _, err := io.WriteString(dev.Device, gs.Replace(line)+suffix.bytes()); err != nil {
				return err
			}
		}
	}
}
