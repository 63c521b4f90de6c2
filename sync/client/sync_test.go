package client_test

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

// checkExactlyOnce fails unless central holds each of the sales once: one inbox row, one
// sale, one line, one stock movement per event, and stock down by exactly what was sold.
func checkExactlyOnce(tb testing.TB, c *central, sales, sold int64) {
	tb.Helper()
	for what, query := range map[string]string{
		"inbox rows":      `SELECT COUNT(*) FROM inbox WHERE status = 'applied'`,
		"sales":           `SELECT COUNT(*) FROM sales`,
		"sale lines":      `SELECT COUNT(*) FROM sale_lines`,
		"sale movements":  `SELECT COUNT(*) FROM stock_movements WHERE event_id <> ''`,
		"distinct events": `SELECT COUNT(DISTINCT event_id) FROM stock_movements WHERE event_id <> ''`,
	} {
		if got := c.count(query); got != sales {
			tb.Errorf("central has %d %s, want %d", got, what, sales)
		}
	}
	if got, want := c.onHand(storeWAW, zubrowka), 10_000-sold*1000; got != want {
		tb.Errorf("central stock of %s in %s: %d, want %d", zubrowka, storeWAW, got, want)
	}
}

func TestSyncAppliesOnce(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.sell(3, 1)
	if st := tl.state(); st.Pending != 3 || st.Oldest.IsZero() || !st.LastSync.IsZero() {
		t.Fatalf("state before sync: %+v", st)
	}
	tl.syncOnce()
	checkExactlyOnce(t, c, 3, 3)
	st := tl.state()
	if st.Pending != 0 || !st.Online || st.LastSync.IsZero() {
		t.Fatalf("state after sync: %+v", st)
	}
	// The pull brought the article the till lacked, with all its fields, and central's stock.
	p, err := tl.db.ProductBySKU(t.Context(), "PIE-1")
	if err != nil || p.Price != 1299 || p.VAT != 500 {
		t.Fatalf("pulled product %+v %v", p, err)
	}
	if p, err := tl.db.ProductByPLU(t.Context(), "00101"); err != nil || p.SKU != "KIE-SL" {
		t.Fatalf("PLU after pull: %v %v", p.SKU, err)
	}
	levels, err := tl.db.CentralStockOf(t.Context(), zubrowka)
	if err != nil || len(levels) != 2 || levels[0].Store != "LT-VNO" || levels[0].OnHand != 4000 || levels[1].OnHand != 7000 {
		t.Fatalf("central stock at the till: %+v %v", levels, err)
	}
	tl.syncOnce() // nothing new: nothing changes
	checkExactlyOnce(t, c, 3, 3)
}

func TestDuplicateDelivery(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.sell(5, 2)
	events, err := tl.db.PendingEvents(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	for round, want := range []string{wire.StatusApplied, wire.StatusDuplicate} {
		res, err := tl.worker.Central.Push(t.Context(), events)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Status != want {
				t.Fatalf("delivery %d: event %s %s, want %s", round+1, r.EventID, r.Status, want)
			}
		}
	}
	// The till never heard the answers: it sends the batch a third time and gets duplicates.
	tl.syncOnce()
	checkExactlyOnce(t, c, 5, 10)
	if st := tl.state(); st.Pending != 0 || st.Rejections != 0 {
		t.Fatalf("state: %+v", st)
	}
}

// TestLostResponse puts a proxy between till and central that lets the first push through
// but drops central's answer, as a mobile link does.
func TestLostResponse(t *testing.T) {
	c := startCentral(t)
	target, _ := url.Parse(c.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var pushes atomic.Int32
	lossy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/events" || pushes.Add(1) > 1 {
			proxy.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		proxy.ServeHTTP(rec, r) // central applies the batch...
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close() // ...and the answer is lost
		}
	}))
	defer lossy.Close()

	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.worker.Central.BaseURL = lossy.URL
	tl.sell(4, 1)
	if err := tl.worker.SyncOnce(t.Context()); err == nil {
		t.Fatal("sync with a lost answer succeeded")
	}
	if st := tl.state(); st.Pending != 4 || st.Online {
		t.Fatalf("state after the lost answer: %+v", st)
	}
	checkExactlyOnce(t, c, 4, 4) // central did apply it
	tl.syncOnce()                // the retry
	checkExactlyOnce(t, c, 4, 4)
	if st := tl.state(); st.Pending != 0 {
		t.Fatalf("pending after the retry: %d", st.Pending)
	}
	if pushes.Load() != 2 {
		t.Fatalf("%d pushes, want 2", pushes.Load())
	}
}

