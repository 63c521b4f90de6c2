package sqlite_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// stage begins an import of products, one a line from line 2 (the header is line 1).
func stage(t *testing.T, db *sqlite.DB, products ...pos.Product) *sqlite.CatalogImport {
	t.Helper()
	im, err := db.BeginImport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { im.Discard(ctx) })
	for i, p := range products {
		if err := im.Add(ctx, i+2, p); err != nil {
			t.Fatal(err)
		}
	}
	return im
}

// importAll stages, checks and publishes products, failing on any conflict.
func importAll(t *testing.T, db *sqlite.DB, products ...pos.Product) sqlite.ImportResult {
	t.Helper()
	im := stage(t, db, products...)
	if c, n, err := im.Check(ctx); err != nil || n > 0 {
		t.Fatalf("check: %v, %d conflicts %v", err, n, c)
	}
	res, err := im.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func product(sku string, price pos.Money, codes ...string) pos.Product {
	return pos.Product{SKU: pos.SKU(sku), Name: "Produkt " + sku, Price: price, VAT: 2300, Unit: pos.UnitPiece, Barcodes: codes}
}

func gtin(code string) string { return strings.Repeat("0", 14-len(code)) + code }

// Two products swapping their barcodes, PLUs or quick keys in one file is the file's end
// state, and no conflict: it used to be refused, row by row against the stored catalog.
func TestImportSwapsCodesBetweenProducts(t *testing.T) {
	db := mustOpen(t)
	// SAK-1 has 4770000000019 and quick key 3; ZUB-07 has 5900343000185; KIE-SL PLU 101.
	sak, zub, kie := testProducts[1], testProducts[0], testProducts[2]
	sak.Barcodes, zub.Barcodes = zub.Barcodes, sak.Barcodes
	sak.QuickKey, zub.QuickKey = 0, 3
	sur := testProducts[3]
	sur.Unit, sur.PLU, kie.PLU = pos.UnitKg, "101", "202"
	res := importAll(t, db, sak, zub, kie, sur)
	if res.Changed != 4 || res.Added != 0 {
		t.Fatalf("result %+v", res)
	}
	for code, want := range map[string]pos.SKU{"05900343000185": "SAK-1", "04770000000019": "ZUB-07"} {
		if p, err := db.ProductByGTIN(ctx, code); err != nil || p.SKU != want {
			t.Errorf("barcode %s: %s, %v; want %s", code, p.SKU, err, want)
		}
	}
	if p, _ := db.ProductByPLU(ctx, "00101"); p.SKU != "SUR-GR" {
		t.Errorf("PLU 101 is %s", p.SKU)
	}
	if keys, _ := db.QuickKeys(ctx); len(keys) != 1 || keys[0].SKU != "ZUB-07" {
		t.Errorf("quick keys %v", keys)
	}
}

// Every conflict of the end state is named by its line, in line order: among the file's
// rows, and with the products the file leaves as they are. Nothing is imported.
func TestImportNamesTheLineOfEveryConflict(t *testing.T) {
	db := mustOpen(t)
	kg := func(p pos.Product, plu string) pos.Product { p.Unit, p.PLU = pos.UnitKg, plu; return p }
	qk := func(p pos.Product, k int) pos.Product { p.QuickKey = k; return p }
	im := stage(t, db,
		product("N-1", 100, "5901234123457"),    // line 2
		product("N-2", 100, "05901234123457"),   // line 3: the GTIN of line 2
		product("N-1", 200),                     // line 4: the SKU of line 2
		kg(product("N-3", 100), "00777"),        // line 5
		kg(product("N-4", 100), "777"),          // line 6: PLU 777 is line 5's
		qk(product("N-5", 100), 9),              // line 7
		qk(product("N-6", 100), 9),              // line 8
		product("N-7", 100, "5900343000185"),    // line 9: ZUB-07's, which the file leaves as it is
		kg(product("N-8", 100), "101"),          // line 10: KIE-SL's
		qk(product("N-9", 100, "96385074"), 3),  // line 11: SUR-GR's barcode and SAK-1's quick key
		product("ZUB-07", 100, "5900343000185"), // line 12: fine, and ZUB-07 is now in the file: line 9's code is a duplicate
	)
	conflicts, total, err := im.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []sqlite.Conflict{
		{3, "barcode 05901234123457 is already on line 2"},
		{4, "SKU N-1 is already on line 2"},
		{6, "PLU 777 is already on line 5"},
		{8, "quick key 9 is already on line 7"},
		{10, "PLU 101 already belongs to product KIE-SL, which this file leaves as it is"},
		{11, "quick key 3 already belongs to product SAK-1, which this file leaves as it is"},
		{11, "barcode 96385074 already belongs to product SUR-GR, which this file leaves as it is"},
		{12, "barcode 5900343000185 is already on line 9"},
	}
	slices.SortStableFunc(conflicts, func(a, b sqlite.Conflict) int {
		return strings.Compare(fmt.Sprint(a.Line, a.Message), fmt.Sprint(b.Line, b.Message))
	})
	slices.SortStableFunc(want, func(a, b sqlite.Conflict) int {
		return strings.Compare(fmt.Sprint(a.Line, a.Message), fmt.Sprint(b.Line, b.Message))
	})
	if !reflect.DeepEqual(conflicts, want) || total != len(want) {
		t.Errorf("got %d\n%v\nwant\n%v", total, conflicts, want)
	}
	if err := im.Discard(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ProductBySKU(ctx, "N-1"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a refused import left N-1: %v", err)
	}
	if n, err := db.StagedRows(ctx); err != nil || n != 0 {
		t.Fatalf("a discarded import left %d staged rows, %v", n, err)
	}
}

// While an import is staged and checked, the catalog is all old; from the moment it is
// published, all new, at every step of its merge (a till killed between two steps comes
// back to the new catalog); when merged, the same.
func TestImportIsAllOldOrAllNew(t *testing.T) {
	db := mustOpen(t)
	const n = 3000 // several steps of merging
	var old, next []pos.Product
	for i := range n {
		code := fmt.Sprintf("590%09d", i)
		code += string(checkDigit(code))
		p := product(fmt.Sprintf("G-%04d", i), 100, code)
		p.Name = fmt.Sprintf("Stary towar %d", i)
		old = append(old, p)
		p.Price, p.Name = 200, fmt.Sprintf("Nowy towar %d", i)
		if i%2 == 0 { // half swap their barcode with their neighbour
			p.Barcodes = []string{}
		}
		next = append(next, p)
	}
	for i := 0; i+1 < n; i += 2 {
		next[i].Barcodes, next[i+1].Barcodes = old[i+1].Barcodes, old[i].Barcodes
	}
	importAll(t, db, old...)

	// The catalog as a till reads it: every product, its price, its name's search entry,
	// what its barcodes find.
	catalog := func() (prices map[pos.Money]int, byCode map[string]pos.SKU, found map[string]int) {
		prices, byCode, found = map[pos.Money]int{}, map[string]pos.SKU{}, map[string]int{}
		db.AllProducts(ctx, func(p pos.Product) error {
			if strings.HasPrefix(string(p.SKU), "G-") {
				prices[p.Price]++
			}
			return nil
		})
		for _, i := range []int{0, 1, 1500, 1501, n - 2, n - 1} {
			p, err := db.ProductByGTIN(ctx, gtin(old[i].Barcodes[0]))
			if err != nil {
				t.Fatal(err)
			}
			byCode[old[i].Barcodes[0]] = p.SKU
		}
		for _, q := range []string{"stary towar", "nowy towar"} {
			ps, _ := db.SearchProducts(ctx, q, n+10)
			found[q] = len(ps)
		}
		return
	}
	wantOld := func(when string) {
		t.Helper()
		prices, byCode, found := catalog()
		if !reflect.DeepEqual(prices, map[pos.Money]int{100: n}) || found["stary towar"] != n || found["nowy towar"] != 0 {
			t.Fatalf("%s: prices %v, found %v: want all old", when, prices, found)
		}
		for code, sku := range byCode {
			if want := skuOf(old, code); sku != want {
				t.Fatalf("%s: %s finds %s, want %s", when, code, sku, want)
			}
		}
	}
	wantNew := func(when string) {
		t.Helper()
		prices, byCode, found := catalog()
		if !reflect.DeepEqual(prices, map[pos.Money]int{200: n}) || found["stary towar"] != 0 || found["nowy towar"] != n {
			t.Fatalf("%s: prices %v, found %v: want all new", when, prices, found)
		}
		for code, sku := range byCode {
			if want := skuOf(next, code); sku != want {
				t.Fatalf("%s: %s finds %s, want %s", when, code, sku, want)
			}
		}
	}

	im := stage(t, db, next...)
	wantOld("staged")
	if _, total, err := im.Check(ctx); err != nil || total != 0 {
		t.Fatalf("check: %d, %v", total, err)
	}
	wantOld("checked")
	if err := im.PublishOnly(ctx); err != nil {
		t.Fatal(err)
	}
	wantNew("published")
	steps := 0
	for more := true; more; steps++ {
		var err error
		if more, err = db.MergeOnce(ctx); err != nil {
			t.Fatal(err)
		}
		wantNew(fmt.Sprintf("after merge step %d", steps+1))
	}
	if steps < 3 {
		t.Fatalf("the merge took %d steps: the test saw no catalog half merged", steps)
	}
	if n, _ := db.StagedRows(ctx); n != 0 {
		t.Fatalf("%d staged rows left", n)
	}
	// Re-importing the same file changes nothing.
	if res := importAll(t, db, next...); res.Unchanged != n || res.Changed+res.Added != 0 {
		t.Fatalf("the same file again: %+v", res)
	}
}

func skuOf(ps []pos.Product, code string) pos.SKU {
	for _, p := range ps {
		if slices.Contains(p.Barcodes, code) {
			return p.SKU
		}
	}
	return ""
}

func checkDigit(data string) byte {
	sum := 0
	for i := len(data) - 1; i >= 0; i -= 2 {
		sum += 3 * int(data[i]-'0')
	}
	for i := len(data) - 2; i >= 0; i -= 2 {
		sum += int(data[i] - '0')
	}
	return byte('0' + (10-sum%10)%10)
}

// One import at a time: a second is refused (ECONFLICT) while the first runs; once the
// first is killed, the next takes over and its staged rows go. A published import left
// half merged (killed between two steps) is merged by the next import before it begins.
func TestImportTakesOverFromADeadOne(t *testing.T) {
	db := mustOpen(t)
	first := stage(t, db, product("A-1", 100), product("A-2", 100))
	if _, _, err := first.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginImport(ctx); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a second import while one is under way: %v", err)
	}
	first.Abandon()
	second := stage(t, db, product("B-1", 100))
	if err := second.PublishOnly(ctx); err != nil { // and killed before merging
		t.Fatal(err)
	}
	second.Abandon()
	if _, err := db.ProductBySKU(ctx, "B-1"); err != nil {
		t.Fatalf("a published import is the catalog before it is merged: %v", err)
	}
	importAll(t, db, product("C-1", 100))
	for sku, want := range map[pos.SKU]string{"A-1": pos.ENOTFOUND, "B-1": "", "C-1": ""} {
		if _, err := db.ProductBySKU(ctx, sku); pos.ErrorCode(err) != want {
			t.Errorf("%s: %v", sku, err)
		}
	}
	if n, _ := db.StagedRows(ctx); n != 0 {
		t.Fatalf("%d staged rows left", n)
	}
}

// Where no lock can tell (a till without flock), a staging import is taken for dead once
// it has said nothing for deadAfter, and not before; one that took over makes the dead one
// fail at its next step.
func TestImportHeartbeat(t *testing.T) {
	db := mustOpen(t)
	first, err := db.BeginImportByHeartbeat(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Add(ctx, 2, product("A-1", 100)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BeginImportByHeartbeat(ctx); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("a second import while one is alive: %v", err)
	}
	if err := db.AgeImports(ctx, "3 minutes"); err != nil {
		t.Fatal(err)
	}
	second, err := db.BeginImportByHeartbeat(ctx)
	if err != nil {
		t.Fatalf("a second import once the first fell silent: %v", err)
	}
	defer second.Discard(ctx)
	if _, err := first.Publish(ctx); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("the silent import published after another took over: %v", err)
	}
	if n, _ := db.StagedRows(ctx); n != 0 {
		t.Fatalf("the silent import's rows stay: %d", n)
	}
}

// A hopeless file (its every line taking a code another product keeps) names the first
// thousand conflicts and counts them all.
func TestImportCountsEveryConflict(t *testing.T) {
	db := mustOpen(t)
	var ps []pos.Product
	for i := range 1500 {
		p := product(fmt.Sprintf("H-%04d", i), 100)
		p.Unit, p.PLU = pos.UnitKg, "101" // KIE-SL's
		ps = append(ps, p)
	}
	conflicts, total, err := stage(t, db, ps...).Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Line 2 takes KIE-SL's PLU; lines 3 to 1501 take it too, and line 2's.
	if len(conflicts) != 1000 || total != 1500+1499 || conflicts[0].Line != 2 {
		t.Fatalf("%d named, %d in all, the first %v", len(conflicts), total, conflicts[0])
	}
}
