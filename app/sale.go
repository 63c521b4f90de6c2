package app

import (
	"errors"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// saleScreen is where the cashier rings up a sale: the cart large on the left, totals and
// actions on the right, quick keys below the cart, a message bar at the bottom.
type saleScreen struct {
	u       *UI
	r       *pos.Register
	wedge   *Wedge
	code    *scanEntry
	cart    *cartView
	totals  *totalsView
	status  *statusBar
	message *canvas.Text
	msgBar  *canvas.Rectangle
	quick   *quickPad
	// trainingMark lies behind the cart's lines in training mode.
	trainingMark *fyne.Container
	content      fyne.CanvasObject
	// dialogOpen is set while a dialog has the keyboard; screen shortcuts wait for it.
	dialogOpen   bool
	pending      []string      // serial scans that came while a dialog was open
	messages     int           // counts messages, so an old error's flashing stops at a new one
	modals       []*modal      // the open dialogs, the last on top
	top          *modal        // the dialog on top, nil when none
	searching    *searchPanel  // the open search, for tests
	paying       *paymentPanel // the open payment
	payment      *paymentPanel // the payment dialog, built once
	preview      *receiptPreview
	weighing     *weighPanel   // the open weight dialog, for tests
	discounting  *reasonPicker // the open discount's reasons, for tests
	noSaleReason *reasonPicker // the open no-sale's reasons, for tests
	voidReason   *reasonPicker // the open void's reasons, for tests
	recalling    *reasonPicker // the open list of parked baskets, for tests
	openPricing  *reasonPicker // the open price's departments, for tests
	// findingCustomer is the open search for a customer, for tests.
	findingCustomer *customerPanel
	joining         *joinPanel    // the open form of a new customer, for tests
	takingCoupon    *couponDialog // the open coupon dialog, for tests
	// returning is the open return: the scans made meanwhile are its receipt's.
	returning *returnDialog
	noReceipt *noReceiptDialog // the open return without a receipt, for tests
	renewing  bool             // central is asked to hold an exchange's goods again before the payment
}

// shortcut is one action with its key, shown on its button.
type shortcut struct {
	key   fyne.KeyName
	label string
	run   func()
}

func newSaleScreen(u *UI) *saleScreen {
	s := &saleScreen{u: u, r: u.till.Register()}
	s.wedge = NewWedge(s.wedgeScan)
	s.wedge.Later = func(d time.Duration, f func()) { time.AfterFunc(d, func() { u.do(f) }) }
	s.code = newScanEntry(s.wedge, s.key)
	s.code.SetPlaceHolder(u.T("Scan, or type a code + Enter"))
	s.code.OnSubmitted = func(text string) {
		if text == "" {
			return
		}
		s.code.SetText("")
		if !s.scan(text) {
			// A mistyped code stays, selected: the cashier corrects it or types over it.
			s.code.SetText(text)
			s.code.TypedShortcut(&fyne.ShortcutSelectAll{})
		}
	}
	s.cart = newCartView(u)
	s.totals = newTotalsView(u)
	s.status = newStatusBar(u)
	s.message = canvas.NewText("", colorWhite)
	u.sized(func() { s.message.TextSize = u.px(18) })
	s.msgBar = canvas.NewRectangle(colorOK)

	actions := container.New(&actionsLayout{cols: 2})
	for _, a := range s.shortcuts() {
		actions.Add(newTouchKey(u, a.label, string(a.key), false, a.run))
	}
	pay := newTouchKey(u, u.T("PAY"), "F12", true, s.pay)
	s.quick = newQuickPad(u, s.addProduct)
	bottom := container.NewStack(s.msgBar, container.NewPadded(s.message))
	// The order of the parts is saleLayout's (partStatus ... partActions).
	// In training mode the cart itself says so, behind its lines.
	mark := canvas.NewText(u.T("TRAINING"), color.NRGBA{R: colorTraining.R, G: colorTraining.G, B: colorTraining.B, A: 0x50})
	mark.TextStyle, mark.Alignment = fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	u.sized(func() { mark.TextSize = u.px(72) })
	tint := canvas.NewRectangle(color.NRGBA{R: colorTraining.R, G: colorTraining.G, B: colorTraining.B, A: 0x18})
	s.trainingMark = container.NewStack(tint, container.NewCenter(mark))
	s.trainingMark.Hide()
	cart := container.NewStack(s.trainingMark, s.cart.list)
	s.content = container.New(&saleLayout{s: s}, s.status.content, bottom, cart, s.quick, s.totals.content, s.code, pay, actions)
	s.cart.list.OnSelected = func(id widget.ListItemID) { s.cart.selected = id }
	s.cart.list.typedRune = func(r rune) { s.wedge.Rune(r, s.typeIntoCode) }
	s.cart.list.typedKey = func(k *fyne.KeyEvent) bool {
		if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			s.enter()
			return true
		}
		return s.key(k)
	}
	return s
}

