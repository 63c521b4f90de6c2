package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// returnDialog takes goods back between sales: the receipt or order scanned or typed into
// its field, the purchase's lines as the return desk finds them, a quantity and a damaged
// toggle for each line that may go back now (the policy's reason beside each that may
// not), the reason, and the refund as it adds up. Finding and committing run off the UI
// thread: central may take seconds to answer.
type returnDialog struct {
	s      *saleScreen
	ref    *scanEntry
	asking *widget.Label
	// found is the text the purchase shown was found by: OK commits it while the field
	// still says so, and finds what the field says otherwise.
	found    string
	src      pos.Returnable
	rows     []*returnRow
	about    *widget.Label   // the purchase: its receipt or order, when it was bought
	lines    *fyne.Container // a returnRow's content per line
	purchase *fyne.Container // about, the lines and the reason, scrolled: shown once found
	footer   *fyne.Container // how it is refunded, and how much: always in sight once found
	reasons  reasonList
	reason   *reasonPicker
	refund   *widget.Label // the refund of what is chosen, and how it goes back
	keyboard *keyboard     // folded once a purchase is found: its lines need the room
	body     *fyne.Container
	// credit refunds as store credit (a voucher) rather than to the tender it was paid with.
	credit *widget.Check
	modal  *modal
}

// returnRow is a line of the purchase: what was bought and went back of it, and what
// comes back now.
type returnRow struct {
	line pos.ReturnableLine
	why  string // why it cannot go back now, in words: "" when it can
	qty  pos.Qty
	// The controls of a line that can go back.
	minus, amount, plus *touchKey
	damaged             *widget.Check
	refund              *widget.Label
}

// startReturn opens the return dialog; not while a basket is open, which is paid, parked
// or cancelled first.
func (s *saleScreen) startReturn() {
	if len(s.r.Sale().ActiveLines()) > 0 {
		s.say(s.u.T("A sale is open: pay, park or cancel it before taking goods back."), false)
		return
	}
	reasons, ok := s.reasonsOf(pos.ReasonReturn)
	if !ok {
		return
	}
	u := s.u
	d := &returnDialog{s: s, asking: widget.NewLabel(""), reasons: reasons, about: widget.NewLabel(""), refund: widget.NewLabel("")}
	d.about.TextStyle.Bold = true
	d.about.Wrapping = fyne.TextWrapWord
	d.refund.TextStyle.Bold = true
	d.refund.Wrapping = fyne.TextWrapWord
	d.credit = widget.NewCheck(u.T("Refund as store credit: a voucher for any till"), func(bool) { d.showRefund() })
	// The field has a wedge of its own: a receipt's QR scanned into it is the return's.
	w := NewWedge(d.scanned)
	w.Later, w.Now, w.Capitals = s.wedge.Later, s.wedge.Now, true
	d.ref = newScanEntry(w, nil)
	d.ref.typed = u.typed
	d.ref.SetPlaceHolder(u.T("Receipt's QR, STORE/TILL/NO or order number"))
	kb, toggle := newFoldingKeyboard(u, d.ref, func() { d.modal.fit() })
	d.keyboard = kb
	hint := widget.NewLabel(u.T("Scan the QR code on the receipt, or type the receipt (e.g. %s/%s/17) or the online order's number.",
		s.r.StoreInfo().ID, s.r.StoreInfo().TillID))
	hint.Wrapping = fyne.TextWrapWord
	keys := container.NewGridWrap(u.size(120, keyHeight), toggle)
	d.reason = s.reasonPickerOf(reasons)
	d.lines = container.NewVBox()
	d.purchase = container.NewVBox(widget.NewSeparator(), d.about, d.lines, widget.NewSeparator(),
		widget.NewLabel(u.T("Why do the goods come back? Tap the reason or type its number.")), d.reason.content)
	d.footer = container.NewVBox(widget.NewSeparator(), d.credit, d.refund)
	d.purchase.Hide()
	d.footer.Hide()
	top := container.NewVBox(hint, container.NewBorder(nil, nil, nil, keys, d.ref), kb.content, d.asking)
	d.body = container.NewBorder(top, d.footer, nil, nil, container.NewVScroll(d.purchase))
	s.returning = d
	// The window's height from the start: a purchase found fills it, and its lines scroll.
	d.modal = s.modalWide(u.T("Return"), d.body, d.ref, -760, d.ok)
	d.modal.stayOpen = func() bool { return true } // closed once the return is committed
	d.modal.onCancel = func() { s.returning = nil }
	d.modal.bind(d.reason.number)
}

