package pos_test

import (
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Points are earned on what the customer paid, by category, never on what points paid,
// rounded down once for the whole sale.
func TestEarnedByRules(t *testing.T) {
	rules := pos.DefaultLoyaltyRules
	rules.Categories = []pos.LoyaltyCategory{
		{Name: "Dairy", Multiplier: 2000, SKUs: []pos.SKU{"SER"}},
		{Name: "Tobacco", Multiplier: 0, SKUs: []pos.SKU{"PAP"}},
	}
	lines := []pos.SaleEventLine{
		{No: 1, SKU: "ZUB", Amount: 4299},              // 42,99 earns at 1
		{No: 2, SKU: "SER", Amount: 1599},              // 15,99 at 2
		{No: 3, SKU: "PAP", Amount: 1800},              // excluded
		{No: 4, SKU: "BUL", Amount: 500, Voided: true}, // not sold
	}
	cases := []struct {
		name    string
		rules   func(r *pos.LoyaltyRules)
		tenders []pos.SaleEventTender
		want    int64
	}{
		{"cash", nil, []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: 7698}}, 74}, // 42,99 + 2 × 15,99 = 74,97
		{"half a point per unit", func(r *pos.LoyaltyRules) { r.PointsPerUnit = 500 }, nil, 37},
		// 10,00 paid by points is spread over the lines by amount (5,58, 2,08, 2,34): what
		// is left earns, 37,41 + 2 × 13,91 = 65,23.
		{"points do not earn", nil, []pos.SaleEventTender{{Kind: pos.TenderPoints, Amount: 1000, Points: 1000}}, 65},
		{"nothing per unit", func(r *pos.LoyaltyRules) { r.PointsPerUnit = 0 }, nil, 0},
	}
	for _, c := range cases {
		r := rules
		if c.rules != nil {
			c.rules(&r)
		}
		got, err := r.Earned(lines, c.tenders)
		if err != nil || got != c.want {
			t.Errorf("%s: earned %d, %v; want %d", c.name, got, err, c.want)
		}
	}
	huge := []pos.SaleEventLine{{No: 1, SKU: "SER", Amount: 1 << 62}, {No: 2, SKU: "SER", Amount: 1 << 62}}
	if _, err := rules.Earned(huge, nil); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("amounts beyond int64 were counted: %v", err)
	}
	if err := (pos.LoyaltyRules{PointValue: 1, HoldTTL: 60, Categories: []pos.LoyaltyCategory{{Name: "A", SKUs: []pos.SKU{"X"}}, {Name: "B", SKUs: []pos.SKU{"X"}}}}).Check(); err == nil {
		t.Fatal("an article in two categories was taken")
	}
}

// Offline, a customer redeems only up to the smallest of the three limits, and only from
// a balance young enough; what the sale earned and redeemed is on the receipt and in the
// till's own entries until central's balance holds them.
func TestRedeemPointsOffline(t *testing.T) {
	r, db := newRegister(t)
	r.Customers, r.Loyalty = db, db // no Holds: the till is not paired, so it is offline
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now.Add(-time.Hour) } // pulled an hour ago
	rules := pos.DefaultLoyaltyRules
	rules.Version, rules.OfflineCustomerCap, rules.OfflineTillDaily = 2, 400, 600
	if err := db.ApplyLoyaltyPage(ctx, &rules, 1); err != nil {
		t.Fatal(err)
	}
	ania := pos.Customer{ID: "C-1", Card: "2900000000019", Name: "Anna Wiśniewska", Points: 1000}
	ola := pos.Customer{ID: "C-2", Card: "2900000000026", Name: "Ola", Points: 1000}
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: ania}, {Customer: ola}}, 1); err != nil {
		t.Fatal(err)
	}
	sell := func(c pos.Customer, redeem int64) (*pos.Sale, error) {
		t.Helper()
		if err := r.AttachCustomer(c); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Scan(ctx, "5900343000185"); err != nil { // 42,99
			t.Fatal(err)
		}
		if redeem > 0 {
			if _, err := r.RedeemPoints(ctx, redeem); err != nil {
				r.CancelPayment()
				if cerr := r.CancelSale(); cerr != nil {
					t.Fatal(cerr)
				}
				return nil, err
			}
		}
		if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r.Sale().Remaining()}); err != nil {
			t.Fatal(err)
		}
		return r.Complete(ctx)
	}
	s, err := sell(ania, 300)
	if err != nil {
		t.Fatal(err)
	}
	// 42,99 less 3,00 by points: 39,99 earns 39.
	if s.Points != (pos.SalePoints{Rules: 2, Earned: 39, Redeemed: 300, Balance: 1000 + 39 - 300}) {
		t.Fatalf("sale points: %+v", s.Points)
	}
	receipt := strings.Join(pos.Text(pos.NewReceipt(store, s, r.Words).Layout(42), 42), "\n")
	for _, want := range []string{"Points 300", "Customer Anna Wiśniewska", "Points earned", "Points balance                         739"} {
		if !strings.Contains(receipt, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, receipt)
		}
	}
	// Anna's cap is 400 offline: 300 used, 101 more is refused, 100 is taken.
	if _, err := sell(ania, 101); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "at most 100 points") {
		t.Fatalf("beyond the customer's offline cap: %v", err)
	}
	if _, err := sell(ania, 100); err != nil {
		t.Fatal(err)
	}
	// The till's daily budget is 600: 400 used today, so Ola gets 200, not her 400.
	if _, err := sell(ola, 201); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "at most 200 points") {
		t.Fatalf("beyond the till's daily budget: %v", err)
	}
	st, err := db.PointsState(ctx, "C-1", now)
	if err != nil || st.UnsyncedRedeemed != 400 || st.UnsyncedOffline != 400 || st.TillOfflineToday != 400 || st.Balance() != 1000+39+41-400 {
		t.Fatalf("Anna's points at the till: %+v %v", st, err)
	}
	// A balance older than the rules allow is no base to redeem from.
	db.Now = func() time.Time { return now.Add(-25 * time.Hour) }
	if err := db.ApplyCustomerPage(ctx, nil, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := sell(ola, 10); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "too old") {
		t.Fatalf("from a stale balance: %v", err)
	}
	// Points pay only for a customer, and never more than remains.
	if _, err := r.Scan(ctx, "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RedeemPoints(ctx, 10); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("points for an anonymous sale: %v", err)
	}
	if err := r.AttachCustomer(ola); err != nil {
		t.Fatal(err)
	}
	if _, err := r.RedeemPoints(ctx, 4300); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "at most 4299") {
		t.Fatalf("more points than the sale: %v", err)
	}
}
