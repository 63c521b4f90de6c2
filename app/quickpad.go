package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// quickPad shows the quick keys a page at a time: as many whole keys as fit its band, each
// name whole (two lines, a smaller font if needed), and page keys when there are more.
type quickPad struct {
	widget.BaseWidget
	u        *UI
	products []pos.Product
	page     int
	perPage  int // keys a page holds at the size last laid out
	onTap    func(pos.Product)
}

// keyWidth is a quick key's narrowest width at 1024x768.
const keyWidth = 150

func newQuickPad(u *UI, onTap func(pos.Product)) *quickPad {
	q := &quickPad{u: u, onTap: onTap}
	q.ExtendBaseWidget(q)
	return q
}

// show puts products on the pad, from its first page.
func (q *quickPad) show(products []pos.Product) {
	q.products, q.page = products, 0
	q.Refresh()
}

// pages is how many pages the products fill.
func (q *quickPad) pages() int {
	if q.perPage <= 0 {
		return 1
	}
	return max(1, (len(q.products)+q.perPage-1)/q.perPage)
}

// turn moves d pages on, round from the last to the first.
func (q *quickPad) turn(d int) {
	n := q.pages()
	q.page = ((q.page+d)%n + n) % n
	q.Refresh()
}

// visible are the products on the page shown.
func (q *quickPad) visible() []pos.Product {
	if q.perPage <= 0 {
		return nil
	}
	from := min(q.page*q.perPage, len(q.products))
	return q.products[from:min(from+q.perPage, len(q.products))]
}

func (q *quickPad) CreateRenderer() fyne.WidgetRenderer {
	r := &quickPadRenderer{q: q}
	r.prev = newTouchKey(q.u, "◀ "+q.u.T("Back"), "", false, func() { q.turn(-1) })
	r.next = newTouchKey(q.u, q.u.T("More")+" ▶", "", false, func() { q.turn(1) })
	return r
}

type quickPadRenderer struct {
	q          *quickPad
	keys       []*touchKey
	prev, next *touchKey
	size       fyne.Size
}

func (r *quickPadRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, 0, len(r.keys)+2)
	for _, k := range r.keys {
		out = append(out, k)
	}
	return append(out, r.prev, r.next)
}

func (r *quickPadRenderer) Destroy() {}

// MinSize is one row of keys: the screen gives the pad the rows it can spare.
func (r *quickPadRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.q.u.px(3*keyWidth), r.q.u.px(keyHeight))
}

func (r *quickPadRenderer) Layout(size fyne.Size) {
	r.size = size
	q, u := r.q, r.q.u
	gap := u.px(4)
	cols := max(3, int((size.Width+gap)/(u.px(keyWidth)+gap)))
	rows := max(1, int((size.Height+gap)/(u.px(keyHeight)+gap)))
	paging := len(q.products) > cols*rows
	keyCols := cols
	if paging {
		keyCols-- // the last column turns the pages
	}
	q.perPage = keyCols * rows
	q.page = min(q.page, q.pages()-1)
	w := (size.Width - gap*float32(cols-1)) / float32(cols)
	h := (size.Height - gap*float32(rows-1)) / float32(rows)
	visible := q.visible()
	for len(r.keys) < len(visible) {
		r.keys = append(r.keys, newTouchKey(u, "", "", false, nil))
	}
	for i, k := range r.keys {
		if i >= len(visible) {
			k.Hide()
			continue
		}
		p := visible[i]
		k.label, k.onTap = p.Name, func() { q.onTap(p) }
		k.Move(fyne.NewPos(float32(i%keyCols)*(w+gap), float32(i/keyCols)*(h+gap)))
		k.Resize(fyne.NewSize(w, h))
		k.Show()
		k.Refresh()
	}
	r.prev.Hide()
	r.next.Hide()
	if paging {
		x := float32(keyCols) * (w + gap)
		r.next.label = q.u.T("More") + fmt.Sprintf(" ▶ %d/%d", q.page+1, q.pages())
		if rows == 1 {
			r.next.Move(fyne.NewPos(x, 0))
			r.next.Resize(fyne.NewSize(w, h))
		} else {
			r.prev.Move(fyne.NewPos(x, 0))
			r.prev.Resize(fyne.NewSize(w, h))
			r.next.Move(fyne.NewPos(x, h+gap))
			r.next.Resize(fyne.NewSize(w, float32(rows-1)*(h+gap)-gap))
			r.prev.Show()
			r.prev.Refresh()
		}
		r.next.Show()
		r.next.Refresh()
	}
}

func (r *quickPadRenderer) Refresh() { r.Layout(r.size) }
