package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
)

// A customer brings an article of the till's own receipt back and takes another: with the
// new article rung up, the Return key opens the exchange; the line chosen and its reason,
// OK takes the goods back against the sale, whose totals say what is left to pay or to pay
// back; Pay and Enter commit the return and the sale together, on one receipt. Offline,
// what the goods are worth beyond the new ones goes back as store credit. Return again
// offers to give the goods back to the customer.
func TestExchangeAtTheTill(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	ringTwo(t, ui, q)
	label := string(tl.Store.ID) + "/" + string(tl.Store.TillID) + "/1"

	piece, _, _ := demoCodes(t)
	scanBurst(ui, piece.Barcodes[0])
	d := openReturn(t, ui, q, clock, label)
	if !d.exchangeOnly || d.modal.ok.label != "Exchange" || len(d.rows) != 2 {
		t.Fatalf("Return with a basket open: exchange %v, OK %q, %d rows, %q", d.exchangeOnly, d.modal.ok.label, len(d.rows), d.modal.error.Text)
	}
	// By the keyboard: ↓ to the second line, → a piece of it.
	if d.current != 0 || !strings.HasPrefix(d.rows[0].name.Text, "»") {
		t.Fatalf("the keyboard's line: %d %q", d.current, d.rows[0].name.Text)
	}
	glfwKey(c, fyne.KeyDown)
	glfwKey(c, fyne.KeyRight)
	back := d.rows[1]
	if d.current != 1 || back.qty != pos.Pieces(1) || d.rows[0].qty != 0 {
		t.Fatalf("↓ → chose line %d, %d of it", d.current+1, back.qty)
	}
	test.Tap(findButton(t, c.Overlays().Top(), "4  Changed mind"))
	test.Tap(d.modal.ok)
	waitFor(t, q, "the goods taken back", func() bool { return s.returning == nil })
	sale := tl.Register().Sale()
	worth := back.line.RefundOf(pos.Pieces(1))
	if sale.Exchange == nil || sale.Exchange.Total() != worth || !strings.Contains(s.message.Text, "scan what the customer takes") {
		t.Fatalf("after OK: %+v, %q, %q", sale.Exchange, s.message.Text, d.modal.error.Text)
	}
	total := sale.Total()
	wantLabel, wantAmount := "TO PAY", max(total-worth, 0)
	if worth > total {
		wantLabel, wantAmount = "REFUND", worth-total
	}
	if s.totals.label.Text != wantLabel || s.totals.total.Text != ui.w.Money(wantAmount, sale.Currency) {
		t.Fatalf("the totals say %s %s, want %s %s", s.totals.label.Text, s.totals.total.Text, wantLabel, ui.w.Money(wantAmount, sale.Currency))
	}
	if shown := shownTexts(s.content); !strings.Contains(shown, "Back: ") {
		t.Errorf("the sale screen does not show the goods back:\n%s", shown)
	}

	// Return again: the goods can be given back to the customer; Esc keeps them.
	test.Tap(findButton(t, s.content, "Return"))
	if s.top == nil || s.returning != nil {
		t.Fatalf("Return with goods taken back: dialog %v", s.top != nil)
	}
	glfwKey(c, fyne.KeyEscape)
	if tl.Register().Sale().Exchange == nil {
		t.Fatal("Esc gave the goods back")
	}

	key(s, fyne.KeyF12)
	if worth > total {
		if !strings.Contains(s.paying.due.Text, "To pay back") {
			t.Fatalf("the payment says %q", s.paying.due.Text)
		}
		enter(s.paying.amount)
	} else {
		enter(s.paying.amount) // the rest in cash
	}
	if s.preview == nil {
		t.Fatalf("the exchange did not complete: %q", s.payment.modal.error.Text)
	}
	waitFor(t, q, "the receipt printed", func() bool { return strings.HasPrefix(s.preview.status.Text, "Printed") })
	done, err := tl.DB.SaleByID(t.Context(), s.preview.sale.ID)
	if err != nil || done.Exchange == nil || done.Exchange.ReturnNo != 1 || done.Tenders[0].Kind != pos.TenderExchange {
		t.Fatalf("the sale kept: %+v %v", done, err)
	}
	if worth > total {
		if f := done.Exchange.Refund; len(f) != 2 || f[1].Kind != pos.TenderCredit || !strings.Contains(s.preview.change.Text, "Pay back") {
			t.Fatalf("offline, the difference: %+v, %q", f, s.preview.change.Text)
		}
	}
	src, err := tl.DB.OwnReturnable(t.Context(), tl.Store.ID, tl.Store.TillID, 1, "")
	if err != nil || src.Lines[1].Returned != pos.Pieces(1) {
		t.Fatalf("the receipt after the exchange: %+v %v", src.Lines, err)
	}
	data, err := os.ReadFile(printerPath(t, tl))
	if err != nil {
		t.Fatal(err)
	}
	out, err := escpos.Decode(data, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	printed := strings.Join(out.Lines, "\n")
	for _, want := range []string{"TOWAR ZWRÓCONY W WYMIANIE", "Zwrot 1 do " + label, "Towar zwrócony"} {
		if !strings.Contains(printed, escposText(want)) {
			t.Errorf("the printed receipt lacks %q:\n%s", want, printed)
		}
	}
}
