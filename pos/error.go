package pos

import (
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos/barcode"
)

// Error codes: few, and each tells the screen what kind of message to show.
const (
	EINVALID      = "invalid"      // the input is wrong: a bad barcode, a negative price
	ENOTFOUND     = "not_found"    // no such product, receipt, staff member
	ECONFLICT     = "conflict"     // the state does not allow it: paying an empty cart
	EUNAUTHORIZED = "unauthorized" // wrong PIN
	EFORBIDDEN    = "forbidden"    // needs a manager
	EINTERNAL     = "internal"     // storage or device failure
)

// Error is a domain error whose Message is written for the person at the till.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns a domain error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of a domain error anywhere in err's chain (a barcode that cannot
// be read is EINVALID), EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	var be *barcode.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.As(err, &be):
		return EINVALID
	}
	return EINTERNAL
}

// ErrorMessage returns the message for the person at the till: a domain error's own words,
// or a generic sentence for internal failures (whose detail goes to the log).
func ErrorMessage(err error) string {
	var e *Error
	var be *barcode.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	case errors.As(err, &be):
		return be.Message
	}
	return "Something went wrong inside the till; nothing was lost. Details are in the log: " + err.Error()
}
