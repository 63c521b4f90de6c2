package pos_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/pos/sqlite"
)

var ctx = context.Background()

var store = pos.StoreInfo{ID: "PL-TEST", Name: "Sklep", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT}

// newRegister is a Register on a real SQLite file with a small catalog, a cashier (1111)
// and a manager (9999), the cashier logged in.
func newRegister(t *testing.T) (*pos.Register, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "till.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.SetupStore(ctx, store); err != nil {
		t.Fatal(err)
	}
	_, err = db.SaveProducts(ctx, []pos.Product{
		{SKU: "ZUB", Name: "Żubrówka 0,7 l", Barcodes: []string{"5900343000185"}, Price: 4299, VAT: 2300, Unit: pos.UnitPiece},
		{SKU: "KIE", Name: "Kiełbasa śląska", Price: 2499, VAT: 500, Unit: pos.UnitKg, PLU: "00101"},
		{SKU: "SER", Name: "Ser na wagę", Price: 3990, VAT: 500, Unit: pos.UnitKg, PLU: "00777"},
		{SKU: "BUL", Name: "Bułka kajzerka", Price: 89, VAT: 500, Unit: pos.UnitPiece, QuickKey: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	for pin, st := range map[string]pos.Staff{
		"1111": {ID: "anna", Name: "Anna", Role: pos.RoleCashier},
		"9999": {ID: "jonas", Name: "Jonas", Role: pos.RoleManager},
	} {
		if err := db.SaveStaff(ctx, st, pin); err != nil {
			t.Fatal(err)
		}
	}
	price, _ := barcode.ParseTemplate("28", "28 PPPPP MMMMM C")
	r := &pos.Register{Store: store, Words: lang.MustNew(lang.English, "PL"), Catalog: db, Sales: db, Staff: db, Parked: db, Barcodes: barcode.NewParser(price),
		Policy: pos.DefaultPolicy, Now: func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }}
	if _, err := r.Login(ctx, "1111"); err != nil {
		t.Fatal(err)
	}
	return r, db
}

// ean13 appends the check digit to 12 digits.
func ean13(digits12 string) string { return digits12 + string(barcode.CheckDigit(digits12)) }

func TestScanKinds(t *testing.T) {
	r, _ := newRegister(t)
	steps := []struct {
		input     string
		wantSKU   pos.SKU
		wantQty   pos.Qty
		wantGross pos.Money
	}{
		{"5900343000185", "ZUB", pos.Pieces(1), 4299},
		{"5900343000185", "ZUB", pos.Pieces(2), 8598},              // the same article again raises the quantity
		{ean13("200010101250"), "KIE", pos.Grams(1250), 3124},      // weight label 2X PPPPP WWWWW C: 1,250 kg × 24,99
		{ean13("280077701599"), "SER", pos.Grams(401), 1599},       // price label: the weight is derived from the price
		{"0,5*00101", "KIE", pos.Grams(500), 1250},                 // typed PLU with a weight
		{"3*BUL", "BUL", pos.Pieces(3), 267},                       // typed SKU with a quantity
		{"(01)05900343000185(10)LOT1", "ZUB", pos.Pieces(1), 4299}, // GS1 element string
	}
	for _, st := range steps {
		l, err := r.Scan(ctx, st.input)
		if err != nil {
			t.Fatalf("scan %s: %v", st.input, err)
		}
		if l.SKU != st.wantSKU || l.Qty != st.wantQty || l.Gross() != st.wantGross {
			t.Fatalf("scan %s: line %+v gross %d; want %s qty %d gross %d", st.input, l, l.Gross(), st.wantSKU, st.wantQty, st.wantGross)
		}
	}
}

func TestScanErrorsSpeakToTheCashier(t *testing.T) {
	r, _ := newRegister(t)
	for _, tc := range []struct {
		input, code, words string
	}{
		{"5900343000186", pos.EINVALID, "check digit"},
		{"5901234123457", pos.ENOTFOUND, "not in this till's catalog"},
		{"00101", pos.EINVALID, "sold by weight"},
		{ean13("200010100000"), pos.EINVALID, "no weight"},
		{"banana", pos.ENOTFOUND, "No product with code"},
		{"", pos.EINVALID, "nothing was scanned"},
		{"1,5*BUL", pos.EINVALID, "whole number"},
	} {
		_, err := r.Scan(ctx, tc.input)
		if pos.ErrorCode(err) != tc.code || !strings.Contains(pos.ErrorMessage(err), tc.words) {
			t.Errorf("scan %q: %v (code %s); want %s saying %q", tc.input, err, pos.ErrorCode(err), tc.code, tc.words)
		}
	}
	if n := len(r.Sale().Lines); n != 0 {
		t.Fatalf("failed scans added %d lines", n)
	}
}

func TestDiscountOverLimitNeedsManager(t *testing.T) {
	r, db := newRegister(t)
	if _, err := r.Scan(ctx, "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if err := r.DiscountLine(ctx, 1, pos.Discount{Amount: 400, Reason: "Damaged packaging"}, nil); err != nil {
		t.Fatalf("9 %% discount refused to a cashier: %v", err)
	}
	big := pos.Discount{Amount: 1000, Reason: "Price match"}
	if err := r.DiscountLine(ctx, 1, big, nil); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("23 %% discount without a manager: %v", err)
	}
	if _, err := r.Approve(ctx, "1111"); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("a cashier approved: %v", err)
	}
	m, err := r.Approve(ctx, "9999")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.DiscountLine(ctx, 1, big, &m); err != nil {
		t.Fatal(err)
	}
	if err := r.DiscountBasket(ctx, pos.Discount{Amount: 300, Reason: "Customer goodwill"}, nil); err != nil {
		t.Fatal(err)
	}
	tot := r.Totals()
	if tot.Total != 4299-1000-300 {
		t.Fatalf("total %s", tot.Total)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 5000}); err != nil {
		t.Fatal(err)
	}
	s, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.SaleByReceipt(ctx, store.TillID, s.ReceiptNo, false)
	if err != nil || stored.Lines[0].Discount.ApprovedBy != "jonas" || stored.Change() != 5000-2999 {
		t.Fatalf("stored sale %+v, %v", stored, err)
	}
}

