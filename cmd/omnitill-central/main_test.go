package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/sqlite"
)

// runCLI runs omnitill-central in-process on a database in dir.
func runCLI(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"--db", filepath.Join(dir, "central.db")}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAdminCommands(t *testing.T) {
	dir := t.TempDir()
	stores := writeFile(t, dir, "stores.csv", "id,name,currency\nPL-WAW,Warszawa Centrum,PLN\n")
	products := writeFile(t, dir, "products.csv", "sku,barcode,name,price,vat,unit,plu,quick_key\nZUB-07,5900343000185,Żubrówka,42.99,23,pcs,,1\n")
	badProducts := writeFile(t, dir, "bad.csv", "sku,barcode,name,price,vat,unit\nZUB-07,123,Żubrówka,abc,23,pcs\n")
	png := filepath.Join(dir, "code.png")
	promotions := writeFile(t, dir, "promotions.csv", "id,name,kind,skus,value,starts,ends,withdrawn\nBW,Black week,percent,ZUB-07,15,2026-11-23,2026-11-29,\n")
	withdrawn := writeFile(t, dir, "withdrawn.csv", "id,name,kind,skus,value,starts,ends,withdrawn\nBW,Black week,percent,ZUB-07,15,2026-11-23,2026-11-29,yes\n")
	badPromotions := writeFile(t, dir, "badpromo.csv", "id,name,kind,skus,value,starts,ends\nOK,Fine,price,ZUB-07,39.99,2026-11-23,2026-11-29\nX,Bad,percent,NOPE,15,2026-11-23,2026-11-29\n")
	customers := writeFile(t, dir, "customers.csv", "id,name,card,points\nC-1,Anna Nowak,2900000000017,120\n")
	orders := writeFile(t, dir, "orders.csv", "number,store_id,sku,qty,channel\nCC-1,PL-WAW,ZUB-07,2,phone\n")
	vat := writeFile(t, dir, "vat.csv", "country,class,rate\nLT,standard,21\nLT,reduced,9\nLV,standard,21\n")
	newVAT := writeFile(t, dir, "newvat.csv", "country,class,rate\nLT,standard,22\n")
	badVAT := writeFile(t, dir, "badvat.csv", "country,class,rate\nLT,standard,21\nLT,zero,nil\n")
	ltStores := writeFile(t, dir, "ltstores.csv", "id,name,country\nLT-VNO,Vilnius Akropolis,LT\n")
	badOrders := writeFile(t, dir, "badorders.csv", "number,store_id,sku,qty\nCC-2,PL-WAW,ZUB-07,1\nCC-2,PL-WAW,ZUB-07,x\n")

	steps := []struct {
		args []string
		code int
		want string // in stdout, or stderr when code is not 0
	}{
		{[]string{"import", "products", products}, 0, "1 added"},
		{[]string{"import", "products", products}, 0, "1 unchanged"},
		{[]string{"import", "products", badProducts}, 1, "line 2"},
		{[]string{"pair", "--store", "PL-WAW", "--till", "01"}, 1, "import it first"},
		{[]string{"import", "stores", stores}, 0, "1 stores saved"},
		{[]string{"pair", "--store", "PL-WAW", "--till", "01", "--qr", png}, 0, "QR written to"},
		{[]string{"pair", "--till", "01"}, 2, "--store and --till are required"},
		{[]string{"pair", "--store", "PL-WAW", "--till", "01", "--ttl", "30s"}, 2, "a pairing code works from 1 minute to 7 days"},
		{[]string{"pair", "--store", "PL-WAW", "--till", "01", "--ttl", "169h"}, 2, "a pairing code works from 1 minute to 7 days"},
		{[]string{"pair", "--store", "PL-WAW", "--till", "01", "--ttl", "168h"}, 0, "earlier unused codes of this till no longer work"},
		{[]string{"revoke", "--till", "01"}, 1, "no paired till 01"},
		{[]string{"import", "prices", products}, 2, "products, stores, vat, stock, promotions, customers, orders, loyalty, coupons or returns"},
		{[]string{"import", "vat", vat}, 0, "3 VAT classes: 1 added, 0 changed, 2 unchanged"},
		{[]string{"import", "vat", vat}, 0, "3 VAT classes: 0 added, 0 changed, 3 unchanged"},
		{[]string{"import", "vat", badVAT}, 1, `line 3: LT zero: rate "nil" is not a percent`},
		{[]string{"import", "stores", ltStores}, 0, "1 stores saved"},
		{[]string{"import", "vat", newVAT}, 0, "1 VAT classes: 0 added, 1 changed, 0 unchanged"},
		{[]string{"import", "promotions", promotions}, 0, "1 promotions: 1 added"},
		{[]string{"import", "promotions", promotions}, 0, "0 changed, 1 unchanged"},
		{[]string{"import", "promotions", withdrawn}, 0, "1 changed"},
		{[]string{"import", "promotions", badPromotions}, 1, "line 3: promotion X names SKU NOPE"},
		{[]string{"import", "customers", customers}, 0, "1 customers: 1 added"},
		{[]string{"import", "customers", customers}, 0, "1 unchanged"},
		{[]string{"import", "orders", orders}, 0, "1 orders: 1 added"},
		{[]string{"import", "orders", orders}, 0, "1 unchanged"},
		{[]string{"import", "orders", badOrders}, 1, `line 3: order CC-2: "x" is not a quantity`},
		{[]string{"order", "status", "CC-1", "ready"}, 0, "order CC-1 is now ready; the tills of PL-WAW"},
		{[]string{"order", "status", "CC-1", "ready"}, 0, "already ready"},
		{[]string{"order", "status", "CC-1", "lost"}, 1, "unknown order status"},
		{[]string{"order", "status", "CC-9", "ready"}, 1, "no order CC-9"},
		{[]string{"order", "CC-1"}, 2, "status NUMBER"},
		{[]string{"webshop", "add", "shop.example"}, 0, "API key of web shop shop.example"},
		{[]string{"webshop", "add", "shop.example"}, 1, "revoke it first"},
		{[]string{"webshop", "revoke", "shop.example"}, 0, "its key no longer works"},
		{[]string{"webshop", "revoke", "nope"}, 1, "no web shop nope"},
		{[]string{"webshop", "list"}, 2, "add NAME or revoke NAME"},
		{[]string{"resend", "orders"}, 0, "whole orders stream"},
		{[]string{"import", "products", filepath.Join(dir, "missing.csv")}, 1, "missing.csv"},
		{[]string{"resend", "products"}, 0, "whole products stream"},
		{[]string{"resend", "prices"}, 1, "no stream"},
		{[]string{"serve", "--tls-cert", "x.pem"}, 2, "go together"},
		{[]string{"serve", "--addr", "nonsense"}, 1, "listen on nonsense"},
		{[]string{"events"}, 0, "no exceptions"},
		{[]string{"events", "--all"}, 0, "no exceptions"},
		{[]string{"events", "retry", "0190aaaa-0000-7000-8000-000000000009"}, 1, "central has no event 0190aaaa-0000-7000-8000-000000000009"},
		{[]string{"events", "release", "0190aaaa-0000-7000-8000-000000000009"}, 2, "--by is required"},
		{[]string{"events", "resolve", "7", "--by", "ewa"}, 1, "no open exception 7"},
		{[]string{"events", "resolve", "seven", "--by", "ewa"}, 2, "the exception's number"},
		{[]string{"events", "dance", "x"}, 2, "events retry, release or resolve"},
		{[]string{"dance"}, 2, "unknown command"},
	}
	for _, s := range steps {
		code, out, errOut := runCLI(t, dir, s.args...)
		where := out
		if s.code != 0 {
			where = errOut
		}
		if code != s.code || !strings.Contains(where, s.want) {
			t.Errorf("omnitill-central %s: exit %d, stdout %q, stderr %q; want exit %d and %q",
				strings.Join(s.args, " "), code, out, errOut, s.code, s.want)
		}
	}
	if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Fatalf("QR file: %v", err)
	}
}