func (s *saleScreen) shortcuts() []shortcut {
	return []shortcut{
		{fyne.KeyF1, s.u.T("Park / recall"), s.parkOrRecall},
		{fyne.KeyF2, s.u.T("Search"), s.search},
		{fyne.KeyF3, s.u.T("No sale (drawer)"), s.noSale},
		{fyne.KeyF4, s.u.T("Quantity"), s.quantity},
		{fyne.KeyF5, s.u.T("Devices"), s.openDevices},
		{fyne.KeyF6, s.u.T("Void line"), s.voidLine},
		{fyne.KeyF7, s.u.T("Line discount"), s.lineDiscount},
		{fyne.KeyF8, s.u.T("Basket discount"), s.basketDiscount},
		{fyne.KeyF9, s.u.T("Training"), s.toggleTraining},
		{fyne.KeyF10, s.u.T("Cancel sale"), s.cancelSale},
		{fyne.KeyF11, s.u.T("Log out"), s.logout},
		{"", s.u.T("Customer"), s.findCustomer}, // no key left: a tap, or the card scanned
		{"", s.u.T("Coupon"), s.coupon},         // a tap, or its code scanned or typed + Enter
		{"", s.u.T("Return"), s.startReturn},    // between sales: goods brought back
	}
}

// key runs the screen's shortcut for a key; true when it had one.
func (s *saleScreen) key(k *fyne.KeyEvent) bool {
	if s.dialogOpen {
		return false
	}
	switch k.Name {
	case fyne.KeyF12:
		s.pay()
		return true
	case fyne.KeyUp:
		s.cart.move(-1)
		return true
	case fyne.KeyDown:
		s.cart.move(1)
		return true
	}
	for _, a := range s.shortcuts() {
		if a.key != "" && a.key == k.Name {
			a.run()
			return true
		}
	}
	return false
}

// activate is called when the screen is shown: keys typed with no field focused still reach
// the scan handler and the shortcuts.
func (s *saleScreen) activate() {
	c := s.u.win.Canvas()
	c.SetOnTypedRune(func(r rune) { s.wedge.Rune(r, s.typeIntoCode) })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			s.enter()
		case fyne.KeyEscape:
			if s.top != nil {
				s.top.cancel()
			}
		default:
			s.key(k)
		}
	})
	s.loadQuickKeys()
	s.refresh()
	c.Focus(s.code)
	s.takePending()
	if cashier, ok := s.r.Cashier(); ok {
		msg := s.u.T("Hello %s. Scan the first article.", cashier.Name)
		if parked, err := s.r.Parked.ParkedSales(s.u.ctx); err == nil && len(parked) > 0 {
			msg += " " + s.u.N("%d parked baskets: F1 recalls them.", len(parked))
		}
		s.say(msg, true)
	}
}

// typeIntoCode puts a letter a person typed outside any field into the code field; not
// while a dialog is up, whose letters belong to it.
func (s *saleScreen) typeIntoCode(r rune) {
	if s.dialogOpen {
		return
	}
	s.u.win.Canvas().Focus(s.code)
	s.code.Entry.TypedRune(r)
}

