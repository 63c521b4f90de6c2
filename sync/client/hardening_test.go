package client_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/pos/sqlite"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

// exec changes central's database behind its back, as a disk fault or an old bug would.
func (c *central) exec(query string, args ...any) {
	c.tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+c.db+"?_busy_timeout=10000")
	if err != nil {
		c.tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		c.tb.Fatalf("%s: %v", query, err)
	}
}

// The reported case: a stock level that SQLite had turned into a float made central answer
// 500 on the stock stream. The till goes on with the streams after it, and says which one
// failed.
func TestOneStreamFailsTheOthersArePulled(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce()
	c.exec(`UPDATE stock_levels SET on_hand = 1.8446744073709552e+19, seq = (SELECT last_seq + 1 FROM streams WHERE name = 'stock')
		WHERE sku = 'ZUB-07' AND store_id = 'PL-WAW'`)
	c.exec(`UPDATE streams SET last_seq = last_seq + 1 WHERE name = 'stock'`)
	c.importFile("customers", "id,name,card\nC-9,Ona Kazlauskienė,2900000000093\n")

	if err := tl.worker.SyncOnce(t.Context()); err == nil || !strings.Contains(err.Error(), "pull stock") {
		t.Fatalf("sync with a broken stock stream: %v", err)
	}
	if cu, err := tl.db.CustomerByCard(t.Context(), "2900000000093"); err != nil || cu.ID != "C-9" {
		t.Fatalf("the customers stream, after the broken one, was not pulled: %+v %v", cu, err)
	}
	st := tl.state()
	if !slices.Equal(st.FailedStreams, []pos.Stream{pos.StreamStock}) || !st.Online {
		t.Fatalf("state %+v, want online with the stock stream failed", st)
	}
	if !strings.Contains(st.Describe(lang.MustNew(lang.English, "PL"), st.LastSync), "stock not pulled") {
		t.Fatalf("the status bar says %+v", st)
	}
	c.exec(`UPDATE stock_levels SET on_hand = 9000 WHERE sku = 'ZUB-07' AND store_id = 'PL-WAW'`) // IT repairs it
	tl.syncOnce()
	if st := tl.state(); len(st.FailedStreams) != 0 {
		t.Fatalf("after the repair: %+v", st)
	}
}

