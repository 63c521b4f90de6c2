package app

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// modal is a small dialog with its own OK and Cancel: a wrong entry shows its message inside
// and keeps the dialog open, so nothing typed is lost.
type modal struct {
	d      *dialog.CustomDialog
	error  *widget.Label
	s      *saleScreen
	closed bool
	// stayOpen, when set, keeps the dialog open after a successful OK (a part payment).
	stayOpen func() bool
	// onCancel, when set, undoes what the dialog started (the tenders of a payment).
	onCancel func()
}

func (s *saleScreen) modal(title string, body fyne.CanvasObject, focus fyne.Focusable, ok func() error) *modal {
	m := &modal{error: widget.NewLabel(""), s: s}
	m.error.Wrapping = fyne.TextWrapWord
	m.error.Importance = widget.DangerImportance
	submit := func() {
		if err := ok(); err != nil {
			m.error.SetText(s.u.explain(title, err))
			return
		}
		if m.stayOpen == nil || !m.stayOpen() {
			m.close()
		}
	}
	buttons := container.NewGridWithColumns(2,
		&widget.Button{Text: "Cancel  [Esc]", OnTapped: m.cancel},
		&widget.Button{Text: "OK  [Enter]", Importance: widget.HighImportance, OnTapped: submit})
	m.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(body, m.error, buttons), s.u.win)
	switch e := focus.(type) {
	case *scanEntry:
		e.OnSubmitted = func(string) { submit() }
		e.keys = func(k *fyne.KeyEvent) bool {
			if k.Name == fyne.KeyEscape {
				m.cancel()
				return true
			}
			return false
		}
	case *widget.Entry:
		e.OnSubmitted = func(string) { submit() }
	}
	s.dialogOpen, s.top = true, m
	m.d.Resize(fyne.NewSize(480, 0))
	m.d.Show()
	if focus != nil {
		s.u.win.Canvas().Focus(focus)
	}
	return m
}

// cancel undoes what the dialog started, then closes it.
func (m *modal) cancel() {
	if m.onCancel != nil && !m.closed {
		m.onCancel()
	}
	m.close()
}

// close hides the dialog; the keyboard returns to the sale only when no other dialog was
// opened from this one (a manager's PIN asked from a discount, say).
func (m *modal) close() {
	if m.closed {
		return
	}
	m.closed = true
	m.d.Hide()
	if m.s.top == m {
		m.s.top, m.s.dialogOpen = nil, false
		m.s.u.win.Canvas().Focus(m.s.code)
		m.s.takePending()
	}
}

// field is a text field in a dialog: scanner bursts still go to the scan handler.
func (s *saleScreen) field(placeholder, text string) *scanEntry {
	e := newScanEntry(s.wedge, nil)
	e.SetPlaceHolder(placeholder)
	e.SetText(text)
	return e
}

func (s *saleScreen) askQty(title, current string, apply func(pos.Qty) error) {
	e := s.field("e.g. 2 or 0,250", current)
	s.modal(title, e, e, func() error {
		q, err := pos.ParseQty(e.Text)
		if err != nil {
			return err
		}
		return apply(q)
	})
}

func (s *saleScreen) confirm(title, text string, yes func()) {
	s.dialogOpen = true
	d := dialog.NewConfirm(title, text, func(ok bool) {
		s.dialogOpen = false
		s.u.win.Canvas().Focus(s.code)
		if ok {
			yes()
		}
		s.takePending()
	}, s.u.win)
	d.Show()
}

// withManager runs fn with a manager's approval: at once when a manager is logged in,
// otherwise after a manager types their PIN at this till.
func (s *saleScreen) withManager(why string, fn func(pos.Staff)) {
	if c, ok := s.r.Cashier(); ok && c.IsManager() {
		fn(c)
		return
	}
	// A plain field: a manager typing a PIN quickly must not look like a scan.
	pin := widget.NewPasswordEntry()
	pin.SetPlaceHolder("Manager PIN")
	s.modal(why+": manager approval", container.NewVBox(widget.NewLabel("A manager enters their PIN:"), pin), pin, func() error {
		m, err := s.r.Approve(s.u.ctx, pin.Text)
		pin.SetText("")
		if err != nil {
			return err
		}
		fn(m)
		return nil
	})
}

// discountReasons are the reasons a cashier picks from; the receipt prints them.
var discountReasons = []string{"Damaged packaging", "Short best-before date", "Price match", "Customer goodwill", "Staff discount"}

// askDiscount asks for an amount ("2,50") or a percent ("10%") of base, and a reason.
func (s *saleScreen) askDiscount(title string, base pos.Money, apply func(pos.Discount, *pos.Staff) error) {
	amount := s.field("2,50 or 10%", "")
	reason := widget.NewSelect(discountReasons, nil)
	reason.SetSelected(discountReasons[0])
	body := container.NewVBox(widget.NewLabel(fmt.Sprintf("Of %s: amount or percent", base.Display())), amount, reason)
	var m *modal
	m = s.modal(title, body, amount, func() error {
		d, err := parseDiscount(amount.Text, base)
		if err != nil {
			return err
		}
		d.Reason = reason.Selected
		err = apply(d, nil)
		if pos.ErrorCode(err) == pos.EFORBIDDEN {
			// Over the cashier's limit: a manager approves in place, then it is applied.
			// This dialog closes first: Fyne removes the dialogs above one that is hidden.
			m.close()
			s.withManager(title, func(manager pos.Staff) {
				if err := apply(d, &manager); err != nil {
					s.fail("discount", err)
				}
			})
			return nil
		}
		return err
	})
}

func parseDiscount(text string, base pos.Money) (pos.Discount, error) {
	text = strings.TrimSpace(text)
	if pct, ok := strings.CutSuffix(text, "%"); ok {
		bp, err := pos.ParseMoney(pct) // two decimals of a percent are basis points
		if err != nil || bp <= 0 || bp > 10000 {
			return pos.Discount{}, pos.Errorf(pos.EINVALID, "%q is not a percent", text)
		}
		return pos.Discount{Amount: base.Percent(int64(bp))}, nil
	}
	m, err := pos.ParseMoney(text)
	if err != nil {
		return pos.Discount{}, err
	}
	return pos.Discount{Amount: m}, nil
}

func (s *saleScreen) lineDiscount() {
	l, ok := s.selectedLine()
	if !ok {
		s.say("Scan an article first, then discount it.", false)
		return
	}
	s.askDiscount("Discount on "+l.Name, l.Gross(), func(d pos.Discount, m *pos.Staff) error {
		if err := s.r.DiscountLine(s.u.ctx, l.No, d, m); err != nil {
			return err
		}
		s.refresh()
		s.say(fmt.Sprintf("Discount −%s on %s (%s)", d.Amount.Display(), l.Name, d.Reason), true)
		return nil
	})
}

func (s *saleScreen) basketDiscount() {
	sale := s.r.Sale()
	base := sale.Total() + sale.BasketDiscount.Amount
	if base <= 0 {
		s.say("The sale is empty.", false)
		return
	}
	s.askDiscount("Discount on the whole sale", base, func(d pos.Discount, m *pos.Staff) error {
		if err := s.r.DiscountBasket(s.u.ctx, d, m); err != nil {
			return err
		}
		s.refresh()
		s.say(fmt.Sprintf("Basket discount −%s (%s)", d.Amount.Display(), d.Reason), true)
		return nil
	})
}
