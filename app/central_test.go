package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omnitill/omnitill/pos"
)

// The search shows the highlighted article's stock here and in other stores, so a cashier
// can send a customer on or order it (endless aisle).
func TestSearchShowsStockHereAndElsewhere(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	at := time.Now()
	if err := tl.DB.ApplyStockPage(context.Background(), []pos.StockLevel{
		{Store: tl.Store.ID, SKU: "PL-000278", OnHand: pos.Pieces(10), AsOf: at},
		{Store: "LT-VNO-01", SKU: "PL-000278", OnHand: pos.Pieces(3), AsOf: at},
	}, 1); err != nil {
		t.Fatal(err)
	}
	s := ui.sale
	clock := &fakeClock{now: time.Now()}
	s.wedge.Now = clock.Now
	key(s, fyne.KeyF2)
	for _, r := range "bison 0,7" {
		clock.Add(200 * time.Millisecond)
		s.searching.query.TypedRune(r)
	}
	clock.Add(200 * time.Millisecond)
	waitFor(t, q, "the search", func() bool { return strings.Contains(s.searching.stock.Text, "this store: 10 pcs (live)") })
	if !strings.Contains(s.searching.stock.Text, "LT-VNO-01: 3 pcs, as of") {
		t.Fatalf("stock line %q", s.searching.stock.Text)
	}
}

// A sale central refused is listed for the manager, who sends it again once its cause is
// set right, or marks it handled.
func TestManagerHandlesRefusedSales(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	scanBurst(ui, "5902754113850")
	key(ui.sale, fyne.KeyF12)
	ui.sale.paying.exact()
	evs, _ := tl.DB.PendingEvents(context.Background(), 10)
	if len(evs) != 1 {
		t.Fatalf("outbox: %d events", len(evs))
	}
	// Central's answer, as the sync worker records it.
	if err := tl.DB.MarkEventsSent(context.Background(), []pos.Delivery{{Event: evs[0].ID, Rejected: true, Reason: "store PL-WAW-01 is closed"}}); err != nil {
		t.Fatal(err)
	}
	ui.sale.preview.d.Hide()
	key(ui.sale, fyne.KeyF5)
	pin := ui.win.Canvas().Focused().(*scanEntry)
	pin.SetText("9999")
	enter(pin)
	if ui.screen != ui.devices.content {
		t.Fatal("F5 with a manager's PIN did not open the Devices screen")
	}
	row := ui.devices.exceptions.Objects[0].(*fyne.Container)
	if text := row.Objects[0].(*widget.Label).Text; !strings.Contains(text, "store PL-WAW-01 is closed") {
		t.Fatalf("exception shown as %q", text)
	}
	buttons := row.Objects[1].(*fyne.Container).Objects
	again, done := buttons[0].(*widget.Button), buttons[1].(*widget.Button)
	if again.Text != "Send again" || done.Text != "Handled" {
		t.Fatalf("buttons %q and %q", again.Text, done.Text)
	}
	// Central's cause set right, the manager sends it again: it waits for central once more.
	test.Tap(again)
	if again, _ := tl.DB.PendingEvents(context.Background(), 10); len(again) != 1 || again[0].ID != evs[0].ID {
		t.Fatalf("outbox after sending again: %+v", again)
	}
	if text := ui.devices.exceptions.Objects[0].(*widget.Label).Text; text != "None." {
		t.Fatalf("after sending again: %q", text)
	}
	// Refused again, it is back on the list, and this time the manager handles it.
	if err := tl.DB.MarkEventsSent(context.Background(), []pos.Delivery{{Event: evs[0].ID, Rejected: true, Reason: "store PL-WAW-01 is still closed"}}); err != nil {
		t.Fatal(err)
	}
	ui.devices.loadExceptions()
	row = ui.devices.exceptions.Objects[0].(*fyne.Container)
	if text := row.Objects[0].(*widget.Label).Text; !strings.Contains(text, "still closed") {
		t.Fatalf("refused again, shown as %q", text)
	}
	test.Tap(row.Objects[1].(*fyne.Container).Objects[1].(*widget.Button))
	if list, _ := tl.Exceptions(context.Background()); len(list) != 0 {
		t.Fatalf("still open: %+v", list)
	}
	if text := ui.devices.exceptions.Objects[0].(*widget.Label).Text; text != "None." {
		t.Fatalf("after handling: %q", text)
	}
}

// While the till pulls a snapshot from central (a new till, or central reset a stream), the
// status bar shows a progress bar with how many rows are in; it goes when the pull ends.
func TestStatusBarShowsSnapshotProgress(t *testing.T) {
	ui, _, _ := openTill(t)
	login(t, ui, "1111")
	bar := ui.sale.status
	if bar.download.Visible() {
		t.Fatal("a progress bar shows before any download")
	}
	bar.showSync(pos.SyncStatus{Paired: true, Online: true, Download: pos.Download{Stream: "products", Done: 400_000, Total: 1_000_000}})
	if !bar.download.Visible() || bar.download.Value != 0.4 {
		t.Fatalf("progress bar visible %v at %v, want 0.4", bar.download.Visible(), bar.download.Value)
	}
	if got := bar.download.TextFormatter(); got != "Downloading products from central: 400000 of 1000000" {
		t.Fatalf("progress bar says %q", got)
	}
	if !strings.Contains(bar.sync.Text, "downloading products 40%") {
		t.Fatalf("status line %q", bar.sync.Text)
	}
	bar.showSync(pos.SyncStatus{Paired: true, Online: true})
	if bar.download.Visible() {
		t.Fatal("the progress bar stays after the download")
	}
}
