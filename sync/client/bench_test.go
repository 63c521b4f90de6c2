package client_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// BenchmarkPush20000 pushes 20,000 queued sales to a real central, which applies each in
// its own transaction. Budget: under 5 s per op. Each op starts from a copy of the same
// till database and a fresh central, outside the timer.
func BenchmarkPush20000(b *testing.B) {
	const queued = 20_000
	template := filepath.Join(b.TempDir(), "queued.db")
	db, err := sqlite.Open(template)
	if err != nil {
		b.Fatal(err)
	}
	tl := &till{tb: b, db: db, store: pos.StoreInfo{ID: storeWAW, Name: "Warszawa Centrum", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT}}
	if err := db.SetupStore(b.Context(), tl.store); err != nil {
		b.Fatal(err)
	}
	tl.sell(queued, 1)
	db.Close()

	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "till.db")
		copyFile(b, template, path)
		tdb, err := sqlite.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		c := startCentral(b)
		t := &till{tb: b, db: tdb, store: tl.store}
		t.pair(c)
		b.StartTimer()
		if err := t.worker.PushAll(b.Context()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if st := t.state(); st.Pending != 0 {
			b.Fatalf("%d events still pending", st.Pending)
		}
		if got := c.count(`SELECT COUNT(*) FROM sales`); got != queued {
			b.Fatalf("central has %d sales, want %d", got, queued)
		}
		c.stop()
		tdb.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(queued)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkPull100Prices pulls 100 changed prices out of a 5,000-article catalog into a
// till that has the rest. Budget: under 100 ms per op.
func BenchmarkPull100Prices(b *testing.B) {
	c := startCentral(b)
	catalog := make([]pos.Product, 5000)
	for i := range catalog {
		catalog[i] = pos.Product{SKU: pos.SKU(fmt.Sprintf("ART-%05d", i)), Name: fmt.Sprintf("Artykuł %d", i), Price: 1000, VAT: 2300, Unit: pos.UnitPiece}
	}
	c.importProducts(catalog)
	t := newTill(b, storeWAW, "01")
	t.pair(c)
	t.syncOnce()
	round := 0
	for b.Loop() {
		b.StopTimer()
		round++
		for i := range 100 {
			catalog[i*50].Price = pos.Money(1000 + round)
		}
		c.importProducts(catalog[:5000:5000])
		b.StartTimer()
		if err := t.worker.PullAll(b.Context()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if p, _ := t.db.ProductBySKU(b.Context(), "ART-04950"); p.Price != pos.Money(1000+round) {
			b.Fatalf("price %d after the pull, want %d", p.Price, 1000+round)
		}
		b.StartTimer()
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}
