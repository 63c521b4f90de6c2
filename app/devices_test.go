package app

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/drivers/display"
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/printer"
	"github.com/omnitill/omnitill/drivers/scale"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// lockedBuffer collects what a simulator saves while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]byte(nil), l.b.Bytes()...)
}
func (l *lockedBuffer) String() string { return string(l.Bytes()) }

// simulated starts a device simulator on a pseudo-terminal at a path under the test's
// folder and sets the till up to use it, as IT would on the Devices screen.
func simulated(t *testing.T, tl *till.Till, kind pos.DeviceKind, run func(ctx context.Context, dev *serialport.PTY)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), string(kind))
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); run(ctx, dev) }()
	t.Cleanup(func() { cancel(); <-done; dev.Remove() })
	if err := tl.Devices().Configure(context.Background(), pos.DeviceConfig{Kind: kind, Port: path, Line: "115200,8N1"}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSerialScannerFeedsTheCart(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	var dev *serialport.PTY
	ready := make(chan struct{})
	simulated(t, tl, pos.DeviceScanner, func(ctx context.Context, d *serialport.PTY) { dev = d; close(ready); <-ctx.Done() })
	<-ready
	dev.Device.Write([]byte("5902754113850\r"))
	waitFor(t, q, "the serial scan in the cart", func() bool { return len(tl.Register().Sale().ActiveLines()) == 1 })
	dev.Device.Write([]byte("59027\x0754113850\r")) // a garbled line
	waitFor(t, q, "the garbled scan's message", func() bool { return strings.Contains(ui.sale.message.Text, "Garbled") })
	if !strings.Contains(ui.sale.status.devices.Text, "scanner: ok") {
		t.Fatalf("status bar: %q", ui.sale.status.devices.Text)
	}
}

func TestPaperOutIsToldAndTheReceiptReprints(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	saved := &lockedBuffer{}
	control, feed := io.Pipe()
	defer feed.Close()
	simulated(t, tl, pos.DevicePrinter, func(ctx context.Context, dev *serialport.PTY) {
		printer.Simulate(ctx, dev, saved, control, io.Discard)
	})
	feed.Write([]byte("paper out\n"))
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	s.paying.exact()
	waitFor(t, q, "the paper-out message", func() bool { return strings.Contains(s.preview.status.Text, "out of paper") })
	if _, err := tl.DB.SaleByReceipt(ui.ctx, tl.Store.TillID, 1, false); err != nil {
		t.Fatalf("the sale was lost to a printer without paper: %v", err)
	}
	if !strings.Contains(s.status.devices.Text, "paper") {
		t.Fatalf("the status bar does not show the printer's problem: %q", s.status.devices.Text)
	}
	feed.Write([]byte("paper ok\n"))
	s.print(s.preview)
	waitFor(t, q, "the reprint", func() bool { return strings.HasPrefix(s.preview.status.Text, "Printed") })
	out, err := escpos.Decode(saved.Bytes(), escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(out.Lines, "\n")
	if !strings.Contains(text, "Żubrówka") || out.Cuts != 1 {
		t.Fatalf("printed: cuts %d\n%s", out.Cuts, text)
	}
	// The drawer was kicked for the cash sale, after its commit; the receipt came after the kick.
	if len(out.Kicks) != 1 || out.Kicks[0].Pin != 2 {
		t.Fatalf("drawer kicks %+v", out.Kicks)
	}
}

func TestCardSaleLeavesTheDrawerShut(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	saved := &lockedBuffer{}
	simulated(t, tl, pos.DevicePrinter, func(ctx context.Context, dev *serialport.PTY) {
		printer.Simulate(ctx, dev, saved, strings.NewReader(""), io.Discard)
	})
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	s.paying.card()
	s.paying.cardDialog.submit()
	waitFor(t, q, "the receipt", func() bool { return s.preview != nil && strings.HasPrefix(s.preview.status.Text, "Printed") })
	out, _ := escpos.Decode(saved.Bytes(), escpos.DefaultProfile)
	if len(out.Kicks) != 0 {
		t.Fatal("a card sale opened the drawer")
	}
	// A manager's no-sale opens it, and it is recorded.
	s.preview.d.Hide()
	key(s, fyne.KeyF3)
	pin := ui.win.Canvas().Focused().(*scanEntry)
	pin.SetText("9999")
	enter(pin)
	glfwType(ui.win.Canvas(), "1") // change for the float
	glfwKey(ui.win.Canvas(), fyne.KeyReturn)
	waitFor(t, q, "the no-sale kick", func() bool {
		out, _ := escpos.Decode(saved.Bytes(), escpos.DefaultProfile)
		return len(out.Kicks) == 1
	})
}

func TestCustomerDisplayFollowsTheSale(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	shown := &lockedBuffer{}
	simulated(t, tl, pos.DeviceDisplay, func(ctx context.Context, dev *serialport.PTY) {
		display.Simulate(ctx, dev, display.ProfileEpson, shown)
	})
	scanBurst(ui, "5902754113850")
	waitFor(t, q, "the line on the display", func() bool { return strings.Contains(shown.String(), "Zubrowka") })
	key(s, fyne.KeyF12)
	s.paying.amount.SetText("100")
	enter(s.paying.amount)
	waitFor(t, q, "the change on the display", func() bool { return strings.Contains(shown.String(), "50,01") })
}

func TestScaleWeightIsShownBeforeItIsAdded(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s := ui.sale
	weights, set := io.Pipe()
	defer set.Close()
	simulated(t, tl, pos.DeviceScale, func(ctx context.Context, dev *serialport.PTY) {
		scale.Simulate(ctx, dev, weights, io.Discard)
	})
	set.Write([]byte("u 0.700\n"))
	scanBurst(ui, "00113") // Kiełbasa śląska's PLU, typed without a weight
	if s.weighing == nil {
		t.Fatal("a weighed article did not ask the scale")
	}
	waitFor(t, q, "the unsteady weight refused", func() bool { return strings.Contains(s.weighing.status.Text, "not steady") })
	set.Write([]byte("0.734\n"))
	test.Tap(s.weighing.again)
	waitFor(t, q, "the weight", func() bool { return strings.Contains(s.weighing.status.Text, "0,734 kg") })
	if n := len(tl.Register().Sale().Lines); n != 0 {
		t.Fatal("the article went into the cart before the cashier saw the weight")
	}
	enter(ui.win.Canvas().Focused().(*scanEntry))
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 1 || lines[0].Qty != pos.Grams(734) {
		t.Fatalf("after Enter: %+v", lines)
	}
}

// A serial scan during the payment waits for the dialog to close instead of changing the
// sale behind it; a scan at the login screen is refused, never kept for the next cashier.
func TestSerialScansWaitForDialogsAndNeverCrossCashiers(t *testing.T) {
	ui, tl, q := openTill(t)
	var dev *serialport.PTY
	ready := make(chan struct{})
	simulated(t, tl, pos.DeviceScanner, func(ctx context.Context, d *serialport.PTY) { dev = d; close(ready); <-ctx.Done() })
	<-ready
	dev.Device.Write([]byte("5902754113850\r"))
	waitFor(t, q, "the refusal at login", func() bool { return strings.Contains(ui.login.message.Text, "Log in first") })
	login(t, ui, "1111")
	if n := len(tl.Register().Sale().Lines); n != 0 {
		t.Fatalf("a scan made before login was rung up: %d lines", n)
	}
	s := ui.sale
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	due := tl.Register().Sale().Total()
	dev.Device.Write([]byte("4772282229412\r"))
	waitFor(t, q, "the scan to be kept", func() bool { return len(s.pending) == 1 })
	if tl.Register().Sale().Total() != due {
		t.Fatal("a scan changed the sale behind the payment dialog")
	}
	s.paying.modal.cancel()
	if lines := tl.Register().Sale().ActiveLines(); len(lines) != 2 || len(s.pending) != 0 {
		t.Fatalf("after the payment was cancelled: %d lines, %d waiting", len(lines), len(s.pending))
	}
}
