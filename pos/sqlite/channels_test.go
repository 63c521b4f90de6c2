package sqlite_test

import (
	"slices"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Customers pulled from central are found by their loyalty card; a card central moves to
// another customer follows it; an erased customer is gone; the cursor moves with the page.
func TestApplyCustomerPage(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	ania := pos.Customer{ID: "C-1", Card: "2900000000017", Name: "Anna Wiśniewska", Email: "ania@example.pl", Points: 120}
	jonas := pos.Customer{ID: "C-2", Card: "2900000000024", Name: "Jonas Žukauskas", Points: 0}
	pulled := time.Date(2026, 12, 2, 13, 5, 0, 0, time.UTC)
	db.Now = func() time.Time { return pulled }
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: ania}, {Customer: jonas}}, 2); err != nil {
		t.Fatal(err)
	}
	c, err := db.CustomerByCard(ctx, "2900000000017")
	if err != nil || !c.AsOf.Equal(pulled) {
		t.Fatalf("card finds %+v %v: the balance is as of the pull, %s", c, err, pulled)
	}
	if c.AsOf = (time.Time{}); c != ania {
		t.Fatalf("card finds %+v", c)
	}
	if c, _ := db.Cursor(ctx, pos.StreamCustomers); c != 2 {
		t.Fatalf("cursor %d", c)
	}
	// Central moved Jonas's card to Ania (she took over the family card): it follows her.
	ania.Card, ania.Points = "2900000000024", 95
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: ania}}, 3); err != nil {
		t.Fatal(err)
	}
	if c, err := db.CustomerByCard(ctx, "2900000000024"); err != nil || c.ID != "C-1" || c.Points != 95 {
		t.Fatalf("the moved card finds %+v %v", c, err)
	}
	if c, err := db.Customer(ctx, "C-2"); err != nil || c.Card != "" {
		t.Fatalf("Jonas after losing his card: %+v %v", c, err)
	}
	if _, err := db.CustomerByCard(ctx, "2900000000017"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("the old card still finds someone: %v", err)
	}
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: pos.Customer{ID: "C-1"}, Erased: true}}, 4); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Customer(ctx, "C-1"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("an erased customer is still here: %v", err)
	}
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: pos.Customer{ID: "C-3"}}}, 5); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a customer without a name: %v", err)
	}
	if c, _ := db.Cursor(ctx, pos.StreamCustomers); c != 4 {
		t.Fatalf("a refused page moved the cursor to %d", c)
	}
}

// A customer without their card is found by any part of their phone number, whatever its
// spaces, dashes and country code, or of their e-mail, in any case; too little typed finds
// nobody. The balance found is as of the last pull of the customers stream, an empty page
// included: the pull tells the balance is still that.
func TestFindCustomers(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	ania := pos.Customer{ID: "C-1", Card: "2900000000017", Name: "Anna Wiśniewska", Email: "Ania.W@example.pl", Phone: "+48 600-100-200", Points: 120}
	jonas := pos.Customer{ID: "C-2", Name: "Jonas Žukauskas", Email: "jonas@example.lt", Phone: "+370 612 34567"}
	first := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return first }
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: ania}, {Customer: jonas}}, 2); err != nil {
		t.Fatal(err)
	}
	names := func(q string) []string {
		t.Helper()
		found, err := db.FindCustomers(ctx, q, 10)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var out []string
		for _, c := range found {
			out = append(out, c.Name)
		}
		return out
	}
	for q, want := range map[string][]string{
		"600 100 200":  {"Anna Wiśniewska"},
		"600100":       {"Anna Wiśniewska"},
		"+48600100200": {"Anna Wiśniewska"},
		"ania.w@":      {"Anna Wiśniewska"},
		"EXAMPLE":      {"Anna Wiśniewska", "Jonas Žukauskas"},
		"@example.lt":  {"Jonas Žukauskas"},
		"612 345":      {"Jonas Žukauskas"},
		"60":           nil, // two digits are thousands of customers
		"999 999":      nil,
	} {
		if got := names(q); !slices.Equal(got, want) {
			t.Errorf("%q finds %q, want %q", q, got, want)
		}
	}
	later := first.Add(3 * time.Hour)
	db.Now = func() time.Time { return later }
	if err := db.ApplyCustomerPage(ctx, nil, 2); err != nil {
		t.Fatal(err)
	}
	found, err := db.FindCustomers(ctx, "600 100", 10)
	if err != nil || len(found) != 1 || found[0].Points != 120 || !found[0].AsOf.Equal(later) {
		t.Fatalf("after an empty pull: %+v %v", found, err)
	}
}

