package client_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

// returnDesk is a till's return desk with central's returns through its link.
func returnDesk(tl *till, online bool) *pos.ReturnDesk {
	d := &pos.ReturnDesk{Store: func() pos.StoreInfo { return tl.store }, Returns: tl.db, Reasons: tl.db, Policy: pos.DefaultReturnsPolicy, Now: time.Now}
	if online {
		d.Central = client.Returns{Central: tl.worker.Central}
	}
	return d
}

// TestReturnsRaceOnlineAndOffline: a receipt of till 01 is returned at till 02 through
// central, which holds the units so till 01 asking for them too is refused and told where
// they went; the stock comes back once, and the points the returned part earned go back
// too. Offline, two tills returning the same unit are both booked, the second with one
// return_conflict. A return past the policy's window is refused in words.
func TestReturnsRaceOnlineAndOffline(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card\nC-1,Anna Wiśniewska,2900000000017\n")
	one, two := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	one.pair(c)
	two.pair(c)
	one.syncOnce()
	two.syncOnce()
	reasons := []pos.Reason{{Kind: pos.ReasonReturn, Code: "changed-mind", Text: map[string]string{"en": "Changed mind"}},
		{Kind: pos.ReasonReturn, Code: "faulty", Text: map[string]string{"en": "Faulty"}}}
	for _, k := range []pos.ReasonKind{pos.ReasonDiscount, pos.ReasonVoid, pos.ReasonNoSale} {
		reasons = append(reasons, pos.Reason{Kind: k, Code: "other", Text: map[string]string{"en": "Other"}})
	}
	for _, tl := range []*till{one, two} {
		if err := tl.db.SaveReasons(t.Context(), reasons); err != nil {
			t.Fatal(err)
		}
	}
	r1 := pointsRegister(t, one, nil)
	if _, err := r1.Scan(t.Context(), "2900000000017"); !errors.As(err, new(*pos.CustomerScanned)) {
		t.Fatal(err)
	}
	if _, err := r1.Scan(t.Context(), "3*5900343000185"); err != nil { // 3 × 42,99
		t.Fatal(err)
	}
	if err := r1.AddTender(pos.Tender{Kind: pos.TenderCard, Amount: 12897, Reference: "A-1"}); err != nil {
		t.Fatal(err)
	}
	sale, err := r1.Complete(t.Context())
	if err != nil || sale.Points.Earned != 128 {
		t.Fatalf("the sale: %+v %v", sale.Points, err)
	}
	one.syncOnce()
	stock := c.onHand(storeWAW, zubrowka)
	anna := pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}

	// Till 02 finds receipt PL-WAW/01/1 at central and takes one bottle back to the card.
	d2 := returnDesk(two, true)
	src, err := d2.Find(t.Context(), pos.SourceSale, "PL-WAW/01/1")
	if err != nil || !src.Online || len(src.Lines) != 1 || src.Lines[0].Left() != pos.Pieces(3) {
		t.Fatalf("the receipt at central: %+v %v", src, err)
	}
	ret, err := d2.Return(t.Context(), anna, pos.ReturnRequest{Source: src, Reason: "changed-mind",
		Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(2), Resellable: true}}})
	if err != nil || !ret.Reservation || ret.Total() != 8598 || ret.Refund[0].Kind != pos.TenderCard || ret.Refund[0].Reference != "A-1" {
		t.Fatalf("the return at till 02: %+v %v", ret, err)
	}
	// Till 01 asks for two more before till 02's return reached central: refused, told where.
	d1 := returnDesk(one, true)
	kind, ref := pos.ParseReturnRef("OMNITILL:R:"+string(sale.ID), "") // the receipt's QR scanned
	again, err := d1.Find(t.Context(), kind, ref)
	if err != nil || again.Lines[0].Left() != pos.Pieces(1) || !strings.Contains(strings.Join(again.Lines[0].Where, ";"), "till PL-WAW/02") {
		t.Fatalf("the receipt after till 02's reservation: %+v %v", again.Lines, err)
	}
	stale := src // what till 01 saw before
	if _, err := d1.Return(t.Context(), anna, pos.ReturnRequest{Source: stale, Reason: "changed-mind",
		Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(2), Resellable: true}}}); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "PL-WAW/02") {
		t.Fatalf("the same bottles at till 01: %v", err)
	}
	two.syncOnce()
	if got := c.onHand(storeWAW, zubrowka); got != stock+2000 {
		t.Fatalf("the stock after the return: %d, want %d", got, stock+2000)
	}
	// 2 of 3 bottles back: 2/3 of the 128 points earned go back.
	if got := c.count(`SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); got != 128-85 {
		t.Fatalf("Anna's balance after the return: %d, want 43", got)
	}

	// Offline, both tills take the last bottle back: the second is central's exception.
	c.kill()
	off1 := returnDesk(one, true)
	own, err := off1.Find(t.Context(), pos.SourceSale, "PL-WAW/01/1")
	if err != nil || own.Online || own.Lines[0].Left() != pos.Pieces(3) {
		t.Fatalf("till 01's own receipt offline: %+v %v", own, err)
	}
	own.Lines[0].Returned = pos.Pieces(2) // the cashier checked central's answer printed on the receipt
	if _, err := off1.Return(t.Context(), anna, pos.ReturnRequest{Source: own, Reason: "faulty", Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1)}}}); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "store credit only") {
		t.Fatalf("a cash or card refund offline: %v", err)
	}
	credit, err := off1.Return(t.Context(), anna, pos.ReturnRequest{Source: own, Reason: "faulty", Credit: true, Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1)}}})
	if err != nil || credit.Refund[0].Kind != pos.TenderCredit || credit.Refund[0].Amount != 4299 {
		t.Fatalf("offline return to store credit at till 01: %+v %v", credit, err)
	}
	voucher := credit.Refund[0].Reference
	if _, err := returnDesk(two, true).Find(t.Context(), pos.SourceSale, "PL-WAW/01/1"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("another till's receipt offline: %v", err)
	}
	c.restart()
	one.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'return_conflict'`); n != 0 {
		t.Fatalf("the last bottle once: %d conflicts", n)
	}
	// The voucher pays at another till, held at central: 42,99 of a 85,98 sale.
	r2 := pointsRegister(t, two, nil)
	r2.Vouchers, r2.VoucherHolds = two.db, client.Holds{Central: two.worker.Central}
	if _, err := r2.Scan(t.Context(), "2*5900343000185"); err != nil {
		t.Fatal(err)
	}
	if _, err := r2.PayWithVoucher(t.Context(), voucher, 5000); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "42,99 left") {
		t.Fatalf("more than the voucher has: %v", err)
	}
	vt, err := r2.PayWithVoucher(t.Context(), strings.ToLower(voucher), 4299)
	if err != nil || vt.Hold == "" {
		t.Fatalf("the voucher at till 02: %+v %v", vt, err)
	}
	if err := r2.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r2.Sale().Remaining()}); err != nil {
		t.Fatal(err)
	}
	if _, err := r2.Complete(t.Context()); err != nil {
		t.Fatal(err)
	}
	two.syncOnce()
	if n := c.count(`SELECT issued - (SELECT SUM(amount) FROM voucher_spends WHERE code = v.code) FROM vouchers v WHERE code = ?`, voucher); n != 0 {
		t.Fatalf("the voucher has %d left at central, want 0", n)
	}
	// Till 02, which had found the receipt before, returns the last bottle too while
	// central was down again: booked, with exactly one conflict.
	c.kill()
	last := src
	last.Lines[0].Returned = pos.Pieces(2)
	ret2 := &pos.Return{ID: "0190aaaa-0000-7000-8000-00000000ee01", Store: storeWAW, Till: "02", Cashier: anna, Source: last, Reason: "faulty",
		CompletedAt: time.Now(), Lines: []pos.ReturnedLine{{Line: 1, SKU: zubrowka, Name: "Żubrówka", Unit: pos.UnitPiece, Qty: pos.Pieces(1), Amount: 4299}},
		Refund: []pos.Tender{{Kind: pos.TenderCard, Amount: 4299, Reference: "A-1"}}}
	if err := two.db.CommitReturn(t.Context(), ret2); err != nil {
		t.Fatal(err)
	}
	c.restart()
	two.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'return_conflict'`); n != 1 {
		t.Fatalf("%d return conflicts, want 1: %s", n, c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE status = 'booked'`); n != 3 {
		t.Fatalf("%d returns booked, want 3", n)
	}

	// Past the window: refused in words.
	old := src
	old.At = time.Now().AddDate(0, 0, -31)
	old.Lines[0].Returned = 0
	if _, err := d2.Return(t.Context(), anna, pos.ReturnRequest{Source: old, Reason: "changed-mind", Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1)}}}); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "within 30 days") {
		t.Fatalf("a return after the window: %v", err)
	}
}

