package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// A new till is set up in one transaction: a set-up that fails half way leaves nothing, so
// the next start sets it up whole, never with its opening stock twice.
func TestSetUpIsAllOrNothing(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	newTill := sqlite.NewTill{Store: testStore, Products: testProducts, Opening: map[pos.SKU]pos.Qty{"ZUB-07": pos.Pieces(50)},
		Staff: []sqlite.NewStaff{{Staff: pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}, PIN: "12"}}} // too short: fails last
	if err := db.SetUp(ctx, newTill); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a set-up with a bad PIN: %v", err)
	}
	if _, err := db.StoreInfo(ctx); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a failed set-up left a store: %v", err)
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "ZUB-07"); q != 0 {
		t.Fatalf("a failed set-up left opening stock: %d", q)
	}
	if _, err := db.ProductBySKU(ctx, "ZUB-07"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a failed set-up left its catalog: %v", err)
	}

	newTill.Staff[0].PIN = "1111"
	if err := db.SetUp(ctx, newTill); err != nil {
		t.Fatal(err)
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "ZUB-07"); q != pos.Pieces(50) {
		t.Fatalf("opening stock: %d", q)
	}
	if s, err := db.StoreInfo(ctx); err != nil || s.ID != testStore.ID || len(s.VAT) != 4 {
		t.Fatalf("store %+v, %v", s, err)
	}
	if _, err := db.StaffByPIN(ctx, "1111"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUp(ctx, newTill); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a till set up twice: %v", err)
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "ZUB-07"); q != pos.Pieces(50) {
		t.Fatalf("opening stock after a second set-up: %d", q)
	}
}
