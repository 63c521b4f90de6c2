package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// BenchmarkRepriceAfterScan: a scan into a basket of 100 lines whose every article is on
// two promotions (a percent and a multibuy): the article and its promotions read, and the
// whole basket priced again. Budget (issue 13): < 2 ms.
func BenchmarkRepriceAfterScan(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "till.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.SetupStore(ctx, testStore); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	var products []pos.Product
	var promos []pos.Promotion
	var codes []string
	for i := range 100 {
		digits := fmt.Sprintf("590000000%03d", i)
		code := digits + string(barcode.CheckDigit(digits))
		sku := pos.SKU(fmt.Sprintf("P%03d", i))
		products = append(products, pos.Product{SKU: sku, Name: fmt.Sprintf("Article %d", i), Barcodes: []string{code},
			Price: pos.Money(199 + i), VAT: 2300, Unit: pos.UnitPiece})
		promos = append(promos,
			pos.Promotion{ID: fmt.Sprintf("PCT-%03d", i), Name: "10 % off", Kind: pos.PromoPercent, SKUs: []pos.SKU{sku}, Value: 1000,
				Starts: now.Add(-time.Hour), Ends: now.Add(24 * time.Hour)},
			pos.Promotion{ID: fmt.Sprintf("MB-%03d", i), Name: "3 for 2", Kind: pos.PromoMultibuy, SKUs: []pos.SKU{sku}, Value: 2 * int64(199+i),
				MinQty: 3, Starts: now.Add(-time.Hour), Ends: now.Add(24 * time.Hour)})
		codes = append(codes, code)
	}
	if _, err := db.SaveProducts(ctx, products); err != nil {
		b.Fatal(err)
	}
	if err := db.ApplyPromotionPage(ctx, promos, 1); err != nil {
		b.Fatal(err)
	}
	r := benchRegister(b, db)
	r.Promotions = db
	for _, code := range codes {
		if _, err := r.Scan(ctx, code); err != nil {
			b.Fatal(err)
		}
	}
	last := codes[len(codes)-1]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%5000 == 4999 {
			if err := r.SetQty(len(codes), pos.Pieces(1)); err != nil { // the last line stays within 9999 pieces
				b.Fatal(err)
			}
		}
		l, err := r.Scan(ctx, last) // one more of the last line's article
		if err != nil {
			b.Fatal(err)
		}
		if l.Qty >= pos.Pieces(3) && l.Promotion.Amount == 0 {
			b.Fatalf("line %d of %s pieces took no promotion", l.No, l.Qty.Format(l.Unit))
		}
	}
}
