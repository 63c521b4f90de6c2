package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// saleLayout places the sale screen's parts: the status bar on top, the message bar at the
// bottom, and between them the cart over its quick keys and the column of the total, the code
// field, PAY and the function keys. On a wide screen the column stands right of the cart; on
// a tall one it lies below it, its keys four abreast. TOTAL and PAY are laid first, so they
// are always on screen; the function keys share what is left.
type saleLayout struct {
	s         *saleScreen
	landscape bool
	cols      int // the function keys abreast
}

// The parts, in the order of the screen's objects.
const (
	partStatus = iota
	partMessage
	partCart
	partQuick
	partTotals
	partCode
	partPay
	partActions
)

func (l *saleLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(640, 480) }

func (l *saleLayout) Layout(o []fyne.CanvasObject, size fyne.Size) {
	u, pad := l.s.u, theme.Padding()
	place := func(i int, x, y, w, h float32) {
		o[i].Move(fyne.NewPos(x, y))
		o[i].Resize(fyne.NewSize(max(w, 0), max(h, 0)))
	}
	top := o[partStatus].MinSize().Height
	bottom := o[partMessage].MinSize().Height
	place(partStatus, 0, 0, size.Width, top)
	place(partMessage, 0, size.Height-bottom, size.Width, bottom)
	y0, y1 := top+pad, size.Height-bottom-pad
	key := u.px(keyHeight)

	l.landscape = size.Width >= size.Height
	cols := 2
	if !l.landscape {
		cols = 4
	}
	if g, ok := o[partActions].(*fyne.Container); ok && cols != l.cols {
		g.Layout, l.cols = &actionsLayout{cols: cols}, cols
	}
	totalsH, codeH := o[partTotals].MinSize().Height, o[partCode].MinSize().Height
	payH := key * 1.1
	rows := float32(keyRows(len(l.s.shortcuts()), cols))

	if l.landscape {
		rw := max(u.px(280), min(size.Width*0.35, u.px(520)))
		x := size.Width - rw - pad
		y := y0
		place(partTotals, x, y, rw, totalsH)
		y += totalsH + pad
		place(partCode, x, y, rw, codeH)
		y += codeH + pad
		place(partPay, x, y, rw, payH)
		y += payH + pad
		// The function keys take the rest, up to their full height.
		place(partActions, x, y, rw, min(y1-y, rows*key+(rows-1)*pad))
		lw := x - 2*pad
		quickRows := float32(2)
		if y1-y0 > u.px(600) {
			quickRows = 3
		}
		qh := quickRows*key + (quickRows-1)*u.px(4)
		place(partQuick, pad, y1-qh, lw, qh)
		place(partCart, pad, y0, lw, y1-qh-pad-y0)
		return
	}
	// Portrait: the column at the bottom, full width.
	w := size.Width - 2*pad
	actionsH := rows*key + (rows-1)*pad
	y := y1 - actionsH
	place(partActions, pad, y, w, actionsH)
	y -= payH + pad
	place(partPay, pad, y, w, payH)
	y -= codeH + pad
	place(partCode, pad, y, w, codeH)
	y -= totalsH + pad
	place(partTotals, pad, y, w, totalsH)
	quickRows := float32(3)
	if y-y0 > 10*key { // a tall screen has room for a fourth row
		quickRows = 4
	}
	qh := quickRows*key + (quickRows-1)*u.px(4)
	y -= qh + pad
	place(partQuick, pad, y, w, qh)
	place(partCart, pad, y0, w, y-pad-y0)
}

// actionsLayout lays the function keys cols abreast in as many full rows as they fill, at
// most maxKeyRows; the keys left over share the last row, narrower, rather than take a row
// of their own: a key more (Coupon, Return) must not shorten every key of a 1024x768 screen
// below a finger's height.
type actionsLayout struct{ cols int }

// maxKeyRows is the rows of function keys the column of a 1024x768 screen holds at a
// finger's height (keyHeight).
const maxKeyRows = 6

// keyRows is the rows n keys take cols abreast, the last holding what is left over.
func keyRows(n, cols int) int { return max(1, min(n/cols, maxKeyRows)) }

// inRow is the number of keys in row r of rows.
func (l *actionsLayout) inRow(n, r, rows int) int {
	if r < rows-1 {
		return l.cols
	}
	return n - (rows-1)*l.cols
}

func (l *actionsLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	keys := shownObjects(objects)
	if len(keys) == 0 {
		return
	}
	pad := theme.Padding()
	rows := keyRows(len(keys), l.cols)
	h := (size.Height - float32(rows-1)*pad) / float32(rows)
	for i, k := range keys {
		r := min(i/l.cols, rows-1)
		c, n := i-r*l.cols, l.inRow(len(keys), r, rows)
		w := (size.Width - float32(n-1)*pad) / float32(n)
		k.Move(fyne.NewPos(float32(c)*(w+pad), float32(r)*(h+pad)))
		k.Resize(fyne.NewSize(w, h))
	}
}

func (l *actionsLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	keys := shownObjects(objects)
	if len(keys) == 0 {
		return fyne.NewSize(0, 0)
	}
	var one fyne.Size
	for _, k := range keys {
		one = one.Max(k.MinSize())
	}
	pad := theme.Padding()
	rows := keyRows(len(keys), l.cols)
	across := max(l.cols, l.inRow(len(keys), rows-1, rows))
	return fyne.NewSize(float32(across)*one.Width+float32(across-1)*pad, float32(rows)*one.Height+float32(rows-1)*pad)
}

func shownObjects(objects []fyne.CanvasObject) []fyne.CanvasObject {
	var shown []fyne.CanvasObject
	for _, o := range objects {
		if o.Visible() {
			shown = append(shown, o)
		}
	}
	return shown
}
