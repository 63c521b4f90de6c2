package serialport

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"go.bug.st/serial"
)

// Link keeps one device's port open: an I/O error closes it, and it is reopened by itself
// when the device comes back (cable replugged, USB adapter re-enumerated at the same path).
// Every change of state is reported, so the cashier sees a device that went away.
type Link struct {
	Settings    Settings
	ReadTimeout time.Duration // how long a read waits for data; default 100 ms
	Retry       time.Duration // pause between attempts to reopen; default 500 ms
	// OnState is called on every change: connected, or not with the reason.
	OnState func(connected bool, err error)

	mu        sync.Mutex
	port      serial.Port
	connected bool
	known     bool // a state has been reported at least once
	lastErr   error
	closed    bool

	turnOnce sync.Once
	turn     chan struct{} // held by the one caller talking to the device
}

// ErrClosed is returned once the link was closed.
var ErrClosed = errors.New("device link closed")

// Acquire waits until no other caller is talking to the device over this link (or ctx
// ends) and returns the function that lets the next one in. One exchange at a time: bytes
// of two jobs interleaved could land inside a command, and an answer read by the wrong
// caller is lost to the one that asked.
func (l *Link) Acquire(ctx context.Context) (release func(), err error) {
	l.turnOnce.Do(func() { l.turn = make(chan struct{}, 1) })
	select {
	case l.turn <- struct{}{}:
		return func() { <-l.turn }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// NewLink makes a link; nothing is opened until the port is first used.
func NewLink(s Settings, onState func(bool, error)) *Link {
	return &Link{Settings: s, OnState: onState}
}

// Port returns the open port, opening it first when needed.
func (l *Link) Port() (serial.Port, error) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, ErrClosed
	}
	if l.port != nil {
		p := l.port
		l.mu.Unlock()
		return p, nil
	}
	timeout := l.ReadTimeout
	if timeout <= 0 {
		timeout = 100 * time.Millisecond
	}
	p, err := Open(l.Settings, timeout)
	if err == nil {
		l.port = p
	}
	l.mu.Unlock()
	l.report(err == nil, err)
	return p, err
}

// Fail reports an I/O error on the port: the port is closed, the device shown as gone, and
// the next use reopens it.
func (l *Link) Fail(err error) {
	l.mu.Lock()
	if l.port != nil {
		l.port.Close()
		l.port = nil
	}
	l.mu.Unlock()
	l.report(false, err)
}

// Status reports whether the device is connected, and the last error when it is not.
func (l *Link) Status() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.connected, l.lastErr
}

// Close closes the port for good.
func (l *Link) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.port != nil {
		err := l.port.Close()
		l.port = nil
		return err
	}
	return nil
}

func (l *Link) report(connected bool, err error) {
	l.mu.Lock()
	changed := !l.known || connected != l.connected
	l.known, l.connected, l.lastErr = true, connected, err
	cb := l.OnState
	l.mu.Unlock()
	if changed && cb != nil {
		cb(connected, err)
	}
}

// ReadLoop reads from the device until ctx ends, handing what arrives to fn. When the device
// goes away it is reopened every Retry until it is back; fn sees nothing meanwhile.
func (l *Link) ReadLoop(ctx context.Context, fn func([]byte)) {
	retry := l.Retry
	if retry <= 0 {
		retry = 500 * time.Millisecond
	}
	buf := make([]byte, 512)
	for ctx.Err() == nil {
		p, err := l.Port()
		if errors.Is(err, ErrClosed) {
			return
		}
		if err != nil {
			sleep(ctx, retry)
			continue
		}
		n, err := p.Read(buf)
		if n > 0 {
			fn(buf[:n])
		}
		if err != nil {
			l.Fail(err)
			sleep(ctx, retry)
		}
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// WriteAll writes all of b, however many writes the port takes for it.
func WriteAll(w io.Writer, b []byte) error {
	for len(b) > 0 {
		n, err := w.Write(b)
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrShortWrite
		}
		b = b[n:]
	}
	return nil
}
