package app

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// cartView lists the lines of the basket, newest at the bottom; a voided line stays, struck
// through, so the cashier and the customer see what was taken off.
type cartView struct {
	lines    []pos.Line
	selected widget.ListItemID
	list     *cartList
}

// cartList is the cart's list. Tapping a line gives it the keyboard focus, so it passes typed
// letters and keys on like any other field of the sale screen: a scan is never swallowed.
type cartList struct {
	widget.List
	typedRune func(rune)
	typedKey  func(*fyne.KeyEvent) bool
}

func (l *cartList) TypedRune(r rune) {
	if l.typedRune != nil {
		l.typedRune(r)
	}
}

func (l *cartList) TypedKey(k *fyne.KeyEvent) {
	if l.typedKey != nil && l.typedKey(k) {
		return
	}
	l.List.TypedKey(k)
}

func newCartView(u *UI) *cartView {
	c := &cartView{selected: -1}
	c.list = &cartList{}
	c.list.Length = func() int { return len(c.lines) }
	c.list.CreateItem = func() fyne.CanvasObject {
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		name.TextStyle.Bold = true
		detail := widget.NewLabel("")
		amount := widget.NewLabel("")
		amount.TextStyle.Bold = true
		amount.Alignment = fyne.TextAlignTrailing
		no := widget.NewLabel("")
		// A line is a target for a finger: as tall as a key (60 px at 1024x768), the amount
		// as wide as a large one.
		amountCell := container.New(&cellLayout{u: u, width: 120, height: keyHeight}, amount)
		row := container.NewBorder(nil, nil, no, container.NewHBox(detail, amountCell), name)
		strike := canvas.NewRectangle(colorError)
		strike.SetMinSize(fyne.NewSize(0, 2))
		struck := container.NewVBox(layout.NewSpacer(), strike, layout.NewSpacer())
		struck.Hide()
		return container.NewStack(row, struck)
	}
	c.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(c.lines) {
			return
		}
		l := c.lines[id]
		cell := o.(*fyne.Container)
		row, struck := cell.Objects[0].(*fyne.Container), cell.Objects[1]
		name := row.Objects[0].(*widget.Label)
		no := row.Objects[1].(*widget.Label)
		right := row.Objects[2].(*fyne.Container)
		detail := right.Objects[0].(*widget.Label)
		amount := right.Objects[1].(*fyne.Container).Objects[0].(*widget.Label)
		no.SetText(strconv.Itoa(l.No))
		name.SetText(l.Name)
		d := u.w.Qty(l.Qty, l.Unit) + " × " + u.w.Amount(l.UnitPrice)
		if l.FixedAmount != 0 {
			d = u.w.Qty(l.Qty, l.Unit) + " " + u.T("(label price)")
		}
		if l.Promotion.Amount != 0 {
			d += "  " + promotionText(u, l)
		}
		if l.Discount.Amount != 0 {
			d += "  −" + u.w.Amount(l.Discount.Amount) + " " + l.Discount.Reason
		}
		amount.SetText(u.w.Amount(l.Due()))
		struck.Hide()
		if l.Voided {
			d += "  " + u.T("VOID")
			amount.SetText(u.w.Amount(0))
			struck.Show()
		}
		detail.SetText(d)
	}
	c.list.ExtendBaseWidget(c.list)
	return c
}

// promotionText is a line's promotion as the cart shows it: its name (shortened, so the
// line's amount stays on screen) and what it takes off.
func promotionText(u *UI, l pos.Line) string {
	return shorten(l.Promotion.Name, 24) + " −" + u.w.Amount(l.Promotion.Amount)
}

func (c *cartView) show(lines []pos.Line) {
	c.lines = lines
	if c.selected >= len(lines) {
		c.selected = len(lines) - 1
	}
	c.list.Refresh()
	if len(lines) == 0 {
		c.selected = -1
		c.list.UnselectAll()
	}
}

// selectLine selects the line numbered no and scrolls to it.
func (c *cartView) selectLine(no int) {
	for i, l := range c.lines {
		if l.No == no {
			c.list.Select(i)
			c.list.ScrollTo(i)
			return
		}
	}
}