// TestReturnsPolicyFromCentral: the policy IT sets at central reaches every till, and
// central holds a till that has not pulled it yet to it when reserving.
func TestReturnsPolicyFromCentral(t *testing.T) {
	c := startCentral(t)
	c.importFile("returns", "rule,value,name,skus\nwindow_days,0,store,\nnon_returnable,,Alcohol,PIE-1\nmanager_over,0,,\n")
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	r := pointsRegister(t, tl, nil)
	if _, err := r.Scan(t.Context(), "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 4299}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Complete(t.Context()); err != nil {
		t.Fatal(err)
	}
	tl.worker.PushAll(t.Context()) // the sale, but not the policy yet
	stale := returnDesk(tl, true)
	src, err := stale.Find(t.Context(), pos.SourceSale, "PL-WAW/01/1")
	if err != nil {
		t.Fatal(err)
	}
	central := client.Returns{Central: tl.worker.Central}
	err = central.Reserve(t.Context(), "0190aaaa-0000-7000-8000-00000000ff01", src, []pos.ReturnEventLine{{Line: 1, Qty: pos.Pieces(1)}})
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "within 0 days") {
		t.Fatalf("central let a till that had not pulled the policy past it: %v", err)
	}
	tl.syncOnce()
	desk := returnDesk(tl, false) // the till's own check, before central is asked
	desk.Policies, desk.Reasons = tl.db, nil
	p, err := tl.db.ReturnsPolicy(t.Context())
	if err != nil || p.WindowDays["store"] != 0 || len(p.NonReturnable) != 1 || p.ManagerOver != 0 || p.DefaultWindowDays != 30 {
		t.Fatalf("the till's policy: %+v %v", p, err)
	}
	if _, err := desk.Return(t.Context(), pos.Staff{ID: "anna", Name: "Anna"}, pos.ReturnRequest{Source: src, Reason: "x",
		Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1)}}}); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "within 0 days") {
		t.Fatalf("a store purchase past a 0-day window: %v", err)
	}
}

