package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// paymentPanel takes one or more tenders (split payment) until the sale is paid, then
// commits it. Enter pays the typed amount in cash.
type paymentPanel struct {
	s      *saleScreen
	due    *canvas.Text
	paid   *widget.Label
	amount *scanEntry
	modal  *modal
}

func (s *saleScreen) pay() {
	if len(s.r.Sale().ActiveLines()) == 0 {
		s.say("The sale is empty: scan an article first.", false)
		return
	}
	p := &paymentPanel{s: s, paid: widget.NewLabel(""), amount: s.field("Amount", "")}
	p.due = canvas.NewText("", colorBar)
	p.due.TextSize, p.due.TextStyle = 34, fyne.TextStyle{Bold: true}
	notes := container.NewGridWithColumns(4)
	for _, n := range []pos.Money{2000, 5000, 10000, 20000} {
		notes.Add(&widget.Button{Text: n.Display(), OnTapped: func() { p.tender(pos.TenderCash, n) }})
	}
	buttons := container.NewGridWithColumns(2,
		&widget.Button{Text: "Cash  [Enter]", Importance: widget.HighImportance, OnTapped: p.cash},
		&widget.Button{Text: "Card  [F11]", Importance: widget.HighImportance, OnTapped: p.card},
		&widget.Button{Text: "Exact cash  [F10]", OnTapped: p.exact},
		&widget.Button{Text: "Cancel payment", OnTapped: p.cancel})
	body := container.NewVBox(p.due, p.paid, widget.NewLabel("Amount received:"), p.amount, notes, buttons)
	s.paying = p
	p.modal = s.modal("Payment", body, p.amount, func() error { return p.tenderText(pos.TenderCash) })
	p.amount.keys = func(k *fyne.KeyEvent) bool {
		switch k.Name {
		case fyne.KeyF10:
			p.exact()
		case fyne.KeyF11:
			p.card()
		case fyne.KeyEscape:
			p.cancel()
		default:
			return false
		}
		return true
	}
	p.show()
}

func (p *paymentPanel) show() {
	sale := p.s.r.Sale()
	p.due.Text = fmt.Sprintf("To pay: %s %s", sale.Remaining().Display(), sale.Currency)
	p.due.Refresh()
	paid := ""
	for _, t := range sale.Tenders {
		paid += fmt.Sprintf("%s %s   ", t.Kind.Label(), t.Amount.Display())
	}
	p.paid.SetText("Total " + sale.Total().Display() + "   " + paid)
	p.amount.SetText(sale.Remaining().Display())
}

func (p *paymentPanel) cash() { p.report(p.tenderText(pos.TenderCash)) }

func (p *paymentPanel) exact() { p.tender(pos.TenderCash, p.s.r.Sale().Remaining()) }

func (p *paymentPanel) report(err error) {
	if err != nil {
		logError("payment", err)
		p.modal.error.SetText(pos.ErrorMessage(err))
	}
}

func (p *paymentPanel) tenderText(kind pos.TenderKind) error {
	m, err := pos.ParseMoney(p.amount.Text)
	if err != nil {
		return err
	}
	return p.take(pos.Tender{Kind: kind, Amount: m})
}

func (p *paymentPanel) tender(kind pos.TenderKind, m pos.Money) {
	p.report(p.take(pos.Tender{Kind: kind, Amount: m}))
}

// card asks the cashier to confirm the external terminal approved the payment.
func (p *paymentPanel) card() {
	m, err := pos.ParseMoney(p.amount.Text)
	if err != nil {
		p.report(err)
		return
	}
	ref := widget.NewEntry()
	ref.SetPlaceHolder("Approval code from the terminal slip (optional)")
	msg := widget.NewLabel(fmt.Sprintf("Charge %s on the card terminal.\nDid the terminal approve it?", m.Display()))
	dialog.ShowCustomConfirm("Card payment", "Approved", "Declined", container.NewVBox(msg, ref), func(ok bool) {
		if !ok {
			p.report(pos.Errorf(pos.ECONFLICT, "Card declined: take another card or cash."))
			return
		}
		p.report(p.take(pos.Tender{Kind: pos.TenderCard, Amount: m, Reference: ref.Text}))
	}, p.s.u.win)
}

// take records a tender and completes the sale once it is paid.
func (p *paymentPanel) take(t pos.Tender) error {
	if err := p.s.r.AddTender(t); err != nil {
		return err
	}
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

func (p *paymentPanel) cancel() {
	p.s.r.CancelPayment()
	p.modal.close()
	p.s.paying = nil
	p.s.refresh()
	p.s.say("Payment cancelled: the basket is as it was.", true)
}
