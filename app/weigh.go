package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// weighPanel asks for a weighed article's weight: read from the scale and shown before the
// article goes into the cart (Enter adds it, or weigh again), or typed on a till without one.
type weighPanel struct {
	qty    *scanEntry
	status *widget.Label
	again  *widget.Button
	modal  *modal
}

func (s *saleScreen) weigh(p pos.Product) {
	w := &weighPanel{qty: s.field(s.u.T("kg, e.g. 0,250"), ""), status: widget.NewLabel("")}
	w.status.Wrapping = fyne.TextWrapWord
	w.again = &widget.Button{Text: s.u.T("Weigh again"), OnTapped: func() { s.readScale(w, p) }}
	body := container.NewVBox(widget.NewLabel(p.Name+"  "+s.u.w.Amount(p.Price)+" / "+s.u.w.Unit(pos.UnitKg)), w.qty, w.status, w.again, numPad(s.u, w.qty))
	s.weighing = w
	w.modal = s.modal(s.u.T("Weight of %s", p.Name), body, w.qty, func() error {
		q, err := pos.ParseQty(w.qty.Text)
		if err != nil {
			return err
		}
		line, err := s.r.AddProduct(s.u.ctx, p, q)
		if err != nil {
			return err
		}
		s.afterAdd(line)
		return nil
	})
	s.readScale(w, p)
}

// readScale reads the scale in the background: the screen never waits for it.
func (s *saleScreen) readScale(w *weighPanel, p pos.Product) {
	if !s.u.till.Devices().HasScale() {
		w.status.SetText(s.u.T("Type the weight in kg."))
		w.again.Hide()
		return
	}
	w.status.SetText(s.u.T("Weighing…"))
	s.u.background(func() {
		q, err := s.u.till.Devices().Weigh(s.u.ctx)
		s.u.do(func() {
			if err != nil {
				w.status.SetText(s.u.explain("weigh", err))
				return
			}
			w.qty.SetText(s.u.w.Number(q, pos.UnitKg))
			s.u.win.Canvas().Focus(w.qty) // Enter adds it, even after a tap on Weigh again
			w.status.SetText(s.u.T("Scale: %s = %s. Enter adds it.", s.u.w.Qty(q, pos.UnitKg), pos.MulQty(p.Price, q)))
		})
	})
}
