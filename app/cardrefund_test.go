package app

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// A return of a sale paid by card is refunded to the card on the terminal before it is
// committed: Esc in the card refund's dialog (declined) returns nothing; Enter with the
// refund's approval code commits the return, which keeps the code.
func TestCardRefundOnTheTerminal(t *testing.T) {
	ui, tl, q := openTill(t)
	desk := tl.Returns()
	desk.Policies, desk.Policy.OfflineCreditOnly = nil, false // the till is not paired: card refunds allowed offline
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	scanBurst(ui, "5902754113850") // 49,99
	key(s, fyne.KeyF12)
	s.paying.card()
	ref := c.Focused().(*scanEntry)
	ref.SetText("A1B2C3")
	enter(ref)
	if s.preview == nil {
		t.Fatalf("the card sale did not complete: %q", s.payment.modal.error.Text)
	}
	waitFor(t, q, "the receipt printed", func() bool { return strings.HasPrefix(s.preview.status.Text, "Printed") })
	s.preview.d.Hide()

	d := openReturn(t, ui, q, clock, string(tl.Store.ID)+"/"+string(tl.Store.TillID)+"/1")
	glfwKey(c, fyne.KeyRight)
	test.Tap(findButton(t, c.Overlays().Top(), "4  Changed mind"))
	if d.credit.Checked {
		t.Fatal("store credit offered by default online-like")
	}
	test.Tap(d.modal.ok)
	waitFor(t, q, "the card refund asked", func() bool { return s.top != d.modal && !d.modal.busy })
	if shown := shownTexts(c.Overlays().Top()); !strings.Contains(shown, "A1B2C3") {
		t.Fatalf("the card refund dialog does not name the card payment:\n%s", shown)
	}
	glfwKey(c, fyne.KeyEscape) // declined
	if s.top != d.modal || !strings.Contains(d.modal.error.Text, "not made") {
		t.Fatalf("after a declined refund: %q", d.modal.error.Text)
	}
	src, err := tl.DB.OwnReturnable(t.Context(), tl.Store.ID, tl.Store.TillID, 1, "")
	if err != nil || src.Lines[0].Returned != 0 {
		t.Fatalf("a declined card refund returned %+v (%v)", src.Lines, err)
	}

	test.Tap(d.modal.ok)
	waitFor(t, q, "the card refund asked again", func() bool { return s.top != d.modal && !d.modal.busy })
	code := c.Focused().(*scanEntry)
	code.SetText("R-77")
	enter(code)
	waitFor(t, q, "the return committed", func() bool { return s.returning == nil })
	if !strings.HasPrefix(s.message.Text, "Return 1: refund 49,99") {
		t.Fatalf("after the approval: %q, %q", s.message.Text, d.modal.error.Text)
	}
	db, err := sql.Open("sqlite3", "file:"+tl.DB.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var kind, reference, approval string
	if err := db.QueryRow(`SELECT kind, reference, approval FROM return_refunds`).Scan(&kind, &reference, &approval); err != nil {
		t.Fatal(err)
	}
	if kind != "card" || reference != "A1B2C3" || approval != "R-77" {
		t.Fatalf("the refund kept: %s %s %s", kind, reference, approval)
	}
}
