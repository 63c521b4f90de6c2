package app

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// reasonPicker lets the cashier give a reason by tapping it or typing its number; none is
// chosen until the cashier chooses.
type reasonPicker struct {
	reasons []string
	chosen  int // -1 while none is
	number  *scanEntry
	buttons []*widget.Button
	content fyne.CanvasObject
}

func (s *saleScreen) newReasonPicker(reasons []string) *reasonPicker {
	p := &reasonPicker{reasons: reasons, chosen: -1, number: s.field(s.u.T("No."), "")}
	grid := container.NewGridWithColumns(2)
	for i, r := range reasons {
		b := &widget.Button{Text: fmt.Sprintf("%d  %s", i+1, r), Alignment: widget.ButtonAlignLeading}
		b.OnTapped = func() { p.number.SetText(strconv.Itoa(i + 1)) }
		p.buttons = append(p.buttons, b)
		grid.Add(b)
	}
	p.number.OnChanged = func(text string) { p.pick(text) }
	p.content = container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(70, 40), p.number), nil, grid)
	return p
}

// pick chooses the reason whose number is typed; anything else chooses none.
func (p *reasonPicker) pick(text string) {
	p.chosen = -1
	if n, err := strconv.Atoi(strings.TrimSpace(text)); err == nil && n >= 1 && n <= len(p.reasons) {
		p.chosen = n - 1
	}
	for i, b := range p.buttons {
		b.Importance = widget.MediumImportance
		if i == p.chosen {
			b.Importance = widget.HighImportance
		}
		b.Refresh()
	}
}

// selected is the reason chosen, "" while none is.
func (p *reasonPicker) selected() string {
	if p.chosen < 0 {
		return ""
	}
	return p.reasons[p.chosen]
}

// reasonList is a kind of reason as the store lists it: shown in the language on screen,
// recorded and printed in the store's.
type reasonList struct {
	reasons []pos.Reason
	store   string // the store's language
}

// reasonsOf reads a kind's reasons; false, with the cashier told, when they cannot be read.
func (s *saleScreen) reasonsOf(kind pos.ReasonKind) (reasonList, bool) {
	rs, err := s.r.Reasons.Reasons(s.u.ctx, kind)
	if err == nil && len(rs) == 0 {
		err = pos.Errorf(pos.ENOTFOUND, "The store has no %s reasons: a manager sets them (omnitill reasons).", string(kind))
	}
	if err != nil {
		s.fail("reasons", err)
		return reasonList{}, false
	}
	return reasonList{reasons: rs, store: string(lang.OfCountry(s.r.StoreInfo().Country))}, true
}

// picker offers the list's reasons in the language on screen.
func (s *saleScreen) reasonPickerOf(l reasonList) *reasonPicker {
	labels := make([]string, len(l.reasons))
	for i, r := range l.reasons {
		labels[i] = r.In(string(s.u.w.Lang))
	}
	return s.newReasonPicker(labels)
}

// chosen is the reason picked, in the store's language: "" while none is.
func (l reasonList) chosen(p *reasonPicker) string {
	if p.chosen < 0 || p.chosen >= len(l.reasons) {
		return ""
	}
	return l.reasons[p.chosen].In(l.store)
}

// code is the code of the reason picked, as the records keep it: "" while none is.
func (l reasonList) code(p *reasonPicker) string {
	if p.chosen < 0 || p.chosen >= len(l.reasons) {
		return ""
	}
	return l.reasons[p.chosen].Code
}
