package barcode

import (
	"strconv"
	"strings"
)

// DefaultInStorePattern is the label layout most shop scales print: prefix, a digit the
// till ignores, a 5-digit item code, the weight in grams, the check digit.
const DefaultInStorePattern = "2X PPPPP WWWWW C"

// Template is the layout of the in-store labels of one prefix, as set up on the scales.
type Template struct {
	Prefix  string // the two leading digits, "20".."29"
	Pattern string // e.g. "2X PPPPP WWWWW C"; see ParseTemplate
}

// ParseTemplate checks a label layout for a prefix. The pattern has one letter per digit
// of the EAN-13 (spaces are ignored):
//
//	0-9  literal digit that must match
//	X    any digit, ignored
//	P    item code (PLU) digit, one run, required
//	W    weight in grams digit, one run
//	M    price in minor units digit, one run; not together with W
//	C    the EAN-13 check digit, last
func ParseTemplate(prefix, pattern string) (Template, error) {
	t := Template{Prefix: prefix, Pattern: pattern}
	if _, err := t.layout(); err != nil {
		return Template{}, err
	}
	return t, nil
}

// span is a run of positions in the 13 digits, [from, to).
type span struct{ from, to int }

func (s span) ok() bool { return s.to > s.from }

// layout is a checked pattern: 13 letters and where the fields are.
type layout struct {
	letters             string
	item, weight, price span
}

func (t Template) layout() (layout, error) {
	bad := func(why string) (layout, error) {
		return layout{}, errorf("template", "Label template %q for prefix %s: %s", t.Pattern, t.Prefix, why)
	}
	if len(t.Prefix) != 2 || t.Prefix[0] != '2' || !isDigit(t.Prefix[1]) {
		return bad("the prefix must be 20 to 29")
	}
	l := layout{letters: strings.ToUpper(strings.ReplaceAll(t.Pattern, " ", ""))}
	if len(l.letters) != 13 {
		return bad("it needs 13 letters, one per digit of the code, not " + strconv.Itoa(len(l.letters)))
	}
	for i := 0; i < len(l.letters); i++ {
		ch := l.letters[i]
		var field *span
		switch {
		case ch == 'C':
			if i != 12 {
				return bad("C, the check digit, must be last and only once")
			}
		case i == 12:
			return bad("the last letter must be C, the check digit")
		case isDigit(ch):
			if i < 2 && ch != t.Prefix[i] {
				return bad("it does not start with the prefix")
			}
		case ch == 'X':
		case ch == 'P':
			field = &l.item
		case ch == 'W':
			field = &l.weight
		case ch == 'M':
			field = &l.price
		default:
			return bad("use only digits and the letters X, P, W, M and C")
		}
		if field == nil {
			continue
		}
		if field.ok() && field.to != i {
			return bad(string(ch) + " must be one run of letters")
		}
		if !field.ok() {
			field.from = i
		}
		field.to = i + 1
	}
	switch {
	case !l.item.ok():
		return bad("P, the item code, is missing")
	case l.weight.ok() && l.price.ok():
		return bad("a label carries a weight (W) or a price (M), not both")
	}
	return l, nil
}

// template returns the layout for a prefix: the first one given, else the default.
func (p *Parser) template(prefix string) Template {
	if p != nil {
		for _, t := range p.Templates {
			if t.Prefix == prefix {
				return t
			}
		}
	}
	return Template{Prefix: prefix, Pattern: DefaultInStorePattern}
}

// readInStore reads a 13-digit code with prefix 20-29 through its prefix's template.
func (p *Parser) readInStore(c *Code) *Error {
	s := c.Raw
	if !validCheck(s) {
		return checkError(s, CheckDigit(s[:12]))
	}
	t := p.template(s[:2])
	l, err := t.layout()
	if err != nil {
		e := err.(*Error)
		e.Message += ". Ask a manager to fix the scale label settings."
		return e
	}
	for i := 0; i < 12; i++ {
		if isDigit(l.letters[i]) && l.letters[i] != s[i] {
			return errorf("template", "Code %s does not fit the label template %q for prefix %s. Ask a manager to check the scale label settings.", s, t.Pattern, t.Prefix)
		}
	}
	c.Kind = InStore
	c.ItemCode = s[l.item.from:l.item.to]
	if l.weight.ok() {
		c.Weight, _ = strconv.ParseInt(s[l.weight.from:l.weight.to], 10, 64)
		c.HasWeight = true
	}
	if l.price.ok() {
		c.Price, _ = strconv.ParseInt(s[l.price.from:l.price.to], 10, 64)
		c.HasPrice = true
	}
	return nil
}
