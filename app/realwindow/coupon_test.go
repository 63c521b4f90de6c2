package realwindow_test

import (
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// withCoupon sets the demo till up and gives it coupon NL-0002 (10,00 off a basket of
// 50,00 or more) as pulled from central, signed: the till, not paired, takes it offline.
func withCoupon(t testing.TB) func(db string) {
	return func(db string) {
		tl, err := till.Open(context.Background(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer tl.Close()
		pub, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().Truncate(time.Second)
		c := pos.Coupon{Code: "NL-0002", Campaign: "Newsletter", Kind: pos.CouponAmount, Value: 1000, MinTotal: 5000,
			Starts: now.AddDate(0, 0, -1), Ends: now.AddDate(0, 1, 0)}
		c.Signature = ed25519.Sign(priv, c.SignedBytes())
		if err := tl.DB.ApplyCouponPage(context.Background(), pub, []pos.Coupon{c}, nil, 1); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCouponAtTheRealWindow: a coupon's code typed into the code field, as a cashier types
// what is printed on the paper, takes 10,00 off; the totals show it by its code, and the
// sale is committed with it.
func TestCouponAtTheRealWindow(t *testing.T) {
	s := startWith(t, 1024, 768, withCoupon(t))
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
	s.burst(zubrowka)
	s.waitLog("line 1", `msg="line added".*line=1 sku=PL-000278`)
	s.burst(zubrowka)
	s.waitLog("two of line 1", `msg="line added".*line=1 sku=PL-000278 qty=2000`)
	s.typePerson("nl-0002")
	s.key("Return")
	s.waitLog("the coupon", `msg="coupon taken".*code=NL-0002 off=10.00`)
	s.shot("coupon")
	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.key("Return")
	s.waitLog("the receipt", `msg="receipt shown".*receipt=1 training=false`)
	s.shot("coupon-receipt")

	var code, reason string
	var total, discount int64
	err := s.openDB().QueryRow(`SELECT coupon_code, basket_discount, discount_reason, total FROM sales WHERE receipt_no = 1 AND training = 0`).
		Scan(&code, &discount, &reason, &total)
	if err != nil || code != "NL-0002" || discount != 1000 || reason != "Kupon NL-0002" || total != 2*4999-1000 {
		t.Fatalf("the sale: coupon %q, discount %d (%q), total %d: %v", code, discount, reason, total, err)
	}
}