// enter handles Enter typed outside the code field: the end of a scan, the code a person
// typed, or, on the receipt, the next sale.
func (s *saleScreen) enter() {
	if s.wedge.Enter() {
		return
	}
	if p := s.preview; p != nil && p.open {
		// A second press of the Enter that paid must not wipe the change off the screen.
		if time.Since(p.openedAt) > 400*time.Millisecond {
			p.d.Hide()
		}
		return
	}
	if s.top != nil {
		s.top.submit()
		return
	}
	if s.code.Text != "" && !s.dialogOpen {
		s.code.OnSubmitted(s.code.Text)
	}
}

func (s *saleScreen) loadQuickKeys() {
	products, err := s.r.Catalog.QuickKeys(s.u.ctx)
	if err != nil {
		s.fail("quick keys", err)
		return
	}
	s.quick.show(products)
}

// scan is where every scan arrives: keyboard-wedge bursts, typed codes and serial scanners.
// It reports whether the code was taken (a weighed article asks its weight: taken).
func (s *saleScreen) scan(code string) bool {
	line, err := s.r.Scan(s.u.ctx, code)
	if s.isCustomerScan(err) || s.isCouponScan(err) {
		return true
	}
	var weigh *pos.NeedsWeight
	if errors.As(err, &weigh) {
		s.weigh(weigh.Product)
		return true
	}
	if err != nil {
		s.fail("scan "+code, err)
		if pos.ErrorCode(err) == pos.ENOTFOUND && isArticleCode(code) && !s.dialogOpen {
			s.offerOpenPrice(code)
		}
		return false
	}
	s.afterAdd(line)
	return true
}

// wedgeScan takes a keyboard-wedge burst. A quantity the cashier typed first ("3*") in the
// code field applies to it.
func (s *saleScreen) wedgeScan(code string) {
	if q := s.code.Text; strings.HasSuffix(q, "*") {
		s.code.SetText("")
		code = q + code
	}
	if s.returning != nil {
		// Goods are being taken back: a scan is the receipt's, never an article for a sale.
		s.returning.scanned(code)
		return
	}
	if s.paying != nil {
		// The basket is being paid: the scan is the next basket's, kept until the payment ends.
		s.hold(code)
		return
	}
	if s.scan(code) && !s.dialogOpen {
		s.code.SetText("") // a code mistyped before is stale once a scan is taken
	}
}

// hold keeps a scan that came while a dialog is open, to ring it up once the dialogs close.
func (s *saleScreen) hold(code string) {
	if len(s.pending) >= maxPending {
		s.say(s.u.T("Too many scans while a dialog is open: close it, then scan again."), false)
		return
	}
	s.pending = append(s.pending, code)
	msg := s.u.T("Scan %s kept: it is rung up when this closes.", code)
	if s.top != nil {
		s.top.error.SetText(msg)
	}
	s.say(msg, true)
}

// serialScan takes a scan from a serial scanner. While a dialog is open (a payment, a
// weight) it waits until the dialog closes rather than changing the sale behind it; away from
// the sale screen (login, devices) it is refused, never kept for someone else's sale.
func (s *saleScreen) serialScan(code string) {
	switch {
	case s.u.screen == s.u.login.content:
		s.u.login.message.SetText(s.u.T("Log in first: that scan was not taken."))
	case s.u.screen != s.content:
		// The Devices screen: a scanner test takes its scans before they get here.
	case s.returning != nil:
		s.returning.scanned(code)
	case s.dialogOpen:
		s.hold(code)
	default:
		s.scan(code)
	}
}

// maxPending bounds the scans kept while a dialog is open.
const maxPending = 20

// takePending rings up the scans that waited for a dialog, until one opens a dialog again.
func (s *saleScreen) takePending() {
	for len(s.pending) > 0 && !s.dialogOpen && s.u.screen == s.content {
		code := s.pending[0]
		s.pending = s.pending[1:]
		s.scan(code)
	}
}

// addProduct adds a product chosen by quick key or search; weighed ones are weighed first.
func (s *saleScreen) addProduct(p pos.Product) {
	if p.Unit == pos.UnitKg {
		s.weigh(p)
		return
	}
	line, err := s.r.AddProduct(s.u.ctx, p, pos.Pieces(1))
	if err != nil {
		s.fail("add "+string(p.SKU), err)
		return
	}
	s.afterAdd(line)
}

