package barcode

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// gs is the ASCII group separator scanners send for FNC1: it ends a variable-length field.
const gs = 0x1D

// readGS1 reads a GS1 element string, bracketed as printed under the barcode
// ("(01)05901234123457(10)LOT7") or as scanned, with GS after variable-length fields.
// Dates are read in GS1's sliding century window around now.
func readGS1(c *Code, now time.Time) *Error {
	s := c.Raw
	bad := func(format string, args ...any) *Error {
		return errorf("gs1", "GS1 code %q: "+format, append([]any{shown(c.Raw)}, args...)...)
	}
	var elements []AI
	bracketed := s[0] == '('
	s = strings.TrimLeft(s, "\x1d") // some scanners send the leading FNC1 too
	for len(s) > 0 {
		var id, value string
		if s[0] == gs && !bracketed {
			s = s[1:]
			continue
		}
		if bracketed {
			end := strings.IndexByte(s, ')')
			if s[0] != '(' || end < 0 {
				return bad("expected a field number in brackets, such as (01)")
			}
			id, s = s[1:end], s[end+1:]
			next := strings.IndexByte(s, '(')
			if next < 0 {
				next = len(s)
			}
			value, s = strings.Trim(s[:next], whitespace), s[next:]
		} else {
			id = leadingAI(s)
			s = s[len(id):]
		}
		spec, ok := lookupAI(id)
		if !ok {
			if id == "" || !allDigits(id) {
				return bad("%q is not a field number (AI)", id)
			}
			return bad("unknown field (AI %s): GS1 defines no such field", id)
		}
		if !bracketed {
			n := len(s)
			if fixed := spec.fixedLen(); fixed > 0 {
				n = min(fixed, len(s))
			}
			if i := strings.IndexByte(s[:n], gs); i >= 0 {
				n = i
			}
			value, s = s[:n], s[n:]
		}
		if err := checkValue(id, spec, value, now, bad); err != nil {
			return err
		}
		e := AI{ID: id, Value: value}
		if spec.isDate() {
			e.Date = gs1Date(value, now)
		}
		elements = append(elements, e)
	}
	if len(elements) == 0 {
		return bad("no fields")
	}
	return fill(c, elements, bad)
}

// checkValue checks one element's value against its identifier's format: the length and
// characters of each part, check digits, dates and times.
func checkValue(id string, spec aiSpec, v string, now time.Time, bad func(string, ...any) *Error) *Error {
	if v == "" {
		return bad("the %s (%s) is empty", spec.name, id)
	}
	if fixed := spec.fixedLen(); fixed > 0 && len(v) != fixed {
		unit := "characters"
		if spec.parts[0].set == 'N' && len(spec.parts) == 1 {
			unit = "digits"
		}
		return bad("the %s (%s) must have %d %s, not %d", spec.name, id, fixed, unit, len(v))
	}
	at := 0
	for _, p := range spec.parts {
		rest := v[at:]
		if rest == "" && p.optional {
			break
		}
		n := len(rest)
		if p.min == p.max {
			if n < p.max {
				return bad("the %s (%s) is too short", spec.name, id)
			}
			n = p.max
		} else if n > p.max {
			return bad("the %s (%s) is longer than %d characters", spec.name, id, at+p.max)
		}
		seg := rest[:n]
		switch {
		case p.set == 'N' && !allDigits(seg):
			return bad("the %s (%s) must be digits only", spec.name, id)
		case !inSet(p.set, seg):
			return bad("the %s (%s) has characters GS1 does not allow", spec.name, id)
		case p.check == "csum" && !validCheck(seg) && (id == "01" || id == "02"):
			return errorf("check-digit", "Wrong check digit in GS1 %s %s: expected %c. Scan again or type the code.", spec.name, v, CheckDigit(v[:13]))
		case p.check == "csum" && !validCheck(seg):
			return bad("the %s (%s) has a wrong check digit: expected %c", spec.name, id, CheckDigit(seg[:len(seg)-1]))
		case (p.check == "yymmdd" || p.check == "yymmd0") && !validDate(seg, p.check == "yymmd0", now):
			return bad("the %s (%s) %s is not a date (YYMMDD)", spec.name, id, seg)
		case p.check == "hhmm" && (atoi(seg[:2]) > 23 || atoi(seg[2:]) > 59):
			return bad("the %s (%s) %s is not a time (HHMM)", spec.name, id, seg)
		}
		at += n
	}
	if at < len(v) {
		return bad("the %s (%s) is too long", spec.name, id)
	}
	return nil
}

