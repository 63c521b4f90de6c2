package demo

import (
	"bytes"
	"errors"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/catalogcsv"
)

func TestProducts(t *testing.T) {
	products, err := Products()
	if err != nil {
		t.Fatal(err)
	}
	if len(products) < 200 {
		t.Errorf("%d demo products", len(products))
	}
}

func TestGenerate(t *testing.T) {
	const n = 1000
	skus, codes := map[pos.SKU]bool{}, map[string]bool{}
	var count, kg int
	err := Generate(n, 1, func(p pos.Product) error {
		count++
		if err := p.Validate(pos.PolishVAT); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
		if skus[p.SKU] {
			t.Errorf("SKU %s twice", p.SKU)
		}
		skus[p.SKU] = true
		if len(p.Barcodes) != 1 {
			t.Fatalf("%s has barcodes %v", p.SKU, p.Barcodes)
		}
		c := p.Barcodes[0]
		if len(c) != 13 || !barcode.ValidGTIN(c) || c[0] == '2' || (c[:3] != "590" && c[:3] != "477") {
			t.Errorf("%s: bad barcode %s", p.SKU, c)
		}
		if codes[c] {
			t.Errorf("barcode %s twice", c)
		}
		codes[c] = true
		if p.Price < 99 || p.Price > 39999 {
			t.Errorf("%s costs %s", p.SKU, p.Price)
		}
		if p.Unit == pos.UnitKg {
			kg++
			if len(p.PLU) != 5 {
				t.Errorf("%s is weighed without a PLU", p.SKU)
			}
		}
		return nil
	})
	if err != nil || count != n {
		t.Fatalf("got %d products, %v", count, err)
	}
	if kg < n/50 || kg > n/10 {
		t.Errorf("%d of %d products are weighed", kg, n)
	}
	if skus["G-0000001"] != true || skus["G-0001000"] != true {
		t.Error("SKUs should run G-0000001..G-0001000")
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	for _, x := range []struct {
		w    *bytes.Buffer
		seed int64
	}{{&a, 7}, {&b, 7}, {&c, 8}} {
		if err := GenerateCSV(x.w, 500, x.seed); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed gave different catalogs")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("different seeds gave the same catalog")
	}
}

func TestGenerateCSVReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := GenerateCSV(&b, 2000, 1); err != nil {
		t.Fatal(err)
	}
	products, err := catalogcsv.Read(&b, pos.PolishVAT)
	if err != nil {
		t.Fatal(err)
	}
	if len(products) != 2000 {
		t.Fatalf("read %d products", len(products))
	}
	i := 0
	err = Generate(2000, 1, func(p pos.Product) error {
		if q := products[i]; q.SKU != p.SKU || q.Name != p.Name || q.Price != p.Price || q.Barcodes[0] != p.Barcodes[0] || q.PLU != p.PLU {
			t.Errorf("row %d: read %+v, generated %+v", i, q, p)
		}
		i++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGenerateStopsOnEmitError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Generate(100, 1, func(pos.Product) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("got %v after %d calls", err, calls)
	}
	if Generate(-1, 1, func(pos.Product) error { return nil }) == nil {
		t.Error("a negative count should be refused")
	}
}

func TestGeneratePLUsStayUnique(t *testing.T) {
	// With PLUs 10000–10099 only the first 100 weighed articles get one.
	plus := map[string]bool{}
	var kg, withPLU int
	err := generate(5000, 3, 10099, func(p pos.Product) error {
		if p.Unit == pos.UnitKg {
			kg++
			if p.PLU == "" && withPLU < 100 {
				t.Errorf("%s is weighed without a PLU while PLUs are left", p.SKU)
			}
		}
		if p.PLU != "" {
			withPLU++
			if plus[p.PLU] {
				t.Fatalf("PLU %s twice", p.PLU)
			}
			plus[p.PLU] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if kg <= 100 || withPLU != 100 || !plus["10000"] || !plus["10099"] {
		t.Errorf("%d weighed, %d with a PLU", kg, withPLU)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if err := Generate(10000, 1, func(pos.Product) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
