package barcode

import (
	"strconv"
	"strings"
	"time"
)

// gs is the ASCII group separator scanners send for FNC1: it ends a variable-length field.
const gs = 0x1D

// aiSpec is what the till knows about one application identifier.
type aiSpec struct {
	name    string // in the shop's words, for messages
	fixed   int    // exact length; 0 for variable length
	max     int    // longest variable-length value
	numeric bool
	date    bool
}

// ais are the identifiers found on goods at a till. 310n and 392n are keyed by their
// first three digits: the fourth is the number of decimals.
var ais = map[string]aiSpec{
	"01":  {name: "GTIN", fixed: 14, numeric: true},
	"02":  {name: "GTIN of the contents", fixed: 14, numeric: true},
	"10":  {name: "batch", max: 20},
	"11":  {name: "production date", fixed: 6, numeric: true, date: true},
	"13":  {name: "packing date", fixed: 6, numeric: true, date: true},
	"15":  {name: "best before date", fixed: 6, numeric: true, date: true},
	"17":  {name: "expiry date", fixed: 6, numeric: true, date: true},
	"21":  {name: "serial number", max: 20},
	"37":  {name: "count", max: 8, numeric: true},
	"310": {name: "net weight", fixed: 6, numeric: true},
	"392": {name: "price", max: 15, numeric: true},
}

// lookupAI finds the spec of a complete identifier such as "17" or "3103".
func lookupAI(id string) (aiSpec, bool) {
	switch {
	case len(id) == 2 && allDigits(id):
		spec, ok := ais[id]
		return spec, ok
	case len(id) == 4 && allDigits(id):
		spec, ok := ais[id[:3]]
		return spec, ok && (id[:3] != "310" || id[3] <= '5')
	}
	return aiSpec{}, false
}

// leadingAI reads the identifier at the start of an unbracketed element string. Its
// length follows from its first two digits, as GS1 defines them (5x and 6x are unused:
// two digits make the clearer message).
func leadingAI(s string) string {
	n := 4
	if len(s) >= 2 && allDigits(s[:2]) {
		switch p := s[:2]; {
		case p <= "22", p == "30", p == "37", p[0] == '5', p[0] == '6', p >= "90":
			n = 2
		case p <= "29", p[0] == '4':
			n = 3
		}
	}
	return s[:min(n, len(s))]
}

// readGS1 reads a GS1 element string, bracketed as printed under the barcode
// ("(01)05901234123457(10)LOT7") or as scanned, with GS after variable-length fields.
func readGS1(c *Code) *Error {
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
			return bad("unknown field (AI %s); the till cannot read it", id)
		}
		if !bracketed {
			n := len(s)
			if spec.fixed > 0 {
				n = min(spec.fixed, len(s))
			}
			if i := strings.IndexByte(s[:n], gs); i >= 0 {
				n = i
			}
			value, s = s[:n], s[n:]
		}
		if err := checkValue(id, spec, value, bad); err != nil {
			return err
		}
		elements = append(elements, AI{ID: id, Value: value})
	}
	if len(elements) == 0 {
		return bad("no fields")
	}
	return fill(c, elements, bad)
}

// checkValue checks one element's value against its identifier's rules.
func checkValue(id string, spec aiSpec, v string, bad func(string, ...any) *Error) *Error {
	switch {
	case v == "":
		return bad("the %s (%s) is empty", spec.name, id)
	case spec.fixed > 0 && len(v) != spec.fixed:
		return bad("the %s (%s) must have %d digits, not %d", spec.name, id, spec.fixed, len(v))
	case spec.max > 0 && len(v) > spec.max:
		return bad("the %s (%s) is longer than %d characters", spec.name, id, spec.max)
	case spec.numeric && !allDigits(v):
		return bad("the %s (%s) must be digits only", spec.name, id)
	case !spec.numeric && !cset82(v):
		return bad("the %s (%s) has characters GS1 does not allow", spec.name, id)
	case spec.date && expiry(v) == "":
		return bad("the %s (%s) %s is not a date (YYMMDD)", spec.name, id, v)
	case (id == "01" || id == "02") && !validCheck(v):
		return errorf("check-digit", "Wrong check digit in GS1 %s %s: expected %c. Scan again or type the code.", spec.name, v, CheckDigit(v[:13]))
	}
	return nil
}

// fill sets the Code fields the till acts on from the elements.
func fill(c *Code, elements []AI, bad func(string, ...any) *Error) *Error {
	seen := map[string]bool{}
	var contents string
	for _, e := range elements {
		family := e.ID
		if len(family) == 4 {
			family = family[:3] // 3102 and 3103 are both the weight
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
			c.Expiry = expiry(e.Value)
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

// expiry turns YYMMDD into YYYY-MM-DD, or "" when it is no date. Day 00 means the whole
// month, so the last day counts. Years are 20YY: the till sells nothing from the 1900s.
func expiry(yymmdd string) string {
	if len(yymmdd) != 6 || !allDigits(yymmdd) {
		return ""
	}
	year := 2000 + atoi(yymmdd[0:2])
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
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// cset82 reports whether s uses only the characters GS1 allows in alphanumeric fields.
func cset82(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch < '!' || ch > 'z' || strings.IndexByte(`#$@[\]^`+"`", ch) >= 0 {
			return false
		}
	}
	return true
}

// describeValue shows dates as dates; everything else as encoded.
func describeValue(ai AI) string {
	if spec, ok := lookupAI(ai.ID); ok && spec.date {
		if d := expiry(ai.Value); d != "" {
			return d
		}
	}
	return ai.Value
}
