package app

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
)

// What a cashier types replaces the amount shown; Enter on an empty field takes the amount
// due; a cash amount far over it (more than the largest note) is asked about first.
func TestTypedCashReplacesTheAmountDue(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	scanBurst(ui, "5902754113850") // 49,99
	glfwKey(c, fyne.KeyF12)
	p := s.paying
	if p.amount.Text != "" || p.amount.PlaceHolder != "49,99" {
		t.Fatalf("cash field %q, hint %q: the amount due must be a hint", p.amount.Text, p.amount.PlaceHolder)
	}
	personType(ui, clock, "10")
	glfwKey(c, fyne.KeyReturn)
	if paid := tl.Register().Sale().Paid(); paid != 1000 {
		t.Fatalf("typing 10 tendered %s", paid.Display())
	}
	if p.amount.PlaceHolder != "39,99" || p.amount.Text != "" {
		t.Fatalf("after a part payment: %q, hint %q", p.amount.Text, p.amount.PlaceHolder)
	}
	// 1000 for 39,99 is more than the amount due and a 500 note: asked first; Esc types again.
	personType(ui, clock, "1000")
	glfwKey(c, fyne.KeyReturn)
	if s.top == p.modal || !strings.Contains(s.top.title, "1 000,00") {
		t.Fatal("a cash amount far over the amount due was taken without asking")
	}
	glfwKey(c, fyne.KeyEscape)
	if s.top != p.modal || c.Focused() != p.amount || tl.Register().Sale().Paid() != 1000 {
		t.Fatal("Esc did not go back to the payment untouched")
	}
	personType(ui, clock, "1000.00") // a dot works as well as a comma
	glfwKey(c, fyne.KeyReturn)
	glfwKey(c, fyne.KeyReturn) // yes, 1000 it is
	if s.preview == nil || s.preview.sale.Change() != 100000-3999 {
		t.Fatalf("the sale was not paid with 1000: %+v", tl.Register().Sale())
	}
}

// Enter on an empty cash field pays the amount due.
func TestEnterOnAnEmptyCashFieldPaysWhatIsDue(t *testing.T) {
	ui, _, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "5902754113850")
	glfwKey(c, fyne.KeyF12)
	glfwKey(c, fyne.KeyReturn)
	if s.preview == nil || s.preview.sale.Change() != 0 || s.preview.sale.Tenders[0].Amount != 4999 {
		t.Fatal("Enter did not pay the amount due in cash")
	}
}

// Esc closes every dialog, the manager's PIN included, and the keyboard goes back where it
// was; a scanner burst typed into the PIN field reaches the cart, never the PIN.
func TestEscAndBurstsInTheManagerPINDialog(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	glfwKey(c, fyne.KeyF9) // training needs a manager
	pin, ok := c.Focused().(*scanEntry)
	if !ok || !pin.Password {
		t.Fatal("F9 did not ask for a manager's PIN")
	}
	scanBurst(ui, "4772282229412")
	if pin.Text != "" || len(tl.Register().Sale().ActiveLines()) != 1 {
		t.Fatalf("the burst went into the PIN (%q), not the cart", pin.Text)
	}
	glfwKey(c, fyne.KeyEscape)
	if s.top != nil || s.dialogOpen || c.Focused() != s.code || tl.Register().Training() {
		t.Fatal("Esc did not cancel the manager's PIN dialog")
	}
	// A dialog without a field (a question) takes Enter and Esc from the screen.
	s.cancelSale()
	if s.top == nil {
		t.Fatal("cancelling a sale did not ask")
	}
	glfwKey(c, fyne.KeyEscape)
	if len(tl.Register().Sale().ActiveLines()) != 1 || s.top != nil {
		t.Fatal("Esc on the question cancelled the sale")
	}
	s.cancelSale()
	glfwKey(c, fyne.KeyReturn)
	if len(tl.Register().Sale().ActiveLines()) != 0 {
		t.Fatal("Enter on the question did not cancel the sale")
	}
}

// A scanner burst during a payment is the next basket's: it waits for the payment to end
// and is never lost.
func TestBurstDuringPaymentWaitsForIt(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "5902754113850")
	glfwKey(c, fyne.KeyF12)
	scanBurst(ui, "4772282229412")
	if s.paying == nil || len(tl.Register().Sale().ActiveLines()) != 1 || s.paying.amount.Text != "" {
		t.Fatal("a burst during the payment changed it")
	}
	if !strings.Contains(s.top.error.Text, "kept") {
		t.Fatalf("the cashier is not told the scan was kept: %q", s.top.error.Text)
	}
	glfwKey(c, fyne.KeyReturn) // pay what is due
	lines := tl.Register().Sale().ActiveLines()
	if s.preview == nil || len(lines) != 1 || !strings.HasPrefix(lines[0].Name, "Šakotis") {
		t.Fatalf("the kept scan did not start the next basket: %+v", lines)
	}
}

