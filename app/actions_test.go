package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

func setPrinter(t *testing.T, tl *till.Till, port string) {
	t.Helper()
	if err := tl.Devices().Configure(context.Background(), pos.DeviceConfig{Kind: pos.DevicePrinter, Port: port}); err != nil {
		t.Fatal(err)
	}
}

func key(s *saleScreen, k fyne.KeyName) { s.key(&fyne.KeyEvent{Name: k}) }

// scanBurst types a code as a keyboard-wedge scanner does, into whatever has the focus, in
// the order the real driver delivers its keys (the wedge's clock does not move: a burst).
func scanBurst(ui *UI, code string) {
	c := ui.win.Canvas()
	glfwType(c, code)
	glfwKey(c, fyne.KeyReturn)
}

func TestWrongBarcodeIsShownInRedAndAddsNothing(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113851")
	if n := len(tl.Register().Sale().Lines); n != 0 {
		t.Fatalf("a wrong code added %d lines", n)
	}
	if !strings.Contains(s.message.Text, "Wrong check digit") || s.msgBar.FillColor != colorError {
		t.Fatalf("message %q in %v", s.message.Text, s.msgBar.FillColor)
	}
	scanBurst(ui, "5901234123457") // valid, but not in the catalog
	if !strings.Contains(s.message.Text, "not in this till's catalog") {
		t.Fatalf("unknown product message %q", s.message.Text)
	}
}

func TestQuantityVoidAndScanDuringQuantityDialog(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF4)
	if s.top == nil {
		t.Fatal("F4 did not ask for the quantity")
	}
	qty := ui.win.Canvas().Focused().(*scanEntry)
	if qty.Text != "" || !strings.HasPrefix(qty.PlaceHolder, "1 ") {
		t.Fatalf("the quantity field holds %q (hint %q): what is typed must replace the quantity", qty.Text, qty.PlaceHolder)
	}
	// A scanner fires while the quantity field has the focus: the code goes to the cart.
	scanBurst(ui, "4772282229412")
	if qty.Text != "" {
		t.Fatalf("the scan went into the quantity field: %q", qty.Text)
	}
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 2 || !strings.HasPrefix(lines[1].Name, "Šakotis") {
		t.Fatalf("the burst did not reach the cart: %+v", lines)
	}
	qty.SetText("4")
	qty.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if l := tl.Register().Sale().ActiveLines()[0]; l.Qty != pos.Pieces(4) {
		t.Fatalf("quantity %d after F4", l.Qty)
	}
	key(s, fyne.KeyDown)
	key(s, fyne.KeyF6) // void the selected (second) line: asked first
	if len(tl.Register().Sale().ActiveLines()) != 2 || s.top == nil {
		t.Fatal("F6 voided without asking")
	}
	glfwKey(ui.win.Canvas(), fyne.KeyReturn) // no reason chosen: nothing is voided
	if len(tl.Register().Sale().ActiveLines()) != 2 || !strings.Contains(s.top.error.Text, "Choose why") {
		t.Fatalf("a void without a reason: %q", s.top.error.Text)
	}
	test.Type(s.voidReason.number, "1")
	glfwKey(ui.win.Canvas(), fyne.KeyReturn)
	lines = tl.Register().Sale().ActiveLines()
	if len(lines) != 1 || lines[0].Qty != pos.Pieces(4) {
		t.Fatalf("after void: %+v", lines)
	}
	// The reason is kept on the line, in the store's language (the Polish demo's).
	if all := tl.Register().Sale().Lines; all[1].VoidReason != "Zeskanowany przez pomyłkę" {
		t.Fatalf("void reason %q", all[1].VoidReason)
	}
	// The voided line stays on screen, struck through and selected: F6 again voids nothing.
	if len(s.cart.lines) != 2 || !s.cart.lines[1].Voided {
		t.Fatalf("the cart on screen shows %+v", s.cart.lines)
	}
	if l, _ := s.cart.current(); l.No != 2 {
		t.Fatalf("the selection moved to line %d", l.No)
	}
	key(s, fyne.KeyF6)
	if s.top != nil || len(tl.Register().Sale().ActiveLines()) != 1 || !strings.Contains(s.message.Text, "voided") {
		t.Fatalf("F6 on a voided line: %q", s.message.Text)
	}
}

// A code mistyped by hand stays in the field, selected: typing replaces it.
func TestMistypedCodeStaysSelected(t *testing.T) {
	ui, _, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	clock := &fakeClock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	personType(ui, clock, "5902754113851")
	glfwKey(ui.win.Canvas(), fyne.KeyReturn)
	if s.code.Text != "5902754113851" || s.code.SelectedText() != "5902754113851" {
		t.Fatalf("the mistyped code is %q, selected %q", s.code.Text, s.code.SelectedText())
	}
	personType(ui, clock, "5902754113850")
	waitFor(t, q, "the last key to reach the field", func() bool { return len(s.code.Text) == 13 })
	if s.code.Text != "5902754113850" {
		t.Fatalf("typing over the selected code gave %q", s.code.Text)
	}
}

