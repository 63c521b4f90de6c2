package client_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

// couponRegister is pointsRegister with the till's coupons and central's holds of them.
func couponRegister(t *testing.T, tl *till) *pos.Register {
	t.Helper()
	h := client.Holds{Central: tl.worker.Central}
	r := pointsRegister(t, tl, h)
	r.Coupons, r.CouponHolds = tl.db, h
	return r
}

// ringCoupon rings one Żubrówka (42,99) with a coupon, the rest in cash.
func ringCoupon(t *testing.T, r *pos.Register, code string) (*pos.Sale, error) {
	t.Helper()
	if _, err := r.Scan(t.Context(), "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ApplyCoupon(t.Context(), code); err != nil {
		if cerr := r.CancelSale(); cerr != nil {
			t.Fatal(cerr)
		}
		return nil, err
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r.Sale().Remaining()}); err != nil {
		t.Fatal(err)
	}
	return r.Complete(t.Context())
}

// TestCouponsSingleUseInEveryChannel: central issues signed coupons; a till holds one
// online, so another till and the web shop are refused it; the sale redeems it and every
// till forgets it. Two tills offline each take the same coupon on central's signature:
// central books both sales and raises exactly one coupon_reused. A coupon whose copy at
// the till was altered is refused offline.
func TestCouponsSingleUseInEveryChannel(t *testing.T) {
	c := startCentral(t)
	ends := time.Now().UTC().AddDate(0, 0, 30).Format("2006-01-02")
	c.importFile("coupons", "code,campaign,kind,value,ends,min_total\n"+
		"NL-0001,Newsletter,amount,10.00,"+ends+",20.00\n"+
		"NL-0002,Newsletter,percent,10,"+ends+",\n"+
		"NL-0003,Newsletter,amount,5.00,"+ends+",\n")
	key := strings.TrimSpace(strings.Split(c.admin("webshop", "add", "shop.example"), "\n")[1])
	one, two := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	one.pair(c)
	two.pair(c)
	one.syncOnce()
	two.syncOnce()
	r1, r2 := couponRegister(t, one), couponRegister(t, two)

	// Till 01 holds NL-0001 online (typed in lower case, with a space).
	if _, err := r1.Scan(t.Context(), "5900343000185"); err != nil {
		t.Fatal(err)
	}
	off, err := r1.ApplyCoupon(t.Context(), "nl-0001 ")
	if err != nil || off != 1000 || r1.Sale().Total() != 3299 {
		t.Fatalf("NL-0001 at till 01: %s off, %v", off, err)
	}
	if _, err := ringCoupon(t, r2, "NL-0001"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "held for a sale at till PL-WAW/01") {
		t.Fatalf("the held coupon at till 02: %v", err)
	}
	if ans := redeemOnline(t, c, key, "NL-0001", "WEB-1"); ans.Status != wire.CouponUsed {
		t.Fatalf("the held coupon at the web shop: %+v", ans)
	}
	if err := r1.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r1.Sale().Remaining()}); err != nil {
		t.Fatal(err)
	}
	s, err := r1.Complete(t.Context())
	if err != nil || s.Coupon == nil || s.Coupon.Hold == "" || s.BasketDiscount.Amount != 1000 {
		t.Fatalf("the sale with NL-0001: %+v %v", s, err)
	}
	one.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM coupons WHERE code = 'NL-0001' AND status = 'redeemed' AND used_by = 'sale PL-WAW/01/1'`); n != 1 {
		t.Fatal("central did not redeem NL-0001 by the sale")
	}
	two.syncOnce()
	if _, _, err := two.db.CouponByCode(t.Context(), "NL-0001"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("till 02 still keeps the used coupon: %v", err)
	}
	// The web shop spends NL-0003; a till is then refused it.
	if ans := redeemOnline(t, c, key, "NL-0003", "WEB-2"); ans.Status != wire.CouponRedeemed {
		t.Fatalf("NL-0003 at the web shop: %+v", ans)
	}
	if ans := redeemOnline(t, c, key, "NL-0003", "WEB-2"); ans.Status != wire.CouponRedeemed {
		t.Fatalf("the same order again: %+v", ans)
	}
	if _, err := ringCoupon(t, r2, "NL-0003"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "order WEB-2 of shop.example") {
		t.Fatalf("NL-0003 at a till after the web shop: %v", err)
	}

	// A copy altered at the till (10 % made 90 %) is refused offline, on the signature.
	alter(t, one, "NL-0002", func(c *pos.Coupon) { c.Value = 9000 })
	c.kill()
	if _, err := ringCoupon(t, r1, "NL-0002"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "signature") {
		t.Fatalf("an altered coupon offline: %v", err)
	}
	alter(t, one, "NL-0002", func(c *pos.Coupon) { c.Value = 1000 })
	// Both tills take NL-0002 offline; the second use is central's exception.
	for _, r := range []*pos.Register{r1, r2} {
		s, err := ringCoupon(t, r, "NL-0002")
		if err != nil || s.Coupon.Hold != "" || s.BasketDiscount.Amount != 430 {
			t.Fatalf("NL-0002 offline: %+v %v", s, err)
		}
	}
	if _, err := ringCoupon(t, r1, "NL-0002"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "used at this till already") {
		t.Fatalf("NL-0002 twice at one till: %v", err)
	}
	c.restart()
	one.syncOnce()
	two.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'coupon_reused'`); n != 1 {
		t.Fatalf("%d coupon_reused exceptions, want 1: %s", n, c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 1 {
		t.Fatalf("exceptions: %s", c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE basket_discount = 430`); n != 2 {
		t.Fatalf("central booked %d of the two sales with NL-0002", n)
	}
}

// redeemOnline is the web shop spending a coupon on an order.
func redeemOnline(t *testing.T, c *central, key, code, order string) wire.CouponAnswer {
	t.Helper()
	body, _ := json.Marshal(wire.CouponRedeemRequest{Order: order})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, c.URL+"/v1/coupons/"+code+"/redeem", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans wire.CouponAnswer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST redeem %s: %d %v", code, resp.StatusCode, err)
	}
	return ans
}

// alter changes the till's own copy of a coupon, as a tampered database would.
func alter(t *testing.T, tl *till, code string, change func(*pos.Coupon)) {
	t.Helper()
	cp, _, err := tl.db.CouponByCode(t.Context(), code)
	if err != nil {
		t.Fatal(err)
	}
	change(&cp)
	doc, _ := json.Marshal(cp)
	db, err := sql.Open("sqlite3", "file:"+tl.db.Path()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE coupons SET doc = ? WHERE code = ?`, string(doc), code); err != nil {
		t.Fatal(err)
	}
}
