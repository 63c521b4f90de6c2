package sqlite

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// customerSale is saleEvent's sale rung for customer at minute past 10:00.
func customerSale(tb testing.TB, t central.Till, id string, receipt int64, customer pos.CustomerID, minute int) wire.Event {
	tb.Helper()
	ev := saleEvent(tb, t, id, receipt, 1)
	var s pos.SaleEvent
	if err := json.Unmarshal(ev.Payload, &s); err != nil {
		tb.Fatal(err)
	}
	s.Customer = customer
	s.StartedAt = time.Date(2026, 11, 24, 10, minute, 0, 0, time.UTC)
	s.CompletedAt = s.StartedAt
	var err error
	if ev.Payload, err = json.Marshal(s); err != nil {
		tb.Fatal(err)
	}
	return ev
}

// joinedEvent is a customer.created of a customer who joined at till t.
func joinedEvent(tb testing.TB, t central.Till, event string, n pos.CustomerCreatedEvent) wire.Event {
	tb.Helper()
	n.Store, n.Till = t.Store, t.ID
	b, err := json.Marshal(n)
	if err != nil {
		tb.Fatal(err)
	}
	return wire.Event{EventID: event, Type: pos.EventCustomerCreated, Aggregate: string(n.Customer), Payload: b, CreatedAt: n.CreatedAt}
}

func mustAddPoints(tb testing.TB, db *DB, id pos.CustomerID, points int64, kind, event string) {
	tb.Helper()
	if err := db.AddPoints(ctx, central.LoyaltyEntry{Customer: id, Points: points, Kind: kind, Event: pos.EventID(event), Source: "test"}); err != nil {
		tb.Fatal(err)
	}
}

// historyCustomers are Anna, whose ledger the test writes itself, and Jonas, who buys in
// every channel (tills may book points for his sales: his ledger is only checked to add up).
const historyCustomers = `id,name,card,email,phone,points
C-1,Anna Nowak,2900000000017,anna@example.com,+48 600 000 001,100
C-2,Jonas Jonaitis,2900000000024,jonas@example.com,,
`

const historyOrders = `number,store_id,sku,qty,channel,customer_id,paid
CC-1,PL-WAW,ZUB-07,2,phone,C-2,yes
CC-1,PL-WAW,KIE-SL,"0,5",phone,C-2,yes
CC-2,PL-WAW,SAK-1,1,phone,C-1,no
`

