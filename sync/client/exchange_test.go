package client_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// twoTills are tills 01 and 02 of PL-WAW, paired with c and synced.
func twoTills(t *testing.T, c *central) (one, two *till) {
	t.Helper()
	one, two = newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	one.pair(c)
	two.pair(c)
	one.syncOnce()
	two.syncOnce()
	return one, two
}

// ring rings up what scan says and pays it with tender (its amount: all that is due when
// 0), then completes the sale.
func ring(t *testing.T, r *pos.Register, scan string, tender pos.Tender) *pos.Sale {
	t.Helper()
	if _, err := r.Scan(t.Context(), scan); err != nil {
		t.Fatal(err)
	}
	if tender.Amount == 0 {
		tender.Amount = r.Sale().Remaining()
	}
	if err := r.AddTender(tender); err != nil {
		t.Fatal(err)
	}
	s, err := r.Complete(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestExchangeBothWays: goods of till 01's receipt come back at till 02 against new ones,
// in one transaction and on one receipt. The customer pays the difference when the new
// goods cost more, and is paid it back to the original card when they cost less; offline,
// what is paid back is store credit. Central books each return and sale once, stock moves
// both ways, and a sale paid by goods no return gave is an exception for a manager.
func TestExchangeBothWays(t *testing.T) {
	c := startCentral(t)
	one, two := twoTills(t, c)
	ctx := t.Context()
	r1 := pointsRegister(t, one, nil)
	ring(t, r1, "2*5900343000185", pos.Tender{Kind: pos.TenderCard, Reference: "A-1"}) // 2 × 42,99
	one.syncOnce()
	zub, pie := c.onHand(storeWAW, zubrowka), c.onHand(storeWAW, "PIE-1")

	desk := returnDesk(two, true)
	desk.Reasons = nil
	r2 := pointsRegister(t, two, nil)
	r2.Exchanges = desk
	exchange := func(scan string) *pos.Sale {
		t.Helper()
		src, err := desk.Find(ctx, pos.SourceSale, "PL-WAW/01/1")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r2.Scan(ctx, scan); err != nil {
			t.Fatal(err)
		}
		ret, err := r2.Exchange(ctx, pos.ReturnRequest{Source: src, Reason: "wrong-item", Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1), Resellable: true}}})
		if err != nil || !ret.Reservation || ret.Total() != 4299 {
			t.Fatalf("the bottle taken back: %+v %v", ret, err)
		}
		// Central holds the bottle for till 02 from now on: till 01 cannot take it back too.
		d1 := returnDesk(one, true)
		d1.Reasons = nil
		if _, err := d1.Return(ctx, pos.Staff{ID: "anna"}, pos.ReturnRequest{Source: src, Reason: "wrong-item",
			Lines: []pos.ReturnLine{{Line: 1, Qty: src.Lines[0].Left()}}}); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("the bottle at till 01 while till 02 holds it: %v", err)
		}
		if rem := r2.Sale().Remaining(); rem > 0 {
			if err := r2.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: rem}); err != nil {
				t.Fatal(err)
			}
		}
		s, err := r2.Complete(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	// 5 pierniki (64,95) for a bottle (42,99): 21,96 to pay, in cash.
	more := exchange("5*5901234123457")
	if len(more.Tenders) != 2 || more.Tenders[0].Kind != pos.TenderExchange || more.Tenders[0].Amount != 4299 || more.Tenders[1].Amount != 2196 ||
		more.ExchangeRefund() != 0 || len(more.Exchange.Refund) != 1 || more.Exchange.Refund[0].Reference != string(more.ID) {
		t.Fatalf("paying the difference: %+v, returned %+v", more.Tenders, more.Exchange)
	}
	receipt := strings.Join(pos.Text(pos.NewReceipt(two.store, more, lang.MustNew(lang.English, "PL")).Layout(48), 48), "\n")
	for _, want := range []string{"GOODS RETURNED IN EXCHANGE", "Return 1 of PL-WAW/01/1", "Goods returned", "-42,99", "TO PAY", "21,96"} {
		if !strings.Contains(receipt, want) {
			t.Fatalf("the receipt lacks %q:\n%s", want, receipt)
		}
	}
	// 1 piernik (12,99) for the other bottle: 30,00 back to the card that paid for it.
	less := exchange("5901234123457")
	if less.ExchangeRefund() != 3000 || len(less.Tenders) != 1 || less.Tenders[0].Amount != 1299 {
		t.Fatalf("paying back the difference: %+v", less.Tenders)
	}
	if f := less.Exchange.Refund; len(f) != 2 || f[0].Kind != pos.TenderExchange || f[0].Amount != 1299 || f[1].Kind != pos.TenderCard ||
		f[1].Amount != 3000 || f[1].Reference != "A-1" {
		t.Fatalf("the refund: %+v", f)
	}
	if less.PaidInCash() {
		t.Fatal("the drawer opens for a refund to a card")
	}
	reprint, err := two.db.SaleByID(ctx, less.ID)
	if err != nil || reprint.Exchange == nil || reprint.Exchange.ReturnNo != 2 || reprint.ExchangeRefund() != 3000 {
		t.Fatalf("the exchange as the till keeps it: %+v %v", reprint, err)
	}
	receipt = strings.Join(pos.Text(pos.NewReceipt(two.store, reprint, lang.MustNew(lang.English, "PL")).Layout(48), 48), "\n")
	for _, want := range []string{"Return 2 of PL-WAW/01/1", "REFUND", "30,00", "Refund: Card A-1"} {
		if !strings.Contains(receipt, want) {
			t.Fatalf("the receipt printed again lacks %q:\n%s", want, receipt)
		}
	}
	two.syncOnce()
	if got := c.onHand(storeWAW, zubrowka); got != zub+2000 {
		t.Fatalf("bottles back: %d, want %d", got-zub, 2000)
	}
	if got := c.onHand(storeWAW, "PIE-1"); got != pie-6000 {
		t.Fatalf("pierniki sold: %d, want 6000", pie-got)
	}
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE status = 'booked'`); n != 2 {
		t.Fatalf("%d returns booked, want 2", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 0 {
		t.Fatalf("exceptions: %s", c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}

	// Offline, till 01 exchanges its own receipt: what is paid back is store credit.
	ring(t, r1, "5900343000185", pos.Tender{Kind: pos.TenderCash, Amount: 5000})
	c.kill()
	off := returnDesk(one, true)
	off.Reasons = nil
	r1.Exchanges = off
	own, err := off.Find(ctx, pos.SourceSale, "PL-WAW/01/2")
	if err != nil || own.Online {
		t.Fatalf("till 01's own receipt offline: %+v %v", own, err)
	}
	if _, err := r1.Scan(ctx, "5901234123457"); err != nil {
		t.Fatal(err)
	}
	if _, err := r1.Exchange(ctx, pos.ReturnRequest{Source: own, Reason: "faulty", Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1)}}}); err != nil {
		t.Fatal(err)
	}
	offline, err := r1.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if f := offline.Exchange.Refund; len(f) != 2 || f[1].Kind != pos.TenderCredit || f[1].Amount != 3000 || f[1].Reference == "" {
		t.Fatalf("offline, the difference paid back: %+v", f)
	}
	if done, err := one.db.RefundedOffline(ctx, time.Now()); err != nil || done != 3000 {
		t.Fatalf("refunded offline today: %s %v, want 30,00 (the goods exchanged are no refund)", done.Display(), err)
	}
	// A sale that says goods paid for it, with no return behind it.
	forged := &pos.Sale{ID: "0190aaaa-0000-7000-8000-0000000ee0f1", Store: storeWAW, Till: "01", Cashier: pos.Staff{ID: "anna"}, Currency: "PLN",
		StartedAt: time.Now(), CompletedAt: time.Now(),
		Lines:   []pos.Line{{No: 1, SKU: "PIE-1", Name: "Pierniki", Unit: pos.UnitPiece, UnitPrice: 1299, Qty: pos.Pieces(1), VAT: 500}},
		Tenders: []pos.Tender{{Kind: pos.TenderExchange, Amount: 1299, Reference: "0190aaaa-0000-7000-8000-0000000ee0f2"}}}
	if err := one.db.CommitSale(ctx, forged); err != nil {
		t.Fatal(err)
	}
	c.restart()
	one.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM vouchers WHERE issued = 3000`); n != 1 {
		t.Fatalf("%d vouchers of 30,00 at central, want 1", n)
	}
	if got := c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`); !strings.HasPrefix(got, "return_conflict: sale "+string(forged.ID)) ||
		strings.Count(got, ";") != 0 {
		t.Fatalf("exceptions: %s, want one return_conflict for the forged sale", got)
	}
}

// lapse makes central's hold of a return run out, as it does when a customer shops on
// longer than the loyalty rules' hold time.
func (c *central) lapse(returnID string) {
	c.tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+c.db+"?_busy_timeout=5000")
	if err != nil {
		c.tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE returns SET expires_at = '2000-01-01T00:00:00.000000000Z' WHERE id = ?`, returnID); err != nil {
		c.tb.Fatal(err)
	}
}

