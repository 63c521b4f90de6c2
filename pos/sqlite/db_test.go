package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/sqlite"
)

var ctx = context.Background()

var testStore = pos.StoreInfo{ID: "PL-TEST", Name: "Sklep Testowy", TillID: "07", Currency: pos.PLN, VAT: pos.PolishVAT}

var testProducts = []pos.Product{
	{SKU: "ZUB-07", Name: "Żubrówka Bison Grass 0,7 l", Barcodes: []string{"5900343000185"}, Price: 4299, VAT: 2300, Unit: pos.UnitPiece},
	{SKU: "SAK-1", Name: "Šakotis su šokoladu", Barcodes: []string{"4770000000019"}, Price: 3499, VAT: 500, Unit: pos.UnitPiece, QuickKey: 3},
	{SKU: "KIE-SL", Name: "Kiełbasa śląska", Price: 2499, VAT: 500, Unit: pos.UnitKg, PLU: "00101"},
	{SKU: "SUR-GR", Name: "Grūdėtas varškės sūris 200 g", Barcodes: []string{"96385074"}, Price: 799, VAT: 500, Unit: pos.UnitPiece},
}

// mustOpen opens a till database in a new file with the test store and catalog.
func mustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "till.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.SetupStore(ctx, testStore); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SaveProducts(ctx, testProducts); err != nil {
		tb.Fatal(err)
	}
	return db
}

func testSale(no int) *pos.Sale {
	return &pos.Sale{
		ID: pos.SaleID("0190aaaa-0000-7000-8000-00000000000" + string(rune('0'+no))), Store: testStore.ID, Till: testStore.TillID,
		Cashier: pos.Staff{ID: "anna", Name: "Anna"}, Currency: pos.PLN,
		StartedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), CompletedAt: time.Date(2026, 11, 24, 10, 1, 0, 0, time.UTC),
		Lines: []pos.Line{
			{No: 1, SKU: "ZUB-07", Name: "Żubrówka Bison Grass 0,7 l", Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(2), VAT: 2300},
			{No: 2, SKU: "KIE-SL", Name: "Kiełbasa śląska", Unit: pos.UnitKg, UnitPrice: 2499, Qty: pos.Grams(512), VAT: 500},
			{No: 3, SKU: "SAK-1", Name: "Šakotis su šokoladu", Unit: pos.UnitPiece, UnitPrice: 3499, Qty: pos.Pieces(1), VAT: 500, Voided: true},
		},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 20000}},
	}
}