// TestCentralKilledMidBatch kills central with SIGKILL while it handles the second batch,
// starts it again and lets the till retry: nothing is lost and nothing counted twice. A
// proxy times the kill: a third of the way into the second batch, going by how long the
// first one took. Central applies a batch in some tens of milliseconds, so the kill may
// land before the second batch's commit or just after it: either way central kept whole
// batches only, never part of one.
func TestCentralKilledMidBatch(t *testing.T) {
	const sales, batch = 2000, 500
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.sell(sales, 1)
	c.importFile("stock", "store_id,sku,qty\nPL-WAW,ZUB-07,2000\n") // enough for all of them

	target, _ := url.Parse(c.URL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	killNow := make(chan struct{}, 1)
	var pushes atomic.Int32
	var first atomic.Int64 // how long the first batch took, in ns
	watched := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		switch pushes.Add(1) {
		case 1:
			defer func() { first.Store(int64(time.Since(start))) }()
		case 2:
			time.AfterFunc(time.Duration(first.Load()/3), func() { killNow <- struct{}{} })
		}
		proxy.ServeHTTP(w, r)
	}))
	defer watched.Close()
	tl.worker.Central.BaseURL = watched.URL
	tl.worker.Batch = batch

	done := make(chan error, 1)
	go func() { done <- tl.worker.PushAll(context.Background()) }()
	select {
	case <-killNow:
		c.kill()
	case err := <-done:
		t.Fatalf("the push ended before the kill: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("no second batch within a minute")
	}
	if err := <-done; err == nil {
		t.Fatal("the push survived central's death")
	}
	// The batches answered are kept whole; of the one in flight all or nothing is.
	kept := c.count(`SELECT COUNT(*) FROM inbox`)
	if kept%batch != 0 || kept < batch {
		t.Fatalf("central kept %d events after dying in the second batch: not whole batches of %d", kept, batch)
	}
	t.Logf("central had committed %d batches when it died", kept/batch)
	if got := c.count(`SELECT COUNT(*) FROM sales`); got != kept {
		t.Fatalf("central kept %d sales of %d events", got, kept)
	}
	if st := tl.state(); st.Pending < sales-int(kept) || st.Pending > sales-batch {
		t.Fatalf("%d events pending at the till, central kept %d", st.Pending, kept)
	}

	c.restart()
	tl.worker.Central.BaseURL = c.URL
	tl.syncOnce()
	for what, query := range map[string]string{
		"inbox rows":     `SELECT COUNT(*) FROM inbox`,
		"sales":          `SELECT COUNT(*) FROM sales`,
		"sale movements": `SELECT COUNT(*) FROM stock_movements WHERE event_id <> ''`,
	} {
		if got := c.count(query); got != sales {
			t.Errorf("central has %d %s, want %d", got, what, sales)
		}
	}
	if got := c.onHand(storeWAW, zubrowka); got != 10_000 {
		t.Errorf("stock %d after 2000 delivered and 2000 sold on top of 10, want 10000", got)
	}
	if st := tl.state(); st.Pending != 0 {
		t.Fatalf("%d events still pending", st.Pending)
	}
}

