package app

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyHeight is a touch key's height at 1024x768: 60 px, as touch tills use (Square,
// Lightspeed and Odoo use 60 to 80).
const keyHeight = 60

// touchKey is a key for a finger: its label whole, on one or two lines and in a smaller
// font when it must, with the keyboard key that does the same beneath it.
type touchKey struct {
	widget.BaseWidget
	u       *UI
	label   string
	hint    string // the keyboard's key, e.g. "F2"; may be empty
	primary bool
	onTap   func()
	height  float32 // at 1024x768; keyHeight when zero
	// disabled keys are greyed and do nothing when tapped (a tender the sale cannot take).
	disabled bool
}

func newTouchKey(u *UI, label, hint string, primary bool, onTap func()) *touchKey {
	k := &touchKey{u: u, label: label, hint: hint, primary: primary, onTap: onTap}
	k.ExtendBaseWidget(k)
	return k
}

// Tapped runs the key's action. A tap tells the till a finger is at work: the screens then
// offer their on-screen keyboard.
func (k *touchKey) Tapped(*fyne.PointEvent) {
	k.u.touch = true
	if k.onTap != nil && !k.disabled {
		k.onTap()
	}
}

// SetEnabled greys the key out, or makes it work again.
func (k *touchKey) SetEnabled(on bool) {
	if k.disabled == !on {
		return
	}
	k.disabled = !on
	k.Refresh()
}

// Disabled tells a greyed key.
func (k *touchKey) Disabled() bool { return k.disabled }

// SetLabel changes what the key says.
func (k *touchKey) SetLabel(label string) {
	k.label = label
	k.Refresh()
}

func (k *touchKey) CreateRenderer() fyne.WidgetRenderer {
	r := &touchKeyRenderer{k: k, bg: canvas.NewRectangle(color.Transparent)}
	r.lines[0], r.lines[1] = canvas.NewText("", color.Black), canvas.NewText("", color.Black)
	r.hint = canvas.NewText("", color.Black)
	for _, t := range []*canvas.Text{r.lines[0], r.lines[1], r.hint} {
		t.Alignment = fyne.TextAlignCenter
	}
	r.lines[0].TextStyle.Bold, r.lines[1].TextStyle.Bold = true, true
	r.Refresh()
	return r
}

type touchKeyRenderer struct {
	k     *touchKey
	bg    *canvas.Rectangle
	lines [2]*canvas.Text
	hint  *canvas.Text
	size  fyne.Size
}

func (r *touchKeyRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.lines[0], r.lines[1], r.hint}
}

func (r *touchKeyRenderer) Destroy() {}

func (r *touchKeyRenderer) MinSize() fyne.Size {
	h := r.k.height
	if h == 0 {
		h = keyHeight
	}
	return fyne.NewSize(r.k.u.px(min(72, h)), r.k.u.px(h))
}

func (r *touchKeyRenderer) Layout(size fyne.Size) {
	r.size = size
	r.bg.Resize(size)
	pad := theme.Padding()
	textSize := theme.TextSize()
	hintSize := textSize * 0.72
	hintH := float32(0)
	if r.k.hint != "" {
		hintH = fyne.MeasureText("F", hintSize, fyne.TextStyle{}).Height
	}
	bold := fyne.TextStyle{Bold: true}
	lines, fitted := fitText(r.k.label, size.Width-2*pad, textSize, bold)
	lineH := fyne.MeasureText("Ag", fitted, bold).Height
	block := float32(len(lines))*lineH + hintH
	// Two lines and the hint taller than the key (a narrow key of a row of four): smaller,
	// so the hint stays whole.
	for block > size.Height-pad && fitted*0.9 >= textSize*0.6 {
		lines, fitted = fitText(r.k.label, size.Width-2*pad, fitted*0.9, bold)
		lineH = fyne.MeasureText("Ag", fitted, bold).Height
		block = float32(len(lines))*lineH + hintH
	}
	y := (size.Height - block) / 2
	for i, t := range r.lines {
		t.TextSize = fitted
		if i < len(lines) {
			t.Text = lines[i]
			t.Move(fyne.NewPos(pad, y))
			t.Resize(fyne.NewSize(size.Width-2*pad, lineH))
			y += lineH
			t.Show()
		} else {
			t.Hide()
		}
	}
	r.hint.TextSize = hintSize
	r.hint.Move(fyne.NewPos(pad, y))
	r.hint.Resize(fyne.NewSize(size.Width-2*pad, hintH))
	for _, t := range []*canvas.Text{r.lines[0], r.lines[1], r.hint} {
		t.Refresh()
	}
}

func (r *touchKeyRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	r.bg.FillColor = theme.Color(theme.ColorNameButton)
	switch {
	case r.k.disabled:
		r.bg.FillColor, fg = theme.Color(theme.ColorNameDisabledButton), theme.Color(theme.ColorNameDisabled)
	case r.k.primary:
		r.bg.FillColor, fg = theme.Color(theme.ColorNamePrimary), colorWhite
	}
	r.bg.CornerRadius = theme.InputRadiusSize()
	for _, t := range r.lines {
		t.Color = fg
	}
	r.hint.Color = fg
	r.hint.Text = ""
	if r.k.hint != "" {
		r.hint.Text = "[" + r.k.hint + "]"
	}
	r.bg.Refresh()
	r.Layout(r.size)
}

// fitText breaks text into at most two lines that fit width, shrinking the text (to 60 % at
// most) until they do; a name that cannot fit even so is cut with "…" on its second line.
func fitText(text string, width, size float32, style fyne.TextStyle) ([]string, float32) {
	fits := func(s string, at float32) bool { return fyne.MeasureText(s, at, style).Width <= width }
	words := strings.Fields(text)
	for at := size; at >= size*0.6; at *= 0.9 {
		if fits(text, at) {
			return []string{text}, at
		}
		// The break that leaves the wider line narrowest.
		best, bestW := -1, float32(0)
		for i := 1; i < len(words); i++ {
			a, b := strings.Join(words[:i], " "), strings.Join(words[i:], " ")
			w := max(fyne.MeasureText(a, at, style).Width, fyne.MeasureText(b, at, style).Width)
			if best < 0 || w < bestW {
				best, bestW = i, w
			}
		}
		if best > 0 && bestW <= width {
			return []string{strings.Join(words[:best], " "), strings.Join(words[best:], " ")}, at
		}
	}
	at := size * 0.6
	first, rest := text, ""
	if len(words) > 1 {
		first, rest = words[0], strings.Join(words[1:], " ")
	}
	for rest != "" && !fits(rest, at) {
		r := []rune(strings.TrimSuffix(rest, "…"))
		if len(r) <= 1 {
			break
		}
		rest = string(r[:len(r)-1]) + "…"
	}
	if rest == "" {
		return []string{first}, at
	}
	return []string{first, rest}, at
}
