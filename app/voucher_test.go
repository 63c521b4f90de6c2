package app

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
)

var voucherCode = regexp.MustCompile(`SC[0-9A-Z]{10}`)

// A sale of two articles paid in cash; one line comes back, the till offline, refunded as
// store credit (offered ticked); the voucher's code is in the message. A new sale: the
// Store credit key asks for the code and an amount; more than the voucher has is refused
// in its words, with no tender taken; the code scanned into the dialog with no amount pays
// all it has, the payment lists it, cash pays the rest, and the database keeps the voucher's
// tender by its code and nothing left of it.
func TestStoreCreditFromAReturnPaysANewSale(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	sale := ringTwo(t, ui, q)

	// The receipt's QR scanned into the return dialog; its second line comes back.
	test.Tap(findButton(t, s.content, "Return"))
	d := s.returning
	hidBurst(ui, "OMNITILL:R:"+string(sale.ID))
	waitFor(t, q, "the purchase", func() bool { return !d.modal.busy && len(d.rows) == 2 })
	if !d.credit.Checked {
		t.Fatal("offline, store credit is not offered ticked")
	}
	back := d.rows[1]
	test.Tap(back.plus)
	test.Tap(findButton(t, c.Overlays().Top(), "4  Changed mind"))
	test.Tap(d.modal.ok)
	waitFor(t, q, "the return committed", func() bool { return s.returning == nil })
	credit := back.line.RefundOf(pos.Pieces(1))
	code := voucherCode.FindString(s.message.Text)
	if code == "" || !strings.Contains(s.message.Text, "Store credit voucher "+code) {
		t.Fatalf("the return's message names no voucher: %q (%q)", s.message.Text, d.modal.error.Text)
	}
	if left, err := tl.DB.OwnVoucher(t.Context(), code); err != nil || left != credit {
		t.Fatalf("voucher %s has %s left (%v), want the refund %s", code, left, err, credit)
	}

	// A new sale of both articles again: more than the credit.
	piece, _, other := demoCodes(t)
	scanBurst(ui, piece.Barcodes[0])
	scanBurst(ui, other.Barcodes[0])
	total := tl.Register().Sale().Total()
	key(s, fyne.KeyF12)
	p := s.paying
	test.Tap(findButton(t, c.Overlays().Top(), "Store credit"))
	v := p.crediting
	if v == nil || s.top != v.modal || c.Focused() != v.code {
		t.Fatalf("Store credit opened no dialog with the keyboard on the code: %q", p.modal.error.Text)
	}
	if shown := shownTexts(c.Overlays().Top()); !strings.Contains(shown, "up to "+ui.money(total)) {
		t.Errorf("the dialog does not say how much it may pay:\n%s", shown)
	}

	// More than the voucher has: refused in words, the dialog stays, nothing is paid.
	v.amount.SetText((credit + 1).Display())
	c.Focus(v.amount)
	scanBurst(ui, strings.ToLower(code)) // into the amount field: still the voucher's code
	if v.code.Text != strings.ToLower(code) {
		t.Fatalf("the scan landed as %q in the code field", v.code.Text)
	}
	waitFor(t, q, "the refusal", func() bool { return !v.modal.busy })
	if want := "has " + credit.Display() + " left"; !strings.Contains(v.modal.error.Text, want) || s.top != v.modal {
		t.Fatalf("%s of a voucher of %s: %q, want %q", credit+1, credit, v.modal.error.Text, want)
	}
	if n := len(tl.Register().Sale().Tenders); n != 0 {
		t.Fatalf("a refusal took %d tenders", n)
	}

	// Esc closes the dialog only; F8 opens it again, and the code scanned with no amount
	// pays all the voucher has.
	v.code.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if p.crediting != nil || s.top != p.modal || c.Focused() != p.amount {
		t.Fatal("Esc did not close the store-credit dialog only")
	}
	p.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF8})
	v = p.crediting
	if v == nil || c.Focused() != v.code {
		t.Fatal("F8 opened no store-credit dialog")
	}
	hidBurst(ui, code)
	waitFor(t, q, "the voucher taken", func() bool { return p.crediting == nil })
	ts := tl.Register().Sale().Tenders
	if len(ts) != 1 || ts[0].Kind != pos.TenderVoucher || ts[0].Amount != credit || ts[0].Reference != code {
		t.Fatalf("tenders after the voucher: %+v (%q)", ts, v.modal.error.Text)
	}
	if want := "Store credit " + code + ": " + ui.w.Amount(credit); s.top != p.modal || !strings.Contains(p.paid.Text, want) ||
		!strings.Contains(p.due.Text, ui.money(total-credit)) {
		t.Fatalf("the payment shows %q, %q; want %q", p.due.Text, p.paid.Text, want)
	}

	// The rest in cash.
	enter(p.amount)
	if s.preview == nil {
		t.Fatalf("the sale did not complete: %q", p.modal.error.Text)
	}
	stored, err := tl.DB.SaleByReceipt(t.Context(), tl.Store.TillID, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	if ts := stored.Tenders; len(ts) != 2 || ts[0].Kind != pos.TenderVoucher || ts[0].Reference != code || ts[0].Amount != credit ||
		ts[1].Kind != pos.TenderCash || ts[1].Amount != total-credit {
		t.Fatalf("stored tenders %+v", ts)
	}
	if !strings.Contains(s.preview.tenders.Text, "Store credit "+code) {
		t.Errorf("the preview lists %q", s.preview.tenders.Text)
	}
	if left, err := tl.DB.OwnVoucher(t.Context(), code); err != nil || left != 0 {
		t.Fatalf("voucher %s has %s left after paying (%v)", code, left, err)
	}
}

// hidBurst types a code as a USB scanner does through the real driver: Shift pressed for
// its capitals and its ':' (a key of its own, before the letter), then Enter.
func hidBurst(ui *UI, code string) {
	c := ui.win.Canvas()
	for _, r := range code {
		if unicode.IsUpper(r) || r == ':' {
			glfwKey(c, desktop.KeyShiftLeft)
		}
		glfwType(c, string(r))
	}
	glfwKey(c, fyne.KeyReturn)
}
