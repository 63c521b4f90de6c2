package tillcmd

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// run runs the till binary's command line against a database file and returns its output.
func run(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(append([]string{"--db", db}, args...), &out, &errOut, func(*till.Till, WindowOptions) error {
		t.Fatal("a command opened the window")
		return nil
	})
	return code, out.String(), errOut.String()
}

// openTill opens the till as the command line left it.
func openTill(t *testing.T, db string) (*till.Till, error) {
	t.Helper()
	return till.Open(context.Background(), db, slog.New(slog.NewTextHandler(t.Output(), nil)))
}

func TestCatalogImportExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	csv := filepath.Join(dir, "products.csv")
	os.WriteFile(csv, []byte("sku,barcode,name,price,vat,unit\n"+
		"T-1,5901234123457,Pierogi ruskie 400 g,12.99,5,pcs\n"+
		"T-2,,Cepelinai su mėsa,31.50,5,kg\n"), 0o644)

	code, out, errOut := run(t, db, "catalog", "import", csv)
	if code != 0 || !strings.Contains(out, "2 added") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, db, "catalog", "import", csv)
	if code != 0 || !strings.Contains(out, "0 added, 0 changed, 2 unchanged") {
		t.Fatalf("second import changed something: %q", out)
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("sku,barcode,name,price,vat,unit\n"+
		"T-3,,Krówki,8.99,8,pcs\n"+
		"T-4,5901234123458,Ptasie mleczko,12.99,8,pcs\n"+
		"T-5,,Sūris,abc,5,pcs\n"), 0o644)
	code, _, errOut = run(t, db, "catalog", "import", bad)
	if code == 0 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "line 4") || !strings.Contains(errOut, "nothing imported") {
		t.Fatalf("bad import: %d %q", code, errOut)
	}
	tl, err := openTill(t, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tl.DB.ProductBySKU(context.Background(), "T-3"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("the good row of a bad file was imported: %v", err)
	}
	tl.Close()

	exported := filepath.Join(dir, "export.csv")
	if code, _, errOut := run(t, db, "catalog", "export", exported); code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(exported)
	if !strings.Contains(string(data), "T-2,,Cepelinai su mėsa,31.50,5,kg") || !strings.Contains(string(data), "Żubrówka") {
		t.Fatalf("export lacks rows:\n%.400s", data)
	}
	// The export imports back without a change.
	if code, out, _ := run(t, db, "catalog", "import", exported); code != 0 || !strings.Contains(out, " 0 added, 0 changed") {
		t.Fatalf("re-import of the export: %q", out)
	}
}

func TestTrainSaleAndReceiptReRender(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	code, out, errOut := run(t, db, "train-sale", "--scan", "5902754113850", "--scan", "0,5*00113", "--pay", "card")
	if code != 0 || !strings.Contains(out, "training receipt T1") {
		t.Fatalf("train-sale: %d %q %q", code, out, errOut)
	}
	tl, _ := openTill(t, db)
	if evs, _ := tl.DB.PendingEvents(context.Background(), 10); len(evs) != 0 {
		t.Fatalf("a training sale queued %d events for central", len(evs))
	}
	if q, _ := tl.DB.OnHand(context.Background(), tl.Store.ID, "PL-000278"); q != pos.Pieces(50) {
		t.Fatalf("a training sale moved stock: %d", q)
	}
	tl.Close()

	bin, png := filepath.Join(dir, "r.bin"), filepath.Join(dir, "r.png")
	code, _, errOut = run(t, db, "receipt", "T1", "--escpos", bin, "--png", png, "--profile", "58mm")
	if code != 0 {
		t.Fatal(errOut)
	}
	data, _ := os.ReadFile(bin)
	p, _ := escpos.ProfileByName("58mm")
	printed, err := escpos.Decode(data, p)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(printed.Lines, "\n")
	for _, want := range []string{"TRAINING", "Żubrówka", "Kiełbasa śląska", "Karta"} {
		if !strings.Contains(text, want) {
			t.Errorf("re-rendered receipt lacks %q:\n%s", want, text)
		}
	}
	if st, err := os.Stat(png); err != nil || st.Size() < 1000 {
		t.Fatalf("PNG: %v", err)
	}
	if code, _, errOut := run(t, db, "receipt", "1", "--png", png); code != 1 || !strings.Contains(errOut, "no receipt 1") {
		t.Fatalf("a real receipt 1 that does not exist: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, db, "train-sale", "--scan", "5902754113851"); code != 1 || !strings.Contains(errOut, "check digit") {
		t.Fatalf("train-sale with a bad code: %d %q", code, errOut)
	}
}

func TestBarcodeCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "till.db")
	for _, tc := range []struct {
		code     string
		exit     int
		contains string
	}{
		{"5902754113850", 0, "EAN-13 GTIN 05902754113850"},
		{"96385074", 0, "EAN-8"},
		{"2000113012349", 0, "weight 1.234 kg"},
		{"5902754113851", 1, "check digit"},
		{"12AB", 1, "only digits"},
	} {
		code, out, errOut := run(t, db, "barcode", tc.code)
		if code != tc.exit || !strings.Contains(out+errOut, tc.contains) {
			t.Errorf("barcode %s: exit %d, %q %q", tc.code, code, out, errOut)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("reading a barcode created a database")
	}
	if code, _, _ := run(t, db, "no-such-command"); code != 2 {
		t.Errorf("unknown command exit %d", code)
	}
}

func TestConfigRefusesWhatTheTillCannotUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "till.db")
	for _, tc := range []struct {
		key, value string
		ok         bool
	}{
		{"device.printer.profile", "tm-t88", true},
		{"device.printer.profile", "tm-x999", false},
		{"device.printer.port", "/dev/ttyUSB0", true},
		{"device.printer.line", "19200,8N1", true},
		{"device.printer.line", "fast", false},
		{"device.printer.option", "7", false},
		{"device.printer.option", "5,150", true},
		{"device.printer.option", "2,5000", false},
		{"device.display.profile", "cd5220", true},
		{"device.scanner.option", "CRLF", true},
		{"device.scale.colour", "red", false},
		{"barcode.template.28", "28 PPPPP MMMMM C", true},
		{"barcode.template.27", "27 PPP C", false},
		{"policy.cashier_discount_limit_percent", "150", false},
		{"policy.max_price", "0", false},
		{"policy.max_price", "1e6", false},
		{"policy.max_price", "10000000.01", false},
		{"policy.max_price", "40", true},
	} {
		code, _, errOut := run(t, db, "config", "set", tc.key, tc.value)
		if (code == 0) != tc.ok {
			t.Errorf("config set %s %s: exit %d %q", tc.key, tc.value, code, errOut)
		}
	}
	if _, out, _ := run(t, db, "config", "get", "device.printer.profile"); strings.TrimSpace(out) != "tm-t88" {
		t.Errorf("config get: %q", out)
	}
	// The price template now applies to scans at this till.
	if _, out, _ := run(t, db, "barcode", "2800113012994"); !strings.Contains(out, "price") {
		t.Errorf("configured template not used: %q", out)
	}
	// So does the price limit: Żubrówka at 49,99 is over 40.
	if code, _, errOut := run(t, db, "train-sale", "--scan", "5902754113850"); code != 1 || !strings.Contains(errOut, "over this till's limit of 40,00") {
		t.Errorf("a price over the limit: exit %d, %q", code, errOut)
	}
}

func TestImportConflictWithTheStoredCatalogImportsNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	csv := filepath.Join(dir, "clash.csv")
	// T-9 is fine; T-10 takes a barcode the demo Żubrówka already has.
	os.WriteFile(csv, []byte("sku,barcode,name,price,vat,unit\nT-9,5901234123457,Krówki,8.99,8,pcs\nT-10,5902754113850,Podróbka,9.99,23,pcs\n"), 0o644)
	code, _, errOut := run(t, db, "catalog", "import", csv)
	if code != 1 || !strings.Contains(errOut, "nothing imported") || !strings.Contains(errOut, "already belongs to product") {
		t.Fatalf("clash: %d %q", code, errOut)
	}
	tl, _ := openTill(t, db)
	defer tl.Close()
	if _, err := tl.DB.ProductBySKU(context.Background(), "T-9"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("half the file was imported: %v", err)
	}
}

// A command used wrongly says what was wrong and exits 2; it is no failure of the till.
func TestUsageMistakeSaysWhatAndExits2(t *testing.T) {
	db := filepath.Join(t.TempDir(), "till.db")
	for _, args := range [][]string{{"receipt", "abc", "--png", "x.png"}, {"catalog", "import"}, {"config", "set", "x"}, {"run", "--nope"}} {
		code, _, errOut := run(t, db, args...)
		if code != 2 || strings.Contains(errOut, "went wrong") || !strings.Contains(errOut, args[0]) {
			t.Errorf("omnitill %v: exit %d, %q", args, code, errOut)
		}
	}
}

// An internal failure tells IT a reference and where the log is; the log has the details
// under that reference. `omnitill version` says where the log is.
func TestInternalFailureIsInTheLogByReference(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	if err := os.WriteFile(db, []byte(strings.Repeat("not a database ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, db, "config", "list")
	ref := regexp.MustCompile(`reference ([0-9A-F]{8})`).FindStringSubmatch(errOut)
	logPath := filepath.Join(dir, "omnitill.log")
	if code != 1 || ref == nil || !strings.Contains(errOut, "log: "+logPath) || strings.Contains(errOut, "not a database") {
		t.Fatalf("exit %d, %q: want a reference, the log's path and no technical detail", code, errOut)
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(log), "ref="+ref[1]) || !strings.Contains(string(log), "file is not a database") {
		t.Fatalf("the log lacks reference %s or the detail:\n%s", ref[1], log)
	}
	if _, out, _ := run(t, db, "version"); !strings.Contains(out, "log: "+logPath) {
		t.Fatalf("version: %q", out)
	}
}