func TestPairPrintsCodeAndQR(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, dir, "import", "stores", writeFile(t, dir, "stores.csv", "id,name\nPL-WAW,Warszawa\n"))
	code, out, errOut := runCLI(t, dir, "pair", "--store", "PL-WAW", "--till", "01", "--ttl", "1h")
	if code != 0 {
		t.Fatalf("pair: %d %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 10 || len(lines[1]) != 11 || lines[1][5] != '-' || !strings.Contains(lines[0], "1h0m0s") {
		t.Fatalf("pair printed %q", out)
	}
	if !strings.Contains(out, "█") {
		t.Fatal("no text QR in the output")
	}
}

func TestUsage(t *testing.T) {
	code, _, errOut := runCLI(t, t.TempDir())
	if code != 2 || !strings.Contains(errOut, "usage: omnitill-central") || !strings.Contains(errOut, "revoke") {
		t.Fatalf("no command: %d %q", code, errOut)
	}
	if code, _, _ := runCLI(t, t.TempDir(), "help"); code != 0 {
		t.Fatalf("help: exit %d", code)
	}
}

func TestWebShopAddPrintsAWorkingKey(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "webshop", "add", "shop.example")
	if code != 0 {
		t.Fatalf("webshop add: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "ws_") {
		t.Fatalf("webshop add printed %q", out)
	}
	db, err := sqlite.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if name, err := db.WebShopByKey(context.Background(), lines[1]); err != nil || name != "shop.example" {
		t.Fatalf("the printed key: %q %v", name, err)
	}
}