// Online orders to be collected here are found by their number with their lines; a status
// change from central replaces the till's copy, and a collected order is no longer listed.
func TestApplyOrderPage(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	order := pos.OnlineOrder{ID: "0193f0a0-0000-7000-8000-000000000001", Number: "WEB-100234", Channel: "web", Customer: "C-1",
		Status: pos.OrderPlaced, Paid: true, Currency: pos.PLN, Total: 8598, CreatedAt: at,
		Lines: []pos.OrderLine{{Line: 1, SKU: "ZUB-07", Name: "Żubrówka Bison Grass 0,7 l", Qty: pos.Pieces(2), Price: 4299, Discount: 860, Amount: 7738}}}
	later := order
	later.ID, later.Number, later.Paid, later.CreatedAt = "0193f0a0-0000-7000-8000-000000000002", "WEB-100240", false, at.Add(time.Hour)
	if err := db.ApplyOrderPage(ctx, []pos.OnlineOrder{later, order}, 7); err != nil {
		t.Fatal(err)
	}
	got, err := db.OnlineOrder(ctx, "WEB-100234")
	if err != nil || got.ID != order.ID || !got.Paid || got.Total != 8598 || len(got.Lines) != 1 || got.Lines[0] != order.Lines[0] || !got.CreatedAt.Equal(at) {
		t.Fatalf("order %+v %v", got, err)
	}
	if list, _ := db.OrdersToCollect(ctx); len(list) != 2 || list[0].Number != "WEB-100234" {
		t.Fatalf("to collect: %+v", list)
	}
	order.Status = pos.OrderCollected
	order.Lines = append(order.Lines, pos.OrderLine{Line: 2, SKU: "KIE-SL", Name: "Kiełbasa śląska", Qty: 500, Price: 2990, Amount: 1495})
	if err := db.ApplyOrderPage(ctx, []pos.OnlineOrder{order}, 8); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.OrdersToCollect(ctx); len(list) != 1 || list[0].Number != "WEB-100240" {
		t.Fatalf("to collect after one was collected: %+v", list)
	}
	if got, _ := db.OnlineOrder(ctx, "WEB-100234"); got.Status != pos.OrderCollected || len(got.Lines) != 2 {
		t.Fatalf("order after the change: %+v", got)
	}
	if _, err := db.OnlineOrder(ctx, "WEB-999"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("an unknown order: %v", err)
	}
	if c, _ := db.Cursor(ctx, pos.StreamOrders); c != 8 {
		t.Fatalf("cursor %d", c)
	}
}

// Promotions pulled from central are found by article, only where and when they apply; a
// withdrawn one is gone; the page is checked whole before anything is saved.
func TestApplyPromotionPage(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	week := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	everywhere := pos.Promotion{ID: "P-1", Name: "Żubrówka −10 %", Kind: pos.PromoPercent, SKUs: []pos.SKU{"ZUB-07", "KIE-SL"},
		Value: 1000, Starts: week, Ends: week.AddDate(0, 0, 7)}
	vilnius := pos.Promotion{ID: "P-2", Name: "3 už 100", Kind: pos.PromoMultibuy, SKUs: []pos.SKU{"ZUB-07"}, Value: 10000, MinQty: 3,
		Stores: []pos.StoreID{"LT-VNO-01"}, Starts: week, Ends: week.AddDate(0, 0, 7)}
	later := pos.Promotion{ID: "P-3", Name: "Next week", Kind: pos.PromoPrice, SKUs: []pos.SKU{"ZUB-07"}, Value: 3999,
		Starts: week.AddDate(0, 0, 7), Ends: week.AddDate(0, 0, 14)}
	if err := db.ApplyPromotionPage(ctx, []pos.Promotion{everywhere, vilnius, later}, 3); err != nil {
		t.Fatal(err)
	}
	now := week.Add(36 * time.Hour)
	got, err := db.PromotionsFor(ctx, "ZUB-07", syncStore.ID, now)
	if err != nil || len(got) != 1 || got[0].ID != "P-1" || len(got[0].SKUs) != 2 || got[0].Value != 1000 || !got[0].Ends.Equal(everywhere.Ends) {
		t.Fatalf("promotions of ZUB-07 here now: %+v %v", got, err)
	}
	if got, _ := db.PromotionsFor(ctx, "ZUB-07", "LT-VNO-01", now); len(got) != 2 {
		t.Fatalf("promotions of ZUB-07 in Vilnius: %+v", got)
	}
	if got, _ := db.PromotionsFor(ctx, "ZUB-07", syncStore.ID, week.AddDate(0, 0, 8)); len(got) != 1 || got[0].ID != "P-3" {
		t.Fatalf("promotions of ZUB-07 next week: %+v", got)
	}
	if err := db.ApplyPromotionPage(ctx, []pos.Promotion{{ID: "P-1", Withdrawn: true}}, 4); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.PromotionsFor(ctx, "KIE-SL", syncStore.ID, now); len(got) != 0 {
		t.Fatalf("a withdrawn promotion still applies: %+v", got)
	}
	bad := later
	bad.Kind = "bogof"
	if err := db.ApplyPromotionPage(ctx, []pos.Promotion{everywhere, bad}, 5); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a page with an unknown kind: %v", err)
	}
	if got, _ := db.PromotionsFor(ctx, "KIE-SL", syncStore.ID, now); len(got) != 0 {
		t.Fatalf("a refused page saved %+v", got)
	}
	if c, _ := db.Cursor(ctx, pos.StreamPromotions); c != 4 {
		t.Fatalf("cursor %d", c)
	}
}
