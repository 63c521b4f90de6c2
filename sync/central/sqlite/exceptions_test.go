package sqlite

import (
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// openExceptions lists the open exceptions as "kind event" strings.
func openExceptions(tb testing.TB, db *DB) []central.Exception {
	tb.Helper()
	list, err := db.Exceptions(ctx, false)
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

func TestConflictKeptForManager(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	first := saleEvent(t, till, ev1, 1, 1)
	other := changeSale(t, first, func(s *pos.SaleEvent) { s.Cashier = "piotr" })
	mustApply(t, db, till, first, wire.StatusApplied)
	res := mustApply(t, db, till, other, wire.StatusConflict)
	if !strings.Contains(res.Reason, "another body") {
		t.Fatalf("reason %q", res.Reason)
	}
	mustApply(t, db, till, other, wire.StatusConflict) // sent again: the same answer, kept once
	// The same body with other white space is the same event.
	spaced := first
	spaced.Payload = append([]byte(" "), first.Payload...)
	mustApply(t, db, till, spaced, wire.StatusDuplicate)

	if n := count(t, db, `SELECT COUNT(*) FROM event_conflicts WHERE event_id = ? AND payload LIKE '%piotr%'`, ev1); n != 1 {
		t.Fatalf("%d conflicting bodies kept, want 1", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sales WHERE cashier_id = 'anna'`); n != 1 {
		t.Fatalf("the first body does not stand: %d sales of anna", n)
	}
	list := openExceptions(t, db)
	if len(list) != 1 || list[0].Kind != central.ExceptionConflict || list[0].Event != ev1 || list[0].Till != till {
		t.Fatalf("exceptions %+v", list)
	}
	if err := db.ResolveException(ctx, list[0].ID, "ewa", "the till's clock was wrong"); err != nil {
		t.Fatal(err)
	}
	if len(openExceptions(t, db)) != 0 {
		t.Fatal("the resolved exception is still open")
	}
	if err := db.ResolveException(ctx, list[0].ID, "ewa", "again"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("resolving twice: %v", err)
	}
}

// A reinstalled till numbered its receipts from 1 again: its sales are kept all the same.
func TestReceiptClashKeepsBothSales(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	mustApply(t, db, till, saleEvent(t, till, ev1, 1, 1), wire.StatusApplied)
	results, err := db.Apply(ctx, till, []wire.Event{saleEvent(t, till, ev2, 1, 2), saleEvent(t, till, ev3, 2, 1)})
	if err != nil || results[0].Status != wire.StatusApplied || results[1].Status != wire.StatusApplied {
		t.Fatalf("%+v %v", results, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sales WHERE receipt_no = 1`); n != 2 {
		t.Fatalf("%d sales of receipt 1, want both", n)
	}
	if got := onHand(t, db, waw.ID, "ZUB-07"); got != -4000 {
		t.Fatalf("on hand %d, want the stock of all three sales moved", got)
	}
	list := openExceptions(t, db)
	if len(list) != 1 || list[0].Kind != central.ExceptionReceiptClash || list[0].Event != ev2 ||
		!strings.Contains(list[0].Reason, "receipt 1 of till PL-WAW/01 is sale sale-"+ev1+" and also sale sale-"+ev2) {
		t.Fatalf("exceptions %+v", list)
	}
}

// An article central does not know is a manager's exception, not a stock row every till
// pulls.
func TestUnknownSKUKeepsSaleWithoutStock(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	ev := changeSale(t, saleEvent(t, till, ev1, 1, 1), func(s *pos.SaleEvent) {
		s.Lines = append(s.Lines, pos.SaleEventLine{No: 2, SKU: "NEW-1", Qty: 2000, UnitPrice: 100, VAT: 2300, Amount: 200})
		s.Total += 200
		s.Tenders[0].Amount += 200
	})
	mustApply(t, db, till, ev, wire.StatusApplied)
	if n := count(t, db, `SELECT COUNT(*) FROM sale_lines WHERE sku = 'NEW-1'`); n != 1 {
		t.Fatal("the line of the unknown article was not kept")
	}
	for _, table := range []string{"stock_levels", "stock_movements"} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+table+` WHERE sku = 'NEW-1'`); n != 0 {
			t.Fatalf("%s has %d rows of an unknown article", table, n)
		}
	}
	page, err := db.StockChanges(ctx, 0, 100)
	if err != nil || len(page.Levels) != 1 || page.Levels[0].SKU != "ZUB-07" {
		t.Fatalf("stock stream %+v %v", page, err)
	}
	list := openExceptions(t, db)
	if len(list) != 1 || list[0].Kind != central.ExceptionUnknownSKU || !strings.Contains(list[0].Reason, "sells NEW-1") {
		t.Fatalf("exceptions %+v", list)
	}
}

// An article sold at an open price (the till's catalog lacked it) is an exception that
// says so: the price, the department and the manager who approved it.
func TestOpenPriceLineIsAnException(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	ev := changeSale(t, saleEvent(t, till, ev1, 1, 1), func(s *pos.SaleEvent) {
		s.Lines = append(s.Lines, pos.SaleEventLine{No: 2, SKU: "5901234123457", Code: "5901234123457", Qty: 1000, UnitPrice: 1250,
			VAT: 2300, Amount: 1250, Department: "A", OpenPriceBy: "jonas"})
		s.Total += 1250
		s.Tenders[0].Amount += 1250
	})
	mustApply(t, db, till, ev, wire.StatusApplied)
	list := openExceptions(t, db)
	if len(list) != 1 || list[0].Kind != central.ExceptionUnknownSKU || !strings.Contains(list[0].Reason, "at 12.50 under department A, approved by jonas") {
		t.Fatalf("exceptions %+v", list)
	}
}

// A sale refused for what central lacked is applied once IT set it right: sent again by
// the till, or applied again by IT.
func TestRefusedEventAppliedAfterFix(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	ev := unknownRate(t, till, ev1, 1)
	mustApply(t, db, till, ev, wire.StatusRejected)
	if list := openExceptions(t, db); len(list) != 1 || list[0].Kind != central.ExceptionRejected {
		t.Fatalf("exceptions %+v", list)
	}
	if res, err := db.RetryEvent(ctx, ev1); err != nil || res.Status != wire.StatusRejected {
		t.Fatalf("retry before the fix: %+v %v", res, err)
	}
	if _, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Rec: central.VATClass{Country: "PL", Class: "special", Rate: 2100}}}); err != nil {
		t.Fatal(err)
	}
	mustApply(t, db, till, ev, wire.StatusApplied) // the manager sends it again
	mustApply(t, db, till, ev, wire.StatusDuplicate)
	if got := onHand(t, db, waw.ID, "ZUB-07"); got != -1000 {
		t.Fatalf("on hand %d", got)
	}
	all, _ := db.Exceptions(ctx, true)
	if len(openExceptions(t, db)) != 0 || len(all) != 1 || all[0].Resolution != "applied when its till sent it again" {
		t.Fatalf("exceptions %+v", all)
	}

	// IT applies one again from central's own copy.
	ev = unknownRate(t, till, ev2, 2)
	ev = changeSale(t, ev, func(s *pos.SaleEvent) { s.Lines[0].VAT = 700 })
	mustApply(t, db, till, ev, wire.StatusRejected)
	if _, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Rec: central.VATClass{Country: "PL", Class: "other", Rate: 700}}}); err != nil {
		t.Fatal(err)
	}
	if res, err := db.RetryEvent(ctx, ev2); err != nil || res.Status != wire.StatusApplied {
		t.Fatalf("retry after the fix: %+v %v", res, err)
	}
	if _, err := db.RetryEvent(ctx, ev2); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("retrying an applied event: %v", err)
	}
	if _, err := db.RetryEvent(ctx, ev3); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("retrying an unknown event: %v", err)
	}
}

