package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// modal is a small dialog with its own OK and Cancel: a wrong entry shows its message inside
// and keeps the dialog open, so nothing typed is lost. Enter is OK and Esc is Cancel wherever
// the keyboard is; dialogs opened from a dialog stack up and close back to it.
type modal struct {
	title     string
	d         *dialog.CustomDialog
	error     *widget.Label
	s         *saleScreen
	focus     fyne.Focusable // what has the keyboard while the dialog is on top
	submit    func()
	ok        *touchKey // its OK key, which a dialog may name ("Cash")
	cancelKey *touchKey
	body      fyne.CanvasObject
	scroll    *container.Scroll
	width     float32 // at 1024x768
	closed    bool
	// stayOpen, when set, keeps the dialog open after a successful OK (a part payment).
	stayOpen func() bool
	// onCancel, when set, undoes what the dialog started (the tenders of a payment).
	onCancel func()
	// busy is set while the dialog waits for an answer (central holding points): OK and
	// Cancel do nothing until it comes.
	busy bool
}

func (s *saleScreen) modal(title string, body fyne.CanvasObject, focus fyne.Focusable, ok func() error) *modal {
	return s.modalWide(title, body, focus, 520, ok)
}

// modalWide is a modal of a given width (at 1024x768). Its body scrolls when the window is
// too low for it: its buttons are always on screen. A negative width makes a dialog that
// takes the window's height, its body stretched to fill it (a list of results).
func (s *saleScreen) modalWide(title string, body fyne.CanvasObject, focus fyne.Focusable, width float32, ok func() error) *modal {
	m := s.newModal(title, body, focus, width, ok)
	m.open()
	return m
}

// newModal builds a dialog without showing it: one shown for every sale (the payment) is
// built once and opened again, rather than leaving a new one in Fyne's caches each time.
func (s *saleScreen) newModal(title string, body fyne.CanvasObject, focus fyne.Focusable, width float32, ok func() error) *modal {
	m := &modal{title: title, error: widget.NewLabel(""), s: s, focus: focus}
	m.error.Wrapping = fyne.TextWrapWord
	m.error.Importance = widget.DangerImportance
	m.submit = func() {
		if m.busy {
			return
		}
		if err := ok(); err != nil {
			m.showError(s.u.explain(title, err))
			return
		}
		if m.stayOpen == nil || !m.stayOpen() {
			m.close()
		}
	}
	m.cancelKey = newTouchKey(s.u, s.u.T("Cancel"), "Esc", false, m.cancel)
	m.ok = newTouchKey(s.u, s.u.T("OK"), "Enter", true, func() { m.submit() })
	buttons := container.NewGridWithColumns(2, m.cancelKey, m.ok)
	m.body, m.width = body, width
	m.scroll = container.NewVScroll(body)
	m.d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewVBox(m.error, buttons), nil, nil, m.scroll), s.u.win)
	if e, ok := focus.(*scanEntry); ok {
		m.bind(e)
	}
	m.closed = true
	return m
}

// open shows the dialog on top of the others, its message cleared.
func (m *modal) open() {
	s := m.s
	m.closed = false
	m.error.SetText("")
	s.modals = append(s.modals, m)
	s.top, s.dialogOpen = m, true
	s.u.log.Debug("dialog opened", "title", m.title)
	m.fit()
	m.d.Show()
	s.focusTop()
}

// fit sizes the dialog for its body and the window: its width, and its body's height up to
// what leaves the buttons on screen (the body scrolls beyond).
func (m *modal) fit() {
	u := m.s.u
	win := u.win.Canvas().Size()
	w := min(u.px(abs32(m.width)), win.Width*0.96)
	// What the dialog needs beside its body: the title, the message and the buttons; a
	// message of several lines takes them from the body, which scrolls.
	chrome := u.px(keyHeight) + 4*theme.TextSize() + 6*theme.Padding() + m.errorLinesBeyondOne(w)
	h := min(m.body.MinSize().Height, win.Height*0.94-chrome)
	if m.width < 0 {
		h = win.Height*0.94 - chrome
	}
	m.scroll.SetMinSize(fyne.NewSize(w-4*theme.Padding(), h))
	m.d.Resize(fyne.NewSize(w, 0))
}