// TestPartialReturnOfAMultibuy: three bottles bought as "3 for 100,00"; one back gives
// 14,02, for the two kept cost 85,98 without the multibuy; the other two then give back
// 85,98: 100,00 in all, as paid.
func TestPartialReturnOfAMultibuy(t *testing.T) {
	c := startCentral(t)
	today := time.Now().UTC().Format("2006-01-02")
	c.importFile("promotions", "id,name,kind,skus,value,min_qty,starts,ends\nZUB-3,3 for 100.00,multibuy,ZUB-07,100.00,3,"+today+","+today+"\n")
	one, two := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	one.pair(c)
	two.pair(c)
	one.syncOnce()
	r := pointsRegister(t, one, nil)
	if _, err := r.Scan(t.Context(), "3*5900343000185"); err != nil {
		t.Fatal(err)
	}
	if total := r.Sale().Total(); total != 10000 {
		t.Fatalf("three for %s", total.Display())
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Complete(t.Context()); err != nil {
		t.Fatal(err)
	}
	one.syncOnce()
	c.importFile("promotions", "id,name,kind,skus,value,min_qty,starts,ends,withdrawn\nZUB-3,3 for 100.00,multibuy,ZUB-07,100.00,3,"+today+","+today+",yes\n")
	desk := returnDesk(two, true)
	desk.Reasons = nil
	anna := pos.Staff{ID: "anna", Name: "Anna"}
	for _, want := range []struct {
		qty    pos.Qty
		refund pos.Money
	}{{pos.Pieces(1), 1402}, {pos.Pieces(2), 8598}} {
		src, err := desk.Find(t.Context(), pos.SourceSale, "PL-WAW/01/1")
		if err != nil {
			t.Fatal(err)
		}
		ret, err := desk.Return(t.Context(), anna, pos.ReturnRequest{Source: src, Reason: "changed-mind", Lines: []pos.ReturnLine{{Line: 1, Qty: want.qty, Resellable: true}}})
		if err != nil || ret.Total() != want.refund {
			t.Fatalf("%s back: %+v %v, want %s", want.qty.Format(pos.UnitPiece), ret, err, want.refund.Display())
		}
		two.syncOnce()
	}
	if n := c.count(`SELECT SUM(total) FROM returns WHERE status = 'booked'`); n != 10000 {
		t.Fatalf("central refunded %d in all", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 0 {
		t.Fatalf("exceptions: %s", c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
}

// TestReturnOfAnOnlineOrder: a paid web order, collected, is returned at a till: the
// refund goes to the online payment as a request the web shop reads on the order.
func TestReturnOfAnOnlineOrder(t *testing.T) {
	c := startCentral(t)
	key := strings.TrimSpace(strings.Split(c.admin("webshop", "add", "shop.example"), "\n")[1])
	placeOrder(t, c, key, wire.NewOrder{ID: "0193f0a0-0000-7000-8000-0000000000d1", Number: "WEB-400001", StoreID: "PL-WAW", Paid: true,
		Lines: []wire.NewOrderLine{{SKU: "ZUB-07", Qty: 2000}}})
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	desk := returnDesk(tl, true)
	desk.Reasons = nil
	if _, err := desk.Find(t.Context(), pos.SourceOrder, "WEB-400001"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "not collected") {
		t.Fatalf("an order not collected yet: %v", err)
	}
	c.admin("order", "status", "WEB-400001", "collected")
	kind, ref := pos.ParseReturnRef("web-400001", "") // typed as the customer reads it from the e-mail
	src, err := desk.Find(t.Context(), kind, ref)
	if err != nil || src.Channel == "store" || len(src.Lines) != 1 {
		t.Fatalf("the collected order: %+v %v", src, err)
	}
	ret, err := desk.Return(t.Context(), pos.Staff{ID: "anna", Name: "Anna"}, pos.ReturnRequest{Source: src, Reason: "wrong-item",
		Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1), Resellable: true}}})
	if err != nil || len(ret.Refund) != 1 || ret.Refund[0].Kind != pos.TenderOnline || ret.Refund[0].Amount != 4299 {
		t.Fatalf("the return of a bottle: %+v %v", ret, err)
	}
	tl.syncOnce()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, c.URL+"/v1/orders/WEB-400001", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var o wire.Order
	if err := json.NewDecoder(resp.Body).Decode(&o); err != nil || len(o.Refunds) != 1 || o.Refunds[0].Amount != 4299 || o.Refunds[0].ReturnID != ret.ID {
		t.Fatalf("the web shop's order: %+v %v", o.Refunds, err)
	}
}
