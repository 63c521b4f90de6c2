package sqlite

import (
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/wire"
)

// Coupons are signed as issued and published; a web shop spends one only within its dates
// and for its customer; a used coupon cannot be changed and leaves the tills' stream.
func TestCouponsIssuedAndRedeemedOnline(t *testing.T) {
	db, clock := mustOpen(t)
	file := "code,campaign,kind,value,ends,starts,min_total,customer_id\n" +
		"nl-1,Newsletter,percent,10,2026-11-30,2026-11-20,,\n" +
		"VIP-1,VIP,amount,20.00,2026-11-30,2026-11-20,,C-1\n" +
		"LATE-1,Later,amount,5.00,2026-12-31,2026-12-01,,\n"
	rows, err := imports.ReadCoupons(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := db.SaveCoupons(ctx, rows, "import coupons.csv"); err != nil || res.Added != 3 {
		t.Fatalf("issue: %+v %v", res, err)
	}
	if res, _ := db.SaveCoupons(ctx, rows, "again"); res.Unchanged != 3 {
		t.Fatalf("the same file again: %+v", res)
	}
	page, err := db.CouponChanges(ctx, 0, 10)
	if err != nil || len(page.Coupons) != 3 || len(page.Key) != 32 {
		t.Fatalf("the stream: %+v %v", page, err)
	}
	for _, w := range page.Coupons {
		c := pos.Coupon{Code: w.Code, Campaign: w.Campaign, Kind: pos.CouponKind(w.Kind), Value: w.Value, MinTotal: pos.Money(w.MinTotal),
			Starts: w.Starts, Ends: w.Ends, Customer: pos.CustomerID(w.CustomerID), Signature: w.Signature}
		if !c.Verify(page.Key) {
			t.Fatalf("coupon %s does not verify with central's key", w.Code)
		}
	}
	redeem := func(code, order, customer string) (wire.CouponAnswer, error) {
		return db.RedeemCoupon(ctx, "shop.example", code, wire.CouponRedeemRequest{Order: order, CustomerID: customer})
	}
	if _, err := redeem("VIP-1", "WEB-1", "C-2"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("another customer's coupon: %v", err)
	}
	if _, err := redeem("LATE-1", "WEB-1", ""); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "good from") {
		t.Fatalf("a coupon before its start: %v", err)
	}
	if ans, err := redeem("NL-1", "WEB-1", ""); err != nil || ans.Status != wire.CouponRedeemed {
		t.Fatalf("NL-1: %+v %v", ans, err)
	}
	if ans, err := redeem("NL-1", "WEB-2", ""); err != nil || ans.Status != wire.CouponUsed || ans.UsedBy != "order WEB-1 of shop.example" {
		t.Fatalf("NL-1 on another order: %+v %v", ans, err)
	}
	after, _ := db.CouponChanges(ctx, page.NextCursor, 10)
	if len(after.Coupons) != 1 || !after.Coupons[0].Gone || after.Coupons[0].Code != "NL-1" {
		t.Fatalf("the redeemed coupon on the stream: %+v", after.Coupons)
	}
	changed, _ := imports.ReadCoupons(strings.NewReader("code,campaign,kind,value,ends\nNL-1,Newsletter,percent,20,2026-11-30\n"))
	if _, err := db.SaveCoupons(ctx, changed, "x"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a used coupon changed: %v", err)
	}
	clock.t = clock.t.AddDate(0, 1, 0)
	if _, err := redeem("VIP-1", "WEB-3", "C-1"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("an expired coupon: %v", err)
	}
}
