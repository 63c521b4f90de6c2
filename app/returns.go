package app

import (
	"errors"
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
	// exchangeKey takes the goods back against a new sale rather than refunding them;
	// exchangeOnly: a sale is open, so the goods can only pay for it.
	exchangeKey  *touchKey
	exchangeOnly bool
	// current is the row the keyboard chooses for (↑ ↓), -1 when none can go back.
	current int
	// refunded is a return whose cards the terminal refunded but which is not saved yet (a
	// failing disk): OK saves it again, with approvals.
	refunded  *pos.Return
	approvals map[string]string
	modal     *modal
}

// returnRow is a line of the purchase: what was bought and went back of it, and what
// comes back now.
type returnRow struct {
	line pos.ReturnableLine
	why  string // why it cannot go back now, in words: "" when it can
	qty  pos.Qty
	name *widget.Label
	// The controls of a line that can go back.
	minus, amount, plus *touchKey
	damaged             *widget.Check
	refund              *widget.Label
}

// startReturn opens the return dialog. While a sale is open the goods brought back can
// only pay for it (an exchange); a sale that takes goods back already offers to give them
// back to the customer.
func (s *saleScreen) startReturn() {
	sale := s.r.Sale()
	switch {
	case len(sale.Tenders) > 0:
		s.say(s.u.T("Payment has started: cancel the payment before taking goods back."), false)
		return
	case sale.Exchange != nil:
		s.confirm(s.u.T("Give the goods back to the customer?"), s.u.T("The sale goes on without the goods taken back in exchange."), func() {
			if err := s.r.CancelExchange(); err != nil {
				s.fail("cancel exchange", err)
				return
			}
			s.refresh()
			s.say(s.u.T("Exchange cancelled: the goods go back to the customer."), true)
		})
		return
	}
	reasons, ok := s.reasonsOf(pos.ReasonReturn)
	if !ok {
		return
	}
	u := s.u
	d := &returnDialog{s: s, asking: widget.NewLabel(""), reasons: reasons, about: widget.NewLabel(""), refund: widget.NewLabel(""),
		exchangeOnly: len(sale.ActiveLines()) > 0}
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
	d.ref.SetPlaceHolder(u.T("Receipt's QR, STORE/TILL/NO, order number, or customer's card, e-mail or phone"))
	kb, toggle := newFoldingKeyboard(u, d.ref, func() { d.modal.fit() })
	d.keyboard = kb
	hint := widget.NewLabel(u.T("Scan the QR code on the receipt, or type the receipt (e.g. %s/%s/17), the online order's number, or the customer's card, e-mail or phone.",
		s.r.StoreInfo().ID, s.r.StoreInfo().TillID))
	hint.Wrapping = fyne.TextWrapWord
	noReceipt := newTouchKey(u, u.T("No receipt"), "F6", false, func() {
		d.modal.close()
		s.returning = nil
		s.startNoReceipt()
	})
	if d.exchangeOnly {
		noReceipt.Hide() // goods without a receipt are refunded as store credit, not exchanged
	}
	keys := container.NewHBox(container.NewGridWrap(u.size(120, keyHeight), noReceipt), container.NewGridWrap(u.size(120, keyHeight), toggle))
	d.reason = s.reasonPickerOf(reasons)
	d.lines = container.NewVBox()
	keysHint := widget.NewLabel(u.T("Keyboard: ↑ ↓ choose a line, → ← how much comes back, Insert marks it damaged."))
	keysHint.Wrapping = fyne.TextWrapWord
	keysHint.Importance = widget.LowImportance
	d.purchase = container.NewVBox(widget.NewSeparator(), d.about, d.lines, keysHint, widget.NewSeparator(),
		widget.NewLabel(u.T("Why do the goods come back? Tap the reason or type its number.")), d.reason.content)
	d.exchangeKey = newTouchKey(u, u.T("Exchange for new goods"), "F7", false, func() {
		if err := d.commit(nil, true); err != nil {
			d.modal.showError(u.explain("exchange", err))
		}
	})
	exchange := container.NewGridWrap(u.size(260, keyHeight), d.exchangeKey)
	if d.exchangeOnly {
		exchange.Hide() // OK takes the goods in exchange
	}
	d.footer = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, exchange, d.credit), d.refund)
	d.purchase.Hide()
	d.footer.Hide()
	top := container.NewVBox(hint, container.NewBorder(nil, nil, nil, keys, d.ref), kb.content, d.asking)
	d.body = container.NewBorder(top, d.footer, nil, nil, container.NewVScroll(d.purchase))
	s.returning = d
	// The window's height from the start: a purchase found fills it, and its lines scroll.
	title := u.T("Return")
	if d.exchangeOnly {
		title = u.T("Goods back in exchange")
	}
	d.modal = s.modalWide(title, d.body, d.ref, -760, d.ok)
	d.modal.stayOpen = func() bool { return true } // closed once the return is committed
	d.modal.onCancel = func() {
		s.returning = nil
		if r := d.refunded; r != nil { // the card was refunded: the log keeps what is owed
			u.log.Error("return given up after its card refund", "return", r.ID, "source", r.Source.Label, "refund", r.Total().String())
			u.background(func() { u.till.Returns().Abandon(u.ctx, r) })
		}
	}
	d.modal.bind(d.reason.number)
	own := d.ref.keys
	d.ref.keys = func(k *fyne.KeyEvent) bool {
		if k.Name == fyne.KeyF6 && !d.exchangeOnly && !d.modal.busy {
			noReceipt.Tapped(nil)
			return true
		}
		if d.found != "" && d.lineKey(k.Name) {
			return true
		}
		return own != nil && own(k)
	}
	if d.exchangeOnly {
		d.modal.ok.SetLabel(u.T("Exchange"))
	}
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
	if d.refunded != nil {
		req, _ := d.request()
		d.commitRefunded(req, d.refunded, d.approvals)
		return nil
	}
	if d.found == "" || strings.TrimSpace(d.ref.Text) != d.found {
		return d.find()
	}
	return d.commit(nil, d.exchangeOnly)
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
	var pf *pos.PurchasesFound
	if errors.As(err, &pf) {
		d.showPurchases(pf)
		return
	}
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
	d.current = -1
	d.moveLine(1)
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
	r.name = name
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

