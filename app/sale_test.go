package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/till"
)

// fakeClock lets a test type at a person's pace or a scanner's without sleeping.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// uiQueue stands in for Fyne's UI thread: background work queues its screen updates and
// the test runs them on its own goroutine, as the real driver runs them on the main thread.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) push(f func()) { q.mu.Lock(); q.fns = append(q.fns, f); q.mu.Unlock() }

func (q *uiQueue) run() {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, f := range fns {
		f()
	}
}

// openTill opens a new demo till on a real SQLite file and its window on fyne's test app.
func openTill(t *testing.T) (*UI, *till.Till, *uiQueue) {
	t.Helper()
	dir := t.TempDir()
	tl, err := till.Open(context.Background(), filepath.Join(dir, "till.db"), testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tl.Close() })
	// The screens' tests read English; the languages have tests of their own (words_test.go).
	if err := tl.SetConfig(context.Background(), "till.language", "en"); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	ui := New(a, tl)
	t.Cleanup(ui.win.Close)
	t.Cleanup(ui.Wait) // printing and the like end before the till closes (cleanups run last first)
	q := &uiQueue{}
	ui.do = q.push
	return ui, tl, q
}

// testLog is a till log that shows in the test's output.
func testLog(tb testing.TB) *slog.Logger { return slog.New(slog.NewTextHandler(tb.Output(), nil)) }

// printerPath is the file the till prints to when it has no serial printer.
func printerPath(t *testing.T, tl *till.Till) string {
	c, err := tl.Devices().Config(context.Background(), pos.DevicePrinter)
	if err != nil || !strings.HasPrefix(c.Port, "file:") {
		t.Fatalf("printer set-up %+v, %v", c, err)
	}
	return strings.TrimPrefix(c.Port, "file:")
}

