package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// paymentPanel takes one or more tenders (split payment) until the sale is paid, then
// commits it. Enter pays the typed amount in cash.
type paymentPanel struct {
	s          *saleScreen
	due        *canvas.Text
	paid       *widget.Label
	amount     *scanEntry
	modal      *modal
	cardDialog *modal         // the open card confirmation
	pointsKey  *touchKey      // for a sale with a customer only
	redeeming  *pointsDialog  // the open points dialog
	crediting  *voucherDialog // the open store-credit dialog
}

func (s *saleScreen) pay() {
	sale := s.r.Sale()
	switch {
	case len(sale.ActiveLines()) == 0:
		s.say(s.u.T("The sale is empty: scan an article first."), false)
		return
	case s.renewing:
		return // central is asked already; the payment opens with its answer
	case sale.Exchange != nil && sale.Exchange.Reservation && len(sale.Tenders) == 0:
		// The goods taken back are held at central for a while only: held again from now,
		// before they pay for anything.
		s.renewing = true
		s.say(s.u.T("Asking central…"), true)
		s.u.background(func() {
			err := s.r.RefreshExchange(s.u.ctx)
			s.u.do(func() {
				s.renewing = false
				if err != nil {
					s.refresh()
					s.fail("renew exchange", err)
					return
				}
				s.openPayment()
			})
		})
		return
	}
	s.openPayment()
}

// openPayment opens the payment dialog for the sale as it is.
func (s *saleScreen) openPayment() {
	if s.payment == nil {
		s.payment = s.newPaymentPanel()
	}
	p := s.payment
	s.paying = p
	p.amount.SetText("")
	p.modal.open()
	p.show()
}

// newPaymentPanel builds the payment dialog, once: it is opened again for every sale.
func (s *saleScreen) newPaymentPanel() *paymentPanel {
	p := &paymentPanel{s: s, paid: widget.NewLabel(""), amount: s.field(s.u.T("Amount"), "")}
	p.due = canvas.NewText("", colorBar)
	p.due.TextStyle = fyne.TextStyle{Bold: true}
	s.u.sized(func() { p.due.TextSize = s.u.px(34) })
	// Notes to tap, the pad to type an amount, and the other tenders.
	notes := container.NewGridWithColumns(1)
	for _, n := range []pos.Money{2000, 5000, 10000, 20000} {
		notes.Add(newTouchKey(s.u, s.u.w.Amount(n), "", false, func() { p.tender(pos.TenderCash, n) }))
	}
	p.pointsKey = newTouchKey(s.u, s.u.w.Phrase(pos.TenderPoints.Label()), "F9", false, p.points)
	tenders := container.NewGridWithColumns(4,
		newTouchKey(s.u, s.u.T("Card"), "F11", true, p.card),
		newTouchKey(s.u, s.u.T("Exact cash"), "F10", false, p.exact),
		p.pointsKey,
		newTouchKey(s.u, s.u.w.Phrase(pos.TenderVoucher.Label()), "F8", false, p.storeCredit))
	body := container.NewVBox(p.due, p.paid, widget.NewLabel(s.u.T("Amount received (Enter: cash):")), p.amount,
		container.NewBorder(nil, nil, nil, container.NewGridWrap(s.u.size(110, 4*keyHeight+15), notes), numPad(s.u, p.amount)), tenders)
	p.modal = s.newModal(s.u.T("Payment"), body, p.amount, 520, func() error { return p.tenderText(pos.TenderCash) })
	p.modal.ok.SetLabel(s.u.T("Cash"))
	p.modal.cancelKey.SetLabel(s.u.T("Cancel payment"))
	p.modal.stayOpen = func() bool { return s.paying == p } // open until the sale is committed
	p.modal.onCancel = p.cancelled
	own := p.amount.keys // Esc and Enter, as the dialog bound them
	p.amount.keys = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyF8:
			p.storeCredit()
		case fyne.KeyF9:
			p.points()
		case fyne.KeyF10:
			p.exact()
		case fyne.KeyF11:
			p.card()
		default:
			return own(k)
		}
		return true
	}
	return p
}

func (p *paymentPanel) show() {
	sale := p.s.r.Sale()
	u := p.s.u
	p.due.Text = u.T("To pay: %s", u.money(sale.Remaining()))
	switch {
	case sale.ExchangeRefund() > 0:
		p.due.Text = u.T("To pay back: %s. Enter saves the sale", u.money(sale.ExchangeRefund()))
	case sale.Remaining() == 0:
		p.due.Text = u.T("Paid: press Enter to save the sale")
	}
	p.due.Refresh()
	paid := ""
	if credit := sale.ExchangeCredit(); credit > 0 {
		paid += u.w.Phrase(pos.TenderExchange.Label()) + " " + u.w.Amount(credit) + "   "
	}
	for _, t := range sale.Tenders {
		paid += tenderText(u, t) + "   "
	}
	p.paid.SetText(u.T("Total %s", sale.Total()) + "   " + paid)
	p.pointsKey.SetEnabled(sale.Customer != nil)
	// The amount due is a hint, not text: what the cashier types replaces it, and Enter on
	// an empty field takes it.
	p.amount.SetText("")
	p.amount.SetPlaceHolder(u.w.Amount(sale.Remaining()))
}

