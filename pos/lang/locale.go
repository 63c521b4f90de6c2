package lang

import (
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Locale is how a store's country writes numbers, money and dates. Screens and paper use
// the store's, whatever the cashier's language, so the amount on the screen, on the
// receipt and on the customer display read the same.
type Locale struct {
	Country  string
	Decimal  byte   // the decimal separator
	Group    string // between groups of three digits
	DateTime string // a Go time layout to the minute
}

// LocaleOf is the locale of a country (ISO 3166 code): Poland writes 1 234,56 and
// 02.12.2026 14:05; Lithuania, and any other country, 1 234,56 and 2026-12-02 14:05.
func LocaleOf(country string) Locale {
	l := Locale{Country: strings.ToUpper(country), Decimal: ',', Group: " ", DateTime: "2006-01-02 15:04"}
	if l.Country == "PL" {
		l.DateTime = "02.01.2006 15:04"
	}
	return l
}

// Number writes v minor units with decimals places: Number(123456, 2) is "1 234,56".
func (l Locale) Number(v int64, decimals int) string {
	neg := v < 0
	digits := strconv.FormatUint(absInt64(v), 10)
	for len(digits) <= decimals {
		digits = "0" + digits
	}
	whole, frac := digits[:len(digits)-decimals], digits[len(digits)-decimals:]
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(l.Group)
		}
		b.WriteByte(whole[i])
	}
	if decimals > 0 {
		b.WriteByte(l.Decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// absInt64 is |v| as unsigned, right for math.MinInt64 too.
func absInt64(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// Symbol is how a currency is written after an amount: "zł", "€", else its code.
func Symbol(c pos.Currency) string {
	switch c {
	case pos.PLN:
		return "zł"
	case pos.EUR:
		return "€"
	}
	return string(c)
}

// Amount writes an amount without its currency: "1 234,56".
func (w *Words) Amount(m pos.Money) string { return w.Locale.Number(int64(m), 2) }

// Money writes an amount with its currency: "1 234,56 zł".
func (w *Words) Money(m pos.Money, c pos.Currency) string { return w.Amount(m) + " " + Symbol(c) }

// Qty writes a quantity with its unit: "2 szt.", "0,734 kg", "1,5 szt." for a part of a piece.
func (w *Words) Qty(q pos.Qty, u pos.Unit) string {
	return w.Number(q, u) + " " + w.Unit(u)
}

// Number writes a quantity without its unit: whole pieces without decimals, kilograms to
// the gram.
func (w *Words) Number(q pos.Qty, u pos.Unit) string {
	if u != pos.UnitKg && q%1000 == 0 {
		return w.Locale.Number(int64(q)/1000, 0)
	}
	return w.Locale.Number(int64(q), 3)
}

// Unit is a unit's short name in w's language: "szt.", "vnt.", "pcs", "kg".
func (w *Words) Unit(u pos.Unit) string {
	if u == pos.UnitKg {
		return w.T("kg")
	}
	return w.T("pcs")
}

// DateTime writes a moment to the minute, in the till's time zone.
func (w *Words) DateTime(t time.Time) string { return t.Format(w.Locale.DateTime) }
