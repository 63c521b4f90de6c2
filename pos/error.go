package pos

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
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

// Explained is an error that tells its own code and the words a person reads. *Error is
// one; so are the errors of packages that pos does not know or that must not import it (a
// barcode that cannot be read, a bad import file, a device's fault), which thus need no
// *Error built for them. ErrorMessage may leave out what Error adds for the log (the
// technical cause).
type Explained interface {
	error
	ErrorCode() string    // one of EINVALID, ENOTFOUND, ... EINTERNAL
	ErrorMessage() string // for the person at the till
}

// Error is a domain error whose message is written for the person at the till, as a phrase
// each screen translates into its language.
type Error struct {
	Code   string
	Phrase Phrase
}

func (e *Error) Error() string                { return e.Phrase.String() }
func (e *Error) ErrorCode() string            { return e.Code }
func (e *Error) ErrorMessage() string         { return e.Phrase.String() }
func (e *Error) ErrorFormat() (string, []any) { return e.Phrase.Format, e.Phrase.Args }

// Errorf returns a domain error with a formatted message; format is also the key of the
// message's translations (assets/lang), so it must be a literal.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Phrase: Phrase{Format: format, Args: args}}
}

// ErrorCode returns the code of the first explained error in err's chain, EINTERNAL when
// there is none.
func ErrorCode(err error) string {
	var e Explained
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.ErrorCode()
	}
	return EINTERNAL
}

// ErrorMessage returns the message for the person at the till: the first explained error's
// own words, or for an internal failure a sentence with the reference under which Report
// wrote the details to the log. It never shows a technical cause.
func ErrorMessage(err error) string { return PhraseOf(err).String() }

// PhraseOf is ErrorMessage as a phrase, for a screen to translate: a phrased error's
// phrase, an explained error's own words (a fixed message is its own key in the
// catalogs), an internal failure's sentence with its reference.
func PhraseOf(err error) Phrase {
	var e Explained
	var inc *Incident
	switch {
	case err == nil:
		return Phrase{}
	case errors.As(err, &e):
		if ph, ok := e.(Phrased); ok {
			format, args := ph.ErrorFormat()
			return Phrase{Format: format, Args: args}
		}
		return Phrase{Format: e.ErrorMessage()}
	case errors.As(err, &inc):
		return Phrasef("Something went wrong inside the till; nothing was lost. Tell IT the reference %s: the details are in the till's log.", inc.Ref)
	}
	return Phrasef("Something went wrong inside the till; nothing was lost.")
}

// Incident is an internal failure written to the log under Ref, the reference a person
// quotes to IT to find it.
type Incident struct {
	Ref string
	Err error
}

func (i *Incident) Error() string { return i.Err.Error() + " [ref " + i.Ref + "]" }
func (i *Incident) Unwrap() error { return i.Err }

// Report writes a failure that is about to be shown to a person to the log, once, and
// returns it ready for ErrorMessage: an internal failure under a new reference (logged as
// an error), an explained one as it is (logged at debug level, as people read it). A
// cancelled call is nobody's failure and is not logged.
func Report(log *slog.Logger, what string, err error) error {
	var inc *Incident
	switch {
	case err == nil || errors.As(err, &inc):
		return err
	case errors.Is(err, context.Canceled):
		return err
	case ErrorCode(err) != EINTERNAL:
		log.Debug(what+" refused", "code", ErrorCode(err), "message", ErrorMessage(err))
		return err
	}
	inc = &Incident{Ref: newRef(), Err: err}
	log.Error(what+" failed", "ref", inc.Ref, "err", err)
	return inc
}

// newRef is a short reference, easy to read out over the phone: 8 hex digits.
func newRef() string {
	b := make([]byte, 4)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return fmt.Sprintf("%X", b)
}
