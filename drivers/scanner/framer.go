// Package scanner reads a barcode scanner on a serial port (8N1 at the configured baud): the
// scanner sends each scan as text ended by a suffix (CR, LF or CR LF), optionally led by an
// AIM symbology identifier such as "]E0". The same code reads hardware and pseudo-terminals.
package scanner

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos"
)

// Suffix is what the scanner sends after each scan.
type Suffix string

const (
	SuffixCR   Suffix = "CR"
	SuffixLF   Suffix = "LF"
	SuffixCRLF Suffix = "CRLF"
	SuffixAny  Suffix = "" // CR, LF or CR LF each end a scan; CR LF counts once
)

// ParseSuffix reads a suffix as set up by IT: "CR", "LF", "CRLF" (also "CR LF", "\r\n"),
// or "" / "any" for any of them.
func ParseSuffix(s string) (Suffix, error) {
	switch strings.ToUpper(strings.Join(strings.Fields(s), "")) {
	case "CR", `\R`:
		return SuffixCR, nil
	case "LF", `\N`:
		return SuffixLF, nil
	case "CRLF", `\R\N`:
		return SuffixCRLF, nil
	case "", "ANY":
		return SuffixAny, nil
	}
	return "", fmt.Errorf("scanner suffix %q: use CR, LF, CRLF or any", s)
}

// bytes are what a scanner set to this suffix sends after a scan.
func (s Suffix) bytes() string {
	switch s {
	case SuffixLF:
		return "\n"
	case SuffixCRLF:
		return "\r\n"
	}
	return "\r" // CR, and what "any" sends
}

const (
	gs = 0x1d // GS1 group separator (FNC1 in the middle of a GS1 code): kept in the scan

	DefaultMaxLen  = 256
	DefaultTimeout = 300 * time.Millisecond
)

// Framer cuts the bytes a scanner sends into scans. It is pure (no I/O, no goroutines) and
// not safe for concurrent use.
//
// Choices, all so that a misconfigured or noisy scanner never puts a wrong line in the cart
// and never wedges the reader:
//   - A scan is text: printable ASCII and printable UTF-8 (unicode.IsGraphic), plus GS, which
//     GS1 codes carry between fields. An AIM identifier ("]E0", "]C1") is ordinary text and
//     stays in the scan: the till's parser reads it.
//   - Any other byte (NUL, BEL, ESC, DEL, TAB, C1 and format characters, invalid UTF-8) makes
//     the whole scan garbled: it is reported once, when its terminator arrives, and dropped;
//     the next scan starts clean after that terminator.
//   - A scan longer than MaxLen bytes is reported and dropped the same way.
//   - An empty line (a terminator alone, or the LF of CR LF) is ignored.
//   - SuffixCR ignores a LF right after a CR, and SuffixLF a CR right before a LF, so a
//     scanner sending CR LF works with either. A lone LF with SuffixCR or SuffixCRLF, or a
//     lone CR with SuffixLF or SuffixCRLF, makes the scan garbled (the message names the
//     suffix setting). SuffixAny accepts CR, LF and CR LF.
//   - A partial scan with no byte for longer than Timeout is dropped with an error, by
//     Expire or by the next Feed, so its leftovers never join the next scan.
type Framer struct {
	Suffix  Suffix
	MaxLen  int              // longest scan in bytes; default 256
	Timeout time.Duration    // a partial scan waiting longer than this is dropped; default 300 ms
	Now     func() time.Time // clock, for tests; default time.Now

	buf      []byte
	overlong bool
	bad      error     // first terminator problem seen in this scan
	cr       bool      // the last byte was a CR that has not yet ended a scan (LF and CRLF)
	afterCR  bool      // a scan just ended with CR: a LF now is its CR LF (CR and any)
	last     time.Time // when the partial scan last received a byte
}

// Feed takes bytes as they arrive and returns the scans they complete and the errors for
// scans that were garbled, too long or left incomplete. A scan may span several Feeds and
// one Feed may hold several scans.
func (f *Framer) Feed(b []byte) (scans []string, errs []error) {
	f.feed(b, func(scan string, err error) {
		if err != nil {
			errs = append(errs, err)
		} else {
			scans = append(scans, scan)
		}
	})
	return scans, errs
}

// Expire drops a partial scan that has had no byte for longer than Timeout and says why;
// it returns nil when there is none.
func (f *Framer) Expire() error {
	if !f.partial() || f.now().Sub(f.last) <= f.timeout() {
		return nil
	}
	if f.cr { // a CR that no LF followed: the scanner's suffix is CR, the till's is not
		f.suffixMismatch('\r')
	}
	err := f.problem()
	if err == nil {
		err = scanErrorf("incomplete", "Incomplete scan from the scanner (no end of line after %q): scan the article again", shown(f.buf))
	}
	f.reset()
	return err
}

