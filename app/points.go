package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// pointsDialog pays part of the sale with the customer's loyalty points: what the till
// knows of their balance, and the points to redeem (at most what pays the rest, when
// nothing is typed). Central is asked to hold them off the UI thread.
type pointsDialog struct {
	p      *paymentPanel
	offer  pos.PointsOffer
	count  *scanEntry
	pays   *widget.Label // what the points typed pay, as they are typed
	asking *widget.Label
	modal  *modal
}

// points opens the points dialog for the sale's customer.
func (p *paymentPanel) points() {
	s := p.s
	offer, err := s.r.OfferPoints(s.u.ctx)
	if err != nil {
		p.report(err)
		return
	}
	u := s.u
	d := &pointsDialog{p: p, offer: offer, pays: widget.NewLabel(""), asking: widget.NewLabel("")}
	d.count = s.field(groupedPoints(u, offer.UpTo), "")
	d.count.OnChanged = func(string) { d.showPays() }
	balance := u.T("Balance: %s", pointsText(u, offer.State.Balance()))
	if asOf := offer.State.AsOf; asOf.IsZero() {
		balance += ", " + u.T("not synced with central yet")
	} else {
		balance += ", " + u.T("as of %s", clockOrDate(u, asOf, s.r.Now()))
	}
	name := widget.NewLabelWithStyle(offer.Customer.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVBox(name, widget.NewLabel(balance), widget.NewLabel(u.T("1 point pays %s", u.money(offer.Rules.PointValue))),
		widget.NewLabel(u.T("Points to redeem (Enter alone: %s):", groupedPoints(u, offer.UpTo))), d.count, d.pays, numPad(u, d.count), d.asking)
	d.modal = s.modal(u.T("Pay with points"), body, d.count, d.redeem)
	d.modal.stayOpen = func() bool { return true } // closed once central answered
	d.modal.onCancel = func() { p.redeeming = nil }
	p.redeeming = d
	d.showPays()
}

// typed is the number of points typed, or UpTo when nothing is.
func (d *pointsDialog) typed() (int64, error) {
	text := strings.Join(strings.Fields(d.count.Text), "") // "1 234" as the hint writes it
	if text == "" {
		return d.offer.UpTo, nil
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 0 {
		return 0, pos.Errorf(pos.EINVALID, "%q is not a number of points: type a whole number, e.g. 300.", d.count.Text)
	}
	return n, nil
}

// showPays tells what the points typed pay.
func (d *pointsDialog) showPays() {
	u := d.p.s.u
	n, err := d.typed()
	value, ok := d.offer.Rules.ValueOf(n)
	if err != nil || !ok {
		d.pays.SetText("")
		return
	}
	d.pays.SetText(u.N("%[2]s points pay %[3]s", int(n), groupedPoints(u, n), u.money(value)))
}

// redeem asks the register to redeem the points typed, off the UI thread (central may take
// seconds to answer); OK and Cancel wait for its answer.
func (d *pointsDialog) redeem() error {
	n, err := d.typed()
	if err != nil {
		return err
	}
	s := d.p.s
	d.modal.error.SetText("")
	d.modal.setBusy(true)
	d.asking.SetText(s.u.T("Asking central…"))
	s.u.background(func() {
		t, err := s.r.RedeemPoints(s.u.ctx, n)
		s.u.do(func() { d.redeemed(t, err) })
	})
	return nil
}

// redeemed shows central's answer: the words of a refusal, in the dialog; points taken
// close it, and the payment goes on (or the sale completes, when they paid the rest).
func (d *pointsDialog) redeemed(t pos.Tender, err error) {
	s := d.p.s
	d.modal.setBusy(false)
	d.asking.SetText("")
	if err != nil {
		d.modal.error.SetText(s.u.explain("redeem points", err))
		return
	}
	s.u.log.Debug("tender taken", "kind", t.Kind, "points", t.Points, "amount", t.Amount.String(), "held", t.Reference != "")
	// This dialog closes before the payment below it may: Fyne hides the dialogs above one
	// that is hidden.
	d.modal.close()
	d.p.redeeming = nil
	d.p.report(d.p.settle())
}

// pointsText is a number of points as the cashier reads it: "1 234 points".
func pointsText(u *UI, n int64) string {
	return u.N("%[2]s points", int(n), groupedPoints(u, n))
}

// groupedPoints writes a number of points with the store's grouping: "1 234".
func groupedPoints(u *UI, n int64) string { return u.w.Locale.Number(n, 0) }

// clockOrDate is the time of day of t, or its date and time when it is not the day of now.
func clockOrDate(u *UI, t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return u.w.DateTime(t)
}
