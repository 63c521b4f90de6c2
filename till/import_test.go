package till_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/till"
)

// importInALoop is this test binary run as `omnitill catalog import` in a process of its
// own: it imports files[1:] into the till at files[0], one after the other, round and
// round until killed when OMNITILL_TEST_IMPORT_LOOP is set, once otherwise.
func importInALoop(files []string) int {
	tl, err := till.Open(context.Background(), files[0], slog.New(slog.DiscardHandler))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer tl.Close()
	for {
		for _, name := range files[1:] {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			n, res, err := tl.ImportCatalog(context.Background(), f)
			f.Close()
			if err != nil {
				fmt.Fprintln(os.Stderr, pos.ErrorMessage(err), err)
				return 1
			}
			fmt.Printf("imported %d: %+v\n", n, res)
		}
		if status, err := os.ReadFile("/proc/self/status"); err == nil { // Linux: the peak RSS so far
			for _, l := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(l, "VmHWM:") {
					fmt.Println(l)
				}
			}
		}
		if os.Getenv("OMNITILL_TEST_IMPORT_LOOP") == "" {
			return 0
		}
	}
}

// importProcess is importInALoop running in a process of its own.
type importProcess struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when it ends, err then says how
	err  error
	out  *strings.Builder
}

// kill kills the process (SIGKILL: no deferred function runs) and waits for its end.
func (p *importProcess) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// startImport runs importInALoop in a process of its own, killed at the test's end.
func startImport(tb testing.TB, db string, loop bool, files ...string) *importProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OMNITILL_TEST_IMPORT="+strings.Join(append([]string{db}, files...), string(os.PathListSeparator)))
	if loop {
		cmd.Env = append(cmd.Env, "OMNITILL_TEST_IMPORT_LOOP=1")
	}
	p := &importProcess{cmd: cmd, done: make(chan struct{}), out: &strings.Builder{}}
	cmd.Stdout, cmd.Stderr = p.out, p.out
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	tb.Cleanup(p.kill)
	return p
}

// catalogFile writes a generated catalog of n articles; another seed prices and codes them
// all anew.
func catalogFile(tb testing.TB, n int, seed int64) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), fmt.Sprintf("catalog-%d-%d.csv", n, seed))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := demo.GenerateCSV(w, n, seed); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return path
}

// importState peeks at the import under way: its state, "" when none.
func importState(tb testing.TB, db string) string {
	tb.Helper()
	raw, err := sqlitedb.Open(db, sqlitedb.Options{ReadOnly: true, BusyTimeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer raw.Close()
	var state string
	raw.QueryRow(`SELECT state FROM catalog_imports WHERE state IN ('staging', 'published') ORDER BY id DESC LIMIT 1`).Scan(&state)
	return state
}

// sell rings up one cash sale of Żubrówka and says how long its commit took.
func sell(tb testing.TB, tl *till.Till) (time.Duration, error) {
	tb.Helper()
	r := tl.Register()
	if _, err := r.Scan(context.Background(), "5902754113850"); err != nil {
		tb.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r.Sale().Remaining()}); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	_, err := r.Complete(context.Background())
	took := time.Since(start)
	if err != nil {
		r.CancelPayment()
		r.CancelSale()
	}
	return took, err
}

// A sale never waits on an import: while `omnitill catalog import` loads a catalog in
// another process, sales at the till commit, whether the import is staging its rows or
// merging them. They used to fail after 5 s with "database is locked". The figures are
// in the log; BenchmarkSaleDuringImport measures them.
func TestSaleCommitsDuringAnImportInAnotherProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 60,000 articles")
	}
	db := filepath.Join(t.TempDir(), "till.db")
	tl, err := till.Open(context.Background(), db, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	if _, err := tl.Register().Login(context.Background(), "1111"); err != nil {
		t.Fatal(err)
	}
	file := catalogFile(t, 60_000, 1)
	imp := startImport(t, db, false, file)

	during := map[string]int{}
	var longest time.Duration
	for ended := false; !ended; {
		select {
		case <-imp.done:
			if imp.err != nil {
				t.Fatalf("the import failed: %v\n%s", imp.err, imp.out)
			}
			ended = true
			continue
		case <-time.After(100 * time.Millisecond):
		}
		state := importState(t, db) // "" before it begins staging, or once it is merged
		took, err := sell(t, tl)
		if err != nil {
			t.Fatalf("a sale while the import was %s: %v (after %s)", state, err, took)
		}
		during[state]++
		longest = max(longest, took)
	}
	t.Logf("sales while the import ran, by its state: %v; the longest commit took %s", during, longest)
	if during["staging"] == 0 || during["published"] == 0 {
		t.Fatalf("sales %v: none while staging or none while merging; the test saw too little (%s)", during, imp.out)
	}
	if p, err := tl.DB.ProductBySKU(context.Background(), "G-0060000"); err != nil || p.Price <= 0 {
		t.Fatalf("after the import: %+v, %v", p, err)
	}
}

