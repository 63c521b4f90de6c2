package app

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
)

// ringTwo rings a sale of two articles through the screen and pays it in cash: the
// till's receipt 1.
func ringTwo(t *testing.T, ui *UI, q *uiQueue) *pos.Sale {
	t.Helper()
	s := ui.sale
	piece, _, other := demoCodes(t)
	scanBurst(ui, piece.Barcodes[0])
	scanBurst(ui, other.Barcodes[0])
	key(s, fyne.KeyF12)
	enter(s.paying.amount)
	if s.preview == nil {
		t.Fatalf("the sale did not complete: %q", s.payment.modal.error.Text)
	}
	waitFor(t, q, "the receipt printed", func() bool { return strings.HasPrefix(s.preview.status.Text, "Printed") })
	s.preview.d.Hide()
	return s.preview.sale
}

// openReturn taps Return and finds the purchase typed at a person's pace.
func openReturn(t *testing.T, ui *UI, q *uiQueue, clock *fakeClock, ref string) *returnDialog {
	t.Helper()
	s, c := ui.sale, ui.win.Canvas()
	test.Tap(findButton(t, s.content, "Return"))
	d := s.returning
	if d == nil || s.top != d.modal || c.Focused() != d.ref {
		t.Fatalf("the Return key opened no dialog with the keyboard: %q", s.message.Text)
	}
	personType(ui, clock, ref)
	waitFor(t, q, "the receipt typed", func() bool { return d.ref.Text == ref })
	glfwKey(c, fyne.KeyReturn)
	waitFor(t, q, "the purchase", func() bool { return !d.modal.busy })
	return d
}

