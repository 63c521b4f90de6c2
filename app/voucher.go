package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// voucherDialog pays part of the sale with a store-credit voucher: its code scanned (the
// QR on a return receipt) or typed, and the amount, or nothing for as much as it has up to
// what remains. The register checks it off the UI thread: online central holds the credit,
// which may take seconds.
type voucherDialog struct {
	p      *paymentPanel
	code   *scanEntry
	amount *scanEntry // empty: as much as the voucher has
	asking *widget.Label
	modal  *modal
}

// storeCredit opens the store-credit dialog over the payment.
func (p *paymentPanel) storeCredit() {
	s, u := p.s, p.s.u
	d := &voucherDialog{p: p, asking: widget.NewLabel("")}
	// Both fields have a wedge of their own: a voucher scanned into either is the voucher's
	// code, not an article kept for the next basket.
	scanned := func(code string) {
		d.code.SetText(code)
		d.modal.submit()
	}
	field := func(placeholder string) *scanEntry {
		w := NewWedge(scanned)
		w.Later, w.Now, w.Capitals = s.wedge.Later, s.wedge.Now, true
		e := newScanEntry(w, nil)
		e.typed = u.typed
		e.SetPlaceHolder(placeholder)
		return e
	}
	d.code = field(u.T("Voucher code, e.g. SC7QK2M9XPAB"))
	d.amount = field(u.w.Amount(s.r.Sale().Remaining()))
	kb, toggle := newFoldingKeyboard(u, d.code, func() { d.modal.fit() })
	d.code.focused = func() { kb.target = d.code }
	d.amount.focused = func() { kb.target = d.amount }
	hint := widget.NewLabel(u.T("Scan the QR code of the store-credit voucher, or type its code."))
	hint.Wrapping = fyne.TextWrapWord
	keys := container.NewGridWrap(u.size(120, keyHeight), toggle)
	body := container.NewVBox(hint, container.NewBorder(nil, nil, nil, keys, d.code),
		widget.NewLabel(u.T("Amount (empty: all it has, up to %s):", u.money(s.r.Sale().Remaining()))), d.amount,
		kb.content, d.asking)
	p.crediting = d
	d.modal = s.modalWide(u.w.Phrase(pos.TenderVoucher.Label()), body, d.code, 640, d.pay)
	d.modal.stayOpen = func() bool { return true } // closed once the register answered
	d.modal.onCancel = func() { p.crediting = nil }
	d.modal.bind(d.amount)
}

// pay asks the register to pay with the voucher typed, off the UI thread; OK and Cancel
// wait for its answer.
func (d *voucherDialog) pay() error {
	s := d.p.s
	code := pos.VoucherCode(d.code.Text)
	if code == "" {
		s.u.win.Canvas().Focus(d.code)
		return pos.Errorf(pos.EINVALID, "Type or scan the voucher's code.")
	}
	var amount pos.Money
	if text := strings.TrimSpace(d.amount.Text); text != "" {
		m, err := pos.ParseMoney(text)
		if err != nil {
			return err
		}
		if m <= 0 { // 0 would ask for all it has: not what was typed
			return pos.Errorf(pos.EINVALID, "Store credit pays from 0,01 to the %s that remains.", s.r.Sale().Remaining().Display())
		}
		amount = m
	}
	d.modal.showError("")
	d.modal.setBusy(true)
	d.asking.SetText(s.u.T("Asking central…"))
	s.u.background(func() {
		t, err := s.r.PayWithVoucher(s.u.ctx, code, amount)
		s.u.do(func() { d.paid(t, err) })
	})
	return nil
}

// paid shows the answer: a refusal's words stay in the dialog; credit taken closes it,
// and the payment goes on (or the sale completes, when the voucher paid the rest).
func (d *voucherDialog) paid(t pos.Tender, err error) {
	s := d.p.s
	d.modal.setBusy(false)
	d.asking.SetText("")
	if err != nil {
		d.modal.showError(s.u.explain("pay with voucher", err))
		s.u.win.Canvas().Focus(d.code)
		return
	}
	s.u.log.Debug("tender taken", "kind", t.Kind, "amount", t.Amount.String(), "voucher", t.Reference, "held", t.Hold != "")
	// This dialog closes before the payment below it may: Fyne hides the dialogs above one
	// that is hidden.
	d.modal.close()
	d.p.crediting = nil
	d.p.report(d.p.settle())
}
