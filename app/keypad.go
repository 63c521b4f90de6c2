package app

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
)

// Keys of the pads that are not characters.
const (
	padBackspace = "⌫"
	padClear     = "C"
	padShift     = "⇧"
	padSpace     = "space"
)

// typeKey types one pad key into a field as a keyboard would: the field's own rules apply
// (a selection is replaced), and the scanner's wedge is bypassed, a tap being no scan.
func typeKey(target *scanEntry, key string) {
	switch key {
	case padBackspace:
		target.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	case padClear:
		target.SetText("")
	case padSpace:
		target.Entry.TypedRune(' ')
	default:
		for _, r := range key {
			target.Entry.TypedRune(r)
		}
	}
}

// numPad is a number pad for a field: digits, the decimal comma, backspace and clear, and
// the extra keys a field needs ("%" for a discount).
func numPad(u *UI, target *scanEntry, extras ...string) fyne.CanvasObject {
	keys := []string{"7", "8", "9", padBackspace, "4", "5", "6", padClear, "1", "2", "3", ",", "0"}
	keys = append(keys, extras...)
	grid := container.New(layout.NewGridLayoutWithColumns(4))
	for _, k := range keys {
		grid.Add(newTouchKey(u, k, "", false, func() { typeKey(target, k) }))
	}
	return grid
}

// pinPad is a number pad for a PIN: digits, backspace and clear.
func pinPad(u *UI, target *scanEntry) fyne.CanvasObject {
	grid := container.New(layout.NewGridLayoutWithColumns(3))
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", padClear, "0", padBackspace} {
		grid.Add(newTouchKey(u, k, "", false, func() { typeKey(target, k) }))
	}
	return grid
}

// keyboardRows are the on-screen keyboard's letters: QWERTY, then the Polish and the
// Lithuanian letters (ą and ę are both languages').
var keyboardRows = [][]string{
	{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
	{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
	{"a", "s", "d", "f", "g", "h", "j", "k", "l", padBackspace},
	{padShift, "z", "x", "c", "v", "b", "n", "m", ",", "."},
	{"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż", "-"},
	{"č", "ė", "į", "š", "ų", "ū", "ž", "@", padSpace},
}

// keyboard is an on-screen keyboard for names and searches, with every Polish and
// Lithuanian letter; ⇧ types the next letter in capitals.
type keyboard struct {
	target  *scanEntry
	shift   bool
	letters []*touchKey
	content fyne.CanvasObject
}

// newFoldingKeyboard is a dialog's on-screen keyboard: up for a finger (the dialog was
// opened by a tap), folded for a keyboard; toggle shows or folds it, and fit fits the
// dialog to it again.
func newFoldingKeyboard(u *UI, target *scanEntry, fit func()) (kb *keyboard, toggle *touchKey) {
	kb = newKeyboard(u, target)
	if !u.touch {
		kb.content.Hide()
	}
	toggle = newTouchKey(u, u.T("Keyboard"), "", false, nil)
	toggle.onTap = func() {
		if kb.content.Visible() {
			kb.content.Hide()
		} else {
			kb.content.Show()
		}
		fit()
	}
	return kb, toggle
}

func newKeyboard(u *UI, target *scanEntry) *keyboard {
	kb := &keyboard{target: target}
	rows := container.NewVBox()
	for _, row := range keyboardRows {
		line := container.New(layout.NewGridLayoutWithColumns(len(row)))
		for _, k := range row {
			label := k
			if k == padSpace {
				label = u.T("space")
			}
			key := newTouchKey(u, label, "", false, nil)
			key.height = 46 // six rows must leave room for what is typed
			key.onTap = func() { kb.press(k, key) }
			if utf8.RuneCountInString(k) == 1 {
				kb.letters = append(kb.letters, key)
			}
			line.Add(key)
		}
		rows.Add(line)
	}
	kb.content = rows
	return kb
}

// press types a key's character (in capitals after ⇧, as its label shows) or does what
// the key says.
func (kb *keyboard) press(name string, k *touchKey) {
	switch name {
	case padShift:
		kb.setShift(!kb.shift)
		return
	case padBackspace, padSpace:
		typeKey(kb.target, name)
		return
	}
	typeKey(kb.target, k.label)
	if kb.shift {
		kb.setShift(false)
	}
}

func (kb *keyboard) setShift(on bool) {
	kb.shift = on
	for _, k := range kb.letters {
		k.label = toCase(k.label, on)
		k.Refresh()
	}
}

func toCase(s string, upper bool) string {
	if upper {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}