// fill sets the Code fields the till acts on from the elements; every element stays in AIs.
func fill(c *Code, elements []AI, bad func(string, ...any) *Error) *Error {
	seen := map[string]bool{}
	var contents string
	for _, e := range elements {
		family := e.ID
		if len(family) == 4 && (family[:2] >= "31" && family[:2] <= "36" || family[:2] == "39") {
			family = family[:3] // 3102 and 3103 are both the weight, with 2 or 3 decimals
		}
		if seen[family] {
			return bad("the field (%s) appears twice", e.ID)
		}
		seen[family] = true
		n := int(e.ID[len(e.ID)-1] - '0')
		switch family {
		case "01":
			c.GTIN = e.Value
		case "02":
			contents = e.Value
		case "10":
			c.Batch = e.Value
		case "17":
			c.Expiry = e.Date
		case "310": // kilograms with n decimals, to grams
			c.Weight, c.HasWeight = scale(e.Value, n, 3), true
		case "392": // amount with n decimals, to minor units of a two-decimal currency
			c.Price, c.HasPrice = scale(e.Value, n, 2), true
		}
	}
	if c.GTIN == "" {
		c.GTIN = contents // a case of one article: the till sells the article
	}
	c.Kind, c.AIs = GS1, elements
	return nil
}

// scale turns a digit string with n implied decimals into an integer with want decimals,
// rounding half up. Values are at most 15 digits, so nothing overflows.
func scale(digits string, n, want int) int64 {
	v, _ := strconv.ParseInt(digits, 10, 64)
	for ; n < want; n++ {
		v *= 10
	}
	if n > want {
		div := int64(1)
		for ; n > want; n-- {
			div *= 10
		}
		v = (v + div/2) / div
	}
	return v
}

// validDate says YYMMDD is a date in the window around now; day 00 (the whole month)
// only when dayZero.
func validDate(yymmdd string, dayZero bool, now time.Time) bool {
	if !dayZero && strings.HasSuffix(yymmdd, "00") {
		return false
	}
	return gs1Date(yymmdd, now) != ""
}

// gs1Date turns YYMMDD into YYYY-MM-DD, or "" when it is no date. Day 00 means the whole
// month, so its last day counts. The century follows GS1's sliding window (General
// Specifications 7.12): a year more than 50 years ahead of now is in the last century, one
// more than 49 years behind it in the next.
func gs1Date(yymmdd string, now time.Time) string {
	if len(yymmdd) != 6 || !allDigits(yymmdd) {
		return ""
	}
	year := centuryWindow(atoi(yymmdd[0:2]), now.Year())
	month, day := atoi(yymmdd[2:4]), atoi(yymmdd[4:6])
	if month < 1 || month > 12 {
		return ""
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day == 0 {
		day = last
	}
	if day > last {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
}

// centuryWindow gives a two-digit year its century in GS1's sliding window around now.
func centuryWindow(yy, now int) int {
	century := now - now%100
	switch d := yy - now%100; {
	case d >= 51:
		century -= 100
	case d <= -50:
		century += 100
	}
	return century + yy
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// describeValue shows dates as dates; everything else as encoded.
func describeValue(ai AI) string {
	if ai.Date != "" {
		return ai.Date
	}
	return ai.Value
}
