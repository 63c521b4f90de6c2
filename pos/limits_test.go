package pos_test

import (
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

// A price nobody means and a label int64 wraps on are refused in words, and the sale never
// shows a wrapped number: a catalog price of 999,999,999,999,999.99 made a sale of 77
// trillion zł, and the GS1 label (3920)184467440737096 on a kg article one of 184 trillion.
func TestPricesQuantitiesAndTotalsAreBounded(t *testing.T) {
	r, db := newRegister(t)
	if _, err := db.SaveProducts(ctx, []pos.Product{
		{SKU: "GOLD", Name: "Sztabka", Barcodes: []string{"5901234123457"}, Price: 99999999999999999, VAT: 2300, Unit: pos.UnitPiece},
		{SKU: "TV", Name: "Telewizor", Barcodes: []string{"5901234123464"}, Price: 9_999_999, VAT: 2300, Unit: pos.UnitPiece}, // 99,999.99
		{SKU: "SER-GS1", Name: "Ser dojrzewający", Barcodes: []string{"05901234123471"}, Price: 4990, VAT: 500, Unit: pos.UnitKg},
	}); err != nil {
		t.Fatal(err)
	}
	refused := func(what string, err error, words ...string) {
		t.Helper()
		if pos.ErrorCode(err) != pos.EINVALID {
			t.Fatalf("%s: %v, want it refused", what, err)
		}
		msg := pos.ErrorMessage(err)
		for _, w := range words {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q lacks %q", what, msg, w)
			}
		}
	}
	_, err := r.Scan(ctx, "5901234123457")
	refused("a catalog price of 999,999,999,999,999.99", err, "Sztabka", "100000,00")
	_, err = r.Scan(ctx, "(01)05901234123471(3920)184467440737096")
	refused("a GS1 price label of 184 trillion", err, "label price", "Ser dojrzewający")
	_, err = r.Scan(ctx, "(01)05901234123471(3920)100001")
	refused("a GS1 price label just over the limit", err, "100001,00")

	// 1,001 television sets come to more than a sale may (100,000,000.00 by default).
	_, err = r.Scan(ctx, "1001*5901234123464")
	refused("1,001 × 99,999.99", err, "100000000,00")
	if _, err := r.Scan(ctx, "1000*5901234123464"); err != nil {
		t.Fatalf("1,000 × 99,999.99: %v", err)
	}
	_, err = r.Scan(ctx, "5901234123464") // the 1,001st, onto the same line
	refused("one more onto the line", err, "100000000,00")
	if _, err := r.Scan(ctx, "(01)05901234123471(3922)001299"); err == nil {
		t.Fatal("a label line beyond the sale's limit was added")
	}
	if err := r.SetQty(1, pos.Pieces(999)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Scan(ctx, "(01)05901234123471(3922)001299"); err != nil {
		t.Fatalf("a label line within the limit: %v", err)
	}
	refused("SetQty over the sale's limit", r.SetQty(1, pos.Pieces(1001)), "100000000,00")
	if s := r.Sale(); s.Total() != 999*9_999_999+1299 || len(s.ActiveLines()) != 2 {
		t.Fatalf("the sale after the refusals: total %s, %d lines", s.Total(), len(s.ActiveLines()))
	}

	// A till set up for dearer goods takes them.
	r.Policy.MaxPrice = pos.MaxPriceCeiling
	r.CancelSale()
	if l, err := r.Scan(ctx, "(01)05901234123471(3920)100001"); err != nil || l.FixedAmount != 10000100 {
		t.Fatalf("a label of 100,001 under a higher limit: %+v, %v", l, err)
	}
}

// A basket discount is spread over lines of any amount a sale may hold, without the
// product of discount and amount wrapping around int64.
func TestBasketSharesOfLargeAmounts(t *testing.T) {
	s := pos.Sale{
		Lines: []pos.Line{
			{UnitPrice: 5_000_000_000, Qty: pos.Pieces(1), VAT: 2300},
			{UnitPrice: 4_999_999_999, Qty: pos.Pieces(1), VAT: 800},
			{UnitPrice: 1, Qty: pos.Pieces(1), VAT: 500},
		},
		BasketDiscount: pos.Discount{Amount: 3_000_000_001, Reason: "test"},
	}
	shares := s.BasketShares()
	var sum pos.Money
	for i, sh := range shares {
		if sh < 0 || sh > s.Lines[i].Due() {
			t.Fatalf("share %d = %d of a line of %d", i, sh, s.Lines[i].Due())
		}
		sum += sh
	}
	if sum != s.BasketDiscount.Amount || shares[0] != 1_500_000_001 || shares[1] != 1_500_000_000 || shares[2] != 0 {
		t.Fatalf("shares %v, sum %d", shares, sum)
	}
	if tot := s.Totals(pos.PolishVAT); tot.Total != 10_000_000_000-3_000_000_001 || tot.Net+tot.VATTotal != tot.Total {
		t.Fatalf("totals %+v", tot)
	}
}
