package app

import (
	"strings"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// joinPanel makes a new customer at the till: name, phone, e-mail and what they agree to.
// It works offline: central is told when the till next reaches it.
type joinPanel struct {
	name, phone, email  *scanEntry
	marketing, eReceipt *widget.Check
	modal               *modal
}

// newCustomer opens the form, the phone or e-mail typed into the search already in place.
func (s *saleScreen) newCustomer(typed string) {
	p := &joinPanel{
		name:  s.field(s.u.T("Name, e.g. Ewa Kowalczyk"), ""),
		phone: s.field(s.u.T("Phone, e.g. +48 601 222 333"), ""),
		email: s.field(s.u.T("E-mail, e.g. ewa@example.pl"), ""),
	}
	if typed = strings.TrimSpace(typed); strings.Contains(typed, "@") {
		p.email.SetText(typed)
	} else if pos.PhoneDigits(typed) != "" {
		p.phone.SetText(typed)
	}
	// A tick leaves the keyboard with the form's field, where Enter is OK and Esc Cancel.
	p.marketing = widget.NewCheck(s.u.T("Agrees to receive offers"), func(bool) { s.focusTop() })
	p.eReceipt = widget.NewCheck(s.u.T("Receipts by e-mail (e-receipt)"), func(bool) { s.focusTop() })
	kb, toggle := newFoldingKeyboard(s.u, p.name, func() { p.modal.fit() })
	for _, f := range []*scanEntry{p.name, p.phone, p.email} {
		f.focused = func() { kb.target = f }
	}
	form := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewGridWrap(s.u.size(120, keyHeight), toggle), p.name),
		p.phone, p.email, p.marketing, p.eReceipt, kb.content)
	s.joining = p
	p.modal = s.modalWide(s.u.T("New customer"), form, p.name, 640, func() error {
		c, err := s.r.CreateCustomer(s.u.ctx, pos.NewCustomer{Name: p.name.Text, Phone: p.phone.Text, Email: p.email.Text,
			Marketing: p.marketing.Checked, EReceipt: p.eReceipt.Checked})
		if err != nil {
			return err
		}
		s.u.till.KickSync()
		s.customerAttached(c)
		return nil
	})
	p.modal.bind(p.phone)
	p.modal.bind(p.email)
}
