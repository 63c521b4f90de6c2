package sqlite

import (
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/wire"
)

const customersFile = `id,name,card,email,phone,points
C-1,Anna Nowak,2900000000017,anna@example.com,+48 600 000 001,100
C-2,Jonas Jonaitis,,,,
`

func mustSaveCustomers(tb testing.TB, db *DB, file string) central.ImportResult {
	tb.Helper()
	rows, err := imports.ReadCustomers(strings.NewReader(file))
	if err != nil {
		tb.Fatal(err)
	}
	res, err := db.SaveCustomers(ctx, rows, "import test.csv")
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// customerAfter returns the one change of a customer after cursor.
func customerAfter(tb testing.TB, db *DB, cursor int64) (wire.Customer, int64) {
	tb.Helper()
	p, err := db.CustomerChanges(ctx, cursor, 10)
	if err != nil || len(p.Customers) != 1 {
		tb.Fatalf("one change after %d: %+v %v", cursor, p, err)
	}
	return p.Customers[0], p.NextCursor
}

func TestCustomers(t *testing.T) {
	db, _ := mustOpen(t)
	if res := mustSaveCustomers(t, db, customersFile); res.Added != 2 {
		t.Fatalf("first import: %+v", res)
	}
	page, err := db.CustomerChanges(ctx, 0, 10)
	if err != nil || len(page.Customers) != 2 || page.Total != 2 || page.More {
		t.Fatalf("snapshot: %+v %v", page, err)
	}
	if c := page.Customers[0]; c.ID != "C-1" || c.Card != "2900000000017" || c.Points != 100 || c.Email != "anna@example.com" {
		t.Fatalf("first customer %+v", c)
	}
	if c := page.Customers[1]; c.Points != 0 {
		t.Fatalf("a customer without opening points has %d", c.Points)
	}
	cursor := page.NextCursor
	entries := func() int { return count(t, db, `SELECT COUNT(*) FROM loyalty_entries WHERE customer_id = 'C-1'`) }

	t.Run("ImportAgainChangesNothing", func(t *testing.T) {
		if res := mustSaveCustomers(t, db, customersFile); res.Unchanged != 2 {
			t.Fatalf("import again: %+v", res)
		}
		if p, _ := db.CustomerChanges(ctx, cursor, 10); len(p.Customers) != 0 || p.NextCursor != cursor {
			t.Fatalf("changes after the same file: %+v", p)
		}
		if n := entries(); n != 1 {
			t.Fatalf("%d ledger entries after the same file twice, want 1", n)
		}
	})
	t.Run("NewBalanceIsAnAdjustment", func(t *testing.T) {
		mustSaveCustomers(t, db, strings.Replace(customersFile, ",100\n", ",150\n", 1))
		var c wire.Customer
		c, cursor = customerAfter(t, db, cursor)
		if c.ID != "C-1" || c.Points != 150 {
			t.Fatalf("after a new balance: %+v", c)
		}
		var last int64
		if err := db.db.QueryRow(`SELECT points FROM loyalty_entries WHERE customer_id = 'C-1' AND kind = 'adjust' ORDER BY id DESC`).Scan(&last); err != nil || last != 50 {
			t.Fatalf("the adjustment is %d (%v), want +50: the ledger keeps differences, not balances", last, err)
		}
	})
	t.Run("NoPointsColumnLeavesTheLedger", func(t *testing.T) {
		res := mustSaveCustomers(t, db, "id,name,card,email\nC-1,Anna Nowak-Kowalska,2900000000017,anna@example.com\n")
		if res.Changed != 1 || entries() != 2 {
			t.Fatalf("new name: %+v, %d entries", res, entries())
		}
		var c wire.Customer
		if c, cursor = customerAfter(t, db, cursor); c.Name != "Anna Nowak-Kowalska" || c.Points != 150 || c.Phone != "" {
			t.Fatalf("after a new name: %+v", c)
		}
	})
	t.Run("LedgerBalance", func(t *testing.T) {
		for _, e := range []central.LoyaltyEntry{
			{Customer: "C-1", Points: -30, Kind: "redeem", Event: "0190aaaa-0000-7000-8000-000000000009"},
			{Customer: "C-1", Points: 12, Kind: "earn", Source: "test"},
		} {
			if err := db.AddPoints(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if b, err := db.Balance(ctx, "C-1"); err != nil || b != 132 {
			t.Fatalf("balance %d %v, want 150 - 30 + 12", b, err)
		}
		var c wire.Customer
		if c, cursor = customerAfter(t, db, cursor); c.Points != 132 {
			t.Fatalf("the stream carries %d points", c.Points)
		}
		if err := db.AddPoints(ctx, central.LoyaltyEntry{Customer: "C-1", Points: 5, Kind: "gift"}); pos.ErrorCode(err) != pos.EINVALID {
			t.Fatalf("unknown kind: %v", err)
		}
		if err := db.AddPoints(ctx, central.LoyaltyEntry{Customer: "C-9", Points: 5, Kind: "earn"}); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("unknown customer: %v", err)
		}
		// An import stating the balance it already has adds nothing.
		mustSaveCustomers(t, db, "id,name,card,email,points\nC-1,Anna Nowak-Kowalska,2900000000017,anna@example.com,132\n")
		if p, _ := db.CustomerChanges(ctx, cursor, 10); len(p.Customers) != 0 {
			t.Fatalf("a balance already right moved the customer: %+v", p)
		}
	})
	t.Run("CardOfAnother", func(t *testing.T) {
		rows, err := imports.ReadCustomers(strings.NewReader("id,name,card\nC-3,Ewa,\nC-2,Jonas Jonaitis,2900000000017\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SaveCustomers(ctx, rows, "test")
		if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "line 3:") || !strings.Contains(err.Error(), "C-1") {
			t.Fatalf("a card another customer has: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM customers WHERE id = 'C-3'`); n != 0 {
			t.Fatal("a customer of a refused file was stored")
		}
	})
	t.Run("Erase", func(t *testing.T) {
		res := mustSaveCustomers(t, db, "id,name,erased\nC-1,,yes\nC-404,,yes\n")
		if res.Changed != 1 || res.Unchanged != 1 {
			t.Fatalf("erase: %+v", res)
		}
		c, next := customerAfter(t, db, cursor)
		if !c.Erased || c.Name != "" || c.Card != "" || c.Email != "" || c.Points != 0 || c.ID != "C-1" {
			t.Fatalf("erased customer in the stream: %+v", c)
		}
		if snap, _ := db.CustomerChanges(ctx, 0, 10); snap.Total != 2 {
			t.Fatalf("an erased customer left the snapshot: %+v", snap)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM loyalty_entries WHERE customer_id = 'C-1' AND kind = 'expire' AND points = -132`); n != 1 {
			t.Fatal("the balance of an erased customer did not expire in the ledger")
		}
		if res := mustSaveCustomers(t, db, "id,name,erased\nC-1,,yes\n"); res.Unchanged != 1 {
			t.Fatalf("erase again: %+v", res)
		}
		if p, _ := db.CustomerChanges(ctx, next, 10); len(p.Customers) != 0 {
			t.Fatal("erasing again moved the customer")
		}
		rows, _ := imports.ReadCustomers(strings.NewReader(customersFile))
		if _, err := db.SaveCustomers(ctx, rows, "test"); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "line 2:") {
			t.Fatalf("bringing an erased customer back: %v", err)
		}
		if err := db.AddPoints(ctx, central.LoyaltyEntry{Customer: "C-1", Points: 5, Kind: "earn"}); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("points for an erased customer: %v", err)
		}
	})
}