// amountText is the amount typed, or the amount due when nothing is.
func (p *paymentPanel) amountText() string {
	if t := strings.TrimSpace(p.amount.Text); t != "" {
		return t
	}
	return p.s.r.Sale().Remaining().Display()
}

func (p *paymentPanel) cash() { p.report(p.tenderText(pos.TenderCash)) }

func (p *paymentPanel) exact() { p.tender(pos.TenderCash, p.s.r.Sale().Remaining()) }

func (p *paymentPanel) report(err error) {
	if err != nil {
		p.modal.error.SetText(p.s.u.explain("payment", err))
	}
}

func (p *paymentPanel) tenderText(kind pos.TenderKind) error {
	m, err := pos.ParseMoney(p.amountText())
	if err != nil {
		return err
	}
	sale := p.s.r.Sale()
	if due := sale.Remaining(); kind == pos.TenderCash && due > 0 && m > due+sale.Currency.LargestNote() {
		// More than the amount due and the largest note: ask before giving that change.
		q := p.s.confirm(p.s.u.T("Take %s in cash?", m), p.s.u.T("%s is due: the change would be %s. Enter takes it, Esc lets you type the amount again.",
			due, m-due), func() { p.report(p.take(pos.Tender{Kind: kind, Amount: m})) })
		q.onCancel = func() { p.amount.SetText("") }
		return nil
	}
	return p.take(pos.Tender{Kind: kind, Amount: m})
}

func (p *paymentPanel) tender(kind pos.TenderKind, m pos.Money) {
	p.report(p.take(pos.Tender{Kind: kind, Amount: m}))
}

// card asks the cashier to confirm the external terminal approved the payment: Enter says
// approved, Esc declined.
func (p *paymentPanel) card() {
	m, err := pos.ParseMoney(p.amountText())
	if err != nil {
		p.report(err)
		return
	}
	ref := p.s.field(p.s.u.T("Approval code from the terminal slip (optional)"), "")
	msg := widget.NewLabel(p.s.u.T("Charge %s on the card terminal.\nDid the terminal approve it? Enter: approved, Esc: declined.", m))
	var d *modal
	d = p.s.modal(p.s.u.T("Card payment"), container.NewVBox(msg, ref), ref, func() error {
		// This dialog closes before the payment below it may: Fyne hides the dialogs above
		// one that is hidden.
		d.close()
		p.cardDialog = nil
		p.report(p.take(pos.Tender{Kind: pos.TenderCard, Amount: m, Reference: ref.Text}))
		return nil
	})
	p.cardDialog = d
	d.onCancel = func() {
		p.cardDialog = nil
		p.report(pos.Errorf(pos.ECONFLICT, "Card declined: take another card or cash."))
	}
}

// tenderText is a tender taken, as the payment and the receipt's preview list it:
// "Cash 10,00", "Points 300: 3,00 zł", "Store credit SC7QK2M9XPAB: 12,34".
func tenderText(u *UI, t pos.Tender) string {
	switch t.Kind {
	case pos.TenderPoints:
		return u.T("Points %d: %s", t.Points, u.money(t.Amount))
	case pos.TenderVoucher:
		return u.T("Store credit %s: %s", t.Reference, u.w.Amount(t.Amount))
	}
	return u.w.Phrase(t.Kind.Label()) + " " + u.w.Amount(t.Amount)
}

// take records a tender and completes the sale once it is paid. A sale already paid whose
// commit failed (a full disk) takes no new tender: it is only saved again.
func (p *paymentPanel) take(t pos.Tender) error {
	if p.s.r.Sale().Remaining() > 0 {
		if err := p.s.r.AddTender(t); err != nil {
			return err
		}
		p.s.u.log.Debug("tender taken", "kind", t.Kind, "amount", t.Amount.String())
	}
	return p.settle()
}

// settle completes the sale once its tenders pay it; until then the panel shows what
// remains.
func (p *paymentPanel) settle() error {
	p.modal.error.SetText("")
	if p.s.r.Sale().Remaining() > 0 {
		p.show()
		return nil
	}
	sale, err := p.s.r.Complete(p.s.u.ctx)
	if err != nil {
		// The basket and its tenders stay: the cashier can try again once the cause is fixed.
		p.show()
		return err
	}
	p.modal.close()
	p.s.paying = nil
	p.s.completed(sale)
	return nil
}

// cancelled takes back the tenders when the cashier cancels the payment.
func (p *paymentPanel) cancelled() {
	p.s.r.CancelPayment()
	p.s.paying = nil
	p.s.refresh()
	p.s.say(p.s.u.T("Payment cancelled: the basket is as it was."), true)
}
