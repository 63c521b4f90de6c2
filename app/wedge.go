package app

import (
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Wedge tells a keyboard-wedge scanner from a person: a scanner types a whole code a few
// milliseconds a key and ends it with Enter. The keys are timed as the screen takes them, and
// a screen busy drawing (software GL, a commit) takes a burst's keys in clumps, with pauses
// of a hundred milliseconds and more between clumps. So a burst is judged by the median time
// between its keys, which such pauses do not move; a person's keys are tens of milliseconds
// apart at the very least. Keys are held until it is clear which they are: a burst ended by
// Enter goes to OnScan, wherever the focus is; a person's keys go on to their field at once.
type Wedge struct {
	OnScan func(code string)
	Gap    time.Duration // a burst's keys are at most this far apart (the median)
	Pause  time.Duration // a single key with none after it this long was a person's
	Stall  time.Duration // the longest a burst-fast run of keys waits for the rest and its Enter
	MinLen int           // shortest code a burst may be
	// Capitals says the codes scanned here have capitals (a receipt's QR, a voucher): the
	// Shift a scanner presses for them does not end its burst. Elsewhere Shift does, which
	// keeps a person's "A1B2" in a field when a busy screen takes their keys in one clump.
	Capitals bool
	Now      func() time.Time
	// Later runs f on the UI thread after d (held keys are released from a timer).
	Later func(d time.Duration, f func())

	mu      sync.Mutex
	held    []rune
	times   []time.Time // when each held key came
	deliver func(rune)
}

// NewWedge makes a detector that fits common USB and Bluetooth scanners.
func NewWedge(onScan func(string)) *Wedge {
	return &Wedge{OnScan: onScan, Gap: 30 * time.Millisecond, Pause: 400 * time.Millisecond, Stall: 700 * time.Millisecond,
		MinLen: 4, Now: time.Now, Later: func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) }}
}

// burstFast reports whether the held keys may be a scanner's: one gap between two keys says
// nothing (a stalled screen and a person look alike), two or more are judged by their lower
// median. Callers hold w.mu.
func (w *Wedge) burstFast() bool {
	if len(w.times) < 3 {
		return true
	}
	gaps := make([]time.Duration, len(w.times)-1)
	for i := range gaps {
		gaps[i] = w.times[i+1].Sub(w.times[i])
	}
	slices.Sort(gaps)
	return gaps[(len(gaps)-1)/2] <= w.Gap
}

// waitFor is how long held keys wait for more before they go to their field. Callers hold w.mu.
func (w *Wedge) waitFor() time.Duration {
	if len(w.held) >= 3 {
		return w.Stall // a burst's run of keys: a busy screen may hold the rest back
	}
	return w.Pause
}

// Rune takes one typed letter; deliver puts it where it was typed if it is not part of a scan.
func (w *Wedge) Rune(r rune, deliver func(rune)) {
	w.mu.Lock()
	now := w.Now()
	var flush []rune
	var to func(rune)
	if n := len(w.held); n > 0 && now.Sub(w.times[n-1]) > w.waitFor() {
		flush, to = w.held, w.deliver // too long ago to be this key's burst
		w.held, w.times = nil, nil
	}
	w.held, w.times, w.deliver = append(w.held, r), append(w.times, now), deliver
	if !w.burstFast() {
		// A person types: every key held goes to the field now.
		flush, to = append(flush, w.held...), deliver
		w.held, w.times = nil, nil
	}
	wait := w.waitFor()
	w.mu.Unlock()
	if len(flush) == 0 {
		// If no key follows, the pause shows a person typed: the keys go to their field.
		w.Later(wait+10*time.Millisecond, func() { w.release(false) })
	}
	for _, h := range flush {
		to(h)
	}
}

// Enter ends a burst: it returns true when the held keys were a scan (they went to OnScan),
// false when the Enter belongs to the focused field (held keys are handed over first).
func (w *Wedge) Enter() bool {
	w.mu.Lock()
	held, to := w.held, w.deliver
	burst := len(held) >= w.MinLen && w.burstFast() && w.Now().Sub(w.times[len(w.times)-1]) <= w.waitFor()
	w.held, w.times = nil, nil
	w.mu.Unlock()
	if burst {
		w.OnScan(string(held))
		return true
	}
	for _, h := range held {
		to(h)
	}
	return false
}

// release hands held keys over to their field: at once when force is set (another key came),
// otherwise only once no key has come for as long as they wait.
func (w *Wedge) release(force bool) {
	w.mu.Lock()
	n := len(w.held)
	if n == 0 || (!force && w.Now().Sub(w.times[n-1]) <= w.waitFor()) {
		w.mu.Unlock()
		return
	}
	held, to := w.held, w.deliver
	w.held, w.times = nil, nil
	w.mu.Unlock()
	for _, h := range held {
		to(h)
	}
}

// scanEntry is a text field that lets scanner bursts pass to the Wedge, and function keys to
// the screen, so a scan typed while a search or quantity field has focus never lands in it.
type scanEntry struct {
	widget.Entry
	wedge *Wedge
	keys  func(*fyne.KeyEvent) bool // screen shortcuts; true when handled
	typed func()                    // told of every key typed (the screens' touch mode ends)
	// focused, when set, is told the field took the keyboard (an on-screen keyboard then
	// types into it).
	focused func()
}

func newScanEntry(w *Wedge, keys func(*fyne.KeyEvent) bool) *scanEntry {
	e := &scanEntry{wedge: w, keys: keys}
	e.ExtendBaseWidget(e)
	return e
}

func (e *scanEntry) TypedRune(r rune) { e.wedge.Rune(r, e.Entry.TypedRune) }

// FocusLost hands the keys the Wedge holds to this field before the focus moves on (Tab,
// a tap on another field): they were typed here, and the next field's keys must not
// take them along.
func (e *scanEntry) FocusLost() {
	e.wedge.release(true)
	e.Entry.FocusLost()
}

// FocusGained tells focused, after the field's own handling.
func (e *scanEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.focused != nil {
		e.focused()
	}
}

// TypedKey takes a key press. The real (GLFW) driver calls it for every key, printable ones
// too, before TypedRune: a printable key is left to its rune, which the Wedge judges. Other
// keys end any burst (held letters go to the field first), then go to the screen's
// shortcuts or the field.
func (e *scanEntry) TypedKey(k *fyne.KeyEvent) {
	if e.typed != nil {
		e.typed()
	}
	switch {
	case k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter:
		if e.wedge.Enter() {
			return
		}
	case printable(k.Name):
		return
	case e.wedge.Capitals && shiftKey(k.Name):
		// A scanner presses Shift for a QR's capitals and its ':' as a person does: no end of
		// its burst, and nothing for the field (Fyne hands it on as a key of its own).
		return
	default:
		e.wedge.release(true)
		if e.keys != nil && e.keys(k) {
			return
		}
	}
	e.Entry.TypedKey(k)
}

// shiftKey reports whether a key only shifts the next: Shift, and AltGr (the right Alt),
// which types ą or ł on a Polish layout.
func shiftKey(k fyne.KeyName) bool {
	return k == desktop.KeyShiftLeft || k == desktop.KeyShiftRight || k == desktop.KeyAltRight
}

// printable reports whether a key types a character (its rune follows): Fyne names those keys
// by the character itself ("4", "A", "*"), every other key by a word ("Return", "F2").
func printable(k fyne.KeyName) bool { return utf8.RuneCountInString(string(k)) == 1 }
