package sqlite

import (
	"encoding/json"
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

// A return central refuses half way leaves nothing of itself behind: no row, no stock, no
// exception but the refusal; the events after it in the batch are booked.
func TestRefusedReturnLeavesNothing(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, "PL-WAW", "01")
	sale := saleEvent(t, till, "0190aaaa-0000-7000-8000-000000000031", 1, 2)
	ret := func(id string, line int) wire.Event {
		r := pos.ReturnEvent{ReturnID: id, Store: "PL-WAW", Till: "01", ReturnNo: 1, SourceKind: pos.SourceSale, SourceID: "sale-0190aaaa-0000-7000-8000-000000000031",
			SourceLabel: "PL-WAW/01/1", Reason: "faulty", Currency: "PLN", Lines: []pos.ReturnEventLine{{Line: 1, SKU: "ZUB-07", Qty: pos.Pieces(1), Amount: 4299, Resellable: true},
				{Line: line, SKU: "ZUB-07", Qty: pos.Pieces(1), Amount: 1, Resellable: true}},
			Refund: []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: 4300}}}
		b, _ := json.Marshal(r)
		return wire.Event{EventID: "0190aaaa-0000-7000-8000-0000000000" + id[len(id)-2:], Type: pos.EventReturnCompleted, Aggregate: id, Payload: b}
	}
	res, err := db.Apply(ctx, till, []wire.Event{sale, ret("R-41", 9), ret("R-42", 1)})
	if err != nil {
		t.Fatal(err)
	}
	if res[1].Status != wire.StatusRejected || !strings.Contains(res[1].Reason, "line 9") {
		t.Fatalf("a return of a line the sale has not: %+v", res[1])
	}
	if n := count(t, db, `SELECT COUNT(*) FROM returns WHERE id = 'R-41'`) + count(t, db, `SELECT COUNT(*) FROM stock_movements WHERE ref = 'R-41'`); n != 0 {
		t.Fatalf("the refused return left %d rows", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM exceptions WHERE kind <> 'rejected'`); n != 0 {
		t.Fatalf("the refused return left %d exceptions", n)
	}
	_ = res[2] // R-42 returns line 1 twice in one event: refused too, by the event's own check

	// A till claiming more credit than the line gives back gets a voucher of what it
	// gives back, and an exception.
	greedy := pos.ReturnEvent{ReturnID: "R-43", Store: "PL-WAW", Till: "01", ReturnNo: 2, SourceKind: pos.SourceSale, SourceID: "sale-0190aaaa-0000-7000-8000-000000000031",
		SourceLabel: "PL-WAW/01/1", Reason: "faulty", Currency: "PLN", Lines: []pos.ReturnEventLine{{Line: 1, SKU: "KIE-SL", Qty: pos.Pieces(1), Amount: 9_999_999}},
		Refund: []pos.SaleEventTender{{Kind: pos.TenderCredit, Amount: 9_999_999, Reference: "SC2222222222"}}}
	b, _ := json.Marshal(greedy)
	res, err = db.Apply(ctx, till, []wire.Event{{EventID: "0190aaaa-0000-7000-8000-000000000043", Type: pos.EventReturnCompleted, Aggregate: "R-43", Payload: b}})
	if err != nil || res[0].Status != wire.StatusApplied {
		t.Fatalf("the greedy return: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT issued FROM vouchers WHERE code = 'SC2222222222'`); n != 4299 {
		t.Fatalf("the voucher was issued for %d, want 4299", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM exceptions WHERE kind = 'return_conflict' AND event_id = '0190aaaa-0000-7000-8000-000000000043'`); n != 1 {
		t.Fatal("no exception for the greedy return")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM return_lines WHERE return_id = 'R-43' AND sku = 'ZUB-07'`); n != 1 {
		t.Fatal("the return's line kept the till's article, not the sale's")
	}

	// A sale and its return in one batch (sold and taken back offline): both booked.
	sale2 := saleEvent(t, till, "0190aaaa-0000-7000-8000-000000000051", 3, 1)
	back := pos.ReturnEvent{ReturnID: "R-52", Store: "PL-WAW", Till: "01", ReturnNo: 3, SourceKind: pos.SourceSale, SourceID: "sale-0190aaaa-0000-7000-8000-000000000051",
		SourceLabel: "PL-WAW/01/3", Reason: "faulty", Currency: "PLN", Lines: []pos.ReturnEventLine{{Line: 1, SKU: "ZUB-07", Qty: pos.Pieces(1), Amount: 4299, Resellable: true}},
		Refund: []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: 4299}}}
	b, _ = json.Marshal(back)
	res, err = db.Apply(ctx, till, []wire.Event{sale2, {EventID: "0190aaaa-0000-7000-8000-000000000052", Type: pos.EventReturnCompleted, Aggregate: "R-52", Payload: b}})
	if err != nil || res[0].Status != wire.StatusApplied || res[1].Status != wire.StatusApplied {
		t.Fatalf("a sale and its return in one batch: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM returns WHERE id = 'R-52' AND status = 'booked'`); n != 1 {
		t.Fatal("the return of the batch's sale is not booked")
	}
}