// A weighed article's weight typed with a burst arriving meanwhile: the burst goes to the
// cart, the weight to its field.
func TestBurstInTheWeightDialog(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	_, weighed, _ := demoCodes(t)
	glfwType(c, weighed.PLU)
	glfwKey(c, fyne.KeyReturn)
	w := s.weighing
	if w == nil || c.Focused() != w.qty {
		t.Fatal("the PLU of a weighed article did not ask its weight")
	}
	scanBurst(ui, "4772282229412")
	if w.qty.Text != "" {
		t.Fatalf("the burst went into the weight: %q", w.qty.Text)
	}
	glfwType(c, "0,5")
	glfwKey(c, fyne.KeyReturn)
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 2 || lines[1].SKU != weighed.SKU || lines[1].Qty != pos.Grams(500) {
		t.Fatalf("cart %+v", lines)
	}
}

// A scan at the login screen is refused in words, and the PIN field stays empty.
func TestBurstAtLoginIsRefused(t *testing.T) {
	ui, tl, _ := openTill(t)
	c := ui.win.Canvas()
	if c.Focused() != ui.login.pin {
		t.Fatal("the PIN field does not have the keyboard at login")
	}
	scanBurst(ui, "5902754113850")
	if ui.login.pin.Text != "" || !strings.Contains(ui.login.message.Text, "Log in first") {
		t.Fatalf("PIN %q, message %q", ui.login.pin.Text, ui.login.message.Text)
	}
	if _, ok := tl.Register().Cashier(); ok {
		t.Fatal("a scan logged someone in")
	}
}

// On the Devices screen a scanned pairing code's QR goes into its field and pairs; an
// article's barcode scanned there is refused and typed nowhere.
func TestBurstsIntoThePairingForm(t *testing.T) {
	ui, _, q := openTill(t)
	login(t, ui, "9999") // a manager opens Devices at once
	c := ui.win.Canvas()
	glfwKey(c, fyne.KeyF5)
	d := ui.devices
	if ui.screen != d.content {
		t.Fatal("F5 did not open the Devices screen")
	}
	c.Focus(d.pairCode)
	scanBurst(ui, "5902754113850")
	if d.pairCode.Text != "" || !strings.Contains(d.pairResult.Text, "article's barcode") {
		t.Fatalf("code field %q, message %q", d.pairCode.Text, d.pairResult.Text)
	}
	c.Focus(d.pairURL)
	scanBurst(ui, "http://127.0.0.1:9")
	if d.pairURL.Text != "http://127.0.0.1:9" {
		t.Fatalf("central's address scanned: %q", d.pairURL.Text)
	}
	scanBurst(ui, "K7QX2-MZ9PD")
	if d.pairCode.Text != "K7QX2-MZ9PD" {
		t.Fatalf("the pairing code scanned: %q", d.pairCode.Text)
	}
	// It tried to pair at once: nothing listens at that address.
	waitFor(t, q, "the pairing's answer", func() bool { return d.pairResult.Text != "" && d.pairResult.Text != "Pairing…" })
	if strings.Contains(d.pairResult.Text, "Paired") {
		t.Fatalf("paired with nothing: %q", d.pairResult.Text)
	}
}

// The QR of a pairing string (central's address, the code and its certificate's
// fingerprint) scanned on the Devices screen goes into the code field and pairs with the
// address it carries, the address field left empty; the till refuses that address in the
// screen's words when it is http:// to another machine.
func TestScannedPairingStringPairs(t *testing.T) {
	ui, _, q := openTill(t)
	login(t, ui, "9999")
	c := ui.win.Canvas()
	glfwKey(c, fyne.KeyF5)
	d := ui.devices
	c.Focus(d.pairCode)
	pairing := "OMNITILL:P:http://192.0.2.10:8420#K7QX2-MZ9PD#"
	scanBurst(ui, pairing)
	if d.pairCode.Text != pairing || d.pairURL.Text != "" {
		t.Fatalf("code field %q, address field %q", d.pairCode.Text, d.pairURL.Text)
	}
	waitFor(t, q, "the pairing's answer", func() bool { return d.pairResult.Text != "" && d.pairResult.Text != "Pairing…" })
	if !strings.Contains(d.pairResult.Text, "only to a central on this very machine, not to http://192.0.2.10:8420") {
		t.Fatalf("pairing over http:// with another machine: %q", d.pairResult.Text)
	}
}

