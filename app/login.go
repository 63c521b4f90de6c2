package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos/lang"
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
	w := NewWedge(func(string) { s.message.SetText(u.T("Log in first: that scan was not taken.")) })
	w.MinLen, w.Later = 8, func(d time.Duration, f func()) { time.AfterFunc(d, func() { u.do(f) }) }
	s.pin = newScanEntry(w, nil)
	s.pin.Password = true
	s.pin.SetPlaceHolder(u.T("PIN"))
	s.pin.OnSubmitted = func(string) { s.submit() }
	s.message.Alignment = fyne.TextAlignCenter
	s.message.Wrapping = fyne.TextWrapWord

	store := u.till.Register().StoreInfo()
	title := canvas.NewText(store.Name, colorBar)
	title.TextStyle, title.Alignment = fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	u.sized(func() { title.TextSize = u.px(30) })
	sub := widget.NewLabel(u.T("Till %s: enter your PIN and press Enter", store.TillID))
	sub.Alignment, sub.Wrapping = fyne.TextAlignCenter, fyne.TextWrapWord
	ok := newTouchKey(u, u.T("OK"), "Enter", true, s.submit)
	box := container.NewVBox(title, sub, s.pin, pinPad(u, s.pin), ok, s.message, s.parked, s.languages())
	s.content = container.NewCenter(container.New(&columnLayout{u: u, width: 400}, box))
	return s
}

// columnLayout gives its content a fixed width (at 1024x768) and its natural height.
type columnLayout struct {
	u     *UI
	width float32
}

func (l *columnLayout) Layout(o []fyne.CanvasObject, size fyne.Size) {
	for _, c := range o {
		c.Resize(size)
	}
}

func (l *columnLayout) MinSize(o []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, c := range o {
		h = max(h, c.MinSize().Height)
	}
	return fyne.NewSize(l.u.px(l.width), h)
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
		text := s.u.N("%d parked baskets (F1 at the sale recalls them)", len(parked))
		for _, p := range parked {
			text += "\n" + s.u.describeParked(p)
		}
		s.parked.SetText(text)
	}
}

// languages are the buttons that switch the screens' language for the next session: the
// one shown is marked, and the till's own returns at logout.
func (s *loginScreen) languages() fyne.CanvasObject {
	row := container.NewGridWithColumns(len(lang.All))
	for _, l := range lang.All {
		b := widget.NewButton(l.Name(), func() { s.u.chooseLanguage(l) })
		if l == s.u.w.Lang {
			b.Importance = widget.HighImportance
		}
		row.Add(b)
	}
	return row
}

func (s *loginScreen) submit() {
	_, err := s.u.till.Register().Login(s.u.ctx, s.pin.Text)
	s.pin.SetText("")
	if err != nil {
		s.message.SetText(s.u.explain("login", err))
		s.u.log.Debug("login refused", "text", s.message.Text)
		return
	}
	s.message.SetText("")
	s.u.showSale()
}
