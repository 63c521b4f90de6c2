package printer

import (
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
)

// Problem is a printer state that stops printing (paper out, cover open, offline), as read
// from the printer itself. Its message is written for the cashier.
type Problem struct {
	Status escpos.Status
	// Printed is set when the problem was found after the receipt was sent: what came out
	// may be incomplete, so the receipt should be reprinted.
	Printed bool
}

func (p *Problem) Error() string {
	msg := p.Status.Problem()
	if msg == "" {
		msg = "The printer reports a problem: check it, then reprint."
	}
	if p.Printed {
		msg = "The receipt may be incomplete. " + msg
	}
	return msg
}

// As lets the till's screens show the message: errors.As(err, &*pos.Error) finds it.
func (p *Problem) As(target any) bool { return asPosError(target, p.Error()) }

// Fault is a failure to talk to the printer at all. Msg is for the cashier, Err is the
// cause, kept for the log.
type Fault struct {
	Msg string
	Err error
}

// The cashier's words for the faults.
const (
	msgDisconnected = "The printer is disconnected: check its cable and that it is on."
	msgNoAnswer     = "The printer does not answer: is it on and connected?"
	msgGarbled      = "The printer's answer is garbled: check its baud rate setting."
)

func (f *Fault) Error() string {
	if f.Err == nil {
		return f.Msg
	}
	return f.Msg + " (" + f.Err.Error() + ")"
}

func (f *Fault) Unwrap() error { return f.Err }

// As shows the cashier Msg alone, without the technical cause.
func (f *Fault) As(target any) bool { return asPosError(target, f.Msg) }

func asPosError(target any, msg string) bool {
	t, ok := target.(**pos.Error)
	if ok {
		*t = &pos.Error{Code: pos.EINTERNAL, Message: msg}
	}
	return ok
}