// feed is Feed with results in arrival order, which the Scanner keeps.
func (f *Framer) feed(b []byte, emit func(string, error)) {
	if len(b) == 0 {
		return
	}
	if err := f.Expire(); err != nil { // stale leftovers must not join this scan
		emit("", err)
	}
	f.last = f.now()
	for _, c := range b {
		afterCR := f.afterCR
		f.afterCR = false
		switch {
		case c == '\r' && (f.Suffix == SuffixCR || f.Suffix == SuffixAny):
			f.end(emit)
			f.afterCR = true
		case c == '\n' && (f.Suffix == SuffixCR || f.Suffix == SuffixAny) && afterCR:
			// the LF of CR LF: the scan already ended
		case c == '\n' && f.Suffix == SuffixAny:
			f.end(emit)
		case c == '\n' && f.cr, c == '\n' && f.Suffix == SuffixLF:
			f.cr = false
			f.end(emit)
		case c == '\n' && f.Suffix == SuffixCR, c == '\n' && f.Suffix == SuffixCRLF:
			f.suffixMismatch(c)
		case c == '\r': // LF or CRLF: only a LF next makes it the terminator
			if f.cr {
				f.suffixMismatch(c)
			}
			f.cr = true
		default:
			if f.cr {
				f.cr = false
				f.suffixMismatch('\r')
			}
			if len(f.buf) < f.maxLen() {
				f.buf = append(f.buf, c)
			} else {
				f.overlong = true
			}
		}
	}
}

// end closes the current scan at its terminator.
func (f *Framer) end(emit func(string, error)) {
	defer f.reset()
	if err := f.problem(); err != nil {
		emit("", err)
	} else if len(f.buf) > 0 {
		emit(string(f.buf), nil)
	}
}

// problem says what is wrong with the current scan, if anything: the first terminator
// problem, else its length, else its first byte that is not text.
func (f *Framer) problem() error {
	if f.bad != nil {
		return f.bad
	}
	if f.overlong {
		return scanErrorf("length", "Scan from the scanner too long (over %d bytes without an end of line): scan the article again", f.maxLen())
	}
	for i := 0; i < len(f.buf); {
		r, n := utf8.DecodeRune(f.buf[i:])
		switch {
		case r == utf8.RuneError && n <= 1, r < utf8.RuneSelf && r != gs && !unicode.IsGraphic(r):
			return garbled(fmt.Sprintf("unexpected byte 0x%02X", f.buf[i]))
		case r >= utf8.RuneSelf && !unicode.IsGraphic(r):
			return garbled(fmt.Sprintf("unexpected character %U", r))
		}
		i += n
	}
	return nil
}

func (f *Framer) suffixMismatch(c byte) {
	if f.bad == nil {
		name := map[byte]string{'\r': "CR", '\n': "LF"}[c]
		f.bad = garbled(fmt.Sprintf("unexpected byte 0x%02X, %s: check the scanner's suffix setting", c, name))
	}
}

func garbled(what string) *Error {
	return scanErrorf("garbled", "Garbled scan from the scanner (%s): scan the article again", what)
}

func (f *Framer) partial() bool {
	return len(f.buf) > 0 || f.overlong || f.bad != nil || f.cr
}

func (f *Framer) reset() {
	f.buf, f.overlong, f.bad, f.cr = f.buf[:0], false, nil, false
}

func (f *Framer) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

func (f *Framer) maxLen() int {
	if f.MaxLen > 0 {
		return f.MaxLen
	}
	return DefaultMaxLen
}

func (f *Framer) timeout() time.Duration {
	if f.Timeout > 0 {
		return f.Timeout
	}
	return DefaultTimeout
}

// Error is a scan the till could not take. Message is written for the cashier.
type Error struct {
	Reason  string // "garbled", "length" or "incomplete"
	Message string
	format  string // Message before it was filled, the key of its translations
	args    []any
}

func scanErrorf(reason, format string, args ...any) *Error {
	return &Error{Reason: reason, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// ErrorFormat makes it a pos.Phrased error: a screen shows it in its language.
func (e *Error) ErrorFormat() (string, []any) { return e.format, e.args }

func (e *Error) Error() string { return e.Message }

// ErrorCode and ErrorMessage make it a pos.Explained error: the cashier scans again.
func (e *Error) ErrorCode() string    { return pos.EINVALID }
func (e *Error) ErrorMessage() string { return e.Message }

// shown quotes a partial scan for a message, short enough for the cashier's one line.
func shown(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}
