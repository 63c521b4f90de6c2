package sqlite_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// benchCatalogSize is the budget catalog; OMNITILL_BENCH_PRODUCTS makes it smaller
// for a quick look.
func benchCatalogSize() int {
	if n, err := strconv.Atoi(os.Getenv("OMNITILL_BENCH_PRODUCTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// benchDB opens a till database holding the generated catalog. It is built once (about a
// minute for a million products) and kept in the temp folder for later runs.
func benchDB(b *testing.B) (*sqlite.DB, []string) {
	b.Helper()
	n := benchCatalogSize()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("omnitill-bench-%d.db", n))
	_, statErr := os.Stat(path)
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var codes []string
	batch := make([]pos.Product, 0, 10_000)
	flush := func() error {
		if os.IsNotExist(statErr) {
			if _, err := db.SaveProducts(ctx, batch); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	start := time.Now()
	err = demo.Generate(n, 1, func(p pos.Product) error {
		if len(p.Barcodes) > 0 && p.Unit == pos.UnitPiece && len(codes) < 100_000 {
			codes = append(codes, p.Barcodes[0])
		}
		batch = append(batch, p)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil && os.IsNotExist(statErr) {
		err = db.SetupStore(ctx, testStore)
		b.Logf("built %s with %d products in %s", path, n, time.Since(start).Round(time.Second))
	}
	if err != nil {
		os.Remove(path)
		b.Fatal(err)
	}
	return db, codes
}

func benchRegister(b *testing.B, db *sqlite.DB) *pos.Register {
	if err := db.SaveStaff(ctx, pos.Staff{ID: "bench", Name: "Bench", Role: pos.RoleCashier}, "4321"); err != nil {
		b.Fatal(err)
	}
	r := &pos.Register{Store: testStore, Catalog: db, Sales: db, Staff: db, Barcodes: barcode.NewParser(), Policy: pos.DefaultPolicy, Now: time.Now}
	if _, err := r.Login(ctx, "4321"); err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkScanAddToCart: a scanned barcode looked up in the catalog and added to the cart.
// Budget: < 0.5 ms with 1,000,000 products.
func BenchmarkScanAddToCart(b *testing.B) {
	db, codes := benchDB(b)
	r := benchRegister(b, db)
	rng := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Scan(ctx, codes[rng.IntN(len(codes))]); err != nil {
			b.Fatal(err)
		}
		if i%200 == 199 {
			r.CancelSale() // a basket of 200 lines is a big one already
		}
	}
}

// BenchmarkSearchByName: what the search field runs as the cashier types. Budget: < 20 ms.
func BenchmarkSearchByName(b *testing.B) {
	db, _ := benchDB(b)
	queries := []string{"zubr", "mleko", "suris", "kielbasa slaska", "sok jabl", "duona", "cz", "piwo 0,5"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.SearchProducts(ctx, queries[i%len(queries)], 50); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitSale: a five-line cash sale committed with fsync (WAL, synchronous=FULL).
// Budget: < 5 ms.
func BenchmarkCommitSale(b *testing.B) {
	db, codes := benchDB(b)
	r := benchRegister(b, db)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for j := 0; j < 5; j++ {
			if _, err := r.Scan(ctx, codes[(i*5+j)%len(codes)]); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r.Sale().Remaining()}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := r.Complete(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
