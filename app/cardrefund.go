package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// cardRefunds are the refunds to cards of a return: the cashier makes each on the
// terminal before the return is committed.
func cardRefunds(refund []pos.Tender) []pos.Tender {
	var cards []pos.Tender
	for _, t := range refund {
		if t.Kind == pos.TenderCard {
			cards = append(cards, t)
		}
	}
	return cards
}

// askCardRefunds asks the cashier to refund each card on the terminal, central holding
// the return meanwhile: Enter says the terminal approved (its approval codes typed, or
// not), and the return is committed; Esc says it did not, and nothing is returned.
func (d *returnDialog) askCardRefunds(req pos.ReturnRequest, r *pos.Return) {
	s, u := d.s, d.s.u
	d.modal.setBusy(false)
	d.asking.SetText("")
	body := container.NewVBox()
	codes := map[string]*scanEntry{}
	var first *scanEntry
	for _, t := range cardRefunds(r.Refund) {
		e := s.field(u.T("Approval code of the refund (optional)"), "")
		codes[t.Reference] = e
		if first == nil {
			first = e
		}
		what := u.T("Refund %s to the card on the terminal.", u.money(t.Amount))
		if t.Reference != "" {
			what = u.T("Refund %s to the card paid with approval %s on the terminal.", u.money(t.Amount), t.Reference)
		}
		l := widget.NewLabel(what)
		l.Wrapping = fyne.TextWrapWord
		body.Add(l)
		body.Add(e)
	}
	body.Add(widget.NewLabel(u.T("Did the terminal approve it? Enter: approved, Esc: declined.")))
	var m *modal
	m = s.modal(u.T("Card refund"), body, first, func() error {
		approvals := map[string]string{}
		for ref, e := range codes {
			approvals[ref] = e.Text
		}
		m.close()
		d.commitRefunded(req, r, approvals) // busy, and saying so, until it is saved
		return nil
	})
	for _, e := range codes {
		m.bind(e)
	}
	m.onCancel = func() {
		u.background(func() { u.till.Returns().Abandon(u.ctx, r) })
		d.modal.showError(u.T("The refund to the card was not made: nothing was returned. Refund as store credit, or try again."))
	}
}

// commitRefunded commits a return whose cards the terminal has refunded, off the UI
// thread. The money is out: a commit that fails (a full disk) keeps the return and
// central's hold, and OK commits it again.
func (d *returnDialog) commitRefunded(req pos.ReturnRequest, r *pos.Return, approvals map[string]string) {
	u := d.s.u
	d.refunded, d.approvals = r, approvals
	d.modal.setBusy(true)
	d.asking.SetText(u.T("Saving the return…"))
	u.background(func() {
		err := u.till.Returns().Commit(u.ctx, r, approvals)
		u.do(func() {
			if err != nil {
				d.modal.setBusy(false)
				d.asking.SetText("")
				u.log.Error("card refunded, return not saved", "return", r.ID, "err", err)
				d.modal.showError(u.T("The card was refunded, but the return is not saved: %s Press OK to save it again.", u.explain("return", err)))
				return
			}
			d.refunded = nil
			d.committed(req, r, nil, false)
		})
	})
}
