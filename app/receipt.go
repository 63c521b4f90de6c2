package app

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// receiptPreview shows the committed sale's receipt as printed, with the change to give. It is
// built once and shown again for every sale: a till rings hundreds a day, and each new dialog
// and image would stay in Fyne's caches for a minute.
type receiptPreview struct {
	sale     *pos.Sale
	heading  *widget.Label
	change   *canvas.Text
	tenders  *widget.Label
	status   *widget.Label
	image    *canvas.Image
	d        *dialog.CustomDialog
	again    *widget.Button
	open     bool
	openedAt time.Time
	// printingText is "Printing…" in the language shown.
	printingText string
}

// newReceiptPreview builds the receipt's dialog.
func (s *saleScreen) newReceiptPreview() *receiptPreview {
	p := &receiptPreview{heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		status: widget.NewLabel(""), tenders: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		printingText: s.u.T("Printing…")}
	// The change and the tenders first, large: what the cashier says to the customer.
	p.change = canvas.NewText("", colorOK)
	p.change.TextStyle = fyne.TextStyle{Bold: true}
	s.u.sized(func() { p.change.TextSize = s.u.px(30) })
	// The receipt at the size it prints (a dot a pixel at 1024x768), scrolled, never shrunk
	// to fit: a long receipt stays readable.
	p.image = &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth}
	next := &widget.Button{Text: s.u.T("New sale") + "  [Enter]", Importance: widget.HighImportance}
	p.again = &widget.Button{Text: s.u.T("Print again"), OnTapped: func() { s.print(p) }}
	buttons := container.NewBorder(nil, nil, nil, p.again, next)
	body := container.NewBorder(container.NewVBox(p.heading, p.change, p.tenders, p.status), buttons, nil, nil,
		container.NewVScroll(container.NewCenter(p.image)))
	p.d = dialog.NewCustomWithoutButtons("", body, s.u.win)
	next.OnTapped = func() { p.d.Hide() }
	p.d.SetOnClosed(func() {
		p.open, s.dialogOpen = false, false
		s.u.win.Canvas().Focus(s.code)
		s.say(s.u.T("Next customer, please."), true)
		s.takePending()
	})
	return p
}

// completed runs once a sale is durably committed: the receipt is printed in the background
// (a slow or broken printer never holds the till) and shown on screen.
func (s *saleScreen) completed(sale *pos.Sale) {
	s.refresh()
	if s.preview == nil {
		s.preview = s.newReceiptPreview()
	}
	p := s.preview
	p.sale = sale
	saved := s.u.T("Receipt %d saved", sale.ReceiptNo)
	if sale.Training {
		saved = s.u.T("Training receipt %d saved", sale.ReceiptNo)
	}
	p.heading.SetText(saved)
	change := s.u.T("Change: %s", s.u.money(sale.Change()))
	if x := sale.Exchange; x != nil && sale.ExchangeRefund() > 0 {
		// What the goods brought back are worth beyond the new ones, and how it goes back.
		change = s.u.T("Pay back: %s (%s)", s.u.money(sale.ExchangeRefund()), refundText(s.u, refundOnly(x.Refund)))
	}
	p.change.Text = change
	p.change.Refresh()
	var paid []string
	for _, t := range sale.Tenders {
		paid = append(paid, tenderText(s.u, t))
	}
	p.tenders.SetText(strings.Join(paid, " · "))
	width := s.u.px(420)
	if pic, err := s.u.till.ReceiptImage(s.u.ctx, sale); err != nil {
		s.u.report("receipt preview", err)
		p.image.Image = nil
	} else {
		b := pic.Bounds()
		p.image.Image = pic
		p.image.SetMinSize(s.u.size(float32(b.Dx()), float32(b.Dy())))
		width = s.u.px(float32(b.Dx()))
	}
	p.image.Refresh()
	win := s.u.win.Canvas().Size()
	p.d.Resize(fyne.NewSize(min(width+s.u.px(60), win.Width*0.95), win.Height*0.92))
	s.dialogOpen, p.open, p.openedAt = true, true, time.Now()
	s.u.log.Debug("receipt shown", "receipt", sale.ReceiptNo, "training", sale.Training)
	s.u.win.Canvas().Unfocus()
	p.d.Show()
	s.say(saved+". "+change, true)
	// The sale is committed: the till hands over (drawer for cash, then the receipt) in the
	// background, so a slow printer never holds the screen.
	p.printing()
	s.u.background(func() {
		h := s.u.till.HandOver(s.u.ctx, sale)
		s.u.do(func() {
			if h.Drawer != nil {
				s.fail("drawer", h.Drawer)
			}
			s.printed(p, sale, h.Warning, h.Print)
		})
	})
}

// print prints the receipt again in the background and shows how it went.
func (s *saleScreen) print(p *receiptPreview) {
	p.printing()
	sale := p.sale
	s.u.background(func() {
		warning, err := s.u.till.Print(s.u.ctx, sale)
		s.u.do(func() { s.printed(p, sale, warning, err) })
	})
}

func (p *receiptPreview) printing() {
	p.status.SetText(p.printingText)
	p.status.Importance = widget.MediumImportance
}

// printed shows how printing went, in the preview and the message bar.
// A sale's printing that ends once the next sale's receipt is shown tells the message bar
// only.
func (s *saleScreen) printed(p *receiptPreview, sale *pos.Sale, warning string, err error) {
	s.refreshDevices()
	if p.sale != sale {
		if err != nil {
			s.say(s.u.explain("print", err), false)
		}
		return
	}
	if err != nil {
		msg := s.u.explain("print", err)
		p.status.SetText(msg)
		p.status.Importance = widget.DangerImportance
		p.status.Refresh()
		s.say(msg, false)
		return
	}
	msg := s.u.T("Printed.")
	if warning != "" {
		msg += " " + s.u.T(warning)
	}
	p.status.SetText(msg)
}
