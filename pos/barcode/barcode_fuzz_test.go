package barcode

import (
	"errors"
	"strings"
	"testing"
)

var knownKinds = map[Kind]bool{EAN13: true, EAN8: true, UPCA: true, UPCE: true, GTIN14: true, InStore: true, GS1: true}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}
	for _, s := range []string{"2112345012995", "2201234567897", "2312345123459", "2412345012507"} {
		f.Add(s)
	}
	p := NewParser(
		Template{Prefix: "21", Pattern: "21 PPPPP MMMMM C"},
		Template{Prefix: "22", Pattern: "22 PPPPPPPPPP C"},
		Template{Prefix: "24", Pattern: "24 PPPPP WWWWW"}, // broken on purpose
	)
	f.Fuzz(func(t *testing.T, in string) {
		c, err := p.Parse(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Message == "" || e.Reason == "" {
				t.Fatalf("Parse(%q) error %#v is not an *Error with a message", in, err)
			}
			return
		}
		if !knownKinds[c.Kind] {
			t.Fatalf("Parse(%q) Kind = %q", in, c.Kind)
		}
		if c.GTIN != "" && (len(c.GTIN) != 14 || !ValidGTIN(c.GTIN)) {
			t.Fatalf("Parse(%q) GTIN = %q, not 14 digits with a valid check digit", in, c.GTIN)
		}
		if c.Kind != GS1 && c.Kind != InStore && c.GTIN == "" {
			t.Fatalf("Parse(%q) %s without GTIN", in, c.Kind)
		}
		if c.Kind == InStore && (c.GTIN != "" || c.ItemCode == "") {
			t.Fatalf("Parse(%q) in-store code with GTIN %q, item %q", in, c.GTIN, c.ItemCode)
		}
		if c.Kind == GS1 && len(c.AIs) == 0 {
			t.Fatalf("Parse(%q) GS1 without elements", in)
		}
		if c.Raw == "" || c.Raw != strings.Trim(c.Raw, whitespace) {
			t.Fatalf("Parse(%q) Raw = %q", in, c.Raw)
		}
		if c.Weight < 0 || c.Price < 0 {
			t.Fatalf("Parse(%q) weight %d, price %d", in, c.Weight, c.Price)
		}
		_ = c.Describe()
	})
}
