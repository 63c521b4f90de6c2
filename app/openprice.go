package app

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// offerOpenPrice asks, after a barcode the catalog does not know, whether a manager sells
// the article at a price they give, under a department; Esc puts it aside.
func (s *saleScreen) offerOpenPrice(code string) {
	s.confirm(s.u.T("Not in the catalog: %s", code), s.u.T("A manager can sell it at a price they give, under a department; central is told. Enter: ask a manager. Esc: put it aside."), func() {
		s.withManager(s.u.T("Open price"), func(m pos.Staff) { s.askOpenPrice(code, m) })
	})
}

// askOpenPrice takes the department (tap it or type its number) and the price.
func (s *saleScreen) askOpenPrice(code string, manager pos.Staff) {
	depts := pos.DepartmentsFor(s.r.StoreInfo().VAT, s.r.StoreWords())
	names := make([]string, len(depts))
	for i, d := range depts {
		names[i] = s.u.T("Goods at %s VAT (%s)", d.VAT.Percent(), d.Code)
	}
	dept := s.newReasonPicker(names)
	price := s.field(s.u.T("Price, e.g. 12,50"), "")
	body := container.NewVBox(widget.NewLabel(s.u.T("Department: tap it or type its number")), dept.content,
		widget.NewLabel(s.u.T("Price of one piece:")), price, numPad(s.u, price))
	s.openPricing = dept
	m := s.modal(s.u.T("Open price: %s", code), body, dept.number, func() error {
		if dept.chosen < 0 {
			s.u.win.Canvas().Focus(dept.number)
			return pos.Errorf(pos.EINVALID, "Choose the department: it gives the VAT.")
		}
		if price.Text == "" {
			s.u.win.Canvas().Focus(price)
			return pos.Errorf(pos.EINVALID, "Type the price.")
		}
		p, err := pos.ParseMoney(price.Text)
		if err != nil {
			return err
		}
		l, err := s.r.AddOpenItem(s.u.ctx, code, depts[dept.chosen], p, manager)
		if err != nil {
			return err
		}
		s.u.log.Info("open price", "code", code, "price", p.String(), "department", l.Department, "manager", manager.ID)
		s.afterAdd(l)
		s.say(s.u.T("%s at %s, approved by %s", l.Name, l.UnitPrice, manager.Name), true)
		return nil
	})
	m.bind(price)
}
