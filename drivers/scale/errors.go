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

// As shows the cashier Msg alone: errors.As(err, &*pos.Error) finds it.
func (f *Fault) As(target any) bool { return asPosError(target, pos.EINTERNAL, f.Msg) }

// Refused is a weight the scale reported but the till cannot sell by: still moving, or
// nothing on the pan. The cashier only has to act on the goods, not on the device.
type Refused struct {
	Message string
}

func (r *Refused) Error() string { return r.Message }

func (r *Refused) As(target any) bool { return asPosError(target, pos.EINVALID, r.Message) }

func asPosError(target any, code, msg string) bool {
	t, ok := target.(**pos.Error)
	if ok {
		*t = &pos.Error{Code: code, Message: msg}
	}
	return ok
}