func TestPaymentRules(t *testing.T) {
	r, _ := newRegister(t)
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 100}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("paying an empty sale: %v", err)
	}
	r.Scan(ctx, "5900343000185")
	if _, err := r.Complete(ctx); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("completing an unpaid sale: %v", err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCard, Amount: 5000}); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("card over the amount due: %v", err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCard, Amount: 2000, Reference: "A1B2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Scan(ctx, "5900343000185"); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("scanning during payment: %v", err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 3000}); err != nil {
		t.Fatal(err)
	}
	s, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Change() != 701 || len(s.Tenders) != 2 || s.ReceiptNo != 1 {
		t.Fatalf("split payment: change %d, tenders %v, receipt %d", s.Change(), s.Tenders, s.ReceiptNo)
	}
	if len(r.Sale().Lines) != 0 {
		t.Fatal("a new sale did not start")
	}
}

func TestFailedCommitKeepsTheBasket(t *testing.T) {
	r, db := newRegister(t)
	r.Scan(ctx, "5900343000185")
	r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 5000})
	db.Close() // the disk went away
	if _, err := r.Complete(ctx); err == nil {
		t.Fatal("commit to a closed database succeeded")
	}
	if s := r.Sale(); len(s.Lines) != 1 || s.Paid() != 5000 {
		t.Fatalf("the basket was lost: %+v", s)
	}
}

func TestTrainingNeedsManagerAndAnEmptyBasket(t *testing.T) {
	r, _ := newRegister(t)
	anna, _ := r.Cashier()
	if err := r.SetTraining(ctx, true, anna); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("a cashier switched training: %v", err)
	}
	m, _ := r.Approve(ctx, "9999")
	r.Scan(ctx, "5900343000185")
	if err := r.SetTraining(ctx, true, m); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("training switched mid-sale: %v", err)
	}
	r.CancelSale()
	if err := r.SetTraining(ctx, true, m); err != nil {
		t.Fatal(err)
	}
	r.Scan(ctx, "5900343000185")
	r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 4299})
	s, err := r.Complete(ctx)
	if err != nil || !s.Training {
		t.Fatalf("training sale: %+v, %v", s, err)
	}
	rec := pos.NewReceipt(store, s, lang.MustNew(lang.Polish, "PL"))
	text := strings.Join(pos.Text(rec.Layout(48), 48), "\n")
	if !strings.Contains(text, "SZKOLENIE") {
		t.Fatalf("training receipt does not say so:\n%s", text)
	}
}