// scanned takes a receipt's or an order's code scanned while the dialog is open, wherever
// the keyboard was: it is looked up at once.
func (d *returnDialog) scanned(code string) {
	if d.modal.busy {
		d.s.u.log.Debug("scan ignored: the return waits for an answer", "code", code)
		return
	}
	d.ref.SetText(code)
	if err := d.find(); err != nil {
		d.modal.showError(d.s.u.explain("find return", err))
	}
}

// ok finds the purchase the field names, or, once it is shown, commits its return.
func (d *returnDialog) ok() error {
	if d.found == "" || strings.TrimSpace(d.ref.Text) != d.found {
		return d.find()
	}
	return d.commit(nil)
}

// find asks the till for the purchase typed or scanned, off the UI thread (online it asks
// central); OK and Cancel wait for its answer.
func (d *returnDialog) find() error {
	s := d.s
	text := strings.TrimSpace(d.ref.Text)
	if text == "" {
		return pos.Errorf(pos.EINVALID, "Scan or type the receipt or the order first.")
	}
	d.found = ""
	d.purchase.Hide()
	d.footer.Hide()
	d.body.Refresh()
	d.modal.showError("")
	d.modal.setBusy(true)
	d.asking.SetText(s.u.T("Asking central…"))
	s.u.background(func() {
		src, err := s.u.till.FindReturnable(s.u.ctx, text)
		var policy pos.ReturnsPolicy
		if err == nil {
			policy, err = s.u.till.Returns().CurrentPolicy(s.u.ctx)
		}
		s.u.do(func() { d.show(text, src, policy, err) })
	})
	return nil
}

// show shows the purchase found, each line with what may go back of it under the policy
// in force; a purchase not found, or refused, is told in the dialog's words.
func (d *returnDialog) show(text string, src pos.Returnable, policy pos.ReturnsPolicy, err error) {
	s, u := d.s, d.s.u
	d.modal.setBusy(false)
	d.asking.SetText("")
	if err != nil {
		d.modal.showError(u.explain("find return", err))
		u.win.Canvas().Focus(d.ref)
		return
	}
	d.src, d.found = src, text
	now := u.till.Returns().Now()
	about := u.T("%s, bought %s", src.Label, u.w.DateTime(src.At.Local()))
	if !src.Online {
		about += "\n" + u.T("Central cannot be reached: this is the till's own copy of the receipt.")
	}
	d.about.SetText(about)
	d.rows = nil
	d.lines.Objects = nil
	for _, l := range src.Lines {
		r := &returnRow{line: l}
		if why := policy.CheckLine(src, l, now); why != nil {
			r.why = u.w.Error(why)
		}
		d.rows = append(d.rows, r)
		d.lines.Add(d.rowContent(r))
	}
	d.lines.Refresh()
	d.reason.number.SetText("")
	// Offline, the policy may refund as store credit only: offered so (the desk decides).
	d.credit.SetChecked(!src.Online && policy.OfflineCreditOnly)
	d.showRefund()
	d.purchase.Show()
	d.footer.Show()
	d.keyboard.content.Hide()
	d.body.Refresh() // lays out what was hidden
	d.modal.fit()
	s.u.log.Debug("return source shown", "source", src.Label, "lines", len(src.Lines), "online", src.Online)
}