// current is the selected line, or the last one.
func (c *cartView) current() (pos.Line, bool) {
	if len(c.lines) == 0 {
		return pos.Line{}, false
	}
	if c.selected >= 0 && c.selected < len(c.lines) {
		return c.lines[c.selected], true
	}
	return c.lines[len(c.lines)-1], true
}

func (c *cartView) move(d int) {
	if len(c.lines) == 0 {
		return
	}
	i := c.selected + d
	if c.selected < 0 {
		i = len(c.lines) - 1
	}
	i = max(0, min(i, len(c.lines)-1))
	c.list.Select(i)
	c.list.ScrollTo(i)
}

// totalsView shows the total large, then net and VAT per rate, always visible.
type totalsView struct {
	u     *UI
	label *canvas.Text // TOTAL; in an exchange, TO PAY or REFUND
	total *canvas.Text
	rows  *fyne.Container // label, amount pairs
	// customer is who the sale is for, with their points; empty for an anonymous sale.
	customer *widget.Label
	content  fyne.CanvasObject
}

func newTotalsView(u *UI) *totalsView {
	t := &totalsView{u: u, rows: container.NewGridWithColumns(2)}
	t.total = canvas.NewText(u.money(0), colorBar)
	t.total.TextStyle, t.total.Alignment = fyne.TextStyle{Bold: true}, fyne.TextAlignTrailing
	label := canvas.NewText(u.T("TOTAL"), colorBar)
	label.TextStyle = fyne.TextStyle{Bold: true}
	t.label = label
	u.sized(func() { t.total.TextSize, label.TextSize = u.px(38), u.px(22) })
	t.customer = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.HighImportance}
	t.customer.Hide()
	t.content = container.NewVBox(container.NewBorder(nil, nil, label, nil, t.total), t.rows, t.customer)
	return t
}

// show shows a sale's totals, who it is for, its coupon (nil when it took none) and the
// goods it takes back in exchange: then the large amount is what is left to pay, or what
// is paid back.
func (t *totalsView) show(sale pos.Sale, tot pos.Totals, cur pos.Currency) {
	customer, coupon := sale.Customer, sale.Coupon
	if customer == nil {
		t.customer.Hide()
	} else {
		t.customer.SetText(customerText(t.u, *customer))
		t.customer.Show()
	}
	t.label.Text = t.u.T("TOTAL")
	t.total.Text = t.u.w.Money(tot.Total, cur)
	if sale.Exchange != nil {
		t.label.Text = t.u.T("TO PAY")
		t.total.Text = t.u.w.Money(max(tot.Total-sale.Exchange.Total(), 0), cur)
		if back := sale.ExchangeRefund(); back > 0 {
			t.label.Text = t.u.T("REFUND")
			t.total.Text = t.u.w.Money(back, cur)
		}
	}
	t.label.Refresh()
	t.total.Refresh()
	t.rows.RemoveAll()
	row := func(label string, m pos.Money) {
		l := canvas.NewText(label, colorBar)
		v := canvas.NewText(t.u.w.Amount(m), colorBar)
		l.TextSize, v.TextSize, v.Alignment = t.u.px(15), t.u.px(15), fyne.TextAlignTrailing
		t.rows.Add(l)
		t.rows.Add(v)
	}
	// Two short lines, whatever the number of VAT rates: the receipt itemises them.
	var vat pos.Money
	for _, v := range tot.VAT {
		vat += v.VAT
	}
	row(t.u.N("%d items", tot.Items)+"   "+t.u.T("Net"), tot.Net)
	label := t.u.T("VAT")
	if tot.Discount != 0 && coupon == nil {
		label = t.u.T("Discount −%s", tot.Discount) + "   " + label
	}
	row(label, vat)
	if coupon != nil { // the coupon by its code: what it takes off, nothing below its minimum
		row(t.u.T("Coupon %s", coupon.Code), -tot.Discount)
	}
	if tot.Saving != 0 { // promotions and discounts together, as the receipt's "You saved"
		row(t.u.T("Saving"), tot.Saving)
	}
	if x := sale.Exchange; x != nil {
		row(t.u.T("Total of the new goods"), tot.Total)
		for _, l := range x.Lines {
			row(t.u.T("Back: %s", shorten(l.Name, 22)+" "+t.u.w.Qty(l.Qty, l.Unit)), -l.Amount)
		}
	}
}

