package app

import (
	"fmt"

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
	w := &weighPanel{qty: s.field("kg, e.g. 0,250", ""), status: widget.NewLabel("")}
	w.status.Wrapping = fyne.TextWrapWord
	w.again = &widget.Button{Text: "Weigh again", OnTapped: func() { s.readScale(w, p) }}
	body := container.NewVBox(widget.NewLabel(fmt.Sprintf("%s — %s / kg", p.Name, p.Price.Display())), w.qty, w.status, w.again, numPad(s.u, w.qty))
	s.weighing = w
	w.modal = s.modal("Weight of "+p.Name, body, w.qty, func() error {
		q, err := pos.ParseQty(w.qty.Text)
		if err != nil {
			return err
		}
		line, err := s.r.AddProduct(p, q)
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
		w.status.SetText("Type the weight in kg.")
		w.again.Hide()
		return
	}
	w.status.SetText("Weighing…")
	s.u.background(func() {
		q, err := s.u.till.Devices().Weigh(s.u.ctx)
		s.u.do(func() {
			if err != nil {
				w.status.SetText(pos.ErrorMessage(err))
				return
			}
			w.qty.SetText(q.Format(pos.UnitKg))
			s.u.win.Canvas().Focus(w.qty) // Enter adds it, even after a tap on Weigh again
			w.status.SetText(fmt.Sprintf("Scale: %s kg = %s. Enter adds it.", q.Format(pos.UnitKg), pos.MulQty(p.Price, q).Display()))
		})
	})
}