// reopen opens the same database again, as after a restart of the till.
func reopen(t *testing.T, tl *till.Till) (*pos.Register, *till.Till, error) {
	t.Helper()
	again, err := till.Open(context.Background(), tl.DB.Path(), testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again.Register(), again, nil
}

func login(t *testing.T, ui *UI, pin string) {
	t.Helper()
	test.Type(ui.login.pin, pin)
	ui.login.pin.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := ui.till.Register().Cashier(); !ok {
		t.Fatalf("PIN %s did not log in: %q", pin, ui.login.message.Text)
	}
}

func enter(o fyne.Focusable) { o.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// demoCodes picks codes from the demo catalog: a barcode, and a weighed article's PLU.
func demoCodes(t *testing.T) (piece pos.Product, weighed pos.Product, other pos.Product) {
	t.Helper()
	ps, err := demo.Products()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		switch {
		case p.Unit == pos.UnitKg && p.PLU != "" && weighed.SKU == "":
			weighed = p
		case p.Unit == pos.UnitPiece && len(p.Barcodes) > 0 && len(p.Barcodes[0]) == 13 && piece.SKU == "":
			piece = p
		case p.Unit == pos.UnitPiece && len(p.Barcodes) > 0 && len(p.Barcodes[0]) == 13 && strings.Contains(pos.FoldText(p.Name), "sakotis"):
			other = p
		}
	}
	if piece.SKU == "" || weighed.SKU == "" || other.SKU == "" {
		t.Fatalf("demo catalog lacks a piece, a weighed article or a Šakotis: %v %v %v", piece, weighed, other)
	}
	return piece, weighed, other
}

// weightLabel is the in-store barcode a scale prints: 2 0 PPPPP WWWWW C.
func weightLabel(plu string, grams int) string {
	digits := fmt.Sprintf("20%s%05d", plu, grams)
	return digits + string(barcode.CheckDigit(digits))
}

func waitFor(t *testing.T, q *uiQueue, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for q.run(); !cond(); q.run() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestFullSaleOnTheSaleScreen rings a sale as a cashier would: a typed code, a weighed
// article's label scanned with no field focused, a scanner burst while the cashier is typing
// in the search field, cash payment; then the receipt is stored and printed.
func TestFullSaleOnTheSaleScreen(t *testing.T) {
	ui, tl, uiq := openTill(t)
	s := ui.sale
	clock := &fakeClock{now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	piece, weighed, other := demoCodes(t)
	login(t, ui, "1111")

	// 1. A code typed by hand into the code field, at a person's pace, then Enter.
	for _, r := range piece.Barcodes[0] {
		clock.Add(200 * time.Millisecond)
		s.code.TypedRune(r)
	}
	clock.Add(450 * time.Millisecond) // the last key goes to the field once no other follows
	waitFor(t, uiq, "typed code to reach the field", func() bool { return s.code.Text == piece.Barcodes[0] })
	enter(s.code)
	if lines := tl.Register().Sale().ActiveLines(); len(lines) != 1 || lines[0].SKU != piece.SKU {
		t.Fatalf("after the typed code the cart holds %+v", lines)
	}

	// 2. A weight label scanned by a keyboard-wedge scanner with nothing focused.
	label := weightLabel(weighed.PLU, 1234)
	ui.win.Canvas().Unfocus()
	test.TypeOnCanvas(ui.win.Canvas(), label)
	ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 2 || lines[1].SKU != weighed.SKU || lines[1].Qty != pos.Grams(1234) {
		t.Fatalf("after the weight label the cart holds %+v", lines)
	}

	// 3. The cashier types in the search field; a scanner burst arrives meanwhile.
	test.Tap(findButton(t, s.content, "Search"))
	if s.searching == nil {
		t.Fatal("the search did not open")
	}
	q := s.searching.query
	if ui.win.Canvas().Focused() != q {
		t.Fatal("the search field does not have the focus")
	}
	for _, r := range "zubr" {
		clock.Add(200 * time.Millisecond)
		q.TypedRune(r)
	}
	clock.Add(450 * time.Millisecond)
	waitFor(t, uiq, "search text", func() bool { return q.Text == "zubr" })
	for _, r := range other.Barcodes[0] {
		clock.Add(8 * time.Millisecond)
		q.TypedRune(r)
	}
	enter(q)
	if q.Text != "zubr" {
		t.Fatalf("the scan went into the search field: %q", q.Text)
	}
	lines = tl.Register().Sale().ActiveLines()
	if len(lines) != 3 || lines[2].SKU != other.SKU {
		t.Fatalf("the burst did not reach the cart: %+v", lines)
	}
	if len(s.searching.results) == 0 || !strings.Contains(pos.FoldText(s.searching.results[0].Name), "zubr") {
		t.Fatalf("search for zubr found %v", s.searching.results)
	}
	s.searching.modal.close()

	// The totals on screen follow the cart.
	total := tl.Register().Sale().Total()
	if !strings.Contains(s.totals.total.Text, total.Display()) {
		t.Fatalf("total on screen %q, want %s", s.totals.total.Text, total.Display())
	}

	// 4. Pay cash with a 500 note.
	s.key(&fyne.KeyEvent{Name: fyne.KeyF12})
	if s.paying == nil {
		t.Fatal("F12 did not open the payment")
	}
	s.paying.amount.SetText("500")
	enter(s.paying.amount)
	if s.preview == nil {
		t.Fatalf("no receipt after paying: %q", s.message.Text)
	}
	sale := s.preview.sale
	if sale.ReceiptNo != 1 || sale.Change() != 50000-total {
		t.Fatalf("receipt %d, change %s", sale.ReceiptNo, sale.Change())
	}

	// The sale is in the database, and the printer got its receipt.
	stored, err := tl.DB.SaleByReceipt(context.Background(), tl.Store.TillID, 1, false)
	if err != nil || len(stored.ActiveLines()) != 3 || stored.Tenders[0].Kind != pos.TenderCash || stored.Total() != total {
		t.Fatalf("stored sale %+v, %v", stored, err)
	}
	printerFile := printerPath(t, tl)
	waitFor(t, uiq, "the receipt to print", func() bool { return s.preview.status.Text == "Printed." })
	data, err := os.ReadFile(printerFile)
	if err != nil {
		t.Fatal(err)
	}
	out, err := escpos.Decode(data, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(out.Lines, "\n")
	for _, want := range []string{piece.Name, weighed.Name, other.Name, "Reszta", total.Display()} {
		if !strings.Contains(text, escposText(want)) {
			t.Errorf("printed receipt lacks %q:\n%s", want, text)
		}
	}

	// An Enter right after paying (the same key pressed twice) leaves the change on screen;
	// a later Enter starts the next sale.
	ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !s.preview.open {
		t.Fatal("a double Enter wiped the change off the screen")
	}
	s.preview.openedAt = s.preview.openedAt.Add(-time.Second)
	ui.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if s.preview.open || len(tl.Register().Sale().Lines) != 0 {
		t.Fatal("Enter did not start the next sale")
	}
}

// escposText is how a name prints on the default profile (its first 48 letters).
func escposText(s string) string {
	if r := []rune(s); len(r) > 48 {
		return string(r[:48])
	}
	return s
}

// findButton finds the button or touch key whose text starts with text, anywhere on screen.
func findButton(t *testing.T, root fyne.CanvasObject, text string) fyne.Tappable {
	t.Helper()
	var found fyne.Tappable
	eachShown(root, func(o fyne.CanvasObject) bool {
		switch w := o.(type) {
		case *widget.Button:
			if found == nil && strings.HasPrefix(w.Text, text) {
				found = w
			}
			return false
		case *touchKey:
			if found == nil && strings.HasPrefix(w.label, text) {
				found = w
			}
			return false
		}
		return found == nil
	})
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}

// eachShown visits every visible object under root, depth first; visit says whether to look
// inside the object it was given.
func eachShown(root fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if root == nil || !root.Visible() || !visit(root) {
		return
	}
	switch w := root.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			eachShown(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(w).Objects() {
			eachShown(c, visit)
		}
	}
}
