package client_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// TestReturnFoundByCustomer: a customer without a receipt is found at central by their
// card, or their e-mail as they typed it: the return desk answers their purchases, of the
// customer only the name; the cashier picks one, finds it by its receipt and returns a
// line of it. An order central does not know stays one; a customer who bought nothing,
// a phone two customers share and central down are each said in words.
func TestReturnFoundByCustomer(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card,email,phone\nC-1,Anna Wiśniewska,2900000000017,Anna.W@example.com,+48 600 000 001\nC-2,Jonas Jonaitis,2900000000024,,\n")
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce()
	reasons := []pos.Reason{{Kind: pos.ReasonReturn, Code: "changed-mind", Text: map[string]string{"en": "Changed mind"}}}
	for _, k := range []pos.ReasonKind{pos.ReasonDiscount, pos.ReasonVoid, pos.ReasonNoSale} {
		reasons = append(reasons, pos.Reason{Kind: k, Code: "other", Text: map[string]string{"en": "Other"}})
	}
	if err := tl.db.SaveReasons(t.Context(), reasons); err != nil {
		t.Fatal(err)
	}
	r := pointsRegister(t, tl, nil)
	if _, err := r.Scan(t.Context(), "2900000000017"); !errors.As(err, new(*pos.CustomerScanned)) {
		t.Fatal(err)
	}
	if _, err := r.Scan(t.Context(), "2*5900343000185"); err != nil { // 2 × 42,99
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCard, Amount: 8598, Reference: "A-1"}); err != nil {
		t.Fatal(err)
	}
	sale, err := r.Complete(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	tl.syncOnce()
	d := returnDesk(tl, true)
	find := func(input string) (pos.Returnable, error) {
		kind, ref := pos.ParseReturnRef(input, "")
		return d.Find(t.Context(), kind, ref)
	}

	var found *pos.PurchasesFound
	for _, key := range []string{"2900000000017", "anna.w@example.com", "600 000 001"} {
		_, err := find(key)
		if !errors.As(err, &found) {
			t.Fatalf("%q: %v, want the customer's purchases", key, err)
		}
		f := found.Found
		if f.Customer != "Anna Wiśniewska" || len(f.Purchases) != 1 {
			t.Fatalf("%q finds %+v", key, f)
		}
		if p := f.Purchases[0]; p.Kind != pos.SourceSale || p.Ref != string(sale.ID) || p.Label != "PL-WAW/01/1" || p.Channel != "store" ||
			p.Total != 8598 || p.Currency != pos.PLN || p.Lines != 1 || p.At.Sub(sale.CompletedAt).Abs() > time.Millisecond {
			t.Fatalf("%q: purchase %+v", key, p)
		}
	}
	// The cashier picks it: found by its receipt, one bottle goes back.
	src, err := find(found.Found.Purchases[0].Label)
	if err != nil || !src.Online || len(src.Lines) != 1 {
		t.Fatalf("the purchase picked: %+v %v", src, err)
	}
	anna := pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}
	ret, err := d.Return(t.Context(), anna, pos.ReturnRequest{Source: src, Reason: "changed-mind", Lines: []pos.ReturnLine{{Line: 1, Qty: pos.Pieces(1), Resellable: true}}})
	if err != nil || ret.Total() != 4299 || ret.Refund[0].Kind != pos.TenderCard {
		t.Fatalf("the return: %+v %v", ret, err)
	}
	tl.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE status = 'booked' AND source_id = ?`, string(sale.ID)); n != 1 {
		t.Fatalf("central booked %d returns of the sale", n)
	}

	if _, err := find("web-404"); pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "central has no order WEB-404") {
		t.Errorf("an order nobody placed: %v", err)
	}
	if _, err := find("2900000000024"); pos.ErrorCode(err) != pos.ENOTFOUND || !strings.Contains(err.Error(), "Jonas Jonaitis bought nothing") {
		t.Errorf("a customer who bought nothing: %v", err)
	}
	c.importFile("customers", "id,name,phone\nC-3,Jan Kowalski,600-000-001\n")
	if _, err := find("600000001"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "Several customers have 600000001") {
		t.Errorf("a phone two customers share: %v", err)
	}
	c.kill()
	if _, err := find("2900000000017"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "find the purchase by its receipt") {
		t.Errorf("a card while central is down: %v", err)
	}
	if _, err := find("WEB-100234"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "an online order can be returned once it is back") {
		t.Errorf("an order while central is down: %v", err)
	}
}