func TestBigDiscountAsksForManagerPINInPlace(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113850") // 49,99
	key(s, fyne.KeyF7)
	amount := ui.win.Canvas().Focused().(*scanEntry)
	glfwType(ui.win.Canvas(), "20%")
	glfwKey(ui.win.Canvas(), fyne.KeyReturn)
	// No reason is given for the cashier: Enter asks for one, and its number is typed.
	if s.discounting.selected() != "" || ui.win.Canvas().Focused() != s.discounting.number {
		t.Fatalf("a discount's reason was chosen for the cashier: %q", s.discounting.selected())
	}
	if amount.Text != "20%" {
		t.Fatalf("the amount typed is %q", amount.Text)
	}
	glfwType(ui.win.Canvas(), "3")
	glfwKey(ui.win.Canvas(), fyne.KeyReturn)
	pin, ok := ui.win.Canvas().Focused().(*scanEntry)
	if !ok || !pin.Password {
		t.Fatal("a 20 % discount did not ask for a manager's PIN")
	}
	if d := tl.Register().Sale().Lines[0].Discount.Amount; d != 0 {
		t.Fatalf("discount %s applied before approval", d)
	}
	pin.SetText("1111") // the cashier's own PIN is not a manager's
	pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ui.win.Canvas().Focused() != pin {
		t.Fatal("a cashier's PIN closed the approval")
	}
	pin.SetText("9999")
	pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l := tl.Register().Sale().Lines[0]
	if l.Discount.Amount != 1000 || l.Discount.ApprovedBy != "jonas" || l.Discount.Reason != "Wyrównanie ceny" { // as the Polish store prints it
		t.Fatalf("discount %+v", l.Discount)
	}
	if ui.win.Canvas().Focused() != s.code || s.dialogOpen {
		t.Fatal("the keyboard did not return to the sale")
	}
}

func TestTrainingModeNeedsManagerAndShows(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	key(s, fyne.KeyF9)
	pin := ui.win.Canvas().Focused().(*scanEntry)
	pin.SetText("9999")
	pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !tl.Register().Training() || !strings.Contains(s.status.training.Text, "TRAINING") || !s.trainingMark.Visible() {
		t.Fatal("training mode is not on, or not shown on the cart")
	}
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	s.paying.exact()
	if s.preview == nil || !s.preview.sale.Training {
		t.Fatal("the training sale did not complete")
	}
	waitFor(t, q, "print", func() bool { return s.preview.status.Text == "Printed." })
	if evs, _ := tl.DB.PendingEvents(ui.ctx, 10); len(evs) != 0 {
		t.Fatalf("a training sale queued %d events", len(evs))
	}
	// Training survives a restart of the till.
	till2, _, _ := reopen(t, tl)
	if !till2.Training() {
		t.Fatal("training mode was forgotten")
	}
}

func TestLoginRefusesWrongPIN(t *testing.T) {
	ui, _, _ := openTill(t)
	test.Type(ui.login.pin, "1234")
	ui.login.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := ui.till.Register().Cashier(); ok || !strings.Contains(ui.login.message.Text, "Wrong PIN") {
		t.Fatalf("wrong PIN: %q", ui.login.message.Text)
	}
	test.Tap(findButton(t, ui.login.content, "9"))
	for i := 0; i < 3; i++ {
		test.Tap(findButton(t, ui.login.content, "9"))
	}
	test.Tap(findButton(t, ui.login.content, "OK"))
	if c, ok := ui.till.Register().Cashier(); !ok || !c.IsManager() {
		t.Fatal("the touch keypad did not log the manager in")
	}
}

func TestHumanTypingReachesTheSearchField(t *testing.T) {
	ui, _, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	clock := &fakeClock{now: time.Now()}
	s.wedge.Now = clock.Now
	key(s, fyne.KeyF2)
	for _, r := range "sakot" {
		clock.Add(180 * time.Millisecond)
		s.searching.query.TypedRune(r)
	}
	clock.Add(450 * time.Millisecond) // the last key goes to the field once no other follows
	waitFor(t, q, "typing", func() bool { return s.searching.query.Text == "sakot" })
	if len(s.searching.results) == 0 {
		t.Fatal("search for sakot found nothing")
	}
	s.searching.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter takes the first result
	if lines := ui.till.Register().Sale().ActiveLines(); len(lines) != 1 || !strings.HasPrefix(pos.FoldText(lines[0].Name), "sakotis") {
		t.Fatalf("Enter on the results added %+v", lines)
	}
}

// Tapping a cart line focuses the list; a scan right after must still reach the cart.
func TestScanAfterTappingACartLine(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	scanBurst(ui, "5902754113850")
	ui.win.Canvas().Focus(s.cart.list)
	s.cart.list.Select(0)
	scanBurst(ui, "4772282229412")
	if n := len(tl.Register().Sale().ActiveLines()); n != 2 {
		t.Fatalf("the scan after tapping a line was lost: %d lines", n)
	}
}

func TestPrinterFailureIsShownAndReprintWorks(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	// The printer's file cannot be written: a folder stands where the file should be.
	setPrinter(t, tl, "file:"+t.TempDir())
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	s.paying.exact()
	waitFor(t, q, "the print to fail", func() bool { return strings.Contains(s.preview.status.Text, "did not print") })
	if _, err := tl.DB.SaleByReceipt(ui.ctx, tl.Store.TillID, 1, false); err != nil {
		t.Fatalf("a printer failure lost the sale: %v", err)
	}
	setPrinter(t, tl, "file:"+t.TempDir()+"/printer.bin")
	test.Tap(s.preview.again)
	waitFor(t, q, "the reprint", func() bool { return s.preview.status.Text == "Printed." })
}
