package pos

import (
	"strconv"
	"strings"
)

// Money is an amount in minor units (grosze, cents). Never a float.
type Money int64

// Currency is an ISO 4217 code; all Omnitill currencies have two decimals.
type Currency string

const (
	PLN Currency = "PLN"
	EUR Currency = "EUR"
)

// String formats with a dot, as files and logs want it: "12.99", "-0.05".
func (m Money) String() string { return formatFixed(int64(m), 2, '.') }

// Display formats with a decimal comma, as Polish and Lithuanian customers read it: "12,99".
func (m Money) Display() string { return formatFixed(int64(m), 2, ',') }

// ParseMoney reads a decimal amount such as "12,99", "12.99", "12", "0.5" or "1 234,56" (as
// the screens write it) into minor units. More than two decimals is an error, not a rounding.
func ParseMoney(s string) (Money, error) {
	v, err := parseFixed(s, 2)
	if err != nil {
		return 0, Errorf(EINVALID, "%q is not an amount of money (use e.g. 12,99)", s)
	}
	return Money(v), nil
}

// ParseQty reads a decimal quantity such as "2", "0,250" or "1.5" into thousandths.
func ParseQty(s string) (Qty, error) {
	v, err := parseFixed(s, 3)
	if err != nil || v <= 0 {
		return 0, Errorf(EINVALID, "%q is not a quantity (use e.g. 2 or 0,250)", s)
	}
	return Qty(v), nil
}

// MulQty prices a quantity: unit price × quantity, rounded half away from zero to the minor unit.
func MulQty(unitPrice Money, q Qty) Money {
	return Money(divRound(int64(unitPrice)*int64(q), 1000))
}

// Percent returns p basis points of m, rounded half away from zero (1000 bp = 10 %).
func (m Money) Percent(bp int64) Money { return Money(divRound(int64(m)*bp, 10000)) }

// divRound divides rounding half away from zero.
func divRound(a, b int64) int64 {
	q, r := a/b, a%b
	if r < 0 {
		r = -r
	}
	if 2*r >= b {
		if (a < 0) != (b < 0) {
			q--
		} else {
			q++
		}
	}
	return q
}

func formatFixed(v int64, decimals int, sep byte) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	if decimals > 0 {
		for len(s) <= decimals {
			s = "0" + s
		}
		s = s[:len(s)-decimals] + string(sep) + s[len(s)-decimals:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func parseFixed(s string, decimals int) (int64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	whole, ok := ungroup(whole)
	if !ok {
		return 0, strconv.ErrSyntax
	}
	if whole == "" && frac == "" || len(frac) > decimals || len(whole) > 15 {
		return 0, strconv.ErrSyntax
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, strconv.ErrSyntax
			}
		}
	}
	frac += strings.Repeat("0", decimals-len(frac))
	v, err := strconv.ParseInt(whole+frac, 10, 64)
	if neg {
		v = -v
	}
	return v, err
}

// ungroup removes the spaces between groups of three digits that the screens write
// ("1 234", also with a no-break space): only well-formed groups, so that a slip such as
// "12 99" is refused rather than read as 1299.
func ungroup(whole string) (string, bool) {
	whole = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(whole)
	if !strings.Contains(whole, " ") {
		return whole, true
	}
	groups := strings.Split(whole, " ")
	for i, g := range groups {
		if g == "" || len(g) > 3 || i > 0 && len(g) != 3 {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}