func abs32(v float32) float32 { return max(v, -v) }

// showError shows a message in the dialog, fitted again so a long one is whole on screen.
func (m *modal) showError(text string) {
	m.error.SetText(text)
	if text != "" {
		m.s.u.log.Debug("dialog message", "title", m.title, "text", text)
	}
	if !m.closed {
		m.fit()
	}
}

// errorLinesBeyondOne is the height the message's lines after its first take in a dialog of
// width w (as its label wraps it, word by word).
func (m *modal) errorLinesBeyondOne(w float32) float32 {
	if m.error.Text == "" {
		return 0
	}
	style, size := m.error.TextStyle, theme.TextSize()
	width := w - 8*theme.Padding() // the dialog's and the label's insets
	lines, line := 1, ""
	for _, word := range strings.Fields(m.error.Text) {
		next := strings.TrimSpace(line + " " + word)
		if line != "" && fyne.MeasureText(next, size, style).Width > width {
			lines, next = lines+1, word
		}
		line = next
	}
	return float32(lines-1) * fyne.MeasureText("Ag", size, style).Height
}

// bind makes Enter in a field of the dialog its OK, and Esc its Cancel.
func (m *modal) bind(e *scanEntry) {
	e.OnSubmitted = func(string) { m.submit() }
	own := e.keys
	e.keys = func(k *fyne.KeyEvent) bool {
		if k.Name == fyne.KeyEscape {
			m.cancel()
			return true
		}
		return own != nil && own(k)
	}
}

// focusTop gives the keyboard to the top dialog's field; with no field, keys reach the
// screen, which hands Enter and Esc to the dialog.
func (s *saleScreen) focusTop() {
	if s.top != nil && s.top.focus != nil {
		s.u.win.Canvas().Focus(s.top.focus)
	} else {
		s.u.win.Canvas().Unfocus()
	}
}

// setBusy greys OK and Cancel while the dialog waits for an answer, and brings them back.
func (m *modal) setBusy(busy bool) {
	m.busy = busy
	m.ok.SetEnabled(!busy)
	m.cancelKey.SetEnabled(!busy)
}

// cancel undoes what the dialog started, then closes it; not while it waits for an answer.
func (m *modal) cancel() {
	if m.busy {
		return
	}
	if m.onCancel != nil && !m.closed {
		m.onCancel()
	}
	m.close()
}

// close hides the dialog; the keyboard goes back to the dialog below, or to the sale.
func (m *modal) close() {
	if m.closed {
		return
	}
	m.closed = true
	m.d.Hide()
	s := m.s
	for i, o := range s.modals {
		if o == m {
			s.modals = append(s.modals[:i], s.modals[i+1:]...)
			break
		}
	}
	s.top = nil
	if n := len(s.modals); n > 0 {
		s.top = s.modals[n-1]
		s.focusTop()
		return
	}
	s.dialogOpen = false
	s.u.log.Debug("dialogs closed")
	s.u.win.Canvas().Focus(s.code)
	s.takePending()
}

// field is a text field in a dialog: scanner bursts still go to the scan handler.
func (s *saleScreen) field(placeholder, text string) *scanEntry {
	e := newScanEntry(s.wedge, nil)
	e.typed = s.u.typed
	e.SetPlaceHolder(placeholder)
	e.SetText(text)
	return e
}

// pinField is a hidden PIN field. A scanner burst typed into it still goes to the sale; a
// person typing a PIN quickly must not look like a scan, so only codes of 8 characters or
// more count as bursts here (the shortest barcode, EAN-8).
func (s *saleScreen) pinField(placeholder string) *scanEntry {
	w := NewWedge(s.wedgeScan)
	w.MinLen, w.Later, w.Now = 8, s.wedge.Later, s.wedge.Now
	e := newScanEntry(w, nil)
	e.typed = s.u.typed
	e.Password = true
	e.SetPlaceHolder(placeholder)
	return e
}

