// Package barcode reads what a scanner or a cashier sends and tells the till what it is:
// a GTIN to look up in the catalog (EAN-13, EAN-8, UPC-A, UPC-E, GTIN-14), an in-store
// weight or price label (prefix 20–29), or a GS1 element string with batch, expiry,
// weight and price.
package barcode

import (
	"fmt"
	"strings"
	"time"
)

// Kind is what sort of code was read.
type Kind string

const (
	EAN13   Kind = "EAN-13"
	EAN8    Kind = "EAN-8"
	UPCA    Kind = "UPC-A"
	UPCE    Kind = "UPC-E"
	GTIN14  Kind = "GTIN-14"  // 14 digits, as on cartons (ITF-14) or typed from a GS1 label
	InStore Kind = "in-store" // prefix 20-29 weight/price labels read through a template
	GS1     Kind = "GS1"      // GS1 element string with application identifiers
)

// AI is one GS1 element, e.g. {ID: "01", Value: "05901234123457"}. Value is as encoded;
// Date is a date field's value as YYYY-MM-DD (11, 13, 15, 16, 17, …), its century read in
// GS1's sliding window.
type AI struct{ ID, Value, Date string }

// Code is one read barcode.
type Code struct {
	Kind      Kind
	Raw       string // input as received, without the AIM prefix and surrounding whitespace
	Symbology string // AIM symbology identifier if one was present, e.g. "]E0", "]C1", else ""
	GTIN      string // 14 digits, zero-padded, for catalog lookup; "" for in-store codes
	// AltGTIN is another reading of the same digits, which the catalog is asked first: an
	// 8-digit code starting with 0 that checks as a UPC-E and as an EAN-8 is read as the
	// UPC-E, unless the catalog knows the EAN-8 (AltGTIN). "" for every other code.
	AltGTIN   string
	ItemCode  string // in-store: the item code (PLU) from the template's P positions
	Weight    int64  // grams, from an in-store W field or GS1 AI 310n
	Price     int64  // minor units (grosze, cents), from an in-store M field or GS1 AI 392n
	HasWeight bool
	HasPrice  bool
	Batch     string // GS1 AI 10
	Expiry    string // GS1 AI 17 as YYYY-MM-DD
	AIs       []AI   // all GS1 elements in order
}

// Describe returns a one-line description for logs and the operator screen, e.g.
// "EAN-13 GTIN 05901234123457" or "in-store item 12345, weight 1.250 kg".
func (c Code) Describe() string {
	var b strings.Builder
	switch c.Kind {
	case "":
		return "no code"
	case InStore:
		b.WriteString("in-store item " + c.ItemCode)
		if c.HasWeight {
			b.WriteString(", weight " + kilograms(c.Weight))
		}
		if c.HasPrice {
			b.WriteString(", price " + decimal(c.Price, 2))
		}
	case GS1:
		b.WriteString("GS1:")
		for _, ai := range c.AIs {
			b.WriteString(" (" + ai.ID + ")" + describeValue(ai))
		}
		if c.HasWeight {
			b.WriteString(" weight " + kilograms(c.Weight))
		}
		if c.HasPrice {
			b.WriteString(" price " + decimal(c.Price, 2))
		}
	default:
		b.WriteString(string(c.Kind) + " GTIN " + c.GTIN)
		if c.AltGTIN != "" {
			b.WriteString(", or EAN-8 GTIN " + c.AltGTIN + " if the catalog has it")
		}
	}
	return b.String()
}

// kilograms formats grams as "1.250 kg", the way scales print it.
func kilograms(grams int64) string { return decimal(grams, 3) + " kg" }

// decimal formats v with the given number of implied decimals: decimal(1299, 2) = "12.99".
func decimal(v int64, decimals int) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	s := fmt.Sprintf("%0*d", decimals+1, v)
	return sign + s[:len(s)-decimals] + "." + s[len(s)-decimals:]
}

