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
	r.VoidLine(2)
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
