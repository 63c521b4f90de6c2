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

func (p *Problem) Error() string { return pos.PhraseOf(p).String() }

// ErrorFormat makes it a pos.Phrased error: a screen shows it in its language.
func (p *Problem) ErrorFormat() (string, []any) {
	msg := p.Status.Problem()
	if msg == "" {
		msg = msgProblem
	}
	if p.Printed {
		return "The receipt may be incomplete. %s", []any{pos.Phrasef(msg)}
	}
	return msg, nil
}

// ErrorCode and ErrorMessage make it a pos.Explained error: screens show its words.
func (p *Problem) ErrorCode() string    { return pos.EINTERNAL }
func (p *Problem) ErrorMessage() string { return p.Error() }

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
	msgProblem      = "The printer reports a problem: check it, then reprint."
)

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