func (s *saleScreen) afterAdd(l pos.Line) {
	s.refresh()
	s.cart.selectLine(l.No)
	s.u.log.Debug("line added", "line", l.No, "sku", l.SKU, "qty", int64(l.Qty))
	tot := s.r.Totals()
	s.u.till.Devices().CustomerSees(s.u.ctx, pos.CustomerView{Line: &l, Total: tot.Total, Currency: s.r.StoreInfo().Currency})
	msg := fmt.Sprintf("%s  %s × %s = %s", l.Name, s.u.w.Qty(l.Qty, l.Unit), s.u.w.Amount(l.UnitPrice), s.u.w.Amount(l.Gross()))
	if l.Promotion.Amount != 0 {
		msg += "  " + promotionText(s.u, l)
	}
	s.say(msg, true)
}

// refresh redraws cart, totals and status from the Register.
func (s *saleScreen) refresh() {
	sale := s.r.Sale()
	s.cart.show(sale.Lines)
	store := s.r.StoreInfo()
	high := s.totals.content.MinSize().Height
	s.totals.show(sale, sale.Totals(store.VAT), store.Currency)
	if c, ok := s.content.(*fyne.Container); ok && s.totals.content.MinSize().Height != high {
		// A row more or less (a coupon, a saving, the customer): the code field and the
		// keys below move with it, never under it.
		c.Layout.Layout(c.Objects, c.Size())
	}
	cashier, _ := s.r.Cashier()
	s.status.show(store, cashier, s.r.Training())
	if s.r.Training() {
		s.trainingMark.Show()
	} else {
		s.trainingMark.Hide()
	}
	s.refreshDevices()
}

// refreshDevices shows the devices' states in the status bar.
func (s *saleScreen) refreshDevices() { s.status.showDevices(s.u.till.Devices().Status()) }

func (s *saleScreen) openDevices() {
	s.withManager(s.u.T("Devices"), func(m pos.Staff) { s.u.showDevices(m) })
}

// noSale opens the cash drawer outside a sale: a manager approves, confirms with a reason,
// and it is recorded. The drawer is kicked in the background: the screen never waits for
// the printer.
func (s *saleScreen) noSale() {
	s.withManager(s.u.T("No sale: open the drawer"), func(m pos.Staff) {
		reasons, ok := s.reasonsOf(pos.ReasonNoSale)
		if !ok {
			return
		}
		reason := s.reasonPickerOf(reasons)
		body := container.NewVBox(widget.NewLabel(s.u.T("The drawer opens with no sale. Why? Tap the reason or type its number.")), reason.content)
		s.noSaleReason = reason
		s.modal(s.u.T("Open the drawer?"), body, reason.number, func() error {
			why, shown := reasons.chosen(reason), reason.selected()
			if why == "" {
				return pos.Errorf(pos.EINVALID, "Choose why the drawer opens: the audit log keeps it.")
			}
			s.say(s.u.T("Opening the drawer…"), true)
			s.u.background(func() {
				err := s.u.till.NoSale(s.u.ctx, m, why)
				s.u.do(func() {
					if err != nil {
						s.fail("no sale", err)
						return
					}
					s.say(s.u.T("Drawer opened (no sale: %s, approved by %s).", shown, m.Name), true)
				})
			})
			return nil
		})
	})
}

// say shows a message in the bar: green for what went well, red for what needs attention.
func (s *saleScreen) say(msg string, ok bool) {
	s.u.log.Debug("message shown", "text", msg, "ok", ok)
	s.messages++
	s.message.Text = msg
	s.message.Refresh()
	if ok {
		s.msgBar.FillColor = colorOK
		s.msgBar.Refresh()
		return
	}
	// An error flashes and sounds, so a cashier looking at the customer notices it; a newer
	// message stops the flashing.
	s.u.till.Alert()
	s.msgBar.FillColor = colorError
	s.msgBar.Refresh()
	gen := s.messages
	paint := func(c color.Color) {
		if s.messages == gen {
			s.msgBar.FillColor = c
			s.msgBar.Refresh()
		}
	}
	go func() {
		for i := 0; i < 3; i++ {
			time.Sleep(120 * time.Millisecond)
			s.u.do(func() { paint(colorBar) })
			time.Sleep(120 * time.Millisecond)
			s.u.do(func() { paint(colorError) })
		}
	}()
}

