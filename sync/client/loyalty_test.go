package client_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

// pointsRegister is a till's register with its points: central's holds through the
// till's link, or none (holds nil: the till redeems offline only).
func pointsRegister(t *testing.T, tl *till, holds pos.PointsHolds) *pos.Register {
	t.Helper()
	ctx := t.Context()
	if err := tl.db.SaveStaff(ctx, pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}, "1111"); err != nil {
		t.Fatal(err)
	}
	r := &pos.Register{Store: tl.store, Catalog: tl.db, Promotions: tl.db, Customers: tl.db, Loyalty: tl.db, Holds: holds, Sales: tl.db,
		Staff: tl.db, Parked: tl.db, Barcodes: barcode.NewParser(), Policy: pos.DefaultPolicy, Now: time.Now}
	if _, err := r.Login(ctx, "1111"); err != nil {
		t.Fatal(err)
	}
	return r
}

// ringPoints rings one Żubrówka (42,99) for the card's customer, redeeming points first
// (0: none), the rest in cash.
func ringPoints(t *testing.T, r *pos.Register, card string, redeem int64) (*pos.Sale, error) {
	t.Helper()
	ctx := t.Context()
	if _, err := r.Scan(ctx, card); !errors.As(err, new(*pos.CustomerScanned)) {
		t.Fatalf("card %s: %v", card, err)
	}
	if _, err := r.Scan(ctx, "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if redeem > 0 {
		if _, err := r.RedeemPoints(ctx, redeem); err != nil {
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

// TestPointsEarnedOnlineRedeemedAtAnotherTill: a sale at one till earns points by central's
// rules; another till, online, redeems them through a hold at central, which a third
// asking for the same points is refused; the sale captures the hold. A cancelled payment
// releases its hold. A replayed batch changes nothing, and every till shows central's
// balance after sync.
func TestPointsEarnedOnlineRedeemedAtAnotherTill(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card\nC-1,Anna Wiśniewska,2900000000017\n")
	c.importFile("loyalty", "rule,value,name,skus\npoints_per_unit,2,,\n") // double points, as a campaign
	one, two := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	one.pair(c)
	two.pair(c)
	one.syncOnce()
	two.syncOnce()
	r1 := pointsRegister(t, one, client.Holds{Central: one.worker.Central})
	r2 := pointsRegister(t, two, client.Holds{Central: two.worker.Central})

	s, err := ringPoints(t, r1, "2900000000017", 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Points.Rules != 2 || s.Points.Earned != 85 || s.Points.Balance != 85 {
		t.Fatalf("42,99 at 2 points a złoty: %+v", s.Points)
	}
	one.syncOnce()
	if got := c.count(`SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1' AND kind = 'earn' AND event_id <> ''`); got != 85 {
		t.Fatalf("central's ledger earned %d", got)
	}
	two.syncOnce()

	// Till 02 holds 80 points online; till 01 asking for 10 more is told only 5 are free.
	if _, err := r2.Scan(t.Context(), "2900000000017"); !errors.As(err, new(*pos.CustomerScanned)) {
		t.Fatal(err)
	}
	if _, err := r2.Scan(t.Context(), "5900343000185"); err != nil {
		t.Fatal(err)
	}
	held, err := r2.RedeemPoints(t.Context(), 80)
	if err != nil || held.Reference == "" || held.Amount != 80 {
		t.Fatalf("80 points online: %+v %v", held, err)
	}
	if n := c.count(`SELECT COUNT(*) FROM loyalty_holds WHERE id = ? AND status = 'held' AND points = 80`, held.Reference); n != 1 {
		t.Fatalf("central holds %d holds of 80", n)
	}
	if _, err := ringPoints(t, r1, "2900000000017", 10); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "5 points free") {
		t.Fatalf("the held points spent again at another till: %v", err)
	}
	if err := r2.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r2.Sale().Remaining()}); err != nil {
		t.Fatal(err)
	}
	s2, err := r2.Complete(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// 42,99 less 0,80 by points earns 2 × 42,19 = 84; the till knows 85 − 80 + 84.
	if s2.Points.Redeemed != 80 || s2.Points.Earned != 84 || s2.Points.Balance != 89 {
		t.Fatalf("the redeeming sale's points: %+v", s2.Points)
	}
	two.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM loyalty_holds WHERE id = ? AND status = 'captured'`, held.Reference); n != 1 {
		t.Fatal("the sale did not capture its hold")
	}
	if got := c.count(`SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); got != 89 {
		t.Fatalf("central's balance is %d, want 89", got)
	}

	// A payment cancelled gives its hold back.
	if _, err := r1.Scan(t.Context(), "2900000000017"); !errors.As(err, new(*pos.CustomerScanned)) {
		t.Fatal(err)
	}
	if _, err := r1.Scan(t.Context(), "5900343000185"); err != nil {
		t.Fatal(err)
	}
	h, err := r1.RedeemPoints(t.Context(), 50)
	if err != nil {
		t.Fatal(err)
	}
	r1.CancelPayment()
	r1.WaitReleased()
	if n := c.count(`SELECT COUNT(*) FROM loyalty_holds WHERE id = ? AND status = 'released'`, h.Reference); n != 1 {
		t.Fatal("the cancelled payment's hold is not released")
	}
	if err := r1.CancelSale(); err != nil {
		t.Fatal(err)
	}

	// The same batch again is answered duplicate and books no point twice.
	events := outboxOf(t, two)
	res, err := two.worker.Central.Push(t.Context(), events)
	if err != nil || len(res) == 0 || res[0].Status != "duplicate" {
		t.Fatalf("replayed batch: %+v %v", res, err)
	}
	if got := c.count(`SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); got != 89 {
		t.Fatalf("after the replay central's balance is %d, want 89", got)
	}
	// Every till shows central's balance once it has synced, its own entries counted in.
	one.syncOnce()
	two.syncOnce()
	for _, tl := range []*till{one, two} {
		st, err := tl.db.PointsState(t.Context(), "C-1", time.Now())
		if err != nil || st.Balance() != 89 || st.Synced != 89 {
			t.Fatalf("till %s shows %+v (%v), want central's 89", tl.store.TillID, st, err)
		}
	}
}

// TestTwoOfflineTillsOverdrawOnePoints: while central is down, two tills each redeem 300
// of a customer's 500 points, each within its offline limits. When they sync, central
// takes both sales (the customer has the goods), the first within the balance, the second
// overdrawing it: exactly one overdraft exception, and the ledger sums to the truth.
func TestTwoOfflineTillsOverdrawOnePoints(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card,points\nC-1,Anna Wiśniewska,2900000000017,500\n")
	one, two := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	one.pair(c)
	two.pair(c)
	one.syncOnce()
	two.syncOnce()
	r1 := pointsRegister(t, one, client.Holds{Central: one.worker.Central})
	r2 := pointsRegister(t, two, client.Holds{Central: two.worker.Central})
	c.kill()
	for _, r := range []*pos.Register{r1, r2} {
		s, err := ringPoints(t, r, "2900000000017", 300)
		if err != nil {
			t.Fatalf("offline within the limits: %v", err)
		}
		if s.Tenders[0].Kind != pos.TenderPoints || s.Tenders[0].Reference != "" || s.Points.Earned != 39 {
			t.Fatalf("an offline redemption: %+v %+v", s.Tenders, s.Points)
		}
	}
	// The customer's offline cap (500) is spent at till 01 beyond 200 more.
	if _, err := ringPoints(t, r1, "2900000000017", 201); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("beyond the offline cap: %v", err)
	}
	c.restart()
	one.syncOnce()
	two.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'loyalty_overdraft'`); n != 1 {
		t.Fatalf("%d overdraft exceptions, want 1: %s", n, c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 1 {
		t.Fatalf("%d exceptions: %s", n, c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
	// 500 − 300 − 300 + 39 + 39: below zero until Anna earns it back.
	if got := c.count(`SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); got != -22 {
		t.Fatalf("central's balance is %d, want -22", got)
	}
	if n := c.count(`SELECT COUNT(*) FROM loyalty_entries WHERE customer_id = 'C-1' AND kind = 'redeem'`); n != 2 {
		t.Fatalf("%d redeem entries, want 2", n)
	}
	one.syncOnce()
	if st, _ := one.db.PointsState(t.Context(), "C-1", time.Now()); st.Balance() != -22 {
		t.Fatalf("till 01 shows %+v after sync", st)
	}
	// A negative balance redeems nothing, online or off.
	if _, err := ringPoints(t, r1, "2900000000017", 1); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("redeemed from a negative balance: %v", err)
	}
}

// outboxOf is every event the till's outbox ever held, oldest first.
func outboxOf(t *testing.T, tl *till) []pos.Event {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+tl.db.Path()+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(t.Context(), `SELECT event_id, type, aggregate, payload, created_at FROM outbox ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []pos.Event
	for rows.Next() {
		var e pos.Event
		var payload, at string
		if err := rows.Scan(&e.ID, &e.Type, &e.Aggregate, &payload, &at); err != nil {
			t.Fatal(err)
		}
		e.Payload = []byte(payload)
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out
}

// TestReceiptQRTakesThePurchaseIntoAnAccount: with the chain's receipt address set, an
// anonymous sale's receipt QR leads to the web shop's page for it; the web shop claims it
// for the customer who signed in there, who earns its points once; another customer cannot
// take it. The till shows the balance after sync.
func TestReceiptQRTakesThePurchaseIntoAnAccount(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card\nC-1,Anna Wiśniewska,2900000000017\nC-2,Jonas,2900000000024\n")
	c.importFile("loyalty", "rule,value,name,skus\nreceipt_url,https://shop.example/r/,,\n")
	key := strings.TrimSpace(strings.Split(c.admin("webshop", "add", "shop.example"), "\n")[1])
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce()
	rules, err := tl.db.LoyaltyRules(t.Context())
	if err != nil || rules.ReceiptURL != "https://shop.example/r/" {
		t.Fatalf("the till's rules: %+v %v", rules, err)
	}
	r := pointsRegister(t, tl, nil)
	if _, err := r.Scan(t.Context(), "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 4299}); err != nil {
		t.Fatal(err)
	}
	s, err := r.Complete(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	qr := pos.ReceiptQR(s.ID, rules.ReceiptURL)
	if id, ok := pos.SaleOfReceiptQR(qr, rules.ReceiptURL); qr != "https://shop.example/r/"+string(s.ID) || !ok || id != s.ID {
		t.Fatalf("the receipt's QR %q reads back as %q %v", qr, id, ok)
	}
	tl.syncOnce()
	claim := func(customer string) (int, wire.ClaimAnswer) {
		t.Helper()
		body, _ := json.Marshal(wire.ClaimRequest{CustomerID: customer})
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, c.URL+"/v1/receipts/"+string(s.ID)+"/claim", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var ans wire.ClaimAnswer
		json.NewDecoder(resp.Body).Decode(&ans)
		return resp.StatusCode, ans
	}
	for range 2 { // the same claim again changes nothing
		if code, ans := claim("C-1"); code != http.StatusOK || ans.Earned != 42 || ans.Balance != 42 || ans.ReceiptNo != 1 {
			t.Fatalf("the claim: %d %+v", code, ans)
		}
	}
	if code, _ := claim("C-2"); code != http.StatusConflict {
		t.Fatalf("another customer's claim: %d", code)
	}
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE id = ? AND customer_id = 'C-1'`, s.ID); n != 1 {
		t.Fatal("the sale is not Anna's at central")
	}
	tl.syncOnce()
	if st, err := tl.db.PointsState(t.Context(), "C-1", time.Now()); err != nil || st.Balance() != 42 {
		t.Fatalf("the till shows %+v %v", st, err)
	}
}
