package pos_test

import (
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// A coupon the till pulled is taken offline on central's signature, scanned at the sale
// screen or typed; priced again as the basket changes; spent only by a sale it took
// something off, and once at this till.
func TestCouponOffline(t *testing.T) {
	r, db := newRegister(t)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	sign := func(c pos.Coupon) pos.Coupon { c.Signature = ed25519.Sign(priv, c.SignedBytes()); return c }
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tenPercent := sign(pos.Coupon{Code: "NL-0002", Campaign: "Newsletter", Kind: pos.CouponPercent, Value: 1000, MinTotal: 5000, Starts: day, Ends: day.AddDate(0, 1, 0)})
	forged := sign(pos.Coupon{Code: "NL-0003", Kind: pos.CouponAmount, Value: 100, Starts: day, Ends: day.AddDate(0, 1, 0)})
	forged.Value = 10000 // altered after central signed it
	if err := db.ApplyCouponPage(ctx, pub, []pos.Coupon{tenPercent, forged}, nil, 1); err != nil {
		t.Fatal(err)
	}
	r.Coupons = db // no CouponHolds: offline
	for range 2 {
		if _, err := r.Scan(ctx, "5900343000185"); err != nil { // 2 × 42,99
			t.Fatal(err)
		}
	}
	_, err = r.Scan(ctx, "nl-0002")
	var scanned *pos.CouponScanned
	if !errors.As(err, &scanned) || scanned.Code != "NL-0002" || r.Sale().Coupon != nil {
		t.Fatalf("scanned coupon: %v", err)
	}
	if off, err := r.ApplyCoupon(ctx, scanned.Code); err != nil || off != 860 || r.Sale().Total() != 8598-860 {
		t.Fatalf("the scanned coupon taken: %s %v", off.Display(), err)
	}
	if _, err := r.ApplyCoupon(ctx, "NL-0002"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a second coupon: %v", err)
	}
	if err := r.DiscountBasket(ctx, pos.Discount{Amount: 100, Reason: "x"}, nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a basket discount beside the coupon: %v", err)
	}
	// One bottle less: 42,99 is under the coupon's 50,00, so it takes nothing (and stays).
	if err := r.SetQty(1, pos.Pieces(1)); err != nil {
		t.Fatal(err)
	}
	if s := r.Sale(); s.BasketDiscount.Amount != 0 || s.Coupon == nil {
		t.Fatalf("below the minimum: %+v", s.BasketDiscount)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 4299}); err != nil {
		t.Fatal(err)
	}
	s, err := r.Complete(ctx)
	if err != nil || s.Coupon != nil {
		t.Fatalf("a coupon that took nothing was spent: %+v %v", s.Coupon, err)
	}
	// Taken for real this time, then refused a second time at this till.
	for range 2 {
		if _, err := r.Scan(ctx, "2*5900343000185"); err != nil {
			t.Fatal(err)
		}
		_, err := r.ApplyCoupon(ctx, " nl-0002 ")
		if err == nil {
			r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r.Sale().Remaining()})
			if s, err := r.Complete(ctx); err != nil || s.Coupon == nil || s.Coupon.Code != "NL-0002" {
				t.Fatalf("the sale with the coupon: %+v %v", s, err)
			}
			continue
		}
		if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "used at this till already") {
			t.Fatalf("the coupon twice: %v", err)
		}
	}
	if err := r.CancelSale(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Scan(ctx, "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ApplyCoupon(ctx, "NL-0003"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("an altered coupon: %v", err)
	}
	if _, err := r.Scan(ctx, "NL-9999"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a code that is neither article nor coupon: %v", err)
	}
}

// A partial return of a multibuy gives back what was paid less what the units kept cost
// without it; the rest then gives back exactly what is left of the line.
func TestRefundOfAMultibuy(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	three := &pos.Promotion{ID: "ZUB-3", Name: "3 for 100", Kind: pos.PromoMultibuy, Value: 10000, MinQty: 3, SKUs: []pos.SKU{"ZUB"},
		Starts: start, Ends: start.AddDate(0, 0, 7), Withdrawn: true} // withdrawn since: the sale's price stands
	l := pos.ReturnableLine{Line: 1, SKU: "ZUB", Unit: pos.UnitPiece, Qty: pos.Pieces(3), UnitPrice: 4299, Amount: 10000, Promotion: three}
	if got := l.RefundOf(pos.Pieces(1)); got != 10000-8598 {
		t.Fatalf("one of three back: %s, want 14,02 (the two kept cost 85,98 without the multibuy)", got.Display())
	}
	l.Returned = pos.Pieces(1)
	if got := l.RefundOf(pos.Pieces(2)); got != 8598 {
		t.Fatalf("the other two: %s", got.Display())
	}
	plain := pos.ReturnableLine{Qty: pos.Pieces(3), Amount: 1000}
	if a, b, c := plain.RefundOf(pos.Pieces(1)), (pos.ReturnableLine{Qty: pos.Pieces(3), Amount: 1000, Returned: pos.Pieces(1)}).RefundOf(pos.Pieces(1)),
		(pos.ReturnableLine{Qty: pos.Pieces(3), Amount: 1000, Returned: pos.Pieces(2)}).RefundOf(pos.Pieces(1)); a+b+c != 1000 {
		t.Fatalf("thirds of 10,00: %d + %d + %d", a, b, c)
	}
}

// A purchase paid several ways is refunded the same ways: each card at most what it paid,
// cash at most what cash paid, and what points paid as store credit.
func TestRefundToTheTendersPaid(t *testing.T) {
	src := pos.Returnable{Kind: pos.SourceSale, Lines: []pos.ReturnableLine{{Amount: 10000}},
		Tenders: []pos.SaleEventTender{{Kind: pos.TenderCard, Amount: 3000, Reference: "A-1"}, {Kind: pos.TenderPoints, Amount: 2000, Points: 2000},
			{Kind: pos.TenderCash, Amount: 6000}}} // 5000 in cash and 1000 change
	got := pos.RefundTo(src, 10000, false)
	want := []pos.Tender{{Kind: pos.TenderCard, Amount: 3000, Reference: "A-1"}, {Kind: pos.TenderCash, Amount: 5000}, {Kind: pos.TenderCredit, Amount: 2000}}
	if len(got) != len(want) {
		t.Fatalf("refund %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("refund %+v, want %+v", got, want)
		}
	}
	if got := pos.RefundTo(src, 2500, false); len(got) != 1 || got[0].Kind != pos.TenderCard || got[0].Amount != 2500 {
		t.Fatalf("a part within the card: %+v", got)
	}
	unpaid := pos.Returnable{Kind: pos.SourceOrder, Label: "WEB-1"}
	if got := pos.RefundTo(unpaid, 500, false); got[0].Kind != pos.TenderCash {
		t.Fatalf("an order paid at the pickup: %+v", got)
	}
}
