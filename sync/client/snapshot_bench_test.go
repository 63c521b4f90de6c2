package client_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/pos/sqlite"
	"github.com/omnitill/omnitill/sync/wire"
)

// benchProducts is the budget's catalog; OMNITILL_BENCH_PRODUCTS makes it smaller for a
// quick look.
func benchProducts() int {
	if n, err := strconv.Atoi(os.Getenv("OMNITILL_BENCH_PRODUCTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// BenchmarkSnapshotPull: a new till pulls central's whole catalog (1,000,000 products by
// default) in pages of 5,000 and applies it, search index included. Budget: under 60 s,
// and under 200 MB of peak memory (VmHWM) for the central process and for the till.
func BenchmarkSnapshotPull(b *testing.B) {
	n := benchProducts()
	c := &central{tb: b, db: filepath.Join(b.TempDir(), "central.db"), addr: "127.0.0.1:0"}
	copyFile(b, bigCentralDB(b, n), c.db)
	c.start()
	b.Cleanup(c.stop)
	var centralMB, tillMB float64
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(filepath.Join(b.TempDir(), "till.db"))
		if err != nil {
			b.Fatal(err)
		}
		tl := &till{tb: b, db: db, store: pos.StoreInfo{ID: storeWAW, Name: "Warszawa Centrum", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT}}
		if err := db.SetupStore(b.Context(), tl.store); err != nil {
			b.Fatal(err)
		}
		tl.pair(c)
		tl.worker.Page = wire.MaxPageSize
		last := 0
		tl.worker.OnProgress = func(stream pos.Stream, done, total int) {
			if stream == pos.StreamProducts {
				last = done
			}
		}
		runtime.GC()
		resetPeak(b, os.Getpid())
		resetPeak(b, c.cmd.Process.Pid)
		b.StartTimer()
		if err := tl.worker.PullAll(b.Context()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		centralMB = max(centralMB, peakMB(b, c.cmd.Process.Pid))
		tillMB = max(tillMB, peakMB(b, os.Getpid()))
		if last != n {
			b.Fatalf("progress ended at %d of %d products", last, n)
		}
		checkSearch(b, db, pos.SKU(fmt.Sprintf("G-%07d", n)))

		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "products/s")
	b.ReportMetric(centralMB, "central-peak-MB")
	b.ReportMetric(tillMB, "till-peak-MB")
}

// bigCentralDB returns a central database with stores and n generated products, built once
// (minutes for a million) and kept in the temp folder for later runs.
func bigCentralDB(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("omnitill-central-bench-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	dir := b.TempDir()
	csv := filepath.Join(dir, "catalog.csv")
	f, err := os.Create(csv)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := demo.GenerateCSV(w, n, 1); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	// Built beside the cache and renamed into it, so an interrupted build leaves no half
	// database for the next run.
	c := &central{tb: b, db: filepath.Join(dir, "central.db")}
	c.importFile("stores", "id,name,currency\nPL-WAW,Warszawa Centrum,PLN\nLT-VNO,Vilnius Akropolis,EUR\n")
	c.admin("import", "products", csv)
	if err := os.Rename(c.db, path); err != nil {
		copyFile(b, c.db, path+".tmp")
		if err := os.Rename(path+".tmp", path); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built %s with %d products in %s", path, n, time.Since(start).Round(time.Second))
	return path
}

// resetPeak starts a process's peak resident memory (VmHWM) afresh.
func resetPeak(tb testing.TB, pid int) {
	tb.Helper()
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		tb.Logf("cannot reset the peak memory of %d (counted from its start): %v", pid, err)
	}
}

// peakMB reads a process's peak resident memory (VmHWM), in MB.
func peakMB(tb testing.TB, pid int) float64 {
	tb.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				tb.Fatalf("VmHWM of %d: %q", pid, rest)
			}
			return float64(kb) / 1024
		}
	}
	tb.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

// checkSearch fails unless a name search finds the pulled article by its name's words.
func checkSearch(tb testing.TB, db *sqlite.DB, sku pos.SKU) {
	tb.Helper()
	p, err := db.ProductBySKU(tb.Context(), sku)
	if err != nil {
		tb.Fatal(err)
	}
	found, err := db.SearchProducts(tb.Context(), p.Name, 1000)
	if err != nil || !slices.ContainsFunc(found, func(f pos.Product) bool { return f.SKU == sku }) {
		tb.Fatalf("searching %q finds %d products but not %s: %v", p.Name, len(found), sku, err)
	}
}
