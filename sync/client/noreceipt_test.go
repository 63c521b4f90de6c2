package client_test

import (
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// TestReturnWithoutAReceipt: a bottle sold at till 01 at 33,33 under a "3 for 100,00"
// promotion comes back at till 02 without a receipt. Only a manager takes it back, with
// the customer's name and contact; it refunds the lowest price central knows of the last
// 30 days, as store credit (cash is refused by the default policy). Central books it with
// the customer's details, the bottle back in stock and a voucher of 33,33. Offline, till
// 01 refunds the lowest of its own sales; a till that refunds more than the lowest price
// is an exception for a manager.
func TestReturnWithoutAReceipt(t *testing.T) {
	c := startCentral(t)
	today := time.Now().UTC().Format("2006-01-02")
	c.importFile("promotions", "id,name,kind,skus,value,min_qty,starts,ends\nZUB-3,3 for 100.00,multibuy,ZUB-07,100.00,3,"+today+","+today+"\n")
	one, two := twoTills(t, c)
	ctx := t.Context()
	ring(t, pointsRegister(t, one, nil), "3*5900343000185", pos.Tender{Kind: pos.TenderCash})
	one.syncOnce()
	stock := c.onHand(storeWAW, zubrowka)

	bottle, err := two.db.ProductBySKU(ctx, zubrowka)
	if err != nil {
		t.Fatal(err)
	}
	anna := pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}
	boss := pos.Staff{ID: "boss", Name: "Barbara", Role: pos.RoleManager}
	who := pos.CustomerDetails{Name: "Jan Kowalski", Contact: "+48 600 100 200"}
	desk := returnDesk(two, true)
	desk.Reasons = nil
	req := pos.NoReceiptRequest{Product: bottle, Qty: pos.Pieces(1), Reason: "changed-mind", Resellable: true, Customer: who}
	if _, err := desk.ReturnWithoutReceipt(ctx, anna, req); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("without a manager: %v", err)
	}
	req.Approver = &boss
	if _, err := desk.ReturnWithoutReceipt(ctx, anna, pos.NoReceiptRequest{Product: bottle, Qty: pos.Pieces(1), Reason: "changed-mind", Approver: &boss}); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("without the customer's name: %v", err)
	}
	cash := req
	cash.Cash = true
	if _, err := desk.ReturnWithoutReceipt(ctx, anna, cash); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "store credit only") {
		t.Fatalf("in cash: %v", err)
	}
	lp, err := desk.PriceWithoutReceipt(ctx, bottle)
	if err != nil || lp.Price != 3333 || !lp.Central {
		t.Fatalf("the lowest price central knows: %+v %v", lp, err)
	}
	ret, err := desk.ReturnWithoutReceipt(ctx, anna, req)
	if err != nil || ret.Total() != 3333 || len(ret.Refund) != 1 || ret.Refund[0].Kind != pos.TenderCredit || ret.ApprovedBy != "boss" ||
		ret.Source.Kind != pos.SourceNone {
		t.Fatalf("the bottle back: %+v %v", ret, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(c.log.String())
		}
	})
	two.syncOnce()
	if got := c.query(`SELECT source_kind || ' ' || total || ' ' || customer FROM returns WHERE id = ?`, ret.ID); !strings.HasPrefix(got, "none 3333 ") ||
		!strings.Contains(got, "Jan Kowalski") {
		t.Fatalf("the return at central: %q", got)
	}
	if n := c.count(`SELECT issued FROM vouchers WHERE code = ?`, ret.Refund[0].Reference); n != 3333 {
		t.Fatalf("the voucher at central: %d", n)
	}
	if got := c.onHand(storeWAW, zubrowka); got != stock+1000 {
		t.Fatalf("the stock: %d, want %d", got, stock+1000)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 0 {
		t.Fatalf("exceptions: %s", c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}

	// Offline, till 01 knows its own sale at 33,33; a till refunding more is found out.
	c.kill()
	off := returnDesk(one, true)
	off.Reasons = nil
	own, err := off.PriceWithoutReceipt(ctx, bottle)
	if err != nil || own.Price != 3333 || own.Central {
		t.Fatalf("the lowest price offline: %+v %v", own, err)
	}
	over := &pos.Return{ID: "0190aaaa-0000-7000-8000-0000000ee0a1", Store: storeWAW, Till: "01", Cashier: anna, ApprovedBy: "boss", Reason: "faulty",
		CompletedAt: time.Now(), Customer: &who,
		Source: pos.Returnable{Kind: pos.SourceNone, ID: "0190aaaa-0000-7000-8000-0000000ee0a1", Label: "-", Currency: "PLN"},
		Lines:  []pos.ReturnedLine{{Line: 1, SKU: zubrowka, Name: "Żubrówka", Unit: pos.UnitPiece, Qty: pos.Pieces(1), Amount: 4299}},
		Refund: []pos.Tender{{Kind: pos.TenderCredit, Amount: 4299, Reference: "SCTESTOVERPAID"}}}
	if err := one.db.CommitReturn(ctx, over); err != nil {
		t.Fatal(err)
	}
	c.restart()
	one.syncOnce()
	if got := c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`); !strings.HasPrefix(got, "return_conflict: return "+over.ID) {
		t.Fatalf("exceptions: %q, want the refund above the lowest price", got)
	}
	if n := c.count(`SELECT issued FROM vouchers WHERE code = 'SCTESTOVERPAID'`); n != 3333 {
		t.Fatalf("central issued %d for a refund above the lowest price, want 3333", n)
	}

	// An article central does not know earns no credit; cash against the policy is shown.
	unknown := *over
	unknown.ID, unknown.Source.ID = "0190aaaa-0000-7000-8000-0000000ee0a2", "0190aaaa-0000-7000-8000-0000000ee0a2"
	unknown.Lines = []pos.ReturnedLine{{Line: 1, SKU: "NOT-SOLD", Name: "?", Unit: pos.UnitPiece, Qty: pos.Pieces(1), Amount: 5000}}
	unknown.Refund = []pos.Tender{{Kind: pos.TenderCredit, Amount: 5000, Reference: "SCTESTUNKNOWN"}}
	cashBack := *over
	cashBack.ID, cashBack.Source.ID = "0190aaaa-0000-7000-8000-0000000ee0a3", "0190aaaa-0000-7000-8000-0000000ee0a3"
	cashBack.Lines = []pos.ReturnedLine{{Line: 1, SKU: zubrowka, Name: "Żubrówka", Unit: pos.UnitPiece, Qty: pos.Pieces(1), Amount: 3333}}
	cashBack.Refund = []pos.Tender{{Kind: pos.TenderCash, Amount: 3333}}
	for _, r := range []*pos.Return{&unknown, &cashBack} {
		if err := one.db.CommitReturn(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	one.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM vouchers WHERE code = 'SCTESTUNKNOWN'`); n != 0 {
		t.Fatal("central issued store credit for an article it does not know")
	}
	for _, want := range []string{"return " + unknown.ID + " ", "return " + cashBack.ID + " "} {
		if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'return_conflict' AND reason LIKE ?`, want+"%"); n != 1 {
			t.Errorf("%d exceptions for %q", n, want)
		}
	}
}