// showRefund shows the refund of what is chosen, and how it goes back; in an exchange,
// what the goods pay of the sale.
func (d *returnDialog) showRefund() {
	var total pos.Money
	for _, r := range d.rows {
		total += r.line.RefundOf(r.qty)
	}
	if d.exchangeOnly {
		d.refund.SetText(d.s.u.T("The goods back pay %s of the new ones; what they are worth beyond them is paid back as %s.", d.s.u.money(total),
			refundText(d.s.u, pos.RefundTo(d.src, total, d.credit.Checked))))
		return
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
// first), or, in exchange, takes the goods back against the sale being rung up; approver
// is the manager who approved a refund over the policy's limit.
func (d *returnDialog) commit(approver *pos.Staff, exchange bool) error {
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
		if exchange {
			r, err := s.r.Exchange(s.u.ctx, req)
			s.u.do(func() { d.committed(req, r, err, true) })
			return
		}
		// Central holds the return first; a refund to a card is then made on the terminal
		// before it is committed.
		desk := s.u.till.Returns()
		r, err := desk.Begin(s.u.ctx, cashier, req)
		cards := err == nil && len(cardRefunds(r.Refund)) > 0
		if err == nil && !cards {
			if err = desk.Commit(s.u.ctx, r, nil); err != nil {
				desk.Abandon(s.u.ctx, r)
			}
		}
		s.u.do(func() {
			if cards {
				d.askCardRefunds(req, r)
				return
			}
			d.committed(req, r, err, false)
		})
	})
	return nil
}

// committed shows the answer to a return, or to goods taken back in exchange: a
// refusal's words stay in the dialog, a refund over the limit asks for a manager's PIN
// and is committed again. A return committed closes the dialog, says what to pay back,
// and the till hands it over (drawer, receipt); goods taken back in exchange close it,
// and the sale screen shows what they pay.
func (d *returnDialog) committed(req pos.ReturnRequest, r *pos.Return, err error, exchange bool) {
	s, u := d.s, d.s.u
	title, explain := u.T("Return"), func(err error) string { return u.explain("return", err) }
	if exchange {
		title, explain = u.T("Exchange"), func(err error) string { return u.explain("exchange", err) }
	}
	d.modal.setBusy(false)
	d.asking.SetText("")
	if pos.ErrorCode(err) == pos.EFORBIDDEN && req.Approver == nil {
		d.modal.showError(explain(err))
		s.withManager(title, func(manager pos.Staff) {
			if err := d.commit(&manager, exchange); err != nil {
				d.modal.showError(explain(err))
			}
		})
		return
	}
	if err != nil {
		d.modal.showError(explain(err))
		return
	}
	d.modal.close()
	s.returning = nil
	if !exchange {
		s.handOverReturn(r)
		return
	}
	u.log.Debug("goods taken back in exchange", "return", r.ID, "worth", r.Total().String())
	s.refresh()
	s.say(u.T("Goods back worth %s: scan what the customer takes instead, then Pay.", u.money(r.Total())), true)
}

// handOverReturn says what a committed return pays back, and the till hands it over
// (drawer for cash, the return receipt) in the background.
func (s *saleScreen) handOverReturn(r *pos.Return) {
	u := s.u
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

// refundOnly is what a refund pays out: not the part of an exchange that paid for new
// goods.
func refundOnly(refund []pos.Tender) []pos.Tender {
	var out []pos.Tender
	for _, t := range refund {
		if t.Kind != pos.TenderExchange {
			out = append(out, t)
		}
	}
	return out
}

// lineKey lets a keyboard choose what comes back, as the keys on each line do: ↑ and ↓
// move between the lines that can go back, → takes a piece more (a weighed line whole),
// ← a piece less, Insert marks the line damaged or not, F7 takes the goods in exchange.
func (d *returnDialog) lineKey(k fyne.KeyName) bool {
	var r *returnRow
	if d.current >= 0 && d.current < len(d.rows) {
		r = d.rows[d.current]
	}
	switch {
	case k == fyne.KeyUp:
		d.moveLine(-1)
	case k == fyne.KeyDown:
		d.moveLine(1)
	case k == fyne.KeyRight && r != nil:
		d.step(r, 1)
	case k == fyne.KeyLeft && r != nil:
		d.step(r, -1)
	case k == fyne.KeyInsert && r != nil:
		r.damaged.SetChecked(!r.damaged.Checked)
	case k == fyne.KeyF7 && !d.exchangeOnly:
		d.exchangeKey.Tapped(nil)
	default:
		return false
	}
	return true
}

// moveLine makes the next (dir 1) or previous (-1) line that can go back the keyboard's,
// marked with ».
func (d *returnDialog) moveLine(dir int) {
	next := -1
	for i := d.current + dir; i >= 0 && i < len(d.rows); i += dir {
		if d.rows[i].why == "" {
			next = i
			break
		}
	}
	if next < 0 {
		if d.current >= 0 {
			return // the first or the last already
		}
		d.current = -1
		return
	}
	d.current = next
	for i, r := range d.rows {
		mark := ""
		if i == d.current {
			mark = "» "
		}
		r.name.SetText(mark + r.line.Name)
	}
}
