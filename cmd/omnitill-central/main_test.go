package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{[]string{"revoke", "--till", "01"}, 1, "no paired till 01"},
		{[]string{"import", "prices", products}, 2, "products, stores or stock"},
		{[]string{"import", "products", filepath.Join(dir, "missing.csv")}, 1, "missing.csv"},
		{[]string{"resend", "products"}, 0, "whole products stream"},
		{[]string{"resend", "prices"}, 1, "no stream"},
		{[]string{"serve", "--tls-cert", "x.pem"}, 2, "go together"},
		{[]string{"serve", "--addr", "nonsense"}, 1, "listen on nonsense"},
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
