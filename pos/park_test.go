package pos_test

import (
	"testing"

	"github.com/omnitill/omnitill/pos"
)

// A basket is parked whole (voids and discounts too) and recalled by another cashier, once;
// a basket being paid, an empty one, or one of the other mode (training) is refused.
func TestParkAndRecall(t *testing.T) {
	r, db := newRegister(t)
	if _, err := r.Park(ctx); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("parking an empty basket: %v", err)
	}
	r.Scan(ctx, "2*5900343000185")
	r.Scan(ctx, "0,5*00101")
	r.VoidLine(2, "Scanned by mistake")
	before := r.Sale()
	p, err := r.Park(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Lines != 1 || p.Total != 8598 || p.By.ID != "anna" || len(r.Sale().Lines) != 0 {
		t.Fatalf("parked %+v; basket now %+v", p, r.Sale())
	}
	list, _ := db.ParkedSales(ctx)
	if len(list) != 1 || list[0].ID != before.ID {
		t.Fatalf("parked list %+v", list)
	}

	// Another cashier (the manager) recalls it after a sale of their own.
	r.Logout()
	if _, err := r.Login(ctx, "9999"); err != nil {
		t.Fatal(err)
	}
	r.Scan(ctx, "5900343000185")
	if _, err := r.Recall(ctx, p.ID); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("recalling over a basket: %v", err)
	}
	r.CancelSale()
	got, err := r.Recall(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != before.ID || len(got.Lines) != 2 || !got.Lines[1].Voided || got.Cashier.ID != "jonas" || got.Total() != before.Total() {
		t.Fatalf("recalled %+v", got)
	}
	if _, err := db.TakeParked(ctx, p.ID); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a basket recalled twice: %v", err)
	}

	// Paid in part: not parked.
	r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 1000})
	if _, err := r.Park(ctx); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("parking a basket being paid: %v", err)
	}
	r.CancelPayment()
	p, _ = r.Park(ctx)
	manager, _ := r.Approve(ctx, "")
	if err := r.SetTraining(ctx, true, manager); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Recall(ctx, p.ID); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a real basket recalled in training mode: %v", err)
	}
	// It is still there for the real till.
	if list, _ := db.ParkedSales(ctx); len(list) != 1 {
		t.Fatalf("parked list after a refused recall: %+v", list)
	}
}

// An article the catalog does not know is sold at a manager's price under a department: the
// line, its VAT, the audit and the event central gets say so.
func TestOpenPriceItem(t *testing.T) {
	r, db := newRegister(t)
	depts := pos.DepartmentsFor(store.VAT, r.Words)
	if len(depts) != 4 || depts[0].Code != "A" || depts[0].VAT != 2300 {
		t.Fatalf("departments %+v", depts)
	}
	cashier, _ := r.Cashier()
	if _, err := r.AddOpenItem(ctx, "5901234123457", depts[0], 1250, cashier); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("a cashier priced an unknown article: %v", err)
	}
	manager, _ := r.Approve(ctx, "9999")
	for _, bad := range []struct {
		dept  pos.Department
		price pos.Money
	}{
		{depts[0], 0}, {depts[0], pos.DefaultMaxPrice + 1}, {pos.Department{Code: "X", Name: "Nowhere", VAT: 1900}, 100},
	} {
		if _, err := r.AddOpenItem(ctx, "5901234123457", bad.dept, bad.price, manager); pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("%+v at %s: %v", bad.dept, bad.price, err)
		}
	}
	l, err := r.AddOpenItem(ctx, "5901234123457", depts[2], 1250, manager)
	if err != nil {
		t.Fatal(err)
	}
	if l.SKU != "5901234123457" || l.VAT != depts[2].VAT || l.Department != "C" || l.OpenPriceBy != "jonas" || l.Gross() != 1250 {
		t.Fatalf("line %+v", l)
	}
	r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 1250})
	s, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := db.SaleByID(ctx, s.ID)
	if again.Lines[0].Department != "C" || again.Lines[0].OpenPriceBy != "jonas" {
		t.Fatalf("stored %+v", again.Lines[0])
	}
	evs, _ := db.PendingEvents(ctx, 10)
	sale, err := pos.DecodeSaleEvent(evs[0].Payload)
	if err != nil || sale.Lines[0].Department != "C" || sale.Lines[0].OpenPriceBy != "jonas" {
		t.Fatalf("event %+v %v", sale, err)
	}
}

// A basket parked before the till took another store at pairing comes back as the new
// store's when the currency is the same; in another currency it can never be sold, and is
// removed with the cashier told.
func TestRecallAfterTheTillTookAnotherStore(t *testing.T) {
	r, db := newRegister(t)
	r.Scan(ctx, "5900343000185")
	p, err := r.Park(ctx)
	if err != nil {
		t.Fatal(err)
	}
	other := store
	other.ID, other.TillID = "PL-KRK-02", "07"
	r.SetStore(other, r.Words)
	got, err := r.Recall(ctx, p.ID)
	if err != nil || got.Store != "PL-KRK-02" || got.Till != "07" {
		t.Fatalf("recalled as %s/%s: %v", got.Store, got.Till, err)
	}
	r.Park(ctx)
	euro := other
	euro.Currency = pos.EUR
	r.SetStore(euro, r.Words)
	if _, err := r.Recall(ctx, p.ID); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a złoty basket recalled in a euro store: %v", err)
	}
	if list, _ := db.ParkedSales(ctx); len(list) != 0 {
		t.Fatalf("a basket no one can recall stays listed: %+v", list)
	}
}