// BenchmarkSaleDuringImport: a cash sale committed at the till while another process
// imports catalogs of 100,000 articles, one after the other. Budget: a sale never waits on
// the import for long; under 1 s always (max-ms).
func BenchmarkSaleDuringImport(b *testing.B) {
	db := filepath.Join(b.TempDir(), "till.db")
	tl, err := till.Open(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer tl.Close()
	if _, err := tl.Register().Login(context.Background(), "1111"); err != nil {
		b.Fatal(err)
	}
	imp := startImport(b, db, true, catalogFile(b, 100_000, 1), catalogFile(b, 100_000, 2))
	for wait := time.Now().Add(3 * time.Second); importState(b, db) == "" && time.Now().Before(wait); {
		time.Sleep(50 * time.Millisecond) // until the import stages (a till before imports staged: a while)
	}
	var longest time.Duration
	failed := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		time.Sleep(20 * time.Millisecond) // a cashier's pace, not a write loop of its own
		b.StartTimer()
		took, err := sell(b, tl)
		if err != nil {
			failed++
		}
		longest = max(longest, took)
	}
	b.StopTimer()
	select {
	case <-imp.done:
		b.Fatalf("the import ended: %v\n%s", imp.err, imp.out)
	default:
	}
	b.ReportMetric(float64(longest.Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(failed)/float64(b.N), "failed/op")
}

// A till killed in the middle of an import: killed while staging, the catalog is the old
// one, and the next import takes over; killed once published, the catalog is the new one
// at once, and the till merges the rest when it opens.
func TestImportKilledHalfWay(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 60,000 articles twice")
	}
	db := filepath.Join(t.TempDir(), "till.db")
	tl, err := till.Open(context.Background(), db, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	tl.Close()
	killAt := func(state string, file string) {
		t.Helper()
		imp := startImport(t, db, false, file)
		for importState(t, db) != state {
			select {
			case <-imp.done:
				t.Fatalf("the import ended before it was %s: %v\n%s", state, imp.err, imp.out)
			case <-time.After(5 * time.Millisecond):
			}
		}
		imp.kill()
	}

	killAt("staging", catalogFile(t, 60_000, 1))
	tl, err = till.Open(context.Background(), db, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tl.DB.ProductBySKU(context.Background(), "G-0000001"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("killed while staging, the catalog holds a new article: %v", err)
	}
	tl.Close()

	file := catalogFile(t, 60_000, 2)
	killAt("published", file)
	tl, err = till.Open(context.Background(), db, testLog(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	for _, sku := range []pos.SKU{"G-0000001", "G-0060000"} { // the first and the last line
		if _, err := tl.DB.ProductBySKU(context.Background(), sku); err != nil {
			t.Fatalf("killed once published, %s: %v", sku, err)
		}
	}
	for importState(t, db) != "" {
		time.Sleep(50 * time.Millisecond) // the till merges the rest
	}
	var exported strings.Builder
	if n, err := tl.ExportCatalog(context.Background(), &exported); err != nil || n != 60_000+len(demoSKUs(t)) {
		t.Fatalf("after the merge: %d products, %v", n, err)
	}
	again, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Importing the file again changes nothing: the merge left exactly the file's catalog.
	if _, res, err := tl.ImportCatalog(context.Background(), strings.NewReader(string(again))); err != nil || res.Unchanged != 60_000 {
		t.Fatalf("the same file again: %+v, %v", res, err)
	}
}

func demoSKUs(t *testing.T) []pos.SKU {
	ps, err := demo.Products()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]pos.SKU, len(ps))
	for i, p := range ps {
		out[i] = p.SKU
	}
	return out
}

// BenchmarkImportPeakMemory: the peak RSS of a process importing a catalog file of
// OMNITILL_BENCH_PRODUCTS articles (200,000 unless set) into a new till; the file is
// streamed, never held. Budget: under 200 MB for 1,000,000 articles (peak-MB).
func BenchmarkImportPeakMemory(b *testing.B) {
	n := 200_000
	if v, err := strconv.Atoi(os.Getenv("OMNITILL_BENCH_PRODUCTS")); err == nil && v > 0 {
		n = v
	}
	file := catalogFile(b, n, 1)
	var peakKB int
	for i := 0; b.Loop(); i++ {
		db := filepath.Join(b.TempDir(), fmt.Sprintf("till%d.db", i))
		imp := startImport(b, db, false, file)
		<-imp.done
		if imp.err != nil {
			b.Fatalf("%v\n%s", imp.err, imp.out)
		}
		for _, l := range strings.Split(imp.out.String(), "\n") {
			if kb, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				v, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")))
				peakKB = max(peakKB, v)
			}
		}
	}
	if peakKB == 0 {
		b.Skip("no /proc/self/status: the peak is not known here")
	}
	b.ReportMetric(float64(peakKB)/1024, "peak-MB")
}