// TestTwoTillsOffline: two tills of one store sell the same article while central is down,
// then both sync.
func TestTwoTillsOffline(t *testing.T) {
	c := startCentral(t)
	t1, t2 := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	t1.pair(c)
	t2.pair(c)
	c.kill()
	t1.sell(1, 2)
	t2.sell(1, 3)
	for _, tl := range []*till{t1, t2} {
		if err := tl.worker.SyncOnce(t.Context()); err == nil {
			t.Fatal("sync worked with central down")
		}
		if st := tl.state(); st.Online || st.Pending != 1 {
			t.Fatalf("offline state: %+v", st)
		}
	}
	c.restart()
	t1.syncOnce()
	t2.syncOnce()
	t1.syncOnce() // t1 pulls the stock change t2 caused
	if got := c.onHand(storeWAW, zubrowka); got != 5000 {
		t.Fatalf("central stock %d, want 10 - 2 - 3 = 5 pieces", got)
	}
	for _, tl := range []*till{t1, t2} {
		levels, err := tl.db.CentralStockOf(t.Context(), zubrowka)
		if err != nil || len(levels) != 2 || levels[1].OnHand != 5000 {
			t.Fatalf("till %s sees %+v %v", tl.store.TillID, levels, err)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.worker.Every = time.Hour
	states := make(chan pos.SyncStatus, 10)
	tl.worker.OnState = func(st pos.SyncStatus) { states <- st }
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- tl.worker.Run(ctx) }()
	<-states // the first round
	tl.sell(2, 1)
	tl.worker.Kick() // a sale asks for a round now, not in an hour
	select {
	case st := <-states:
		if st.Pending != 0 || !st.Online {
			t.Fatalf("state after the kicked round: %+v", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Kick did not start a round")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	checkExactlyOnce(t, c, 2, 2)
}

func TestBackoffWhileCentralIsDown(t *testing.T) {
	// A port nobody listens on: every round fails fast and the worker keeps retrying.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	tl := newTill(t, storeWAW, "01")
	tl.worker = client.NewWorker(tl.db, client.New(dead, "token"))
	tl.worker.Log = discard()
	tl.worker.MinBackoff, tl.worker.MaxBackoff = time.Millisecond, 20*time.Millisecond
	var rounds atomic.Int32
	tl.worker.OnState = func(pos.SyncStatus) { rounds.Add(1) }
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	tl.sell(1, 1)
	tl.worker.Run(ctx)
	if n := rounds.Load(); n < 5 {
		t.Fatalf("%d rounds in 0.5 s with backoff capped at 20 ms", n)
	}
	if st := tl.state(); st.Online || st.Pending != 1 {
		t.Fatalf("state: %+v", st)
	}
}

// TestResetPullsSnapshot: after `omnitill-central resend products` central answers the
// till's cursor with "reset", and the till pulls the whole catalog again, repairing a
// product that drifted locally.
func TestResetPullsSnapshot(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce()
	before, err := tl.db.Cursor(t.Context(), pos.StreamProducts)
	if err != nil || before == 0 {
		t.Fatalf("cursor after the first pull: %d %v", before, err)
	}
	drifted := shopCatalog[0]
	drifted.Price = 1
	if _, err := tl.db.SaveProducts(t.Context(), []pos.Product{drifted}); err != nil {
		t.Fatal(err)
	}
	c.admin("resend", "products")
	tl.syncOnce()
	if p, _ := tl.db.ProductBySKU(t.Context(), zubrowka); p.Price != shopCatalog[0].Price {
		t.Fatalf("price %d after the snapshot, want central's %d", p.Price, shopCatalog[0].Price)
	}
	if after, _ := tl.db.Cursor(t.Context(), pos.StreamProducts); after <= before {
		t.Fatalf("cursor %d after the snapshot, was %d", after, before)
	}
}

// TestBigSalesHalveTheBatch: sales of 150 lines make a batch of 500 larger than central
// takes (4 MiB); the worker halves the batch until central takes it.
func TestBigSalesHalveTheBatch(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	const sales, lines = 300, 150
	for range sales {
		at := time.Now().UTC()
		s := &pos.Sale{ID: pos.SaleID(uuid.Must(uuid.NewV7()).String()), Store: storeWAW, Till: "01", Currency: pos.PLN,
			Cashier: pos.Staff{ID: "anna"}, StartedAt: at, CompletedAt: at, Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 4299}}}
		for i := range lines {
			s.Lines = append(s.Lines, pos.Line{No: i + 1, SKU: zubrowka, Code: "5900343000185", Unit: pos.UnitPiece, UnitPrice: 4299,
				Qty: pos.Pieces(1), VAT: 2300, Voided: i > 0})
		}
		if err := tl.db.CommitSale(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	evs, _ := tl.db.PendingEvents(t.Context(), sales)
	var size int
	for _, ev := range evs {
		size += len(ev.Payload)
	}
	if size < wire.MaxBodyBytes {
		t.Fatalf("the sales take %d bytes: not over central's limit", size)
	}
	tl.syncOnce()
	if got := c.count(`SELECT COUNT(*) FROM sales`); got != sales {
		t.Fatalf("central has %d sales, want %d", got, sales)
	}
	if got := c.count(`SELECT COUNT(*) FROM sale_lines`); got != sales*lines {
		t.Fatalf("central has %d sale lines, want %d", got, sales*lines)
	}
	if got := c.onHand(storeWAW, zubrowka); got != 10_000-sales*1000 {
		t.Fatalf("central stock %d", got)
	}
}

// TestOfflineForDaysCatchesUp: central is gone while the till keeps selling (a week of a
// quiet till's sales); the running worker keeps retrying with backoff and, once central is
// back, sends the whole backlog in order, batch after batch, with nobody's help.
func TestOfflineForDaysCatchesUp(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	c.stop()
	tl.sell(1200, 1)
	tl.worker.MinBackoff, tl.worker.MaxBackoff = 5*time.Millisecond, 50*time.Millisecond
	states := make(chan pos.SyncStatus, 1000)
	tl.worker.OnState = func(st pos.SyncStatus) {
		select {
		case states <- st:
		default: // the test stopped listening
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- tl.worker.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for range 3 { // a few failed rounds first
		if st := <-states; st.Online || st.Pending != 1200 {
			t.Fatalf("state while central is down: %+v", st)
		}
	}
	c.restart()
	deadline := time.After(60 * time.Second)
	for caughtUp := false; !caughtUp; {
		select {
		case st := <-states:
			caughtUp = st.Online && st.Pending == 0
		case <-deadline:
			t.Fatalf("the backlog was not sent: %+v", tl.state())
		}
	}
	// 1,200 sales > 10 pieces in stock: central takes them all; its stock goes negative.
	checkExactlyOnce(t, c, 1200, 1200)
}