func TestImportVATReachesTheTillsOfItsCountry(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []struct{ what, name, content string }{
		{"stores", "stores.csv", "id,name,country\nPL-WAW,Warszawa,PL\nLT-VNO,Vilnius,lt\n"},
		{"products", "products.csv", "sku,barcode,name,price,vat,unit\nZUB-07,5900343000185,Żubrówka,42.99,23,pcs\n"},
		{"vat", "vat.csv", "country,class,rate\nLT,standard,22\n"},
	} {
		if code, _, errOut := runCLI(t, dir, "import", f.what, writeFile(t, dir, f.name, f.content)); code != 0 {
			t.Fatalf("import %s: %s", f.what, errOut)
		}
	}
	// A bad file is refused whole: its good first line changes nothing.
	if code, _, _ := runCLI(t, dir, "import", "vat", writeFile(t, dir, "bad.csv", "country,class,rate\nLT,standard,25\nLTU,zero,0\n")); code != 1 {
		t.Fatalf("a bad VAT file: exit %d", code)
	}
	db, err := sqlite.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for store, want := range map[string]int64{"PL-WAW": 2300, "LT-VNO": 2200} {
		page, err := db.ProductChanges(context.Background(), central.Till{Store: pos.StoreID(store), ID: "01"}, 0, 10)
		if err != nil || len(page.Products) != 1 || int64(page.Products[0].VAT) != want {
			t.Errorf("the tills of %s get %+v %v, want ZUB-07 at %d", store, page.Products, err, want)
		}
	}
}

// TestImportListsEveryBadLine checks what IT reads of a bad file: every bad line, and that
// nothing of the file was imported, its good lines neither.
func TestImportListsEveryBadLine(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, dir, "import", "stores", writeFile(t, dir, "stores.csv", "id,name\nPL-WAW,Warszawa\n"))
	bad := writeFile(t, dir, "stores2.csv", "id,name,country\nLT-VNO,,LT\nLT-KUN,Kaunas,LT\nLV-RIX,Riga,Latvia\n")
	code, out, errOut := runCLI(t, dir, "import", "stores", bad)
	want := "omnitill-central import: " + bad + ": nothing imported:\n" +
		"line 2: store LT-VNO has no name\n" +
		`line 4: store LV-RIX: country is "Latvia": use its two-letter code, e.g. PL or LT` + "\n"
	if code != 1 || out != "" || errOut != want {
		t.Fatalf("exit %d, stdout %q, stderr\n%s\nwant exit 1 and\n%s", code, out, errOut, want)
	}
	db, err := sqlite.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.NewPairingCode(context.Background(), "LT-KUN", "01", time.Minute); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("the good line of a refused file was imported: %v", err)
	}
}