func TestCustomerHistory(t *testing.T) {
	db, _ := mustOpen(t)
	mustSaveCustomers(t, db, historyCustomers)
	till, _ := mustPair(t, db, waw.ID, "01")
	mustAddStock(t, db, waw.ID, "ZUB-07", 20)

	// Jonas joins again at the till with his e-mail: central keeps C-2, the till's id leads there.
	const tillID = "0190bbbb-0000-7000-8000-0000000000c1"
	mustApply(t, db, till, joinedEvent(t, till, "0190aaaa-0000-7000-8000-0000000000c1", pos.CustomerCreatedEvent{
		Customer: tillID, Name: "Jonas J.", Email: "JONAS@example.com", Marketing: true}), wire.StatusApplied)
	// A customer new to central, who joined at the till.
	const newID = "0190bbbb-0000-7000-8000-0000000000c2"
	mustApply(t, db, till, joinedEvent(t, till, "0190aaaa-0000-7000-8000-0000000000c2", pos.CustomerCreatedEvent{
		Customer: newID, Name: "Ewa", Phone: "+48 601 002 003", Marketing: true}), wire.StatusApplied)

	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d1", 1, "C-2", 1), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d2", 2, tillID, 2), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d3", 3, newID, 3), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d4", 4, "", 4), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d5", 5, "C-2", 5), wire.StatusApplied)

	mustAddPoints(t, db, "C-1", 42, "earn", "")
	mustAddPoints(t, db, "C-1", -30, "redeem", "")
	mustAddPoints(t, db, "C-1", 8, "adjust", "")

	web := newOrder("WEB-1", waw.ID, pieces("ZUB-07", 1))
	web.CustomerID = "C-2"
	if _, _, err := db.PlaceOrder(ctx, "shop", web); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveOrders(ctx, mustReadOrders(t, historyOrders), "import orders.csv"); err != nil {
		t.Fatal(err)
	}

	t.Run("Ledger", func(t *testing.T) {
		h, err := db.CustomerHistory(ctx, "2900000000017", 50)
		if err != nil {
			t.Fatal(err)
		}
		if c := h.Customer; c.ID != "C-1" || c.Name != "Anna Nowak" || c.Points != 120 || c.Erased || h.JoinedAt != "" || h.Marketing || len(h.Aliases) != 0 {
			t.Fatalf("customer %+v", h)
		}
		wantLedger := []struct {
			kind            string
			points, balance int64
		}{{"adjust", 100, 100}, {"earn", 42, 142}, {"redeem", -30, 112}, {"adjust", 8, 120}}
		if len(h.Ledger) != len(wantLedger) || h.LedgerEntries != 4 {
			t.Fatalf("ledger of %d (%d entries): %+v", len(h.Ledger), h.LedgerEntries, h.Ledger)
		}
		for i, w := range wantLedger {
			if l := h.Ledger[i]; l.Kind != w.kind || l.Points != w.points || l.Balance != w.balance {
				t.Errorf("ledger line %d: %+v, want %+v", i, l, w)
			}
		}
		if h.Ledger[0].Source != "import test.csv" || h.Ledger[1].Source != "test" {
			t.Errorf("ledger's sources: %+v", h.Ledger[:2])
		}
		if len(h.Channels) != 1 || h.Channels[0].Channel != "phone" || h.Channels[0].Purchases[0].Number != "CC-2" {
			t.Errorf("Anna's purchases: %+v", h.Channels)
		}
		// The latest entries only; the balance is the whole ledger's.
		if h, err = db.CustomerHistory(ctx, "C-1", 2); err != nil {
			t.Fatal(err)
		}
		if h.Customer.Points != 120 || h.LedgerEntries != 4 || len(h.Ledger) != 2 || h.Ledger[0].Balance != 112 || h.Ledger[1].Balance != 120 {
			t.Fatalf("the latest 2: balance %d, %d entries, %+v", h.Customer.Points, h.LedgerEntries, h.Ledger)
		}
	})
	t.Run("PurchasesByChannel", func(t *testing.T) {
		h, err := db.CustomerHistory(ctx, "C-2", 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Aliases) != 1 || h.Aliases[0] != tillID {
			t.Fatalf("till ids %v, want %s", h.Aliases, tillID)
		}
		// Whatever the tills' sales earned, the ledger adds up to the balance.
		var sum int64
		for _, l := range h.Ledger {
			sum += l.Points
			if l.Balance != sum {
				t.Errorf("ledger %+v: balance %d, want %d", h.Ledger, l.Balance, sum)
			}
		}
		if sum != h.Customer.Points || h.LedgerEntries != len(h.Ledger) {
			t.Errorf("ledger %+v sums to %d, balance %d", h.Ledger, sum, h.Customer.Points)
		}
		// The tills' sales first, the one under the till's id among them; then the orders by channel.
		if len(h.Channels) != 3 {
			t.Fatalf("channels %+v", h.Channels)
		}
		store := h.Channels[0]
		if store.Channel != central.ChannelStore || store.Count != 3 || len(store.Purchases) != 3 {
			t.Fatalf("store channel %+v", store)
		}
		for i, want := range []struct {
			receipt  pos.ReceiptNo
			customer pos.CustomerID
		}{{1, "C-2"}, {2, tillID}, {5, "C-2"}} {
			p := store.Purchases[i]
			if p.Receipt != want.receipt || p.Customer != want.customer || p.Till != "01" || p.Store != waw.ID || p.Total != 4299 || p.Currency != pos.PLN {
				t.Errorf("sale %d: %+v, want receipt %d under %s", i, p, want.receipt, want.customer)
			}
		}
		if p := store.Purchases[0]; !p.At.Equal(time.Date(2026, 11, 24, 10, 1, 0, 0, time.UTC)) {
			t.Errorf("first sale at %v", p.At)
		}
		if ph := h.Channels[1]; ph.Channel != "phone" || ph.Count != 1 || ph.Purchases[0].Number != "CC-1" || ph.Purchases[0].Total != 2*4299+1250 {
			t.Errorf("phone channel %+v", ph)
		}
		if w := h.Channels[2]; w.Channel != "web" || w.Count != 1 || w.Purchases[0].Number != "WEB-1" || w.Purchases[0].Status != wire.OrderPlaced {
			t.Errorf("web channel %+v", w)
		}
		// The latest 2 of each channel, with how many there are.
		if h, err = db.CustomerHistory(ctx, "C-2", 2); err != nil {
			t.Fatal(err)
		}
		if s := h.Channels[0]; s.Count != 3 || len(s.Purchases) != 2 || s.Purchases[0].Receipt != 2 || s.Purchases[1].Receipt != 5 {
			t.Fatalf("the latest 2 sales of 3: %+v", s)
		}
	})
	t.Run("FoundBy", func(t *testing.T) {
		for _, key := range []string{"C-1", " 2900000000017 ", "anna@EXAMPLE.com", "+48 600-000-001", "48600000001", "600000001"} {
			if h, err := db.CustomerHistory(ctx, key, 1); err != nil || h.Customer.ID != "C-1" {
				t.Errorf("%q finds %s, %v; want C-1", key, h.Customer.ID, err)
			}
		}
		if h, err := db.CustomerHistory(ctx, tillID, 1); err != nil || h.Customer.ID != "C-2" {
			t.Errorf("the till's id finds %s, %v; want C-2", h.Customer.ID, err)
		}
		if h, err := db.CustomerHistory(ctx, "601002003", 1); err != nil || h.Customer.ID != newID || h.JoinedAt != "PL-WAW/01" || !h.Marketing || h.EReceipt {
			t.Errorf("the customer who joined at the till: %+v %v", h, err)
		}
	})
	t.Run("Unknown", func(t *testing.T) {
		for _, key := range []string{"C-404", "nobody@example.com", "999", "2900000000031"} {
			if _, err := db.CustomerHistory(ctx, key, 1); pos.ErrorCode(err) != pos.ENOTFOUND {
				t.Errorf("%q: %v, want ENOTFOUND", key, err)
			}
		}
		if _, err := db.CustomerHistory(ctx, " ", 1); pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("no key: %v, want EINVALID", err)
		}
	})
	t.Run("SharedPhone", func(t *testing.T) {
		mustSaveCustomers(t, db, "id,name,phone\nC-3,Jan,601 002 003\n")
		if _, err := db.CustomerHistory(ctx, "601002003", 1); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("a phone two customers have: %v, want ECONFLICT", err)
		}
	})
	t.Run("Erased", func(t *testing.T) {
		mustSaveCustomers(t, db, "id,name,erased\nC-1,,yes\n")
		h, err := db.CustomerHistory(ctx, "C-1", 0)
		if err != nil || !h.Customer.Erased || h.ErasedAt.IsZero() || h.Customer.Name != "" || h.Customer.Points != 0 {
			t.Fatalf("erased: %+v %v", h, err)
		}
		// Their points expired; their order stays.
		if n := len(h.Ledger); n != 5 || h.Ledger[4].Kind != "expire" || h.Ledger[4].Points != -120 || h.Ledger[4].Balance != 0 || h.Channels[0].Count != 1 {
			t.Fatalf("erased customer's ledger %+v, purchases %+v", h.Ledger, h.Channels)
		}
		// Their card and e-mail are forgotten too.
		if _, err := db.CustomerHistory(ctx, "anna@example.com", 1); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("an erased customer found by e-mail: %v", err)
		}
	})
}
