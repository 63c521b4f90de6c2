package sqlite

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/wire"
)

// pointsSale is saleEvent's sale for customer C-1, paying points (held under hold, ""
// offline) and the rest in cash, claiming earned points by rules version.
func pointsSale(tb testing.TB, t central.Till, id string, receipt int64, points int64, hold string, version, earned int64) wire.Event {
	tb.Helper()
	ev := saleEvent(tb, t, id, receipt, 1)
	var s pos.SaleEvent
	if err := json.Unmarshal(ev.Payload, &s); err != nil {
		tb.Fatal(err)
	}
	s.Customer = "C-1"
	s.Points = &pos.SaleEventPoints{Rules: version, Earned: earned}
	if points > 0 {
		s.Tenders = []pos.SaleEventTender{{Kind: pos.TenderPoints, Amount: pos.Money(points), Points: points, Reference: hold},
			{Kind: pos.TenderCash, Amount: 4299 - pos.Money(points)}}
	}
	ev.Payload, _ = json.Marshal(s)
	return ev
}

func TestLoyaltyRulesVersionsAndStream(t *testing.T) {
	db, _ := mustOpen(t)
	page, err := db.LoyaltyChanges(ctx, 0, 10)
	if err != nil || page.Rules != nil || page.NextCursor != 0 {
		t.Fatalf("before any rules: %+v %v (a till keeps its default, central's first)", page, err)
	}
	file := "rule,value,name,skus\npoints_per_unit,1.5,,\ncategory,2,Mięso,KIE-SL\nexclude,,Alkohol,ZUB-07\noffline_till_daily,100,,\n"
	rules, err := imports.ReadLoyalty(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	set, changed, err := db.SetLoyaltyRules(ctx, rules, "import loyalty.csv")
	if err != nil || !changed || set.Version != 2 || set.PointsPerUnit != 1500 || set.OfflineTillDaily != 100 || set.OfflineCustomerCap != 500 {
		t.Fatalf("first rules set: %+v %v %v", set, changed, err)
	}
	if _, changed, _ := db.SetLoyaltyRules(ctx, rules, "again"); changed {
		t.Fatal("the same rules again made a version")
	}
	page, err = db.LoyaltyChanges(ctx, 0, 10)
	if err != nil || page.NextCursor == 0 {
		t.Fatalf("the stream: %+v %v", page, err)
	}
	got, err := pos.DecodeLoyaltyRules(page.Rules)
	if err != nil || got.Version != 2 || len(got.Categories) != 2 || got.Categories[1].Multiplier != 0 {
		t.Fatalf("the rules a till reads: %+v %v", got, err)
	}
	if page, _ := db.LoyaltyChanges(ctx, page.NextCursor, 10); page.Rules != nil {
		t.Fatalf("unchanged rules sent again: %+v", page)
	}

	// A sale counts by the version it names: version 1 (the default) for a till that had
	// not pulled yet, and central's rules, with an exception, for a version it never issued.
	mustSaveCustomers(t, db, customersFile)
	till, _ := mustPair(t, db, "PL-WAW", "01")
	res, err := db.Apply(ctx, till, []wire.Event{
		pointsSale(t, till, "0190aaaa-0000-7000-8000-000000000001", 1, 0, "", 1, 42), // 42,99 by rules 1
		pointsSale(t, till, "0190aaaa-0000-7000-8000-000000000002", 2, 0, "", 2, 0),  // Żubrówka excluded by rules 2
		pointsSale(t, till, "0190aaaa-0000-7000-8000-000000000003", 3, 0, "", 9, 5),  // rules 9 never were
		pointsSale(t, till, "0190aaaa-0000-7000-8000-000000000004", 4, 0, "", 1, 99), // a till that miscounts
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != wire.StatusApplied {
			t.Fatalf("a sale with points was %s: %s", r.Status, r.Reason)
		}
	}
	if n := count(t, db, `SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1' AND kind = 'earn'`); n != 42+42 {
		t.Fatalf("earned %d, want 84 (42 by rules 1, none for excluded Żubrówka by rules 2 and 9, 42 for the miscounted)", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM exceptions WHERE kind = 'loyalty'`); n != 2 {
		t.Fatalf("%d loyalty exceptions, want 2 (the unknown version, the miscount)", n)
	}
	var reason string
	db.ro.QueryRowContext(ctx, `SELECT reason FROM exceptions WHERE event_id = '0190aaaa-0000-7000-8000-000000000004'`).Scan(&reason)
	if !strings.Contains(reason, "the till said the sale earned 99 points, rules 1 say 42: 42 counted") {
		t.Fatalf("the miscount's exception: %q", reason)
	}
}

func TestReadLoyaltyRefusesBadRows(t *testing.T) {
	head := "rule,value,name,skus\n"
	tests := map[string]struct{ file, want string }{
		"Unknown":        {head + "points_per_euro,1,,\n", `line 2: unknown rule "points_per_euro"`},
		"Twice":          {head + "point_value,0.01,,\npoint_value,0.02,,\n", "line 3: point_value is already set on line 2"},
		"BadValue":       {head + "point_value,0,,\n", `line 2: point_value is "0"`},
		"Negative":       {head + "offline_till_daily,-1,,\n", `line 2: offline_till_daily is "-1"`},
		"NoSKUs":         {head + "category,2,Mięso,\n", "line 2: category Mięso names no articles"},
		"TwoCategories":  {head + "category,2,Mięso,KIE\nexclude,,Promo,KIE\n", "article KIE is in categories Mięso and Promo"},
		"HugeMultiplier": {head + "category,1000,Mięso,KIE\n", `the multiplier is "1000"`},
		"ZeroHold":       {head + "hold_minutes,0,,\n", "line 2: hold_minutes is 0"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := imports.ReadLoyalty(strings.NewReader(tt.file))
			if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// A hold is asked again as it stands (idempotent), refused under its id for anything
// else, short when other holds took the points; a hold expires; a sale captures it once.
func TestPointsHolds(t *testing.T) {
	db, clock := mustOpen(t)
	mustSaveCustomers(t, db, customersFile) // C-1 has 100
	one, _ := mustPair(t, db, "PL-WAW", "01")
	two, _ := mustPair(t, db, "PL-WAW", "02")
	h, err := db.HoldPoints(ctx, one, wire.HoldRequest{HoldID: "h-1", CustomerID: "C-1", Points: 60})
	if err != nil || h.Status != wire.HoldHeld || h.Balance != 100 || h.Available != 40 {
		t.Fatalf("hold 60 of 100: %+v %v", h, err)
	}
	if again, err := db.HoldPoints(ctx, one, wire.HoldRequest{HoldID: "h-1", CustomerID: "C-1", Points: 60}); err != nil || again.Status != wire.HoldHeld || again.ExpiresAt != h.ExpiresAt {
		t.Fatalf("the same hold again: %+v %v", again, err)
	}
	if _, err := db.HoldPoints(ctx, one, wire.HoldRequest{HoldID: "h-1", CustomerID: "C-1", Points: 61}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("another hold under the same id: %v", err)
	}
	if short, err := db.HoldPoints(ctx, two, wire.HoldRequest{HoldID: "h-2", CustomerID: "C-1", Points: 41}); err != nil || short.Status != wire.HoldShort || short.Available != 40 {
		t.Fatalf("41 more while 60 are held: %+v %v", short, err)
	}
	if _, err := db.ReleaseHold(ctx, two, "h-1"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("another till released the hold: %v", err)
	}
	if _, err := db.HoldPoints(ctx, one, wire.HoldRequest{HoldID: "h-3", CustomerID: "C-9", Points: 1}); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("an unknown customer: %v", err)
	}
	// The sale captures its hold; sent again it books nothing more.
	ev := pointsSale(t, one, "0190aaaa-0000-7000-8000-000000000011", 1, 60, "h-1", 1, 42)
	for range 2 {
		if _, err := db.Apply(ctx, one, []wire.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, `SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); n != 100-60+42 {
		t.Fatalf("balance %d, want 82", n)
	}
	if rel, err := db.ReleaseHold(ctx, one, "h-1"); err != nil || rel.Status != wire.HoldCaptured {
		t.Fatalf("releasing a captured hold: %+v %v", rel, err)
	}
	// A hold not captured lapses: its points are free again after HoldTTL.
	if h, err := db.HoldPoints(ctx, two, wire.HoldRequest{HoldID: "h-4", CustomerID: "C-1", Points: 82}); err != nil || h.Status != wire.HoldHeld {
		t.Fatalf("hold all: %+v %v", h, err)
	}
	clock.t = clock.t.Add(16 * time.Minute)
	if h, err := db.HoldPoints(ctx, one, wire.HoldRequest{HoldID: "h-5", CustomerID: "C-1", Points: 82}); err != nil || h.Status != wire.HoldHeld {
		t.Fatalf("after the first hold lapsed: %+v %v", h, err)
	}
}

// Balances unused for the rules' days expire once; a customer who used points keeps them.
func TestExpirePoints(t *testing.T) {
	db, clock := mustOpen(t)
	mustSaveCustomers(t, db, customersFile) // C-1 has 100, adjusted on 2026-11-24
	till, _ := mustPair(t, db, "PL-WAW", "01")
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if n, _, err := db.ExpirePoints(ctx, at.AddDate(0, 0, 729)); err != nil || n != 0 {
		t.Fatalf("before two years: %d %v", n, err)
	}
	n, points, err := db.ExpirePoints(ctx, at.AddDate(0, 0, 731))
	if err != nil || n != 1 || points != 100 {
		t.Fatalf("after two years: %d customers, %d points, %v", n, points, err)
	}
	if n, _, _ := db.ExpirePoints(ctx, at.AddDate(0, 0, 800)); n != 0 {
		t.Fatal("expired twice")
	}
	if n := count(t, db, `SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); n != 0 {
		t.Fatalf("balance %d after expiry", n)
	}
	// Earning again starts a new spell.
	clock.t = at.AddDate(0, 0, 731)
	if _, err := db.Apply(ctx, till, []wire.Event{pointsSale(t, till, "0190aaaa-0000-7000-8000-000000000021", 1, 0, "", 1, 42)}); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := db.ExpirePoints(ctx, at.AddDate(0, 0, 800)); n != 0 {
		t.Fatal("points earned 69 days ago expired")
	}
}
