package app

import (
	"errors"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// couponDialog takes a coupon's code, typed (on the on-screen keyboard too) or scanned
// into its field, and asks the register to take it off the basket, off the UI thread:
// online, central holds the coupon first, which may take seconds.
type couponDialog struct {
	s      *saleScreen
	code   *scanEntry
	asking *widget.Label
	modal  *modal
}

// coupon opens the coupon dialog; on a sale that took a coupon already, it offers to take
// that one off instead.
func (s *saleScreen) coupon() {
	sale := s.r.Sale()
	if c := sale.Coupon; c != nil {
		s.confirm(s.u.T("Take coupon %s off?", c.Code), s.u.T("The basket is priced again without its discount."), func() {
			if err := s.r.RemoveCoupon(); err != nil {
				s.fail("remove coupon", err)
				return
			}
			s.refresh()
			s.say(s.u.T("Coupon %s taken off.", c.Code), true)
		})
		return
	}
	if len(sale.ActiveLines()) == 0 {
		s.say(s.u.T("The sale is empty: scan an article first."), false)
		return
	}
	d := &couponDialog{s: s, asking: widget.NewLabel("")}
	// The field has a wedge of its own: a code scanned into it (a newsletter's QR on a
	// phone) is the coupon's, not an article for the cart.
	w := NewWedge(func(code string) {
		d.code.SetText(code)
		d.modal.submit()
	})
	w.Later, w.Now, w.Capitals = s.wedge.Later, s.wedge.Now, true
	d.code = newScanEntry(w, nil)
	d.code.typed = s.u.typed
	d.code.SetPlaceHolder(s.u.T("Coupon code, e.g. NL-7K2Q-9XPM"))
	kb, toggle := newFoldingKeyboard(s.u, d.code, func() { d.modal.fit() })
	hint := widget.NewLabel(s.u.T("Type or scan the code printed on the coupon."))
	keys := container.NewGridWrap(s.u.size(120, keyHeight), toggle)
	body := container.NewVBox(hint, container.NewBorder(nil, nil, nil, keys, d.code), kb.content, d.asking)
	s.takingCoupon = d
	d.modal = s.modalWide(s.u.T("Coupon"), body, d.code, 640, d.apply)
	d.modal.stayOpen = func() bool { return true } // closed once the coupon is taken
	d.modal.onCancel = func() { s.takingCoupon = nil }
}

// apply asks the register to take the coupon typed, off the UI thread; OK and Cancel wait
// for its answer.
func (d *couponDialog) apply() error {
	s := d.s
	code := d.code.Text
	if pos.CouponCode(code) == "" {
		return pos.Errorf(pos.EINVALID, "Type or scan the coupon's code.")
	}
	d.modal.showError("")
	d.modal.setBusy(true)
	d.asking.SetText(s.u.T("Asking central…"))
	s.u.background(func() {
		off, err := s.r.ApplyCoupon(s.u.ctx, code)
		s.u.do(func() { d.applied(off, err) })
	})
	return nil
}

// applied shows the answer: a refusal's words stay in the dialog; a coupon taken closes it
// and the totals show what it took off.
func (d *couponDialog) applied(off pos.Money, err error) {
	s := d.s
	d.modal.setBusy(false)
	d.asking.SetText("")
	if err != nil {
		d.modal.showError(s.u.explain("apply coupon", err))
		s.u.win.Canvas().Focus(d.code)
		return
	}
	d.modal.close()
	s.takingCoupon = nil
	s.couponTaken(pos.CouponCode(d.code.Text), off)
}

// couponTaken shows the sale with the coupon's discount.
func (s *saleScreen) couponTaken(code string, off pos.Money) {
	s.u.log.Debug("coupon taken", "code", code, "off", off.String())
	s.refresh()
	s.say(s.u.T("Coupon %s: %s off", code, off), true)
}

// isCouponScan tells a scan that was a coupon the till knows, and takes it off the UI
// thread (online, central holds it first), showing what it took off or why not.
func (s *saleScreen) isCouponScan(err error) bool {
	var c *pos.CouponScanned
	if !errors.As(err, &c) {
		return false
	}
	s.say(s.u.T("Asking central…"), true)
	s.u.background(func() {
		off, err := s.r.ApplyCoupon(s.u.ctx, c.Code)
		s.u.do(func() {
			if err != nil {
				s.fail("apply coupon", err)
				return
			}
			s.couponTaken(c.Code, off)
		})
	})
	return true
}
