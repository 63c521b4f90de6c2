package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// receiptPreview shows the committed sale's receipt as printed, with the change to give.
type receiptPreview struct {
	sale     *pos.Sale
	status   *widget.Label
	d        *dialog.CustomDialog
	again    *widget.Button
	open     bool
	openedAt time.Time
}

// completed runs once a sale is durably committed: the receipt is printed in the background
// (a slow or broken printer never holds the till) and shown on screen.
func (s *saleScreen) completed(sale *pos.Sale) {
	s.refresh()
	p := &receiptPreview{sale: sale, status: widget.NewLabel("Printing…")}
	s.preview = p
	kind := "Receipt"
	if sale.Training {
		kind = "Training receipt"
	}
	// The change and the tenders first, large: what the cashier says to the customer.
	change := canvas.NewText(fmt.Sprintf("Change: %s %s", sale.Change().Display(), sale.Currency), colorOK)
	change.TextSize, change.TextStyle = s.u.px(30), fyne.TextStyle{Bold: true}
	var paid []string
	for _, t := range sale.Tenders {
		paid = append(paid, t.Kind.Label()+" "+t.Amount.Display())
	}
	tenders := widget.NewLabelWithStyle(strings.Join(paid, " · "), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The receipt at the size it prints (a dot a pixel at 1024x768), scrolled, never shrunk
	// to fit: a long receipt stays readable.
	var img fyne.CanvasObject = widget.NewLabel("(no preview)")
	width := s.u.px(420)
	if pic, err := s.u.till.ReceiptImage(s.u.ctx, sale); err != nil {
		s.u.report("receipt preview", err)
	} else {
		b := pic.Bounds()
		im := canvas.NewImageFromImage(pic)
		im.FillMode, im.ScaleMode = canvas.ImageFillStretch, canvas.ImageScaleSmooth
		im.SetMinSize(s.u.size(float32(b.Dx()), float32(b.Dy())))
		width = s.u.px(float32(b.Dx()))
		img = container.NewCenter(im)
	}
	next := &widget.Button{Text: "New sale  [Enter]", Importance: widget.HighImportance}
	p.again = &widget.Button{Text: "Print again", OnTapped: func() { s.print(p) }}
	buttons := container.NewBorder(nil, nil, nil, p.again, next)
	body := container.NewBorder(container.NewVBox(change, tenders, p.status), buttons, nil, nil, container.NewVScroll(img))
	p.d = dialog.NewCustomWithoutButtons(fmt.Sprintf("%s %d saved", kind, sale.ReceiptNo), body, s.u.win)
	win := s.u.win.Canvas().Size()
	p.d.Resize(fyne.NewSize(min(width+s.u.px(60), win.Width*0.95), win.Height*0.92))
	next.OnTapped = func() { p.d.Hide() }
	p.d.SetOnClosed(func() {
		p.open, s.dialogOpen = false, false
		s.u.win.Canvas().Focus(s.code)
		s.say("Next customer, please.", true)
		s.takePending()
	})
	s.dialogOpen, p.open, p.openedAt = true, true, time.Now()
	s.u.log.Debug("receipt shown", "receipt", sale.ReceiptNo, "training", sale.Training)
	s.u.win.Canvas().Unfocus()
	p.d.Show()
	s.say(fmt.Sprintf("%s %d saved. Change %s.", kind, sale.ReceiptNo, sale.Change().Display()), true)
	// The sale is committed: the till hands over (drawer for cash, then the receipt) in the
	// background, so a slow printer never holds the screen.
	p.printing()
	s.u.background(func() {
		h := s.u.till.HandOver(s.u.ctx, sale)
		s.u.do(func() {
			if h.Drawer != nil {
				s.fail("drawer", h.Drawer)
			}
			s.printed(p, h.Warning, h.Print)
		})
	})
}

// print prints the receipt again in the background and shows how it went.
func (s *saleScreen) print(p *receiptPreview) {
	p.printing()
	s.u.background(func() {
		warning, err := s.u.till.Print(s.u.ctx, p.sale)
		s.u.do(func() { s.printed(p, warning, err) })
	})
}

func (p *receiptPreview) printing() {
	p.status.SetText("Printing…")
	p.status.Importance = widget.MediumImportance
}

// printed shows how printing went, in the preview and the message bar.
func (s *saleScreen) printed(p *receiptPreview, warning string, err error) {
	s.refreshDevices()
	if err != nil {
		msg := s.u.explain("print", err)
		p.status.SetText(msg)
		p.status.Importance = widget.DangerImportance
		p.status.Refresh()
		s.say(msg, false)
		return
	}
	p.status.SetText(strings.TrimSpace("Printed. " + warning))
}