// rowContent lays out a line: its name, what was bought and paid, what went back already,
// then either why it cannot go back or the keys that choose how much comes back.
func (d *returnDialog) rowContent(r *returnRow) fyne.CanvasObject {
	u, l := d.s.u, r.line
	name := widget.NewLabelWithStyle(l.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	bought := u.T("Bought %s for %s", u.w.Qty(l.Qty, l.Unit), u.money(l.Amount))
	if l.Unit == pos.UnitPiece && l.Left() >= pos.Pieces(1) {
		bought = u.T("Bought %s for %s, %s each", u.w.Qty(l.Qty, l.Unit), u.money(l.Amount), u.money(l.RefundOf(pos.Pieces(1))))
	}
	box := container.NewVBox(name, widget.NewLabel(bought))
	if l.Returned > 0 && r.why == "" {
		where := widget.NewLabel(u.T("Returned before: %s", strings.Join(l.Where, "; ")))
		where.Wrapping = fyne.TextWrapWord
		box.Add(where)
	}
	if r.why != "" {
		why := widget.NewLabel(r.why)
		why.Wrapping = fyne.TextWrapWord
		why.Importance = widget.DangerImportance
		box.Add(why)
		return box
	}
	r.minus = newTouchKey(u, "−", "", false, func() { d.step(r, -1) })
	r.plus = newTouchKey(u, "+", "", false, func() { d.step(r, 1) })
	r.amount = newTouchKey(u, "", "", false, func() { d.askAmount(r) })
	r.damaged = widget.NewCheck(u.T("Damaged"), nil)
	r.refund = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	key := func(k *touchKey, w float32) fyne.CanvasObject { return container.NewGridWrap(u.size(w, keyHeight), k) }
	keys := container.NewHBox(key(r.minus, 70), key(r.amount, 120), key(r.plus, 70))
	box.Add(container.NewBorder(nil, nil, container.NewHBox(keys, r.damaged), nil, r.refund))
	d.showQty(r)
	return box
}

// step takes a piece more or less back; a weighed line comes back whole or not at all
// (a part of it is typed as its weight).
func (d *returnDialog) step(r *returnRow, dir int) {
	l := r.line
	switch {
	case l.Unit != pos.UnitPiece && dir > 0:
		r.qty = l.Left()
	case l.Unit != pos.UnitPiece:
		r.qty = 0
	default:
		r.qty = min(max(r.qty+pos.Qty(dir)*pos.Pieces(1), 0), l.Left())
	}
	d.s.u.log.Debug("return line chosen", "line", l.Line, "qty", int64(r.qty))
	d.showQty(r)
	d.showRefund()
}

// askAmount asks how much of a line comes back, on a number pad: pieces, or a weight in kg.
func (d *returnDialog) askAmount(r *returnRow) {
	u, l := d.s.u, r.line
	d.s.askQty(u.T("How much of %s comes back (%s)?", l.Name, u.w.Unit(l.Unit)), u.w.Number(r.qty, l.Unit), func(q pos.Qty) error {
		if q > l.Left() {
			return pos.Errorf(pos.EINVALID, "At most %s of %s can go back.", u.w.Qty(l.Left(), l.Unit), l.Name)
		}
		r.qty = q
		d.showQty(r)
		d.showRefund()
		return nil
	})
}

// showQty shows what comes back of a line and what it refunds.
func (d *returnDialog) showQty(r *returnRow) {
	u := d.s.u
	r.amount.SetLabel(u.w.Qty(r.qty, r.line.Unit))
	r.minus.SetEnabled(r.qty > 0)
	r.plus.SetEnabled(r.qty < r.line.Left())
	r.refund.SetText(u.money(r.line.RefundOf(r.qty)))
}

// showRefund shows the refund of what is chosen, and how it goes back.
func (d *returnDialog) showRefund() {
	var total pos.Money
	for _, r := range d.rows {
		total += r.line.RefundOf(r.qty)
	}
	d.refund.SetText(d.s.u.T("Refund: %s, paid back as %s", d.s.u.money(total), refundText(d.s.u, pos.RefundTo(d.src, total, d.credit.Checked))))
}

// request is the return as chosen: the lines, each back on the shelf unless damaged, and
// the reason's code.
func (d *returnDialog) request() (pos.ReturnRequest, error) {
	req := pos.ReturnRequest{Source: d.src, Reason: d.reasons.code(d.reason), Credit: d.credit.Checked}
	for _, r := range d.rows {
		if r.qty > 0 {
			req.Lines = append(req.Lines, pos.ReturnLine{Line: r.line.Line, Qty: r.qty, Resellable: !r.damaged.Checked})
		}
	}
	switch {
	case len(req.Lines) == 0:
		return req, pos.Errorf(pos.EINVALID, "Choose the lines that come back.")
	case req.Reason == "":
		d.s.u.win.Canvas().Focus(d.reason.number)
		return req, pos.Errorf(pos.EINVALID, "Choose why the goods come back: the return receipt prints it.")
	}
	return req, nil
}

// commit commits the return off the UI thread (online, central holds the quantities
// first); approver is the manager who approved a refund over the policy's limit.
func (d *returnDialog) commit(approver *pos.Staff) error {
	s := d.s
	req, err := d.request()
	if err != nil {
		return err
	}
	cashier, _ := s.r.Cashier()
	if approver == nil && cashier.IsManager() {
		approver = &cashier
	}
	req.Approver = approver
	d.modal.showError("")
	d.modal.setBusy(true)
	if d.src.Online {
		d.asking.SetText(s.u.T("Asking central…"))
	} else {
		d.asking.SetText(s.u.T("Saving the return…"))
	}
	s.u.background(func() {
		r, err := s.u.till.Returns().Return(s.u.ctx, cashier, req)
		s.u.do(func() { d.committed(req, r, err) })
	})
	return nil
}

// committed shows the answer: a refusal's words stay in the dialog, a refund over the
// limit asks for a manager's PIN and is committed again; a return committed closes the
// dialog, says what to pay back, and the till hands it over (drawer, receipt).
func (d *returnDialog) committed(req pos.ReturnRequest, r *pos.Return, err error) {
	s, u := d.s, d.s.u
	d.modal.setBusy(false)
	d.asking.SetText("")
	if pos.ErrorCode(err) == pos.EFORBIDDEN && req.Approver == nil {
		d.modal.showError(u.explain("return", err))
		s.withManager(u.T("Return"), func(manager pos.Staff) {
			if err := d.commit(&manager); err != nil {
				d.modal.showError(u.explain("return", err))
			}
		})
		return
	}
	if err != nil {
		d.modal.showError(u.explain("return", err))
		return
	}
	d.modal.close()
	s.returning = nil
	msg := u.T("Return %d: refund %s (%s)", int64(r.ReturnNo), u.money(r.Total()), refundText(u, r.Refund))
	u.log.Debug("return committed", "return", r.ID, "no", r.ReturnNo, "refund", r.Total().String())
	s.say(msg, true)
	u.background(func() {
		warning, err := u.till.HandOverReturn(u.ctx, r)
		u.do(func() {
			s.refreshDevices()
			switch {
			case err != nil:
				s.fail("hand over return", err)
			case warning != "":
				s.say(msg+" "+u.T(warning), true)
			}
		})
	})
}

// refundText names how a refund goes back: "Card T-9", "Cash", "Refund to the online
// payment", "Store credit voucher 7QK2-…".
func refundText(u *UI, refund []pos.Tender) string {
	var ways []string
	for _, t := range refund {
		way := u.w.Phrase(t.Kind.Label())
		if t.Reference != "" && (t.Kind == pos.TenderCard || t.Kind == pos.TenderCredit) {
			way += " " + t.Reference
		}
		ways = append(ways, way)
	}
	return strings.Join(ways, ", ")
}
