package client_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	_ "github.com/mattn/go-sqlite3"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/catalogcsv"
	"github.com/omnitill/omnitill/pos/sqlite"
	"github.com/omnitill/omnitill/sync/client"
)

// centralBin is omnitill-central built once for all tests: they talk to a real process.
var centralBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "omnitill-central-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	centralBin = filepath.Join(dir, "omnitill-central")
	build := exec.Command("go", "build", "-o", centralBin, "github.com/omnitill/omnitill/cmd/omnitill-central")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build omnitill-central:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	storeWAW = pos.StoreID("PL-WAW")
	zubrowka = pos.SKU("ZUB-07")
)

var shopCatalog = []pos.Product{
	{SKU: zubrowka, Name: "Żubrówka Bison Grass 0,7 l", Barcodes: []string{"5900343000185"}, Price: 4299, VAT: 2300, Unit: pos.UnitPiece, QuickKey: 1},
	{SKU: "KIE-SL", Name: "Kiełbasa śląska", Price: 2499, VAT: 500, Unit: pos.UnitKg, PLU: "101"},
	{SKU: "PIE-1", Name: "Pierniki toruńskie", Barcodes: []string{"5901234123457"}, Price: 1299, VAT: 500, Unit: pos.UnitPiece},
}

// central is one omnitill-central process on 127.0.0.1 with its own database.
type central struct {
	tb    testing.TB
	db    string
	addr  string   // host:port, kept across restarts so tills keep their URL
	extra []string // more flags for serve
	URL   string
	cmd   *exec.Cmd
	log   *bytes.Buffer
}

// startCentral makes a central database with store PL-WAW, the catalog and 10 Żubrówka in
// stock, and serves it on a free port.
func startCentral(tb testing.TB, serveFlags ...string) *central {
	tb.Helper()
	dir := tb.TempDir()
	c := &central{tb: tb, db: filepath.Join(dir, "central.db"), addr: "127.0.0.1:0", extra: serveFlags}
	c.importFile("stores", "id,name,currency\nPL-WAW,Warszawa Centrum,PLN\nLT-VNO,Vilnius Akropolis,EUR\n")
	c.importProducts(shopCatalog)
	c.importFile("stock", "store_id,sku,qty\nPL-WAW,ZUB-07,10\nLT-VNO,ZUB-07,4\n")
	c.start()
	tb.Cleanup(c.stop)
	return c
}

// start runs `serve` and waits for the line that names its address.
func (c *central) start() {
	c.tb.Helper()
	c.log = &bytes.Buffer{}
	c.cmd = exec.Command(centralBin, append([]string{"serve", "--db", c.db, "--addr", c.addr}, c.extra...)...)
	c.cmd.Stderr = c.log
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		c.tb.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		c.tb.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	select {
	case line := <-lines:
		_, rest, ok := strings.Cut(line, "serving ")
		if !ok {
			c.tb.Fatalf("central said %q", line)
		}
		c.URL, _, _ = strings.Cut(rest, " ")
		_, c.addr, _ = strings.Cut(c.URL, "://")
	case <-time.After(20 * time.Second):
		c.tb.Fatalf("central did not start: %s", c.log)
	}
}

// kill stops central as a power cut would: SIGKILL, no shutdown.
func (c *central) kill() {
	c.tb.Helper()
	if c.cmd == nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
	c.cmd = nil
}

func (c *central) stop() {
	if c.cmd == nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	c.cmd.Wait()
	c.cmd = nil
}

