package sqlite

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// A cashier without a receipt finds what a customer bought by their card, e-mail or
// phone: the receipts booked under their id or a till's id for them and their collected
// orders, newest first, at most 20, of the last 365 days; of the customer only their id
// and name. A phone two customers share is ECONFLICT, nobody's card ENOTFOUND.
func TestPurchasesOf(t *testing.T) {
	db, clock := mustOpen(t)
	mustSaveCustomers(t, db, historyCustomers)
	till, _ := mustPair(t, db, waw.ID, "01")
	mustAddStock(t, db, waw.ID, "ZUB-07", 40)

	// Jonas joins again at the till with his e-mail: the till's id for him leads to C-2.
	const tillID = "0190bbbb-0000-7000-8000-0000000000c1"
	mustApply(t, db, till, joinedEvent(t, till, "0190aaaa-0000-7000-8000-0000000000c1", pos.CustomerCreatedEvent{
		Customer: tillID, Name: "Jonas J.", Email: "JONAS@example.com", Marketing: true}), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d1", 1, "C-2", 1), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d2", 2, tillID, 2), wire.StatusApplied)
	mustApply(t, db, till, customerSale(t, till, "0190aaaa-0000-7000-8000-0000000000d3", 3, "", 3), wire.StatusApplied)
	// Anna buys 21 times.
	for i := range 21 {
		id := fmt.Sprintf("0190aaaa-0000-7000-8000-0000000001%02d", i)
		mustApply(t, db, till, customerSale(t, till, id, int64(10+i), "C-1", 10+i), wire.StatusApplied)
	}
	// Jonas's web order, collected after his sales; another not collected yet.
	clock.t = time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)
	for _, number := range []string{"WEB-1", "WEB-2"} {
		o := newOrder(number, waw.ID, pieces("ZUB-07", 1))
		o.CustomerID = "C-2"
		if _, _, err := db.PlaceOrder(ctx, "shop", o); err != nil {
			t.Fatal(err)
		}
	}
	for _, status := range []string{wire.OrderReady, wire.OrderCollected} {
		if _, _, err := db.SetOrderStatus(ctx, "WEB-1", status); err != nil {
			t.Fatal(err)
		}
	}

	for _, key := range []string{"2900000000024", " jonas@EXAMPLE.com "} {
		got, err := db.PurchasesOf(ctx, key)
		if err != nil {
			t.Fatalf("%q: %v", key, err)
		}
		if got.Customer != (wire.OrderCustomer{ID: "C-2", Name: "Jonas Jonaitis"}) {
			t.Errorf("%q finds %+v", key, got.Customer)
		}
		want := []wire.PurchaseRef{
			{Kind: pos.SourceOrder, Ref: "WEB-1", Label: "WEB-1", Channel: "web", At: clock.t, Total: 4299, Currency: "PLN", Lines: 1},
			{Kind: pos.SourceSale, Ref: "sale-0190aaaa-0000-7000-8000-0000000000d2", Label: "PL-WAW/01/2", Channel: "store",
				At: time.Date(2026, 11, 24, 10, 2, 0, 0, time.UTC), Total: 4299, Currency: "PLN", Lines: 1},
			{Kind: pos.SourceSale, Ref: "sale-0190aaaa-0000-7000-8000-0000000000d1", Label: "PL-WAW/01/1", Channel: "store",
				At: time.Date(2026, 11, 24, 10, 1, 0, 0, time.UTC), Total: 4299, Currency: "PLN", Lines: 1},
		}
		if len(got.Purchases) != len(want) {
			t.Fatalf("%q: purchases %+v", key, got.Purchases)
		}
		for i, w := range want {
			if p := got.Purchases[i]; p.Kind != w.Kind || p.Ref != w.Ref || p.Label != w.Label || p.Channel != w.Channel ||
				!p.At.Equal(w.At) || p.Total != w.Total || p.Currency != w.Currency || p.Lines != w.Lines {
				t.Errorf("%q: purchase %d is %+v, want %+v", key, i, p, w)
			}
		}
	}
	// Each purchase is found for the return as listed.
	got, err := db.PurchasesOf(ctx, "2900000000024")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range got.Purchases {
		q := ReturnableQuery{Order: p.Ref}
		if p.Kind == pos.SourceSale {
			q = ReturnableQuery{Receipt: p.Label}
		}
		if r, err := db.Returnable(ctx, q); err != nil || r.Label != p.Label {
			t.Errorf("%+v for the return: %+v %v", p, r, err)
		}
	}
	// Nothing of how to reach the customer goes to the till.
	doc, _ := json.Marshal(got)
	if s := string(doc); strings.Contains(s, "@") || strings.Contains(s, "phone") || strings.Contains(s, "email") || strings.Contains(s, "2900000000024") {
		t.Errorf("the till is told %s", s)
	}

	// Anna's latest 20 of 21, by phone.
	anna, err := db.PurchasesOf(ctx, "600 000 001")
	if err != nil || anna.Customer.Name != "Anna Nowak" || len(anna.Purchases) != wire.MaxCustomerPurchases {
		t.Fatalf("Anna's purchases: %+v %v", anna, err)
	}
	if first, last := anna.Purchases[0], anna.Purchases[19]; first.Label != "PL-WAW/01/30" || last.Label != "PL-WAW/01/11" {
		t.Errorf("Anna's purchases from %s to %s, want PL-WAW/01/30 to PL-WAW/01/11", first.Label, last.Label)
	}

	if _, err := db.PurchasesOf(ctx, "2900000000031"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Errorf("nobody's card: %v, want ENOTFOUND", err)
	}
	if _, err := db.PurchasesOf(ctx, " "); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("no key: %v, want EINVALID", err)
	}
	mustSaveCustomers(t, db, "id,name,phone\nC-3,Jan,600-000-001\n")
	if _, err := db.PurchasesOf(ctx, "+48 600 000 001"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Errorf("a phone two customers have: %v, want ECONFLICT", err)
	}

	// A year and a day later, nothing is listed any more.
	clock.t = time.Date(2027, 11, 25, 12, 0, 0, 0, time.UTC)
	if got, err := db.PurchasesOf(ctx, "2900000000024"); err != nil || len(got.Purchases) != 0 || got.Customer.ID != "C-2" {
		t.Fatalf("a year later: %+v %v", got, err)
	}
}
