package tillcmd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The import checks the file's end state: two products swapping their barcodes and quick
// keys in one file is no conflict (it used to be refused), and every real conflict is named
// by its line, with the file's other bad lines, in one round.
func TestCatalogImportChecksTheEndState(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("sku,barcode,name,price,vat,unit,plu,quick_key\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	first := write("first.csv", "T-1,5901234123457,Krówki,8.99,8,pcs,,31\nT-2,5901234123464,Ptasie mleczko,12.99,8,pcs,,32\n")
	if code, out, errOut := run(t, db, "catalog", "import", first); code != 0 || !strings.Contains(out, "2 added") {
		t.Fatalf("first import: %d %q %q", code, out, errOut)
	}
	swapped := write("swapped.csv", "T-1,5901234123464,Krówki,8.99,8,pcs,,32\nT-2,5901234123457,Ptasie mleczko,12.99,8,pcs,,31\n")
	if code, out, errOut := run(t, db, "catalog", "import", swapped); code != 0 || !strings.Contains(out, "0 added, 2 changed") {
		t.Fatalf("a swap of barcodes and quick keys: %d %q %q", code, out, errOut)
	}
	tl, err := openTill(t, db)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := tl.DB.ProductByGTIN(context.Background(), "05901234123464"); err != nil || p.SKU != "T-1" || p.QuickKey != 32 {
		t.Fatalf("after the swap: %+v, %v", p, err)
	}
	tl.Close()

	bad := write("bad.csv", ""+
		"T-3,,Sernik,abc,8,pcs,,\n"+ // 2: a bad price
		"T-4,5902754113850,Podróbka,9.99,23,pcs,,\n"+ // 3: Żubrówka's barcode, whose product the file leaves as it is
		"T-5,,Sernik,1.00,8,pcs,,31\n"+ // 4: T-2's quick key; T-2 is not in this file
		"T-8,,Sernik 2,1.00,8,pcs,,\n"+ // 5: fine
		"T-6,,"+strings.Repeat("x", 201)+",1.00,8,pcs,,\n"+ // 6: a name too long
		"T-7,,Drogi,100000.01,8,pcs,,\n") // 7: over the price limit
	code, _, errOut := run(t, db, "catalog", "import", bad)
	for _, want := range []string{
		"nothing imported",
		`line 2: price "abc" is not an amount of money`,
		"line 3: barcode 5902754113850 already belongs to product PL-000278, which this file leaves as it is",
		"line 4: quick key 31 already belongs to product T-2, which this file leaves as it is",
		"line 6: the name has 201 characters: at most 200",
		"line 7: price 100000.01 is over the till's limit of 100000.00 (setting policy.max_price)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if code != 1 || strings.Index(errOut, "line 2:") > strings.Index(errOut, "line 7:") {
		t.Fatalf("bad file: exit %d\n%s", code, errOut)
	}
	tl, _ = openTill(t, db)
	defer tl.Close()
	if p, _ := tl.DB.ProductBySKU(context.Background(), "T-1"); p.QuickKey != 32 {
		t.Fatalf("a refused file changed the catalog: %+v", p)
	}
}

// A file saved with semicolons, or with decimal commas, says which separator it uses.
func TestCatalogImportNamesTheSeparator(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	for body, want := range map[string]string{
		"sku;barcode;name;price;vat;unit\nT-1;;Krówki;8,99;8;szt\n": `separated by semicolons (;), not commas`,
		"sku,barcode,name,price,vat,unit\nT-1,,Krówki,8,99,8,szt\n": `line 2: the row has 7 fields, the header has 6: 8,99 looks like a number with a decimal comma`,
	} {
		path := filepath.Join(dir, "file.csv")
		os.WriteFile(path, []byte(body), 0o644)
		if code, _, errOut := run(t, db, "catalog", "import", path); code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%q: exit %d, %q", body, code, errOut)
		}
	}
}