// No sale asks why; the drawer opens only once a reason is given.
func TestNoSaleAsksWhy(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "9999")
	s, c := ui.sale, ui.win.Canvas()
	printed := printerPath(t, tl)
	glfwKey(c, fyne.KeyF3)
	if s.top == nil || c.Focused() != s.noSaleReason.number {
		t.Fatal("no sale did not ask why")
	}
	glfwKey(c, fyne.KeyReturn)
	if s.top == nil || !strings.Contains(s.top.error.Text, "Choose why") {
		t.Fatal("the drawer opened without a reason")
	}
	glfwType(c, "2")
	glfwKey(c, fyne.KeyReturn)
	kick := escpos.DrawerKick(2, 100*time.Millisecond, 200*time.Millisecond)
	waitFor(t, q, "the drawer kick", func() bool {
		data, _ := os.ReadFile(printed)
		return bytes.Contains(data, kick)
	})
	if !strings.Contains(s.message.Text, "Exchange of notes") {
		t.Fatalf("message %q", s.message.Text)
	}
}

// A screen busy drawing takes a scanner's keys in clumps: a burst with a pause of 300 ms
// inside and its Enter 60 ms late is still a scan; a person typing 80 ms a key is not.
func TestBurstTakenInClumpsIsStillAScan(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	scanBurst(ui, "5902754113850")
	glfwKey(c, fyne.KeyF4) // the quantity dialog
	qty := c.Focused().(*scanEntry)
	for i, r := range "4772282229412" {
		if i == 7 {
			clock.Add(300 * time.Millisecond) // the screen was drawing
		}
		clock.Add(time.Millisecond)
		glfwType(c, string(r))
	}
	clock.Add(60 * time.Millisecond)
	glfwKey(c, fyne.KeyReturn)
	if qty.Text != "" || len(tl.Register().Sale().ActiveLines()) != 2 {
		t.Fatalf("a burst in clumps went into the field: %q", qty.Text)
	}
	// The screen stalls right after the burst's first key: still a scan.
	for i, r := range "5902754113850" {
		if i == 1 {
			clock.Add(300 * time.Millisecond)
		}
		clock.Add(time.Millisecond)
		glfwType(c, string(r))
	}
	clock.Add(time.Millisecond)
	glfwKey(c, fyne.KeyReturn)
	if qty.Text != "" || len(tl.Register().Sale().ActiveLines()) != 3 {
		t.Fatalf("a burst stalled after its first key went into the field: %q", qty.Text)
	}
	for _, r := range "1000" {
		clock.Add(80 * time.Millisecond)
		glfwType(c, string(r))
	}
	clock.Add(80 * time.Millisecond)
	glfwKey(c, fyne.KeyReturn)
	if lines := tl.Register().Sale().ActiveLines(); len(lines) != 3 || lines[0].Qty != pos.Pieces(1000) {
		t.Fatalf("fast typing was taken for a scan: %+v", lines)
	}
}

// An article the catalog does not know: a manager sells it at a price under a department.
func TestUnknownArticleAtAnOpenPrice(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	scanBurst(ui, "5901234123457")
	if s.top == nil || !strings.Contains(s.top.title, "Not in the catalog") {
		t.Fatal("an unknown article offered no open price")
	}
	glfwKey(c, fyne.KeyReturn) // ask a manager
	personType(ui, clock, "9999")
	glfwKey(c, fyne.KeyReturn)
	if s.openPricing == nil || c.Focused() != s.openPricing.number {
		t.Fatal("no department asked")
	}
	personType(ui, clock, "3") // C, 5 %
	glfwKey(c, fyne.KeyReturn)
	if !strings.Contains(s.top.error.Text, "price") {
		t.Fatalf("no price asked: %q", s.top.error.Text)
	}
	personType(ui, clock, "12,50")
	glfwKey(c, fyne.KeyReturn)
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 1 || lines[0].UnitPrice != 1250 || lines[0].Department != "C" || lines[0].OpenPriceBy != "jonas" || s.top != nil {
		t.Fatalf("cart %+v", lines)
	}
}