// statusBar shows the store, till, cashier and training mode at the top of the screen.
type statusBar struct {
	u        *UI
	text     *canvas.Text
	training *canvas.Text
	devices  *canvas.Text
	sync     *canvas.Text
	download *widget.ProgressBar // a snapshot being pulled from central; hidden otherwise
	lastSync *pos.SyncStatus     // kept so the oldest event's age can grow between sync rounds
	bg       *canvas.Rectangle
	content  fyne.CanvasObject
}

func newStatusBar(u *UI) *statusBar {
	b := &statusBar{u: u, text: canvas.NewText("", colorWhite), training: canvas.NewText("", colorWhite),
		devices: canvas.NewText("", colorWhite), sync: canvas.NewText(u.T("central: …"), colorWhite), bg: canvas.NewRectangle(colorBar),
		download: widget.NewProgressBar()}
	u.sized(func() {
		b.text.TextSize, b.training.TextSize, b.devices.TextSize, b.sync.TextSize = u.px(16), u.px(16), u.px(14), u.px(14)
	})
	b.training.TextStyle.Bold = true
	b.download.Hide()
	b.content = container.NewStack(b.bg, container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, b.text, b.training), container.NewBorder(nil, nil, b.sync, b.devices), b.download)))
	return b
}

// showSync shows the link with central: online or not, events waiting and the oldest's age.
func (b *statusBar) showSync(st pos.SyncStatus) {
	b.lastSync = &st
	text, bold := st.Describe(b.u.w, time.Now()), st.Paired && !st.Online
	// Software GL paints the whole window for one label: only a change is worth that, which
	// keeps an idle till, told the same state every round, quiet.
	if text != b.sync.Text || bold != b.sync.TextStyle.Bold {
		b.sync.Text, b.sync.TextStyle.Bold = text, bold
		b.sync.Refresh()
	}
	if st.Download.Active() {
		b.download.TextFormatter = func() string {
			return b.u.T("Downloading %s from central: %d of %d", st.Download.Stream, st.Download.Done, st.Download.Total)
		}
		b.download.SetValue(st.Download.Fraction())
		b.download.Show()
	} else {
		b.download.Hide()
	}
}

// ageSync redraws the sync state with the time now, so a till offline for long shows it.
func (b *statusBar) ageSync() {
	if b.lastSync != nil {
		b.showSync(*b.lastSync)
	}
}

// showDevices lists the devices that are set up, a disconnected one in capitals.
func (b *statusBar) showDevices(states []pos.DeviceStatus) {
	var parts []string
	for _, st := range states {
		if st.Configured {
			parts = append(parts, st.Describe(b.u.w))
		}
	}
	b.devices.Text = b.u.T("Devices: keyboard scanner")
	if len(parts) > 0 {
		b.devices.Text = b.u.T("Devices: %s", strings.Join(parts, " · "))
	}
	b.devices.Refresh()
}

func (b *statusBar) show(store pos.StoreInfo, cashier pos.Staff, training bool) {
	b.text.Text = store.Name + "  ·  " + b.u.T("Till %s", store.TillID) + "  ·  " + b.u.T("Cashier: %s (%s)", cashier.Name, cashier.Role.Name())
	b.text.Refresh()
	b.training.Text = ""
	b.bg.FillColor = colorBar
	if training {
		b.training.Text = b.u.T("TRAINING MODE: sales count nowhere")
		b.bg.FillColor = colorTraining
	}
	b.training.Refresh()
	b.bg.Refresh()
}

// cellLayout gives its content a size at 1024x768, scaled with the till: its width, and its
// height at the least.
type cellLayout struct {
	u             *UI
	width, height float32
}

func (l *cellLayout) Layout(o []fyne.CanvasObject, size fyne.Size) {
	for _, c := range o {
		c.Move(fyne.NewPos(0, (size.Height-c.MinSize().Height)/2))
		c.Resize(fyne.NewSize(size.Width, c.MinSize().Height))
	}
}

func (l *cellLayout) MinSize(o []fyne.CanvasObject) fyne.Size {
	h := l.u.px(l.height)
	for _, c := range o {
		h = max(h, c.MinSize().Height)
	}
	return fyne.NewSize(l.u.px(l.width), h)
}