// Lowering a quantity or voiding a line never leaves a discount bigger than what it was
// given on, nor one over the cashier's limit that no manager approved; the total never
// goes below zero.
func TestDiscountsFollowTheBasket(t *testing.T) {
	r, _ := newRegister(t)
	if _, err := r.Scan(ctx, "10*5900343000185"); err != nil { // 10 × 42,99
		t.Fatal(err)
	}
	if err := r.DiscountBasket(ctx, pos.Discount{Amount: 4299, Reason: "Customer goodwill"}, nil); err != nil {
		t.Fatal(err) // exactly 10 %: a cashier may
	}
	if err := r.DiscountLine(ctx, 1, pos.Discount{Amount: 4000, Reason: "Price match"}, nil); err != nil {
		t.Fatal(err)
	}
	if s := r.Sale(); s.BasketDiscount.Amount != 0 {
		t.Fatalf("a 10 %% basket discount stayed on a smaller basket without approval: %+v", s.BasketDiscount)
	}
	if err := r.SetQty(1, pos.Pieces(1)); err != nil {
		t.Fatal(err)
	}
	s := r.Sale()
	if s.Lines[0].Discount.Amount != 0 || s.Total() != 4299 {
		t.Fatalf("after lowering the quantity: discount %s, total %s", s.Lines[0].Discount.Amount, s.Total())
	}
	if _, err := r.Scan(ctx, "99999*5900343000185"); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a quantity of 99999: %v", err)
	}
}

func TestTypedNumbersFindSKUsAndPLUs(t *testing.T) {
	r, db := newRegister(t)
	if _, err := db.SaveProducts(ctx, []pos.Product{
		{SKU: "123456", Name: "Numeric SKU", Price: 100, VAT: 500, Unit: pos.UnitPiece},
		{SKU: "PLU303", Name: "Pomidory", Price: 899, VAT: 500, Unit: pos.UnitKg, PLU: "303"},
	}); err != nil {
		t.Fatal(err)
	}
	if l, err := r.Scan(ctx, "123456"); err != nil || l.SKU != "123456" {
		t.Fatalf("typed numeric SKU (it also reads as UPC-E): %+v, %v", l, err)
	}
	if l, err := r.Scan(ctx, ean13("200030301000")); err != nil || l.SKU != "PLU303" || l.Qty != pos.Grams(1000) {
		t.Fatalf("a scale label with PLU 00303 for catalog PLU 303: %+v, %v", l, err)
	}
	if l, err := r.Scan(ctx, "0,5*303"); err != nil || l.SKU != "PLU303" {
		t.Fatalf("typed PLU: %+v, %v", l, err)
	}
	if _, err := r.Scan(ctx, "(01)05900343000185(10)A*B"); err != nil {
		t.Fatalf("a GS1 batch holding a star: %v", err)
	}
}

// An 8-digit code starting with 0 that checks both ways is a UPC-E, unless the catalog
// knows it as an EAN-8: 01234565 used to be read as the EAN-8 00000001234565 whatever the
// catalog held.
func TestEightDigitsAreUPCEUnlessTheCatalogKnowsTheEAN8(t *testing.T) {
	r, db := newRegister(t)
	if _, err := db.SaveProducts(ctx, []pos.Product{
		{SKU: "CHIPS", Name: "Chipsy (UPC-A 012345000065)", Barcodes: []string{"012345000065"}, Price: 599, VAT: 2300, Unit: pos.UnitPiece},
	}); err != nil {
		t.Fatal(err)
	}
	if l, err := r.Scan(ctx, "01234565"); err != nil || l.SKU != "CHIPS" {
		t.Fatalf("the UPC-E of a UPC-A article: %+v, %v", l, err)
	}
	if _, err := db.SaveProducts(ctx, []pos.Product{
		{SKU: "GUM", Name: "Guma (EAN-8 01234565)", Barcodes: []string{"01234565"}, Price: 199, VAT: 2300, Unit: pos.UnitPiece},
	}); err != nil {
		t.Fatal(err)
	}
	if l, err := r.Scan(ctx, "01234565"); err != nil || l.SKU != "GUM" {
		t.Fatalf("an EAN-8 the catalog knows: %+v, %v", l, err)
	}
	if l, err := r.Scan(ctx, "]E001234565"); err != nil || l.SKU != "CHIPS" {
		t.Fatalf("a scanner that says UPC-E: %+v, %v", l, err)
	}
}