// Error is a code the till cannot use. Message is written for the cashier.
type Error struct {
	Reason  string // fixed short code: "empty", "characters", "length", "check-digit", "template", "gs1"
	Message string
	// format and args are Message before it was filled: the key of its translations.
	format string
	args   []any
}

func (e *Error) Error() string { return e.Message }

// ErrorCode and ErrorMessage make it a pos.Explained error (this package cannot import pos,
// which reads barcodes): a code that cannot be read is bad input, "invalid".
func (e *Error) ErrorCode() string    { return "invalid" }
func (e *Error) ErrorMessage() string { return e.Message }

// ErrorFormat makes it a pos.Phrased error: a screen shows it in its language.
func (e *Error) ErrorFormat() (string, []any) {
	if e.format == "" {
		return e.Message, nil
	}
	return e.format, e.args
}

func errorf(reason, format string, args ...any) *Error {
	return &Error{Reason: reason, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// shown shortens input for a message: a cashier's screen has one line for it.
func shown(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// Parser reads codes. Templates give the in-store label layout per prefix; prefixes
// 20-29 without one use DefaultInStorePattern. The zero Parser is ready to use.
type Parser struct {
	Templates []Template
	// Now is the date GS1's two-digit years are read around (time.Now when nil).
	Now func() time.Time
}

// NewParser returns a parser with the given in-store templates. With none, every prefix
// 20-29 uses DefaultInStorePattern. When a prefix is given twice, the first one wins.
func NewParser(templates ...Template) *Parser {
	return &Parser{Templates: append([]Template(nil), templates...)}
}

// Parse reads a code with the default in-store templates.
func Parse(input string) (Code, error) { return (*Parser)(nil).Parse(input) }

// Parse reads one scan or one typed code. The error is always an *Error.
func (p *Parser) Parse(input string) (Code, error) {
	raw, sym := trim(input)
	c := Code{Raw: raw, Symbology: sym}
	if raw == "" {
		return Code{}, errorf("empty", "Nothing was read. Scan again or type the code.")
	}
	var err *Error
	switch {
	case isGS1Symbology(sym), raw[0] == '(', strings.IndexByte(raw, gs) >= 0, looksLikeGS1(raw, sym):
		err = readGS1(&c, p.now())
	case !allDigits(raw):
		err = errorf("characters", "%q is not a barcode: only digits are allowed", shown(raw))
	case len(raw) == 13 && raw[0] == '2':
		err = p.readInStore(&c)
	default:
		err = readGTIN(&c)
	}
	if err != nil {
		return Code{}, err
	}
	return c, nil
}

func (p *Parser) now() time.Time {
	if p == nil || p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

const whitespace = " \r\n\t"

// trim strips whitespace and the AIM symbology identifier ("]" letter digit) that
// scanners can be set to send first, and returns the content and the identifier.
func trim(input string) (raw, symbology string) {
	s := strings.Trim(input, whitespace)
	if len(s) >= 3 && s[0] == ']' && isLetter(s[1]) && isDigit(s[2]) {
		symbology, s = s[:3], strings.Trim(s[3:], whitespace)
	}
	return s, symbology
}

// isGS1Symbology reports whether the AIM identifier says the content is a GS1 element
// string: GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR Code.
func isGS1Symbology(sym string) bool {
	switch sym {
	case "]C1", "]e0", "]d2", "]Q3":
		return true
	}
	return false
}

// looksLikeGS1 catches GS1-128 labels from scanners that send neither the AIM prefix nor
// the FNC1 separator: no retail barcode is longer than 14 digits, and "01" starts a GTIN.
func looksLikeGS1(raw, sym string) bool {
	return sym == "" && len(raw) >= 16 && strings.HasPrefix(raw, "01")
}

func isDigit(b byte) bool  { return '0' <= b && b <= '9' }
func isLetter(b byte) bool { return 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