func TestReopenKeepsCommittedSale(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetupStore(ctx, testStore); err != nil {
		t.Fatal(err)
	}
	s := testSale(1)
	if err := db.CommitSale(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s.ReceiptNo != 1 {
		t.Fatalf("first receipt number %d, want 1", s.ReceiptNo)
	}
	db.Close()

	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.SaleByReceipt(ctx, testStore.TillID, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != s.ID || len(got.Lines) != 3 || got.Total() != s.Total() || got.Tenders[0].Amount != 20000 || !got.Lines[2].Voided {
		t.Fatalf("reopened sale differs: %+v", got)
	}
	if got.Total() != 4299*2+1279 {
		t.Fatalf("total %s", got.Total())
	}
	store, err := db.StoreInfo(ctx)
	if err != nil || store.Name != testStore.Name || len(store.VAT) != 4 {
		t.Fatalf("store info after reopen: %+v, %v", store, err)
	}
}

func TestCommitWritesStockAndOutboxInOneGo(t *testing.T) {
	db := mustOpen(t)
	if err := db.CommitSale(ctx, testSale(1)); err != nil {
		t.Fatal(err)
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "ZUB-07"); q != -pos.Pieces(2) {
		t.Errorf("stock of ZUB-07 is %d, want -2000", q)
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "SAK-1"); q != 0 {
		t.Errorf("a voided line moved stock: %d", q)
	}
	evs, err := db.PendingEvents(ctx, 10)
	if err != nil || len(evs) != 1 || evs[0].Type != pos.EventSaleCompleted || evs[0].Aggregate != string(testSale(1).ID) {
		t.Fatalf("outbox: %+v, %v", evs, err)
	}
}

// A sale is either entirely there or not at all: a failure in the middle of the commit
// (here a duplicate line number rejected by the schema) leaves no row and no receipt number used.
func TestFailedCommitLeavesNothing(t *testing.T) {
	db := mustOpen(t)
	bad := testSale(1)
	bad.Lines[1].No = 1
	if err := db.CommitSale(ctx, bad); err == nil {
		t.Fatal("commit of a broken sale succeeded")
	}
	if _, err := db.SaleByID(ctx, bad.ID); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("half a sale is stored: %v", err)
	}
	if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 0 {
		t.Fatalf("outbox holds %d events of a failed sale", len(evs))
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "ZUB-07"); q != 0 {
		t.Fatalf("stock moved by a failed sale: %d", q)
	}
	good := testSale(2)
	if err := db.CommitSale(ctx, good); err != nil {
		t.Fatal(err)
	}
	if good.ReceiptNo != 1 {
		t.Fatalf("receipt number after a failed commit is %d: numbers must stay gapless", good.ReceiptNo)
	}
}

func TestTrainingSalesHaveTheirOwnSeriesAndCountNowhere(t *testing.T) {
	db := mustOpen(t)
	real1 := testSale(1)
	train := testSale(2)
	train.Training = true
	real2 := testSale(3)
	for _, s := range []*pos.Sale{real1, train, real2} {
		if err := db.CommitSale(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if real1.ReceiptNo != 1 || real2.ReceiptNo != 2 || train.ReceiptNo != 1 {
		t.Fatalf("numbers: real %d, %d; training %d", real1.ReceiptNo, real2.ReceiptNo, train.ReceiptNo)
	}
	if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 2 {
		t.Fatalf("outbox holds %d events, want 2 (training sales send nothing)", len(evs))
	}
	if q, _ := db.OnHand(ctx, testStore.ID, "ZUB-07"); q != -pos.Pieces(4) {
		t.Fatalf("stock %d: training sale moved stock", q)
	}
	got, err := db.SaleByReceipt(ctx, testStore.TillID, 1, true)
	if err != nil || !got.Training || got.ID != train.ID {
		t.Fatalf("training receipt 1: %+v, %v", got, err)
	}
}

func TestCatalogLookups(t *testing.T) {
	db := mustOpen(t)
	for _, tc := range []struct {
		name string
		find func() (pos.Product, error)
		want pos.SKU
	}{
		{"EAN-13", func() (pos.Product, error) { return db.ProductByGTIN(ctx, "05900343000185") }, "ZUB-07"},
		{"EAN-8", func() (pos.Product, error) { return db.ProductByGTIN(ctx, "00000096385074") }, "SUR-GR"},
		{"PLU", func() (pos.Product, error) { return db.ProductByPLU(ctx, "00101") }, "KIE-SL"},
		{"SKU", func() (pos.Product, error) { return db.ProductBySKU(ctx, "SAK-1") }, "SAK-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.find()
			if err != nil || p.SKU != tc.want {
				t.Fatalf("got %+v, %v", p, err)
			}
		})
	}
	if _, err := db.ProductByGTIN(ctx, "05901234123457"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("unknown GTIN: %v", err)
	}
	qk, err := db.QuickKeys(ctx)
	if err != nil || len(qk) != 1 || qk[0].SKU != "SAK-1" {
		t.Fatalf("quick keys %+v, %v", qk, err)
	}
}

func TestSearchIgnoresAccents(t *testing.T) {
	db := mustOpen(t)
	for _, tc := range []struct{ query, want string }{
		{"zubrowka", "ZUB-07"},
		{"ŻUBRÓW", "ZUB-07"},
		{"bison zub", "ZUB-07"},
		{"kielbasa slaska", "KIE-SL"},
		{"sakotis", "SAK-1"},
		{"grudetas varskes", "SUR-GR"},
		{"sūris", "SUR-GR"},
	} {
		got, err := db.SearchProducts(ctx, tc.query, 10)
		if err != nil || len(got) != 1 || string(got[0].SKU) != tc.want {
			t.Errorf("search %q = %+v, %v; want %s", tc.query, got, err, tc.want)
		}
	}
	if got, _ := db.SearchProducts(ctx, `"; DROP TABLE products; --`, 10); len(got) != 0 {
		t.Errorf("odd query found %v", got)
	}
}

func TestSaveProductsTwiceChangesNothing(t *testing.T) {
	db := mustOpen(t)
	res, err := db.SaveProducts(ctx, testProducts)
	if err != nil || res.Unchanged != len(testProducts) || res.Added+res.Changed != 0 {
		t.Fatalf("second save: %+v, %v", res, err)
	}
	changed := append([]pos.Product(nil), testProducts...)
	changed[0].Price = 4499
	changed[0].Name = "Żubrówka Biała 0,7 l"
	res, err = db.SaveProducts(ctx, changed)
	if err != nil || res.Changed != 1 {
		t.Fatalf("changed save: %+v, %v", res, err)
	}
	if got, _ := db.SearchProducts(ctx, "biala", 5); len(got) != 1 {
		t.Fatalf("renamed product not found by its new name: %v", got)
	}
	if got, _ := db.SearchProducts(ctx, "bison", 5); len(got) != 0 {
		t.Fatalf("renamed product still found by its old name: %v", got)
	}
}

func TestSaveProductsIsAllOrNothing(t *testing.T) {
	db := mustOpen(t)
	batch := []pos.Product{
		{SKU: "NEW-1", Name: "Ptasie mleczko", Barcodes: []string{"5901234123457"}, Price: 1299, VAT: 800, Unit: pos.UnitPiece},
		{SKU: "NEW-2", Name: "Krówki", Barcodes: []string{"5900343000185"}, Price: 899, VAT: 800, Unit: pos.UnitPiece}, // Żubrówka's code
	}
	_, err := db.SaveProducts(ctx, batch)
	if pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("stolen barcode: %v", err)
	}
	if _, err := db.ProductBySKU(ctx, "NEW-1"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("half an import was kept: %v", err)
	}
}

func TestStaffPIN(t *testing.T) {
	db := mustOpen(t)
	if err := db.SaveStaff(ctx, pos.Staff{ID: "m1", Name: "Jonas", Role: pos.RoleManager}, "9999"); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveStaff(ctx, pos.Staff{ID: "c1", Name: "Anna", Role: pos.RoleCashier}, "9999"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a second person got the same PIN: %v", err)
	}
	if err := db.SaveStaff(ctx, pos.Staff{ID: "c1", Name: "Anna", Role: pos.RoleCashier}, "12a4"); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("letters in a PIN: %v", err)
	}
	st, err := db.StaffByPIN(ctx, "9999")
	if err != nil || st.ID != "m1" || !st.IsManager() {
		t.Fatalf("StaffByPIN: %+v, %v", st, err)
	}
	if _, err := db.StaffByPIN(ctx, "0000"); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
		t.Fatalf("wrong PIN: %v", err)
	}
}
