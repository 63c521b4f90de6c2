package central

import (
	"cmp"
	"maps"
	"slices"

	"github.com/omnitill/omnitill/pos"
)

// VATClass is one VAT class of a country: Polish reduced is 8 %, Lithuanian reduced 9 %.
// The catalog's rates are those of the catalog country (PL); a till is sent the rate of the
// same class in its store's country.
type VATClass struct {
	Country string // ISO 3166 code: PL, LT
	Class   string // standard, reduced, super-reduced, zero, ...
	Rate    pos.VATRate
}

// ValidCountry says whether c is an ISO 3166 code, two capital letters.
func ValidCountry(c string) bool {
	return len(c) == 2 && 'A' <= c[0] && c[0] <= 'Z' && 'A' <= c[1] && c[1] <= 'Z'
}

// Check refuses a class without a country code, a name, or a rate from 0 to 100 %.
func (c VATClass) Check() error {
	if !ValidCountry(c.Country) || c.Class == "" || c.Rate < 0 || c.Rate > 10000 {
		return pos.Errorf(pos.EINVALID, "VAT class %q of %q: a class needs a two-letter country code, a name and a rate from 0 to 100 %%", c.Class, c.Country)
	}
	return nil
}

// Translation maps the catalog's rates to the rates of one country; a rate it lacks is
// sent as it is.
type Translation map[pos.VATRate]pos.VATRate

// Of is the rate a till of the country is sent for the catalog's rate r.
func (t Translation) Of(r pos.VATRate) pos.VATRate {
	if to, ok := t[r]; ok {
		return to
	}
	return r
}

// RatesThatDiffer lists the catalog rates that a and b send differently, in order.
func RatesThatDiffer(a, b Translation) []pos.VATRate {
	var out []pos.VATRate
	rates := slices.Concat(slices.Collect(maps.Keys(a)), slices.Collect(maps.Keys(b)))
	slices.Sort(rates)
	for _, r := range slices.Compact(rates) {
		if a.Of(r) != b.Of(r) {
			out = append(out, r)
		}
	}
	return out
}

// VATLetters is the VAT table a till of the country prints: its classes lettered A, B, C...
// from the highest rate down, as Polish PTU and Lithuanian PVM receipts letter them.
func VATLetters(classes []VATClass) pos.VATTable {
	classes = slices.Clone(classes)
	slices.SortFunc(classes, func(a, b VATClass) int { return cmp.Compare(b.Rate, a.Rate) })
	var t pos.VATTable
	for i, c := range classes {
		if i == 26 {
			break
		}
		t = append(t, pos.VATClass{Letter: string(rune('A' + i)), Rate: c.Rate})
	}
	return t
}