// A cashier takes back one of the two articles of the till's own receipt, the till not
// paired (offline): the receipt typed
// shows its lines; one piece of a line is all that is offered; OK asks for the reason,
// then commits the return, says its number and refund, and prints its receipt. Opened
// again by the receipt's QR scanned into it, the line shows where it went and cannot be
// chosen, and more of the other line than was bought is refused.
func TestReturnOfTheTillsOwnReceipt(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now

	sale := ringTwo(t, ui, q)
	label := string(tl.Store.ID) + "/" + string(tl.Store.TillID) + "/1"

	d := openReturn(t, ui, q, clock, label)
	if d.modal.error.Text != "" || len(d.rows) != 2 || d.found != label {
		t.Fatalf("the purchase found: %q, %d rows", d.modal.error.Text, len(d.rows))
	}
	shown := shownTexts(c.Overlays().Top())
	for _, want := range []string{label, sale.Lines[0].Name, sale.Lines[1].Name, "Central cannot be reached", "Changed mind"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the return dialog lacks %q:\n%s", want, shown)
		}
	}
	policy, err := tl.Returns().CurrentPolicy(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if d.credit.Checked != policy.OfflineCreditOnly {
		t.Errorf("store credit offered %v offline, the policy says %v", d.credit.Checked, policy.OfflineCreditOnly)
	}
	first := d.rows[0]
	if first.why != "" || first.plus.Disabled() || !first.minus.Disabled() {
		t.Fatalf("line 1: %q, + disabled %v, − disabled %v", first.why, first.plus.Disabled(), first.minus.Disabled())
	}
	test.Tap(first.plus)
	refund := first.line.RefundOf(pos.Pieces(1))
	if first.qty != pos.Pieces(1) || !first.plus.Disabled() || !strings.Contains(d.refund.Text, ui.money(refund)) {
		t.Fatalf("one piece chosen: qty %d, + disabled %v, %q", first.qty, first.plus.Disabled(), d.refund.Text)
	}
	test.Tap(first.plus) // no more than was bought
	if first.qty != pos.Pieces(1) {
		t.Fatalf("+ took %d of a line of one piece", first.qty)
	}

	// No reason: OK asks for it and commits nothing.
	test.Tap(d.modal.ok)
	if !strings.Contains(d.modal.error.Text, "Choose why the goods come back") || c.Focused() != d.reason.number || d.modal.busy {
		t.Fatalf("OK without a reason: %q", d.modal.error.Text)
	}
	test.Tap(findButton(t, c.Overlays().Top(), "4  Changed mind"))
	test.Tap(d.modal.ok)
	waitFor(t, q, "the return committed", func() bool { return s.returning == nil })
	if s.top != nil || !strings.HasPrefix(s.message.Text, "Return 1: refund "+ui.money(refund)+" (") {
		t.Fatalf("after OK: dialog %v, %q, %q", s.top != nil, s.message.Text, d.modal.error.Text)
	}
	src, err := tl.DB.OwnReturnable(t.Context(), tl.Store.ID, tl.Store.TillID, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if src.Lines[0].Returned != pos.Pieces(1) || len(src.Lines[0].Where) != 1 || src.Lines[1].Returned != 0 {
		t.Fatalf("the till's receipt after the return: %+v", src.Lines)
	}
	waitFor(t, q, "the return receipt printed", func() bool {
		data, _ := os.ReadFile(printerPath(t, tl))
		return bytes.Contains(data, []byte("ZWROT TOWARU")) // in the store's language
	})

	// Again, by the receipt's QR scanned into the dialog.
	test.Tap(findButton(t, s.content, "Return"))
	d = s.returning
	scanBurst(ui, "OMNITILL:R:"+string(sale.ID))
	waitFor(t, q, "the purchase again", func() bool { return !d.modal.busy && len(d.rows) == 2 })
	if len(tl.Register().Sale().Lines) != 0 {
		t.Fatal("the receipt scanned into the return went into a sale")
	}
	gone := d.rows[0]
	if !strings.Contains(gone.why, "went back already") || gone.plus != nil {
		t.Fatalf("the line returned: %q, its keys offered %v", gone.why, gone.plus != nil)
	}
	if shown := shownTexts(c.Overlays().Top()); !strings.Contains(shown, gone.why) {
		t.Errorf("the dialog does not say why line 1 cannot go back:\n%s", shown)
	}
	other := d.rows[1]
	test.Tap(other.amount)
	qty := c.Focused().(*scanEntry)
	qty.SetText("2")
	enter(qty)
	if !strings.Contains(s.top.error.Text, "At most 1 pcs of") || other.qty != 0 {
		t.Fatalf("2 of a line of 1: %q, qty %d", s.top.error.Text, other.qty)
	}
	glfwKey(c, fyne.KeyEscape)
	if s.top != d.modal {
		t.Fatal("Esc did not close the quantity only")
	}
	glfwKey(c, fyne.KeyEscape)
	if s.returning != nil || s.top != nil || s.dialogOpen {
		t.Fatal("Esc did not close the return")
	}
}

// A refund over the policy's limit asks for a manager's PIN in place, then is committed
// with the manager's approval.
func TestReturnOverTheLimitNeedsAManager(t *testing.T) {
	ui, tl, q := openTill(t)
	desk := tl.Returns()
	desk.Policies, desk.Policy.ManagerOver = nil, 1_00 // the policy as given, not central's
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	ringTwo(t, ui, q)

	d := openReturn(t, ui, q, clock, "PL-WAW-01/01/1")
	test.Tap(d.rows[1].plus)
	d.rows[1].damaged.SetChecked(true)
	d.reason.number.SetText("2")
	test.Tap(d.modal.ok)
	waitFor(t, q, "the refusal", func() bool { return !d.modal.busy })
	pin, ok := c.Focused().(*scanEntry)
	if !ok || !pin.Password || !strings.Contains(d.modal.error.Text, "needs a manager's PIN") {
		t.Fatalf("over the limit: %q, PIN asked %v", d.modal.error.Text, ok && pin.Password)
	}
	pin.SetText("9999")
	enter(pin)
	waitFor(t, q, "the return committed", func() bool { return s.returning == nil })
	if !strings.HasPrefix(s.message.Text, "Return 1: refund ") {
		t.Fatalf("after the manager's PIN: %q, %q", s.message.Text, d.modal.error.Text)
	}
	src, err := tl.DB.OwnReturnable(t.Context(), tl.Store.ID, tl.Store.TillID, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if src.Lines[1].Returned != pos.Pieces(1) {
		t.Fatalf("the till's receipt after the return: %+v", src.Lines)
	}
}

// A purchase past the return window shows each line with the policy's reason, and none
// can be chosen.
func TestReturnPastTheWindow(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	ringTwo(t, ui, q)
	tl.Returns().Now = func() time.Time { return time.Now().AddDate(0, 0, 31) }

	d := openReturn(t, ui, q, clock, "PL-WAW-01/01/1")
	for i, r := range d.rows {
		if !strings.Contains(r.why, "returns are taken within 30 days") || r.plus != nil {
			t.Fatalf("line %d past the window: %q, keys offered %v", i+1, r.why, r.plus != nil)
		}
	}
	if shown := shownTexts(c.Overlays().Top()); !strings.Contains(shown, "returns are taken within 30 days") {
		t.Errorf("the dialog does not say why:\n%s", shown)
	}
	d.reason.number.SetText("1")
	test.Tap(d.modal.ok)
	if !strings.Contains(d.modal.error.Text, "Choose the lines that come back") || d.modal.busy {
		t.Fatalf("OK with nothing to return: %q", d.modal.error.Text)
	}
}