// TestExchangeHoldRenewedAtPay: goods taken back in exchange are held at central again
// when the payment starts. A hold that ran out while the customer shopped is renewed when
// the units are still there; when another till took them back meanwhile, the till is told
// where they went and the goods come off the sale, which is paid in full.
func TestExchangeHoldRenewedAtPay(t *testing.T) {
	c := startCentral(t)
	one, two := twoTills(t, c)
	ctx := t.Context()
	ring(t, pointsRegister(t, one, nil), "2*5900343000185", pos.Tender{Kind: pos.TenderCash})
	one.syncOnce()
	desk := returnDesk(two, true)
	desk.Reasons = nil
	r2 := pointsRegister(t, two, nil)
	r2.Exchanges = desk
	take := func() *pos.Return {
		t.Helper()
		src, err := desk.Find(ctx, pos.SourceSale, "PL-WAW/01/1")
		if err != nil {
			t.Fatal(err)
		}
		ret, err := r2.Exchange(ctx, pos.ReturnRequest{Source: src, Reason: "wrong-item", Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1)}}})
		if err != nil {
			t.Fatal(err)
		}
		return ret
	}
	if _, err := r2.Scan(ctx, "5901234123457"); err != nil {
		t.Fatal(err)
	}
	first := take()
	c.lapse(first.ID)
	if err := r2.RefreshExchange(ctx); err != nil || r2.Sale().Exchange == nil {
		t.Fatalf("a lapsed hold, the bottle still there: %v", err)
	}
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE id = ? AND status = 'reserved' AND expires_at > '2026'`, first.ID); n != 1 {
		t.Fatal("central did not renew the hold")
	}
	if err := r2.CancelExchange(); err != nil {
		t.Fatal(err)
	}
	r2.WaitReleased()

	second := take()
	c.lapse(second.ID)
	// Till 01 takes both bottles back while till 02's hold has run out.
	d1 := returnDesk(one, true)
	d1.Reasons = nil
	src, err := d1.Find(ctx, pos.SourceSale, "PL-WAW/01/1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d1.Return(ctx, pos.Staff{ID: "anna"}, pos.ReturnRequest{Source: src, Reason: "faulty", Credit: true,
		Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(2)}}}); err != nil {
		t.Fatalf("both bottles at till 01: %v", err)
	}
	err = r2.RefreshExchange(ctx)
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "PL-WAW/01") || r2.Sale().Exchange != nil {
		t.Fatalf("the bottle gone back elsewhere: %v, exchange %v", err, r2.Sale().Exchange != nil)
	}
	if rem := r2.Sale().Remaining(); rem != 1299 {
		t.Fatalf("the piernik is paid in full: %s to pay", rem.Display())
	}
}