func (s *saleScreen) fail(what string, err error) {
	s.say(s.u.explain(what, err), false)
}

// selectedLine is the line an action applies to: the one selected, else the last.
func (s *saleScreen) selectedLine() (pos.Line, bool) {
	return s.cart.current()
}

// voidLine voids the selected line once the cashier confirms; it stays on screen, struck
// through, and stays selected, so a second F6 cannot void the next line by mistake.
func (s *saleScreen) voidLine() {
	l, ok := s.liveLine(s.u.T("There is no line to void: scan an article first."))
	if !ok {
		return
	}
	reasons, ok := s.reasonsOf(pos.ReasonVoid)
	if !ok {
		return
	}
	reason := s.reasonPickerOf(reasons)
	s.voidReason = reason
	what := widget.NewLabel(s.u.T("%s  %s = %s is taken off the sale.", l.Name, s.u.w.Qty(l.Qty, l.Unit), l.Due()))
	what.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(what, widget.NewLabel(s.u.T("Why? Tap the reason or type its number.")), reason.content)
	var m *modal
	m = s.modal(s.u.T("Void line %d?", l.No), body, reason.number, func() error {
		why := reasons.chosen(reason)
		if why == "" {
			return pos.Errorf(pos.EINVALID, "Choose why the line is voided: the sale keeps it.")
		}
		if err := s.r.VoidLine(l.No, why); err != nil {
			return err
		}
		m.close()
		s.refresh()
		s.cart.selectLine(l.No)
		s.say(s.u.T("Voided: %s (%s)", l.Name, reason.selected()), true)
		return nil
	})
}

// liveLine is the selected line for an action, or false with the cashier told why not:
// none says there is no line.
func (s *saleScreen) liveLine(none string) (pos.Line, bool) {
	l, ok := s.selectedLine()
	switch {
	case !ok:
		s.say(none, false)
	case l.Voided:
		s.say(s.u.T("Line %d is voided: choose another with ↑/↓.", l.No), false)
		ok = false
	}
	return l, ok
}

func (s *saleScreen) quantity() {
	l, ok := s.liveLine(s.u.T("There is no line to change: scan an article first."))
	if !ok {
		return
	}
	s.askQty(s.u.T("Quantity of %s (%s)", l.Name, s.u.w.Unit(l.Unit)), s.u.w.Number(l.Qty, l.Unit), func(q pos.Qty) error {
		if err := s.r.SetQty(l.No, q); err != nil {
			return err
		}
		s.refresh()
		s.say(s.u.T("%s: quantity %s", l.Name, s.u.w.Qty(q, l.Unit)), true)
		return nil
	})
}

func (s *saleScreen) cancelSale() {
	if len(s.r.Sale().ActiveLines()) == 0 {
		return
	}
	s.confirm(s.u.T("Cancel this sale?"), s.u.T("Every line of the basket is removed."), func() {
		if err := s.r.CancelSale(); err != nil {
			s.fail("cancel sale", err)
			return
		}
		s.refresh()
		s.say(s.u.T("Sale cancelled."), true)
	})
}

// logout ends the cashier's session; a basket on the till is parked, never handed to whoever
// logs in next.
func (s *saleScreen) logout() {
	if len(s.r.Sale().ActiveLines()) > 0 && !s.park() {
		return
	}
	s.u.showLogin()
}

func (s *saleScreen) toggleTraining() {
	on := !s.r.Training()
	s.withManager(s.u.T("Switch training mode"), func(m pos.Staff) {
		if err := s.u.till.SetTraining(s.u.ctx, on, m); err != nil {
			s.fail("training", err)
			return
		}
		s.refresh()
		if on {
			s.say(s.u.T("Training mode: sales are not real and count nowhere."), true)
		} else {
			s.say(s.u.T("Training mode is off: sales are real."), true)
		}
	})
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