// askQty asks for a line's new quantity. The field starts empty with the quantity now as
// its hint, so what the cashier types replaces it; Enter on an empty field keeps it.
func (s *saleScreen) askQty(title, current string, apply func(pos.Qty) error) {
	e := s.field(current+"   "+s.u.T("(e.g. 2 or 0,250)"), "")
	s.modal(title, container.NewVBox(e, numPad(s.u, e)), e, func() error {
		if strings.TrimSpace(e.Text) == "" {
			return nil
		}
		q, err := pos.ParseQty(e.Text)
		if err != nil {
			return err
		}
		return apply(q)
	})
}

// confirm asks a yes or no question: Enter says yes, Esc no.
func (s *saleScreen) confirm(title, text string, yes func()) *modal {
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	var m *modal
	m = s.modal(title, body, nil, func() error {
		// Closed before yes runs: a dialog yes opens must not sit above one being hidden.
		m.close()
		yes()
		return nil
	})
	return m
}

// withManager runs fn with a manager's approval: at once when a manager is logged in,
// otherwise after a manager types their PIN at this till.
func (s *saleScreen) withManager(why string, fn func(pos.Staff)) {
	if c, ok := s.r.Cashier(); ok && c.IsManager() {
		fn(c)
		return
	}
	pin := s.pinField(s.u.T("Manager PIN"))
	var m *modal
	m = s.modal(s.u.T("%s: manager approval", why), container.NewVBox(widget.NewLabel(s.u.T("A manager enters their PIN:")), pin, pinPad(s.u, pin)), pin, func() error {
		manager, err := s.r.Approve(s.u.ctx, pin.Text)
		pin.SetText("")
		if err != nil {
			return err
		}
		// Closed before fn runs: a dialog fn opens must not sit above one being hidden
		// (Fyne hides the dialogs above one that is hidden).
		m.close()
		fn(manager)
		return nil
	})
}

// askDiscount asks for an amount ("2,50") or a percent ("10%") of base, and a reason.
func (s *saleScreen) askDiscount(title string, base pos.Money, apply func(pos.Discount, *pos.Staff) error) {
	reasons, ok := s.reasonsOf(pos.ReasonDiscount)
	if !ok {
		return
	}
	amount := s.field(s.u.T("2,50 or 10%%"), "")
	// No reason is chosen for the cashier: the receipt prints the one given.
	reason := s.reasonPickerOf(reasons)
	body := container.NewVBox(widget.NewLabel(s.u.T("Of %s: amount or percent", base)), amount, numPad(s.u, amount, "%"),
		widget.NewLabel(s.u.T("Reason: tap it or type its number")), reason.content)
	s.discounting = reason
	var m *modal
	m = s.modal(title, body, amount, func() error {
		d, err := parseDiscount(amount.Text, base)
		if err != nil {
			return err
		}
		if reasons.chosen(reason) == "" {
			s.u.win.Canvas().Focus(reason.number)
			return pos.Errorf(pos.EINVALID, "Choose the discount's reason: it is printed on the receipt.")
		}
		d.Reason = reasons.chosen(reason)
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
	m.bind(reason.number)
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
	l, ok := s.liveLine(s.u.T("There is no line to discount: scan an article first."))
	if !ok {
		return
	}
	s.askDiscount(s.u.T("Discount on %s", l.Name), l.Promoted(), func(d pos.Discount, m *pos.Staff) error {
		if err := s.r.DiscountLine(s.u.ctx, l.No, d, m); err != nil {
			return err
		}
		s.refresh()
		s.say(s.u.T("Discount −%s on %s (%s)", d.Amount, l.Name, d.Reason), true)
		return nil
	})
}

func (s *saleScreen) basketDiscount() {
	sale := s.r.Sale()
	base := sale.Total() + sale.BasketDiscount.Amount
	if base <= 0 {
		s.say(s.u.T("The sale is empty."), false)
		return
	}
	s.askDiscount(s.u.T("Discount on the whole sale"), base, func(d pos.Discount, m *pos.Staff) error {
		if err := s.r.DiscountBasket(s.u.ctx, d, m); err != nil {
			return err
		}
		s.refresh()
		s.say(s.u.T("Basket discount −%s (%s)", d.Amount, d.Reason), true)
		return nil
	})
}
