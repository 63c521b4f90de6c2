package catalogcsv

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/assets"
	"github.com/omnitill/omnitill/pos"
)

func TestDemoCatalog(t *testing.T) {
	products, err := Read(bytes.NewReader(assets.DemoProductsCSV), pos.PolishVAT)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(assets.DemoProductsCSV, []byte(header)) {
		t.Error("the demo file must start with the canonical header")
	}
	var weighed, quick, barcoded int
	names := map[string]bool{}
	var all strings.Builder
	for _, p := range products {
		names[p.Name] = true
		all.WriteString(strings.ToLower(p.Name))
		if p.Unit == pos.UnitKg && p.PLU != "" {
			weighed++
		}
		if p.QuickKey > 0 {
			quick++
		}
		if len(p.Barcodes) > 0 {
			barcoded++
		}
		for _, c := range p.Barcodes {
			if len(c) != 13 || !(strings.HasPrefix(c, "590") || strings.HasPrefix(c, "477")) {
				t.Errorf("%s: barcode %s is not a Polish or Lithuanian EAN-13", p.SKU, c)
			}
		}
		if p.Price <= 0 {
			t.Errorf("%s has no price", p.SKU)
		}
	}
	t.Logf("%d products, %d weighed with a PLU, %d on quick keys, %d with barcodes", len(products), weighed, quick, barcoded)
	if len(products) < 200 || weighed < 15 || quick < 10 || barcoded < 150 {
		t.Errorf("the demo catalog is too small")
	}
	for _, r := range "ąćęłńóśźżčėįšųūž" {
		if !strings.ContainsRune(all.String(), r) {
			t.Errorf("no name contains %c", r)
		}
	}
	for _, n := range []string{"Żubrówka Bison Grass 0,7 l", "Šakotis", "Kiełbasa śląska", "Grūdėtas varškės sūris", "Torba foliowa"} {
		if !names[n] {
			t.Errorf("the demo catalog lacks %q", n)
		}
	}
	for _, w := range []string{"pierogi ruskie", "ogórki kiszone", "chleb żytni", "kefyras", "juoda duona", "cepelinai", "skilandis",
		"šaltibarščiai", "sūris džiugas", "krówki", "ptasie mleczko", "pączek z różą", "wódka wyborowa", "švyturys", "tyskie",
		"żywiec", "kabanosy", "twaróg", "śmietana 18%", "grikiai", "kmynai"} {
		if !strings.Contains(all.String(), w) {
			t.Errorf("the demo catalog lacks %q", w)
		}
	}
	// Exporting the demo catalog gives back the very file.
	var b bytes.Buffer
	if err := Write(&b, products); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), assets.DemoProductsCSV) {
		t.Error("Write does not reproduce the demo file byte for byte")
	}
	if again, err := Read(&b, pos.PolishVAT); err != nil || !reflect.DeepEqual(again, products) {
		t.Errorf("round trip of the demo catalog: %v", err)
	}
}
