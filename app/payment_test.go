package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/omnitill/omnitill/pos"
)

func TestSplitPaymentStaysOpenUntilPaid(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113850") // 49,99
	key(s, fyne.KeyF12)
	p := s.paying
	p.amount.SetText("10")
	enter(p.amount)
	if s.paying != p || p.modal.closed {
		t.Fatal("a part payment closed the payment")
	}
	if !strings.Contains(p.due.Text, "39,99") {
		t.Fatalf("still to pay: %q", p.due.Text)
	}
	// The card for the rest; its approval code is typed in the card dialog, not the sale's code field.
	p.card()
	if p.cardDialog == nil || ui.win.Canvas().Focused() == s.code {
		t.Fatal("the card dialog does not have the keyboard")
	}
	ref := ui.win.Canvas().Focused().(*scanEntry)
	ref.SetText("A1B2C3")
	enter(ref)
	if s.preview == nil {
		t.Fatalf("the sale did not complete: %q", p.modal.error.Text)
	}
	sale := s.preview.sale
	if len(sale.Tenders) != 2 || sale.Tenders[1].Reference != "A1B2C3" || s.code.Text != "" {
		t.Fatalf("tenders %+v, code field %q", sale.Tenders, s.code.Text)
	}
	if tl.Register().Sale().Paid() != 0 {
		t.Fatal("the next sale starts with tenders")
	}
}

func TestCancelPaymentTakesTheTendersBack(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	s.paying.amount.SetText("10")
	enter(s.paying.amount)
	s.paying.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tl.Register().Sale().Paid() != 0 || s.paying != nil {
		t.Fatal("Esc left the tenders on the sale")
	}
	scanBurst(ui, "4772282229412")
	if n := len(tl.Register().Sale().ActiveLines()); n != 2 {
		t.Fatalf("after a cancelled payment the cashier cannot scan: %d lines", n)
	}
}

// A commit that fails (here the database is gone, as with a disk fault) keeps the paid
// basket; once the cause is fixed, Enter saves it without taking the money twice.
func TestFailedCommitCanBeSavedAgain(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	p := s.paying
	tl.DB.Close()
	p.exact()
	if s.preview != nil || p.modal.error.Text == "" {
		t.Fatal("a failed commit looked like a sale")
	}
	if sale := tl.Register().Sale(); sale.Paid() != sale.Total() || len(sale.ActiveLines()) != 1 {
		t.Fatalf("the paid basket was lost: %+v", sale)
	}
	if !strings.Contains(p.due.Text, "press Enter to save") {
		t.Fatalf("the cashier is not told how to go on: %q", p.due.Text)
	}
	// IT fixes the disk: the till reopens its database (a new Register on the same file would be
	// a restart; here the same Register gets a working store again).
	_, again, _ := reopen(t, tl)
	tl.Register().Sales = again.DB
	enter(p.amount)
	if s.preview == nil {
		t.Fatalf("saving again failed: %q", p.modal.error.Text)
	}
	if got := s.preview.sale.Tenders; len(got) != 1 {
		t.Fatalf("the money was taken twice: %+v", got)
	}
	if _, err := again.DB.SaleByReceipt(ui.ctx, again.Store.TillID, 1, false); err != nil {
		t.Fatal(err)
	}
}

func TestQuantityTypedBeforeAScan(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	s.code.SetText("3*")
	scanBurst(ui, "4772282229412")
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 1 || lines[0].Qty != pos.Pieces(3) || s.code.Text != "" {
		t.Fatalf("3* then a scan: %+v, field %q", lines, s.code.Text)
	}
}
