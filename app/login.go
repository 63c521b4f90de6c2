package app

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// loginScreen takes a PIN from the keyboard or a touch keypad.
type loginScreen struct {
	u       *UI
	pin     *scanEntry
	message *widget.Label
	parked  *widget.Label // the baskets waiting to be recalled
	content fyne.CanvasObject
}

func newLoginScreen(u *UI) *loginScreen {
	s := &loginScreen{u: u, message: widget.NewLabel(""), parked: widget.NewLabel("")}
	s.parked.Alignment, s.parked.Wrapping = fyne.TextAlignCenter, fyne.TextWrapWord
	// A scanner fired at the login screen is nobody's sale: it is refused, never typed into
	// the PIN. PINs shorter than 8 digits are never taken for a scan, however fast typed.
	w := NewWedge(func(string) { s.message.SetText("Log in first: that scan was not taken.") })
	w.MinLen, w.Later = 8, func(d time.Duration, f func()) { time.AfterFunc(d, func() { u.do(f) }) }
	s.pin = newScanEntry(w, nil)
	s.pin.Password = true
	s.pin.SetPlaceHolder("PIN")
	s.pin.OnSubmitted = func(string) { s.submit() }
	s.message.Alignment = fyne.TextAlignCenter
	s.message.Wrapping = fyne.TextWrapWord

	keypad := container.NewGridWithColumns(3)
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		keypad.Add(s.digit(d))
	}
	keypad.Add(&widget.Button{Text: "Clear", OnTapped: func() { s.pin.SetText("") }})
	keypad.Add(s.digit("0"))
	keypad.Add(&widget.Button{Text: "OK", Importance: widget.HighImportance, OnTapped: s.submit})

	store := u.till.Register().Store
	title := canvas.NewText(store.Name, colorBar)
	title.TextSize, title.TextStyle, title.Alignment = 30, fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	sub := widget.NewLabel("Till " + string(store.TillID) + " — enter your PIN and press Enter")
	sub.Alignment = fyne.TextAlignCenter
	box := container.NewVBox(title, sub, s.pin, container.NewGridWrap(fyne.NewSize(360, 300), keypad), s.message, s.parked)
	s.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(380, 520), box))
	return s
}

func (s *loginScreen) digit(d string) *widget.Button {
	return &widget.Button{Text: d, OnTapped: func() { s.pin.SetText(s.pin.Text + d) }}
}

func (s *loginScreen) reset() {
	s.pin.SetText("")
	s.u.win.Canvas().Focus(s.pin)
	s.parked.SetText("")
	parked, err := s.u.till.Register().Parked.ParkedSales(s.u.ctx)
	if err != nil {
		s.u.report("parked baskets", err)
		return
	}
	if len(parked) > 0 {
		text := fmt.Sprintf("Parked baskets: %d (F1 at the sale recalls them)", len(parked))
		for _, p := range parked {
			text += "\n" + describeParked(p)
		}
		s.parked.SetText(text)
	}
}

func (s *loginScreen) submit() {
	_, err := s.u.till.Register().Login(s.u.ctx, s.pin.Text)
	s.pin.SetText("")
	if err != nil {
		s.message.SetText(s.u.explain("login", err))
		return
	}
	s.message.SetText("")
	s.u.showSale()
}
