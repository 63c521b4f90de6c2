package catalogcsv

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	err := Write(&b, []pos.Product{
		{SKU: "PL-1", Barcodes: []string{"5901234123457", "96385074"}, Name: "Mleko 3,2% 1 l", Price: 429, VAT: 500, Unit: pos.UnitPiece},
		{SKU: "PL-2", Name: "Banany", Price: 599, VAT: 550, Unit: pos.UnitKg, PLU: "00101", QuickKey: 16},
		{SKU: "PL-3", Name: "Karta podarunkowa", Price: 5000, VAT: 0, Unit: pos.UnitPiece},
	})
	want := header +
		"PL-1,5901234123457|96385074,\"Mleko 3,2% 1 l\",4.29,5,pcs,,\n" +
		"PL-2,,Banany,5.99,5.5,kg,00101,16\n" +
		"PL-3,,Karta podarunkowa,50.00,0,pcs,,\n"
	if err != nil || b.String() != want {
		t.Errorf("got %v\n%s\nwant\n%s", err, b.String(), want)
	}
}

func TestWriterEmptyCatalogHasHeader(t *testing.T) {
	var b bytes.Buffer
	if err := NewWriter(&b).Flush(); err != nil || b.String() != header {
		t.Errorf("got %v %q", err, b.String())
	}
}

func TestRoundTrip(t *testing.T) {
	products := []pos.Product{
		{SKU: "PL-000001", Barcodes: []string{"5901234123457", "036000291452", "96385074", "05901234123464"}, Name: `Ser "Gouda", plastry`, Price: 699, VAT: 800, Unit: pos.UnitPiece},
		{SKU: "LT-000001", Name: `Grūdėtas varškės sūris, „nauja” eilutė; 100%`, Price: 0, VAT: 550, Unit: pos.UnitPiece, QuickKey: 24},
		{SKU: "PL-000002", Name: "Kiełbasa śląska", Price: 2499, VAT: 500, Unit: pos.UnitKg, PLU: "00113"},
		{SKU: "PL-000003", Barcodes: []string{"4771234567893"}, Name: "Żubrówka Bison Grass 0,7 l", Price: 4999, VAT: 2300, Unit: pos.UnitPiece, PLU: "7", QuickKey: 1},
		{SKU: "X", Name: "Sąskaita", Price: 39999, VAT: 1, Unit: pos.UnitPiece},
	}
	var b bytes.Buffer
	if err := Write(&b, products); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, products) {
		t.Errorf("got  %+v\nwant %+v", got, products)
	}
}

func TestPercent(t *testing.T) {
	for r, want := range map[pos.VATRate]string{0: "0", 500: "5", 550: "5.5", 2300: "23", 1000: "10", 1: "0.01", 10000: "100"} {
		if got := percent(r); got != want {
			t.Errorf("percent(%d) = %q, want %q", r, got, want)
		}
		if back, err := parseVAT(want); err != nil || back != r {
			t.Errorf("parseVAT(%q) = %d, %v", want, back, err)
		}
	}
	if !strings.Contains(header, "quick_key") {
		t.Fatal("header")
	}
}
