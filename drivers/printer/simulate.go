//go:build linux

package printer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// Simulate acts as an ESC/POS receipt printer on a pseudo-terminal. Every byte the till
// sends, except DLE EOT status requests, is appended to save as received (flushed when save
// has Flush). Status requests are answered from the simulated state, which lines read from
// control change: "paper out", "paper near end", "paper ok", "cover open", "cover closed",
// "offline", "online" (which also clears "error"), "error". log gets a line for each
// control change and for each receipt or drawer kick received.
//
// It returns nil when ctx ends, or an error when the device end is closed or save fails.
// control may be nil; a goroutine blocked reading it stays until it yields a line or ends.
func Simulate(ctx context.Context, dev *serialport.PTY, save io.Writer, control io.Reader, log io.Writer) error {
	if log == nil {
		log = io.Discard
	}
	sim := &simPrinter{answer: dev.Device, save: save, log: log}
	done := make(chan struct{})
	defer close(done)

	canStop := pollable(dev.Device)
	chunks := make(chan []byte)
	readErr := make(chan error, 1)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		buf := make([]byte, 4096)
		for {
			n, err := dev.Device.Read(buf)
			if n > 0 {
				select {
				case chunks <- append([]byte(nil), buf[:n]...):
				case <-done:
					return
				}
			}
			if err != nil {
				readErr <- err
				return
			}
		}
	}()
	// The only way to end a blocked read on the device without closing it.
	stop := context.AfterFunc(ctx, func() { dev.Device.SetReadDeadline(time.Now()) })
	defer stop()

	var lines chan string
	if control != nil {
		lines = make(chan string)
		go func() {
			sc := bufio.NewScanner(control)
			for sc.Scan() {
				select {
				case lines <- sc.Text():
				case <-done:
					return
				}
			}
		}()
	}

	for {
		select {
		case <-ctx.Done():
			for canStop { // the read deadline has passed: the reader is returning
				select {
				case <-readerDone:
					return nil
				case <-chunks: // too late to handle
				}
			}
			return nil
		case err := <-readErr:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("printer simulator: %w", err)
		case b := <-chunks:
			if err := sim.receive(b); err != nil {
				return fmt.Errorf("printer simulator: %w", err)
			}
		case line := <-lines:
			sim.control(line)
		}
	}
}

// pollable lets a deadline end a blocked read on f again, and clears one left by an earlier
// run. pty.Open called Fd, which puts the file in blocking mode, where reads ignore
// deadlines; non-blocking, they wait in the runtime's poller, which honours them.
func pollable(f *os.File) bool {
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var nbErr error
	if err := rc.Control(func(fd uintptr) { nbErr = syscall.SetNonblock(int(fd), true) }); err != nil || nbErr != nil {
		return false
	}
	return f.SetReadDeadline(time.Time{}) == nil
}