// IT releases a sale past the rules a person judges, never past its sums.
func TestReleaseEvent(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	unpaid := changeSale(t, saleEvent(t, till, ev1, 1, 1), func(s *pos.SaleEvent) { s.Tenders = nil })
	mustApply(t, db, till, unpaid, wire.StatusRejected)
	if _, err := db.ReleaseEvent(ctx, ev1, ""); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a release by nobody: %v", err)
	}
	if res, err := db.ReleaseEvent(ctx, ev1, "ewa"); err != nil || res.Status != wire.StatusApplied {
		t.Fatalf("release: %+v %v", res, err)
	}
	all, _ := db.Exceptions(ctx, true)
	if len(all) != 1 || all[0].ResolvedBy != "ewa" || !strings.Contains(all[0].Resolution, "released") {
		t.Fatalf("exceptions %+v", all)
	}
	wrong := changeSale(t, saleEvent(t, till, ev2, 2, 1), func(s *pos.SaleEvent) { s.Total++ })
	mustApply(t, db, till, wrong, wire.StatusRejected)
	if res, err := db.ReleaseEvent(ctx, ev2, "ewa"); err != nil || res.Status != wire.StatusRejected {
		t.Fatalf("a sale that does not add up was released: %+v %v", res, err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM sales`); n != 1 {
		t.Fatalf("%d sales", n)
	}
}

// No event, and no file, takes a stock level beyond what an integer holds: SQLite would
// turn it into a float that no till can read.
func TestStockLevelsStayIntegers(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	move := func(sku pos.SKU, delta pos.Qty) error {
		return db.AddStock(ctx, "delivery", "test", []central.Movement{{Store: waw.ID, SKU: sku, Delta: delta}})
	}
	if err := move("ZUB-07", central.MaxQty+1); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a movement beyond the bound: %v", err)
	}
	if err := move("ZUB-07", central.MaxQty); err != nil {
		t.Fatal(err)
	}
	// The guard is SQL's own too: a level already at the bound moves no further.
	if _, err := db.db.ExecContext(ctx, `UPDATE stock_levels SET on_hand = ? WHERE sku = 'ZUB-07'`, central.MaxStock-5); err != nil {
		t.Fatal(err)
	}
	if err := move("ZUB-07", 10); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "beyond what central can hold") {
		t.Fatalf("a level beyond the bound: %v", err)
	}
	if _, err := db.db.ExecContext(ctx, `UPDATE stock_levels SET on_hand = ? WHERE sku = 'ZUB-07'`, -central.MaxStock+500); err != nil {
		t.Fatal(err)
	}
	res := mustApply(t, db, till, saleEvent(t, till, ev1, 1, 1), wire.StatusRejected)
	if !strings.Contains(res.Reason, "would take the stock of ZUB-07 in PL-WAW beyond") {
		t.Fatalf("reason %q", res.Reason)
	}
	// A level SQLite already holds as a float (a database from before the bounds) refuses
	// the sales that would add to it, and nothing else.
	if _, err := db.db.ExecContext(ctx, `UPDATE stock_levels SET on_hand = 1.8446744073709552e+19 WHERE sku = 'ZUB-07'`); err != nil {
		t.Fatal(err)
	}
	mustApply(t, db, till, saleEvent(t, till, ev2, 2, 1), wire.StatusRejected)
	kie := changeSale(t, saleEvent(t, till, ev3, 3, 1), func(s *pos.SaleEvent) {
		s.Lines[0].SKU, s.Lines[0].VAT = "SAK-1", 500
		s.Lines[0].UnitPrice, s.Lines[0].Amount, s.Total, s.Tenders[0].Amount = 3499, 3499, 3499, 3499
	})
	mustApply(t, db, till, kie, wire.StatusApplied)
	if n := count(t, db, `SELECT COUNT(*) FROM stock_levels WHERE typeof(on_hand) <> 'integer' AND sku <> 'ZUB-07'`); n != 0 {
		t.Fatalf("%d levels are no integers", n)
	}
}
