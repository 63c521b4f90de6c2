package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
)

// glfwType types text as Fyne's real desktop (GLFW) driver delivers it: for each key a
// TypedKey, printable keys included, then the TypedRune of its character; to the focused
// object, or to the canvas when nothing has the focus. fyne's test.Type sends only runes, so
// a field that took any key as the end of a scanner burst passed its tests and failed at the
// till.
func glfwType(c fyne.Canvas, text string) {
	for _, r := range text {
		k := &fyne.KeyEvent{Name: fyne.KeyName(strings.ToUpper(string(r)))}
		if f := c.Focused(); f != nil {
			f.TypedKey(k)
			if f := c.Focused(); f != nil { // a key may have moved the focus
				f.TypedRune(r)
			}
			continue
		}
		if h := c.OnTypedKey(); h != nil {
			h(k)
		}
		if h := c.OnTypedRune(); h != nil {
			h(r)
		}
	}
}

// glfwKey presses a key that types no character (Return, Escape, F12, Up).
func glfwKey(c fyne.Canvas, name fyne.KeyName) {
	k := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(k)
	} else if h := c.OnTypedKey(); h != nil {
		h(k)
	}
}

// personType types text at a person's pace (200 ms a key on the wedge's clock), as the real
// driver delivers it, so the wedge hands it to the field rather than taking it for a scan.
func personType(ui *UI, clock *fakeClock, text string) {
	for _, r := range text {
		clock.Add(200 * time.Millisecond)
		glfwType(ui.win.Canvas(), string(r))
	}
	clock.Add(450 * time.Millisecond) // the last key goes to the field once no other follows
}