// restart starts central again on the same address after kill.
func (c *central) restart() {
	c.tb.Helper()
	// The port is free again once the killed process is reaped, but give the kernel a moment.
	for i := 0; ; i++ {
		ln, err := net.Listen("tcp", c.addr)
		if err == nil {
			ln.Close()
			break
		}
		if i == 100 {
			c.tb.Fatalf("port %s stays busy: %v", c.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.start()
}

// admin runs an admin command of central on its database and returns what it printed.
func (c *central) admin(args ...string) string {
	c.tb.Helper()
	out, err := exec.Command(centralBin, append([]string{"--db", c.db}, args...)...).CombinedOutput()
	if err != nil {
		c.tb.Fatalf("omnitill-central %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (c *central) importFile(what, content string) {
	c.tb.Helper()
	path := filepath.Join(c.tb.TempDir(), what+".csv")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		c.tb.Fatal(err)
	}
	c.admin("import", what, path)
}

func (c *central) importProducts(ps []pos.Product) {
	c.tb.Helper()
	var b bytes.Buffer
	w := catalogcsv.NewWriter(&b)
	for _, p := range ps {
		if err := w.Write(p); err != nil {
			c.tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		c.tb.Fatal(err)
	}
	c.importFile("products", b.String())
}

// pairingCode runs `pair` and returns the code it printed on its second line.
func (c *central) pairingCode(store pos.StoreID, till pos.TillID) string {
	c.tb.Helper()
	lines := strings.Split(c.admin("pair", "--store", string(store), "--till", string(till)), "\n")
	return strings.TrimSpace(lines[1])
}

// count reads central's database directly, as an auditor would.
func (c *central) count(query string, args ...any) int64 {
	c.tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+c.db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		c.tb.Fatal(err)
	}
	defer db.Close()
	var n sql.NullInt64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		c.tb.Fatalf("%s: %v", query, err)
	}
	return n.Int64
}

// query reads one text from central's database directly, e.g. a GROUP_CONCAT of rows.
func (c *central) query(query string, args ...any) string {
	c.tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+c.db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		c.tb.Fatal(err)
	}
	defer db.Close()
	var s sql.NullString
	if err := db.QueryRow(query, args...).Scan(&s); err != nil {
		c.tb.Fatalf("%s: %v", query, err)
	}
	return s.String
}

// onHand is central's stock of an article in a store: the sum of its movements.
func (c *central) onHand(store pos.StoreID, sku pos.SKU) int64 {
	return c.count(`SELECT SUM(delta) FROM stock_movements WHERE store_id = ? AND sku = ?`, store, sku)
}

// till is one till's database with its sync worker.
type till struct {
	tb     testing.TB
	db     *sqlite.DB
	store  pos.StoreInfo
	worker *client.Worker
}

// newTill sets up a till of the store with the catalog, not yet paired.
func newTill(tb testing.TB, store pos.StoreID, id pos.TillID) *till {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "till.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	info := pos.StoreInfo{ID: store, Name: "Warszawa Centrum", TillID: id, Currency: pos.PLN, VAT: pos.PolishVAT}
	if err := db.SetupStore(tb.Context(), info); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SaveProducts(tb.Context(), shopCatalog[:2]); err != nil {
		tb.Fatal(err)
	}
	return &till{tb: tb, db: db, store: info}
}

// pair pairs the till with central through a code from `omnitill-central pair` and gives
// it a worker that retries fast.
func (t *till) pair(c *central) { t.pairWith(c, nil) }

// pairWith pairs as pair does, letting the test adjust the HTTP client first (TLS trust).
func (t *till) pairWith(c *central, adjust func(*http.Client)) {
	t.tb.Helper()
	cl := client.New(c.URL, "")
	if adjust != nil {
		adjust(cl.HTTP)
	}
	if err := client.PairTill(t.tb.Context(), t.db, cl, c.pairingCode(t.store.ID, t.store.TillID), t.store.ID, t.store.TillID); err != nil {
		t.tb.Fatal(err)
	}
	t.worker = client.NewWorker(t.db, cl)
	t.worker.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	t.worker.MinBackoff, t.worker.MaxBackoff = 10*time.Millisecond, 100*time.Millisecond
}

// sell commits n sales of qty pieces of Żubrówka each.
func (t *till) sell(n int, qty int64) {
	t.tb.Helper()
	for range n {
		at := time.Now().UTC()
		s := &pos.Sale{
			ID: pos.SaleID(uuid.Must(uuid.NewV7()).String()), Store: t.store.ID, Till: t.store.TillID, Currency: pos.PLN,
			Cashier: pos.Staff{ID: "anna", Name: "Anna"}, StartedAt: at, CompletedAt: at,
			Lines:   []pos.Line{{No: 1, SKU: zubrowka, Name: "Żubrówka", Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(qty), VAT: 2300}},
			Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: pos.Money(4299 * qty)}},
		}
		if err := t.db.CommitSale(t.tb.Context(), s); err != nil {
			t.tb.Fatal(err)
		}
	}
}

func (t *till) state() pos.SyncStatus {
	t.tb.Helper()
	st, err := t.worker.State(t.tb.Context())
	if err != nil {
		t.tb.Fatal(err)
	}
	return st
}

func (t *till) syncOnce() {
	t.tb.Helper()
	if err := t.worker.SyncOnce(t.tb.Context()); err != nil {
		t.tb.Fatal(err)
	}
}