// Another body under an event id central has: the till hears "conflict" and shows the
// event to a manager as refused; central keeps both bodies apart.
func TestConflictIsShownOnTheTill(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.sell(1, 1)
	events, err := tl.db.PendingEvents(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	// The same id with another body reaches central first (a till restored from a copy of
	// this one, say).
	other := events[0]
	var s pos.SaleEvent
	if err := json.Unmarshal(other.Payload, &s); err != nil {
		t.Fatal(err)
	}
	s.Cashier = "piotr"
	other.Payload, _ = json.Marshal(s)
	res, err := tl.worker.Central.Push(t.Context(), []pos.Event{other})
	if err != nil || res[0].Status != wire.StatusApplied {
		t.Fatalf("%+v %v", res, err)
	}

	tl.syncOnce()
	st := tl.state()
	if st.Pending != 0 || st.Rejections != 1 {
		t.Fatalf("state %+v, want the event refused", st)
	}
	list, err := tl.db.Rejections(t.Context())
	if err != nil || len(list) != 1 || list[0].Event != events[0].ID || !strings.HasPrefix(list[0].Reason, "conflict: ") {
		t.Fatalf("exceptions at the till: %+v %v", list, err)
	}
	if n := c.count(`SELECT COUNT(*) FROM event_conflicts WHERE event_id = ?`, events[0].ID); n != 1 {
		t.Fatalf("central kept %d other bodies", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'conflict' AND resolved_at IS NULL`); n != 1 {
		t.Fatalf("central has %d open conflicts", n)
	}
}

// A till reinstalled from scratch numbers its receipts from where central saw it stop, so
// none of its sales is refused as a reused receipt, and none is lost.
func TestReinstalledTillLosesNoSales(t *testing.T) {
	c := startCentral(t)
	old := newTill(t, storeWAW, "01")
	old.pair(c)
	old.sell(3, 1)
	old.syncOnce()

	fresh := newTill(t, storeWAW, "01") // a new disk, the same till
	fresh.pair(c)
	fresh.sell(2, 1)
	fresh.syncOnce()
	if got := c.count(`SELECT COUNT(*) FROM sales WHERE till_id = '01'`); got != 5 {
		t.Fatalf("central has %d sales of till 01, want 5", got)
	}
	if got := c.count(`SELECT MAX(receipt_no) FROM sales`); got != 5 {
		t.Fatalf("the last receipt is %d, want 5", got)
	}
	if st := fresh.state(); st.Rejections != 0 || st.Pending != 0 {
		t.Fatalf("state of the reinstalled till: %+v", st)
	}
	if got := c.count(`SELECT COUNT(*) FROM exceptions`); got != 0 {
		t.Fatalf("%d exceptions", got)
	}
}

// A receipt number used twice all the same (a till restored from an old copy, its pairing
// kept) never drops a sale: central keeps both and tells a manager.
func TestReceiptClashKeepsTheSale(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.sell(2, 1)
	tl.syncOnce()
	restored := newTill(t, storeWAW, "01")
	link, err := tl.db.Link(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := restored.db.SaveLink(t.Context(), link, storeWAW, "01", 0, nil); err != nil {
		t.Fatal(err)
	}
	restored.worker = client.NewWorker(restored.db, client.New(link.Central, link.Token))
	restored.worker.Log = discard()
	restored.sell(1, 1) // receipt 1 again
	restored.syncOnce()
	if got := c.count(`SELECT COUNT(*) FROM sales WHERE receipt_no = 1`); got != 2 {
		t.Fatalf("central has %d sales of receipt 1, want both", got)
	}
	if got := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'receipt_clash' AND resolved_at IS NULL`); got != 1 {
		t.Fatalf("%d receipt clashes for a manager", got)
	}
	if st := restored.state(); st.Rejections != 0 || st.Pending != 0 {
		t.Fatalf("state: %+v", st)
	}
}

// One event central cannot read (400) or take (413) is split out of its batch and refused
// alone, with central's reason; the events around it go through, and the queue moves on.
func TestOneBadEventDoesNotHoldTheQueue(t *testing.T) {
	c := startCentral(t)
	path := filepath.Join(t.TempDir(), "till.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tl := &till{tb: t, db: db, store: pos.StoreInfo{ID: storeWAW, Name: "Warszawa Centrum", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT}}
	if err := db.SetupStore(t.Context(), tl.store); err != nil {
		t.Fatal(err)
	}
	tl.pair(c)
	tl.sell(9, 1)
	events, err := db.PendingEvents(t.Context(), 9)
	if err != nil {
		t.Fatal(err)
	}
	// Two outbox rows go bad, as a disk fault or an older till's bug would leave them.
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for id, payload := range map[pos.EventID]string{
		events[2].ID: `["not", "an", "object"]`,
		events[6].ID: `{"sale_id":"` + strings.Repeat("x", wire.MaxBodyBytes) + `"}`,
	} {
		if _, err := raw.Exec(`UPDATE outbox SET payload = ? WHERE event_id = ?`, payload, id); err != nil {
			t.Fatal(err)
		}
	}

	tl.syncOnce()
	if got := c.count(`SELECT COUNT(*) FROM sales`); got != 7 {
		t.Fatalf("central has %d sales, want the 7 good ones", got)
	}
	st := tl.state()
	if st.Pending != 0 || st.Rejections != 2 {
		t.Fatalf("state %+v, want nothing pending and 2 refused", st)
	}
	list, err := db.Rejections(t.Context())
	if err != nil || len(list) != 2 {
		t.Fatalf("%+v %v", list, err)
	}
	if list[0].Event != events[2].ID || !strings.Contains(list[0].Reason, "400 invalid") || !strings.Contains(list[0].Reason, "payload must be a JSON object") {
		t.Errorf("the unreadable event: %+v", list[0])
	}
	if list[1].Event != events[6].ID || !strings.Contains(list[1].Reason, "413 too_large") {
		t.Errorf("the oversized event: %+v", list[1])
	}
}

// A sale central refused for what it lacked (a VAT rate of the store's country) goes
// through once IT set that right: sent again by a manager on the till, or applied again
// by IT from central's own copy.
func TestRefusedSaleSentAgainAfterTheFix(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	odd := pos.Product{SKU: "ODD-7", Name: "Bilet", Price: 1000, VAT: 700, Unit: pos.UnitPiece}
	if _, err := tl.db.SaveProducts(t.Context(), []pos.Product{odd}); err != nil {
		t.Fatal(err)
	}
	c.importProducts([]pos.Product{odd})
	for range 2 {
		at := time.Now().UTC()
		s := &pos.Sale{ID: pos.SaleID(uuid.Must(uuid.NewV7()).String()), Store: storeWAW, Till: "01", Currency: pos.PLN,
			Cashier: pos.Staff{ID: "anna"}, StartedAt: at, CompletedAt: at,
			Lines:   []pos.Line{{No: 1, SKU: "ODD-7", Unit: pos.UnitPiece, UnitPrice: 1000, Qty: pos.Pieces(1), VAT: 700}},
			Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 1000}}}
		if err := tl.db.CommitSale(t.Context(), s); err != nil {
			t.Fatal(err)
		}
	}
	tl.syncOnce()
	list, err := tl.db.Rejections(t.Context())
	if err != nil || len(list) != 2 || !strings.Contains(list[0].Reason, "VAT 7%") {
		t.Fatalf("refused at first: %+v %v", list, err)
	}
	c.importFile("vat", "country,class,rate\nPL,tickets,7\n") // IT sets it right

	// One the manager sends again from the till...
	if err := tl.db.ResendRejection(t.Context(), list[0].Event, "ewa"); err != nil {
		t.Fatal(err)
	}
	tl.syncOnce()
	if st := tl.state(); st.Pending != 0 || st.Rejections != 1 {
		t.Fatalf("state after sending one again: %+v", st)
	}
	// ...and one IT applies again at central.
	out := c.admin("events", "retry", string(list[1].Event))
	if !strings.Contains(out, "applied") {
		t.Fatalf("events retry said %q", out)
	}
	if got := c.count(`SELECT COUNT(*) FROM sales`); got != 2 {
		t.Fatalf("central has %d sales, want both", got)
	}
	if got := c.count(`SELECT COUNT(*) FROM exceptions WHERE resolved_at IS NULL`); got != 0 {
		t.Fatalf("%d exceptions still open at central", got)
	}
}

// Another process holds central's write lock for longer than the old 10 s busy timeout (a
// long import, say) while 16 pushers send batches of 500: every push waits its turn and
// is answered, none gets "500 database is locked".
func TestPushesQueueBehindALongWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("holds central's write lock for 11 s")
	}
	c := startCentral(t)
	const tills, pushersEach, batches = 8, 2, 2
	tokens := make([]string, tills)
	for i := range tokens {
		tokens[i] = pairedToken(t, c, storeWAW, pos.TillID(fmt.Sprintf("Q%02d", i+1)))
	}
	lock, err := sql.Open("sqlite3", "file:"+c.db+"?_busy_timeout=10000&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	tx, err := lock.Begin() // BEGIN IMMEDIATE: the write lock, held as an import holds it
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE settings SET value = value WHERE name = 'catalog_country'`); err != nil {
		t.Fatal(err)
	}
	released := time.AfterFunc(11*time.Second, func() { tx.Rollback() })
	defer released.Stop()

	f := &loadFigures{}
	var wg sync.WaitGroup
	for i, token := range tokens {
		till := pos.TillID(fmt.Sprintf("Q%02d", i+1))
		var receipt atomic.Int64
		hc := client.New(c.URL, token).HTTP
		for range pushersEach {
			wg.Go(func() {
				for range batches {
					var body []byte
					body = append(body, `{"events":[`...)
					for j := range loadBatch {
						if j > 0 {
							body = append(body, ',')
						}
						body = appendSale(body, till, receipt.Add(1))
					}
					body = append(body, "]}"...)
					var res wire.PushResponse
					if f.answer(postJSON(t.Context(), hc, c.URL+"/v1/events", token, body, &res)) {
						f.applied.Add(int64(len(res.Results)))
					}
				}
			})
		}
	}
	wg.Wait()
	if f.status5xx.Load() != 0 || f.other.Load() != 0 {
		t.Fatalf("%d answers 5xx, %d other failures; the first: %v", f.status5xx.Load(), f.other.Load(), *f.firstErr.Load())
	}
	const want = tills * pushersEach * batches * loadBatch
	if got := c.count(`SELECT COUNT(*) FROM sales`); got != want || f.applied.Load() != want {
		t.Fatalf("central has %d sales and answered %d, want %d", got, f.applied.Load(), want)
	}
}
