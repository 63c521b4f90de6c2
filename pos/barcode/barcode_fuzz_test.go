package barcode

import (
	"errors"
	"reflect"
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
	for _, s := range []string{"]C1003590123412345678\x1d16270600", "(00)059012341234567895(99)X", "]d2\x1d0105901234123457\x1d3932985129917270300",
		"01234565", "]E401234565", "(17)770101(11)000229(7003)2703311530"} {
		f.Add(s)
	}
	p := NewParser(
		Template{Prefix: "21", Pattern: "21 PPPPP MMMMM C"},
		Template{Prefix: "22", Pattern: "22 PPPPPPPPPP C"},
		Template{Prefix: "24", Pattern: "24 PPPPP WWWWW"}, // broken on purpose
	)
	p.Now = june2026
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
		if c.AltGTIN != "" && (c.Kind != UPCE || !ValidGTIN(c.AltGTIN) || len(c.AltGTIN) != 14 || c.AltGTIN == c.GTIN) {
			t.Fatalf("Parse(%q) %s GTIN %s with the other reading %q", in, c.Kind, c.GTIN, c.AltGTIN)
		}
		if c.Kind == GS1 {
			checkElements(t, p, in, c)
		}
		_ = c.Describe()
	})
}

// checkElements checks what a GS1 code kept: every element is one GS1 defines, with a value
// of its format and a date where it is one; written out again as scanned (FNC1 after each
// variable-length field), the elements read back the same.
func checkElements(t *testing.T, p *Parser, in string, c Code) {
	t.Helper()
	var again strings.Builder
	again.WriteString("]C1")
	for _, e := range c.AIs {
		spec, ok := lookupAI(e.ID)
		if !ok {
			t.Fatalf("Parse(%q) kept AI %q, which GS1 does not define", in, e.ID)
		}
		if err := checkValue(e.ID, spec, e.Value, p.now(), errorfGS1); err != nil {
			t.Fatalf("Parse(%q) kept (%s)%q: %v", in, e.ID, e.Value, err)
		}
		if spec.isDate() != (e.Date != "") || (e.Date != "" && len(e.Date) != 10) {
			t.Fatalf("Parse(%q) (%s)%s has date %q", in, e.ID, e.Value, e.Date)
		}
		again.WriteString(e.ID + e.Value)
		if spec.fixedLen() == 0 {
			again.WriteByte(gs)
		}
	}
	back, err := p.Parse(again.String())
	if err != nil {
		t.Fatalf("Parse(%q) elements %v, written out as %q, read %v", in, c.AIs, again.String(), err)
	}
	if !reflect.DeepEqual(back.AIs, c.AIs) {
		t.Fatalf("Parse(%q) elements %v, written out as %q, read back as %v", in, c.AIs, again.String(), back.AIs)
	}
}

func errorfGS1(format string, args ...any) *Error { return errorf("gs1", format, args...) }
