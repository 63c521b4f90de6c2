package pos

import (
	"sort"
	"strings"
)

// VATRate is a VAT rate in basis points: 2300 is 23 %.
type VATRate int64

// Percent shows the rate as on a receipt: "23%", "5,5%".
func (r VATRate) Percent() string {
	if r%100 == 0 {
		return formatFixed(int64(r)/100, 0, ',') + "%"
	}
	return strings.TrimRight(formatFixed(int64(r), 2, ','), "0") + "%"
}

// VATClass pairs a rate with the letter printed beside each receipt line (PTU A, B, C...).
type VATClass struct {
	Letter string
	Rate   VATRate
}

// VATTable is a store's list of VAT classes.
type VATTable []VATClass

// PolishVAT is the Polish table: A 23 %, B 8 %, C 5 %, D 0 %.
var PolishVAT = VATTable{{"A", 2300}, {"B", 800}, {"C", 500}, {"D", 0}}

// LithuanianVAT is the Lithuanian table (PVM): A 21 %, B 9 %, C 5 %, D 0 %.
var LithuanianVAT = VATTable{{"A", 2100}, {"B", 900}, {"C", 500}, {"D", 0}}

// Letter returns the receipt letter of a rate, or "?" for a rate the table lacks.
func (t VATTable) Letter(r VATRate) string {
	for _, c := range t {
		if c.Rate == r {
			return c.Letter
		}
	}
	return "?"
}

// Has reports whether the table knows the rate.
func (t VATTable) Has(r VATRate) bool { return t.Letter(r) != "?" }

// VATOfGross is the VAT contained in a gross amount: gross × rate / (100 % + rate), rounded.
func VATOfGross(gross Money, r VATRate) Money {
	return Money(divRound(int64(gross)*int64(r), 10000+int64(r)))
}

// VATLine is one rate's part of a sale: what the receipt's VAT summary prints.
type VATLine struct {
	Class VATClass
	Gross Money
	VAT   Money
}

// Net is the gross amount less its VAT.
func (v VATLine) Net() Money { return v.Gross - v.VAT }

// SummarizeVAT groups gross amounts per rate and computes the VAT of each rate's total, as
// fiscal rules ask (per rate from totals, not summed per line). Highest rate first.
func SummarizeVAT(t VATTable, grossByRate map[VATRate]Money) []VATLine {
	out := make([]VATLine, 0, len(grossByRate))
	for r, g := range grossByRate {
		out = append(out, VATLine{Class: VATClass{Letter: t.Letter(r), Rate: r}, Gross: g, VAT: VATOfGross(g, r)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Class.Rate > out[j].Class.Rate })
	return out
}
