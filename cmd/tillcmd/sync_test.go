package tillcmd

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/assets"
	"github.com/omnitill/omnitill/pos"
)

// startCentral builds and starts a real central process on 127.0.0.1 with the demo store's
// catalog and 10 of each article in stock, and returns its URL, its database and a function
// that makes a pairing code.
func startCentral(t *testing.T) (url, centralDB string, pairingCode func() string) {
	c := newCentral(t, "id,name,currency\nPL-WAW-01,Omnitill Sklep Demo,PLN\n")
	return c.url, c.db, func() string { return c.code("PL-WAW-01", "01") }
}

// testCentral is a real central process with its database.
type testCentral struct {
	t     *testing.T
	db    string
	url   string
	admin func(args ...string) string
}

// newCentral builds central, imports the stores file, the demo catalog and 10 of
// PL-000278 in PL-WAW-01, and serves it on 127.0.0.1 with serveArgs.
func newCentral(t *testing.T, stores string, serveArgs ...string) *testCentral {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "omnitill-central")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/omnitill/omnitill/cmd/omnitill-central").CombinedOutput(); err != nil {
		t.Fatalf("build central: %v\n%s", err, out)
	}
	c := &testCentral{t: t, db: filepath.Join(dir, "central.db")}
	c.admin = func(args ...string) string {
		out, err := exec.Command(bin, append([]string{"--db", c.db}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("omnitill-central %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	c.admin("import", "stores", write("stores.csv", stores))
	c.admin("import", "products", write("products.csv", string(assets.DemoProductsCSV)))
	c.admin("import", "stock", write("stock.csv", "store_id,sku,qty\nPL-WAW-01,PL-000278,10\n"))

	serve := exec.Command(bin, append([]string{"serve", "--db", c.db, "--addr", "127.0.0.1:0"}, serveArgs...)...)
	stdout, _ := serve.StdoutPipe()
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { serve.Process.Kill(); serve.Wait() })
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case line <- sc.Text():
			default:
			}
		}
	}()
	select {
	case l := <-line:
		_, rest, _ := strings.Cut(l, "serving ")
		c.url, _, _ = strings.Cut(rest, " ")
	case <-time.After(20 * time.Second):
		t.Fatal("central did not start")
	}
	return c
}

// code makes a pairing code for a till with `omnitill-central pair`.
func (c *testCentral) code(store, till string) string {
	return strings.TrimSpace(strings.Split(c.admin("pair", "--store", store, "--till", till), "\n")[1])
}

// count reads central's database, as an auditor would.
func (c *testCentral) count(query string) int64 {
	c.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+c.db+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var n sql.NullInt64
	if err := db.QueryRow(query).Scan(&n); err != nil {
		c.t.Fatalf("%s: %v", query, err)
	}
	return n.Int64
}

// A till paired with central sends its sales; central's stock of the store falls by them.
func TestPairAndSyncWithCentral(t *testing.T) {
	url, centralDB, code := startCentral(t)
	db := filepath.Join(t.TempDir(), "till.db")
	if c, out, errOut := run(t, db, "pair", "--central", url, "--code", "WRONG-CODE"); c == 0 {
		t.Fatalf("a wrong code paired: %q", out)
	} else if !strings.Contains(errOut, "pair") {
		t.Fatalf("wrong code message: %q", errOut)
	}
	if c, out, errOut := run(t, db, "pair", "--central", url, "--code", code()); c != 0 {
		t.Fatalf("pair: %q %q", out, errOut)
	}

	tl, err := openTill(t, db)
	if err != nil {
		t.Fatal(err)
	}
	states := make(chan pos.SyncStatus, 16)
	r := tl.Register()
	r.Login(context.Background(), "1111")
	r.Scan(context.Background(), "2*5902754113850") // 2 × Żubrówka 0,7 l (PL-000278)
	r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 10000})
	if _, err := r.Complete(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := tl.WatchSync(func(s pos.SyncStatus) {
		select {
		case states <- s:
		default:
		}
	}); err != nil {
		t.Fatal(err)
	}
	tl.KickSync()
	deadline := time.After(20 * time.Second)
	var catalog pos.Download // the first pull is a snapshot of central's catalog
	for done := false; !done; {
		select {
		case s := <-states:
			if s.Download.Stream == "products" {
				catalog = s.Download
			}
			done = s.Paired && s.Online && s.Pending == 0 && catalog.Total > 0
		case <-deadline:
			t.Fatal("the sale did not reach central")
		}
	}
	tl.Close()
	if n := strings.Count(string(assets.DemoProductsCSV), "\n") - 1; catalog.Done != n || catalog.Total != n {
		t.Fatalf("the catalog download ended at %+v, want %d of %d", catalog, n, n)
	}

	central, err := sql.Open("sqlite3", "file:"+centralDB+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer central.Close()
	var onHand int64
	if err := central.QueryRow(`SELECT SUM(delta) FROM stock_movements WHERE store_id = 'PL-WAW-01' AND sku = 'PL-000278'`).Scan(&onHand); err != nil {
		t.Fatal(err)
	}
	if onHand != 8000 {
		t.Fatalf("central's stock of Żubrówka is %d thousandths, want 8000 (10 − 2)", onHand)
	}
	// Nothing is sent twice: a second round finds nothing waiting.
	if c, out, errOut := run(t, db, "sync"); c != 0 || !strings.Contains(out, "0 events waiting") {
		t.Fatalf("sync: %q %q", out, errOut)
	}
}
