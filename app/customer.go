package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// customersShown is how many customers the search lists.
const customersShown = 20

// customerPanel finds a customer by phone or e-mail as the cashier types; ↑/↓ move the
// highlight, Enter or a tap takes it. A loyalty card scanned meanwhile is taken as a scan.
type customerPanel struct {
	query   *scanEntry
	results []pos.Customer
	at      int
	list    *widget.List
	note    *widget.Label
	modal   *modal
}

// findCustomer opens the search for a customer who has no card with them.
func (s *saleScreen) findCustomer() {
	p := &customerPanel{query: s.field(s.u.T("Phone or e-mail, e.g. 600 100 200"), ""), note: widget.NewLabel("")}
	p.list = widget.NewList(func() int { return len(p.results) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
			return container.NewStack(bg, container.NewBorder(nil, nil, nil, widget.NewLabel(""), widget.NewLabel("")))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			cell := o.(*fyne.Container)
			bg, row := cell.Objects[0], cell.Objects[1].(*fyne.Container)
			c := p.results[id]
			row.Objects[0].(*widget.Label).SetText(c.Name)
			row.Objects[1].(*widget.Label).SetText(c.Phone + "  " + c.Email)
			if id == p.at {
				bg.Show()
			} else {
				bg.Hide()
			}
		})
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		p.take(s, id)
	}
	p.query.OnChanged = func(q string) {
		res, err := s.r.Customers.FindCustomers(s.u.ctx, q, customersShown+1)
		p.note.SetText("")
		if err != nil {
			p.note.SetText(s.u.explain("find customer", err))
		}
		if len(res) > customersShown {
			res = res[:customersShown]
			p.note.SetText(s.u.N("The first %d are shown; more match: type more letters.", customersShown))
		}
		p.results, p.at = res, 0
		p.list.Refresh()
	}
	p.query.keys = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyDown:
			p.at = min(p.at+1, len(p.results)-1)
		case fyne.KeyUp:
			p.at = max(p.at-1, 0)
		default:
			return false
		}
		p.list.Refresh()
		p.list.ScrollTo(p.at)
		return true
	}
	kb, toggle := newFoldingKeyboard(s.u, p.query, func() { p.modal.fit() })
	join := newTouchKey(s.u, s.u.T("New customer"), "", false, func() {
		typed := p.query.Text
		p.modal.close()
		s.newCustomer(typed)
	})
	keys := container.NewGridWrap(s.u.size(120, keyHeight), toggle, join)
	if s.r.Sale().Customer != nil { // a wrong customer taken off the sale
		keys.Add(newTouchKey(s.u, s.u.T("No customer"), "", false, func() {
			if err := s.r.DetachCustomer(); err != nil {
				p.modal.error.SetText(s.u.explain("detach customer", err))
				return
			}
			p.modal.close()
			s.refresh()
			s.say(s.u.T("The sale is for no customer."), true)
		}))
	}
	top := container.NewBorder(nil, nil, nil, keys, p.query)
	body := container.NewBorder(top, container.NewVBox(p.note, kb.content), nil, nil, p.list)
	s.findingCustomer = p
	p.modal = s.modalWide(s.u.T("Find a customer by phone or e-mail"), body, p.query, -760, func() error {
		if len(p.results) == 0 {
			return pos.Errorf(pos.ENOTFOUND, "No customer found: type at least three digits of the phone or letters of the e-mail.")
		}
		p.take(s, p.at)
		return nil
	})
}

// take attaches the customer numbered id to the sale and closes the search.
func (p *customerPanel) take(s *saleScreen, id int) {
	if id < 0 || id >= len(p.results) {
		return
	}
	c := p.results[id]
	if err := s.r.AttachCustomer(c); err != nil {
		p.modal.error.SetText(s.u.explain("attach customer", err))
		return
	}
	p.modal.close()
	s.customerAttached(c)
}

// customerAttached shows who the sale is now for.
func (s *saleScreen) customerAttached(c pos.Customer) {
	s.refresh()
	s.say(s.u.T("Customer: %s", customerText(s.u, c)), true)
}

// customerText is a customer's name and points balance; a balance pulled from central says
// since when it is known: "Anna Nowak · 120 points, as of 14:05".
func customerText(u *UI, c pos.Customer) string {
	text := c.Name + " · " + u.N("%d points", int(c.Points))
	if !c.AsOf.IsZero() {
		text += ", " + u.T("as of %s", c.AsOf.Local().Format("15:04"))
	}
	return text
}

// isCustomerScan tells a scan that was a loyalty card, and shows its customer.
func (s *saleScreen) isCustomerScan(err error) bool {
	var card *pos.CustomerScanned
	if !errors.As(err, &card) {
		return false
	}
	s.customerAttached(card.Customer)
	return true
}
