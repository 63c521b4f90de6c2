package scale

import "github.com/omnitill/omnitill/pos"

// The cashier's words.
const (
	msgDisconnected = "The scale is disconnected: check its cable and that it is on."
	msgNoAnswer     = "The scale does not answer: is it on and connected?"
	msgGarbled      = "The scale's answer is garbled: check its baud rate setting."
	msgUnsteady     = "The weight is not steady yet: wait a moment and weigh again."
	msgEmpty        = "There is nothing on the scale."
)

// Fault is a failure to get a weight from the scale at all. Msg is for the cashier, Err is
// the cause, kept for the log.
type Fault struct {
	Msg string
	Err error
}

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

// Refused is a weight the scale reported but the till cannot sell by: still moving, or
// nothing on the pan. The cashier only has to act on the goods, not on the device.
type Refused struct {
	Message string
}

func (r *Refused) Error() string { return r.Message }

// ErrorCode and ErrorMessage make it a pos.Explained error: bad input, not a failure.
func (r *Refused) ErrorCode() string    { return pos.EINVALID }
func (r *Refused) ErrorMessage() string { return r.Message }
