package app

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
)

// Goods come back without a receipt: the Return dialog's No receipt key asks a manager's
// PIN, then the form. The article scanned shows the lowest price this till knows (it is
// not paired: central cannot be reached); OK without the customer's details asks for
// them; with them it commits a return refunded as store credit, which prints.
func TestReturnWithoutAReceiptAtTheTill(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	piece, _, _ := demoCodes(t)

	test.Tap(findButton(t, s.content, "Return"))
	if s.returning == nil {
		t.Fatal("no return dialog")
	}
	test.Tap(findButton(t, c.Overlays().Top(), "No receipt"))
	pin, ok := c.Focused().(*scanEntry)
	if !ok || !pin.Password {
		t.Fatal("No receipt did not ask for a manager's PIN")
	}
	pin.SetText("9999")
	enter(pin)
	d := s.noReceipt
	if d == nil || c.Focused() != d.article {
		t.Fatal("no form of goods back without a receipt, or the article's field has not the keyboard")
	}
	scanBurst(ui, piece.Barcodes[0])
	waitFor(t, q, "the lowest price", func() bool { return !d.modal.busy && d.price.SKU == piece.SKU })
	if d.price.Price != piece.Price || d.price.Central || !strings.Contains(d.found.Text, piece.Name) {
		t.Fatalf("the article found: %+v, %q, %q", d.price, d.found.Text, d.modal.error.Text)
	}
	test.Tap(d.modal.ok)
	if !strings.Contains(d.modal.error.Text, "customer's name") || c.Focused() != d.name {
		t.Fatalf("OK without the customer: %q", d.modal.error.Text)
	}
	d.name.SetText("Jan Kowalski")
	d.contact.SetText("jan@example.pl")
	test.Tap(findButton(t, c.Overlays().Top(), "4  Changed mind"))
	test.Tap(d.modal.ok)
	waitFor(t, q, "the return committed", func() bool { return s.noReceipt == nil })
	if !strings.HasPrefix(s.message.Text, "Return 1: refund "+ui.money(piece.Price)) {
		t.Fatalf("after OK: %q, %q", s.message.Text, d.modal.error.Text)
	}
	var kind, customer string
	var approver pos.StaffID
	db, err := sql.Open("sqlite3", "file:"+tl.DB.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRowContext(t.Context(), `SELECT source_kind, customer, approved_by FROM returns`).Scan(&kind, &customer, &approver); err != nil {
		t.Fatal(err)
	}
	if kind != pos.SourceNone || !strings.Contains(customer, "jan@example.pl") || approver == "" {
		t.Fatalf("the return kept: %s %s %s", kind, customer, approver)
	}
}

// Letters a busy screen took in one clump, held by the wedge as a possible scan, stay in
// the field they were typed into when Tab moves on: the customer's name keeps its "ki",
// the phone gets none of it.
func TestHeldLettersStayInTheirFieldOnTab(t *testing.T) {
	ui, _, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	s.openNoReceipt(pos.Staff{ID: "boss", Role: pos.RoleManager}, reasonList{})
	d := s.noReceipt
	c.Focus(d.name)
	personType(ui, clock, "Jan Kowals")
	glfwType(c, "ki") // one clump: the wedge holds it
	c.FocusNext()     // Tab, as the window handles it
	if c.Focused() != d.contact {
		t.Fatal("Tab did not reach the contact's field")
	}
	personType(ui, clock, "600")
	if d.name.Text != "Jan Kowalski" || d.contact.Text != "600" {
		t.Fatalf("name %q, contact %q", d.name.Text, d.contact.Text)
	}
}
