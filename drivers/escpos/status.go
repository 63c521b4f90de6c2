package escpos

import (
	"fmt"
	"time"
)

const eot = 0x04

// Status is what a printer reports through DLE EOT, merged over the requests asked.
type Status struct {
	Offline      bool // not printing: a cause below, or the feed button held
	CoverOpen    bool
	PaperNearEnd bool // the roll is almost used up; printing still works
	PaperOut     bool
	Error        bool // cutter jam, head overheated and the like
}

// StatusRequest is DLE EOT n: 1 printer status, 2 offline cause, 3 error cause, 4 roll paper
// sensor. The printer answers each with one byte, even while offline.
func StatusRequest(n byte) []byte { return []byte{dle, eot, n} }

// Every DLE EOT answer has bit 1 and bit 4 set and bits 0 and 7 clear. A byte where they are
// wrong is not an answer: line noise, a wrong baud rate, or leftover receipt-side data.
const (
	statusFixedMask = 0x93
	statusFixedBits = 0x12
)

// ParseStatus reads the printer's one-byte answer to DLE EOT n (n = 1, 2 or 4), following
// Epson's definition of the bits.
func ParseStatus(n, b byte) (Status, error) {
	if b&statusFixedMask != statusFixedBits {
		return Status{}, fmt.Errorf("escpos: answer %#02x to DLE EOT %d is garbled (fixed bits wrong)", b, n)
	}
	var s Status
	switch n {
	case 1:
		s.Offline = b&0x08 != 0
	case 2:
		s.CoverOpen = b&0x04 != 0
		s.Offline = b&0x08 != 0 // paper being fed with the button: offline while held
		s.PaperOut = b&0x20 != 0
		s.Error = b&0x40 != 0
	case 4:
		// Epson sets both bits of each pair; some clones set only one, so either counts.
		s.PaperNearEnd = b&0x0c != 0
		s.PaperOut = b&0x60 != 0
	default:
		return Status{}, fmt.Errorf("escpos: DLE EOT %d is not a status the till reads (1, 2 or 4)", n)
	}
	return s, nil
}

// MergeStatus combines the answers to several requests into one status.
func MergeStatus(parts ...Status) Status {
	var s Status
	for _, p := range parts {
		s.Offline = s.Offline || p.Offline
		s.CoverOpen = s.CoverOpen || p.CoverOpen
		s.PaperNearEnd = s.PaperNearEnd || p.PaperNearEnd
		s.PaperOut = s.PaperOut || p.PaperOut
		s.Error = s.Error || p.Error
	}
	return s
}

// Problem says, in the cashier's words, why the printer cannot print; "" when it can. The
// most specific cause wins: a printer out of paper also reports itself offline.
func (s Status) Problem() string {
	switch {
	case s.PaperOut:
		return msgPaperOut
	case s.CoverOpen:
		return msgCoverOpen
	case s.Error:
		return msgError
	case s.Offline:
		return msgOffline
	}
	return ""
}

// The cashier's words for the printer's states (keys of the translations, assets/lang).
const (
	msgPaperOut  = "The printer is out of paper: put in a new roll, then reprint."
	msgCoverOpen = "The printer's cover is open: close it, then reprint."
	msgError     = "The printer is offline (error): check it, then reprint."
	msgOffline   = "The printer is offline: check it, then reprint."
	msgPaperLow  = "Paper is running low: have a new roll ready."
)

// Warning is for a printer that prints but needs attention soon; "" otherwise.
func (s Status) Warning() string {
	if s.PaperNearEnd && s.Problem() == "" {
		return msgPaperLow
	}
	return ""
}

// DrawerKick is ESC p m t1 t2: a pulse on the drawer connector's pin 2 (or pin 5 when pin is
// 5), on for t1 and off for t2, in units of 2 ms. Times are clamped to 2..510 ms, the range
// the command can carry.
func DrawerKick(pin int, on, off time.Duration) []byte {
	m := byte(0)
	if pin == 5 {
		m = 1
	}
	return []byte{esc, 'p', m, pulseUnits(on), pulseUnits(off)}
}

func pulseUnits(d time.Duration) byte {
	u := (d + time.Millisecond) / (2 * time.Millisecond) // rounded to the nearest unit
	return byte(min(max(u, 1), 255))
}

// Kick is a decoded drawer kick.
type Kick struct {
	Pin     int // 2 or 5
	On, Off time.Duration
}
