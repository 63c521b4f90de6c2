package app

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// parkOrRecall is F1: a basket on the till is parked; with none, the parked baskets are
// listed to recall one.
func (s *saleScreen) parkOrRecall() {
	if len(s.r.Sale().ActiveLines()) > 0 {
		s.park()
		return
	}
	s.recall()
}

// park sets the basket aside; any cashier recalls it with F1.
func (s *saleScreen) park() bool {
	p, err := s.r.Park(s.u.ctx)
	if err != nil {
		s.fail("park", err)
		return false
	}
	s.u.log.Info("basket parked", "sale", p.ID, "cashier", p.By.ID, "lines", p.Lines, "total", p.Total.String())
	s.refresh()
	s.say(s.u.N("Basket parked (%d lines, %s): F1 recalls it.", p.Lines, p.Total), true)
	return true
}

// recall lists the parked baskets: tap one, or type its number and Enter.
func (s *saleScreen) recall() {
	parked, err := s.r.Parked.ParkedSales(s.u.ctx)
	if err != nil {
		s.fail("parked baskets", err)
		return
	}
	if len(parked) == 0 {
		s.say(s.u.T("No basket is parked."), false)
		return
	}
	labels := make([]string, len(parked))
	for i, p := range parked {
		labels[i] = s.u.describeParked(p)
	}
	pick := s.newReasonPicker(labels)
	s.recalling = pick
	body := container.NewVBox(widget.NewLabel(s.u.T("Which basket? Tap it or type its number.")), pick.content)
	s.modal(s.u.T("Recall a parked basket")+"  [F1]", body, pick.number, func() error {
		if pick.chosen < 0 {
			return pos.Errorf(pos.EINVALID, "Choose a basket: tap it or type its number.")
		}
		p := parked[pick.chosen]
		sale, err := s.r.Recall(s.u.ctx, p.ID)
		if err != nil {
			s.refresh() // a basket recalled without promotions that could not be read is on the till all the same
			return err
		}
		s.u.log.Info("basket recalled", "sale", p.ID, "cashier", sale.Cashier.ID)
		s.refresh()
		s.say(s.u.N("Basket of %[2]s recalled: %[1]d lines, %[3]s.", p.Lines, p.By.Name, p.Total), true)
		return nil
	})
}

// describeParked is one parked basket as the cashier picks it.
func (u *UI) describeParked(p pos.ParkedSale) string {
	text := p.ParkedAt.Local().Format("15:04") + "  " + p.By.Name + " · " + u.N("%d items", p.Lines) + " · " + u.money(p.Total)
	if p.Training {
		text += " · " + u.T("TRAINING")
	}
	return text
}
