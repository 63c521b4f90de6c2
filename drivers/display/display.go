// Package display drives a 2x20 VFD customer display (pole display) on a serial line, in
// the Epson DM-D command set or the CD5220 one most clones speak, and simulates one.
package display

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
)

// Columns is the width of each of the display's two lines.
const Columns = 20

// Profile is the command set the display speaks.
type Profile string

const (
	ProfileEpson  Profile = "epson"  // Epson DM-D (ESC/POS for customer displays)
	ProfileCD5220 Profile = "cd5220" // CD5220 string mode (ESC Q A / ESC Q B)
)

// ParseProfile reads a profile name as written in the till's settings.
func ParseProfile(s string) (Profile, error) {
	switch p := Profile(strings.ToLower(strings.TrimSpace(s))); p {
	case ProfileEpson, ProfileCD5220:
		return p, nil
	}
	return "", fmt.Errorf("display: unknown profile %q (known: epson, cd5220)", s)
}

// Display is a customer display on a serial link.
type Display struct {
	Link    *serialport.Link
	Profile Profile
}

// writeTimeout bounds a write: a display is a courtesy, the sale must never wait for it.
const writeTimeout = time.Second

// Fault is a failure to reach the display. Msg is for the cashier, Err the cause for the log.
type Fault struct {
	Msg string
	Err error
}

const msgDisconnected = "The customer display is disconnected: check its cable and that it is on."

func (f *Fault) Error() string {
	if f.Err == nil {
		return f.Msg
	}
	return f.Msg + " (" + f.Err.Error() + ")"
}

func (f *Fault) Unwrap() error { return f.Err }

// ErrorCode and ErrorMessage make it a pos.Explained error: the cashier reads Msg alone,
// the log the cause too.
func (f *Fault) ErrorCode() string    { return pos.EINTERNAL }
func (f *Fault) ErrorMessage() string { return f.Msg }

// Show puts two lines on the display, replacing what was there. It returns within about a
// second whatever the display does; a failed or stuck write marks the link down.
func (d *Display) Show(ctx context.Context, line1, line2 string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	port, err := d.Link.Port()
	if err != nil {
		return &Fault{Msg: msgDisconnected, Err: err} // the link has reported it
	}
	data := Encode(d.Profile, line1, line2)
	done := make(chan error, 1)
	// A write cannot be interrupted; if it sticks, the goroutine ends when the port does.
	go func() { done <- serialport.WriteAll(port, data) }()
	timer := time.NewTimer(writeTimeout)
	defer timer.Stop()
	select {
	case err = <-done:
	case <-timer.C:
		err = fmt.Errorf("%d bytes not taken within %s", len(data), writeTimeout)
	case <-ctx.Done():
		// The display re-initialises on the next Show, so a cut-off screen does no harm.
		return ctx.Err()
	}
	if err != nil {
		d.Link.Fail(err)
		return &Fault{Msg: msgDisconnected, Err: err}
	}
	return nil
}

// errIncomplete is Decode's answer to a stream that stops inside a command.
var errIncomplete = errors.New("display: the stream ends inside a command")
