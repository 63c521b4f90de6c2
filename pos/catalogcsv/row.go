package catalogcsv

import (
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// importer turns rows into products and, when the rules ask it, remembers which line took
// each unique code (seen's maps are nil otherwise).
type importer struct {
	rules Rules
	seen  seen
}

type seen struct {
	sku      map[pos.SKU]int
	gtin     map[string]int
	plu      map[string]int
	quickKey map[int]int
}

func newSeen() seen {
	return seen{map[pos.SKU]int{}, map[string]int{}, map[string]int{}, map[int]int{}}
}

// earlier returns the line that took key before, or notes that line takes it; nothing
// when seen is nil (uniqueness is left to the store).
func earlier[K comparable](seen map[K]int, key K, line int) (first int, taken bool) {
	if seen == nil {
		return 0, false
	}
	if first, taken = seen[key]; !taken {
		seen[key] = line
	}
	return first, taken
}

// row checks the row f has read and refuses it with every problem it has; ok says it had none.
func (im *importer) row(f *csvfile.File) (p pos.Product, ok bool) {
	line := f.Line()
	field := func(c int) string { return f.Get(columns[c]) }
	problems := 0
	bad := func(format string, args ...any) {
		problems++
		f.Refuse(format, args...)
	}

	p = pos.Product{SKU: pos.SKU(field(colSKU)), Name: field(colName), PLU: field(colPLU)}
	if p.SKU == "" {
		bad("the SKU is empty")
	} else if first, taken := earlier(im.seen.sku, p.SKU, line); taken {
		bad("SKU %s is already on line %d", p.SKU, first)
	}
	if err := pos.CheckName(p.Name); err != nil {
		bad("%s", pos.ErrorMessage(err))
	}
	p.Barcodes = im.barcodes(line, field(colBarcode), bad)

	var err error
	if p.Price, err = pos.ParseMoney(field(colPrice)); err != nil {
		bad("price %s", pos.ErrorMessage(err))
	} else if p.Price < 0 {
		bad("price %s is negative", p.Price)
	} else if p.Price > im.rules.MaxPrice {
		bad("price %s is over the till's limit of %s (setting policy.max_price)", p.Price, im.rules.MaxPrice)
	}
	if p.VAT, err = parseVAT(field(colVAT)); err != nil {
		bad("%s", pos.ErrorMessage(err))
	} else if im.rules.VAT != nil && !im.rules.VAT.Has(p.VAT) {
		bad("VAT %s is not a rate of this store (%s)", p.VAT.Percent(), rates(im.rules.VAT))
	}
	if p.Unit, err = pos.ParseUnit(field(colUnit)); err != nil {
		bad("%s", pos.ErrorMessage(err))
	}
	if p.PLU != "" {
		if !allDigits(p.PLU) || len(p.PLU) > 6 {
			bad("PLU %q must be 1 to 6 digits", p.PLU)
		} else if first, taken := earlier(im.seen.plu, pos.CanonicalPLU(p.PLU), line); taken {
			bad("PLU %s is already on line %d", p.PLU, first)
		}
	}
	if s := field(colQuickKey); s != "" {
		if p.QuickKey, err = strconv.Atoi(s); err != nil || p.QuickKey < 0 {
			bad("quick key %q is not a whole number (1, 2, … or empty for none)", s)
		} else if first, taken := earlier(im.seen.quickKey, p.QuickKey, line); taken && p.QuickKey > 0 {
			bad("quick key %d is already on line %d", p.QuickKey, first)
		}
	}
	if problems == 0 {
		if err := p.Validate(im.rules.VAT); err != nil { // the domain's last word, should a rule be added there
			bad("%s", pos.ErrorMessage(err))
		}
	}
	return p, problems == 0
}

// barcodes splits and checks the "|"-separated GTINs of a row; nil when there are none.
func (im *importer) barcodes(line int, field string, bad func(string, ...any)) []string {
	var out []string
	inRow := map[string]bool{}
	for _, code := range strings.Split(field, "|") {
		code = strings.TrimSpace(code)
		switch {
		case code == "":
			continue
		case !allDigits(code) || (len(code) != 8 && len(code) != 12 && len(code) != 13 && len(code) != 14):
			bad("barcode %q is not an EAN/UPC code: it must have 8, 12, 13 or 14 digits", code)
			continue
		case !barcode.ValidGTIN(code):
			bad("barcode %s has a wrong check digit: it should end in %c", code, barcode.CheckDigit(code[:len(code)-1]))
			continue
		case len(code) == 13 && code[0] == '2':
			// The scanner reads prefixes 20–29 as scale labels and looks them up by PLU.
			bad("barcode %s starts with 2, which is for in-store weight and price labels: give the article a PLU instead", code)
			continue
		}
		key := barcode.NormalizeGTIN(code)
		if _, twice := inRow[key]; twice {
			bad("barcode %s is listed twice", code)
			continue
		}
		inRow[key] = true
		if first, taken := earlier(im.seen.gtin, key, line); taken {
			bad("barcode %s is already on line %d", code, first)
			continue
		}
		out = append(out, code)
	}
	return out
}

// parseVAT reads a percent such as "23", "5.5", "5,5" or "8%" into basis points.
func parseVAT(s string) (pos.VATRate, error) {
	t := strings.TrimSpace(strings.TrimSuffix(s, "%"))
	m, err := pos.ParseMoney(t) // hundredths of a percent are basis points
	if err != nil || m < 0 || m > 10000 {
		return 0, pos.Errorf(pos.EINVALID, "VAT %q is not a percent (use e.g. 23 or 5.5)", s)
	}
	return pos.VATRate(m), nil
}

func rates(t pos.VATTable) string {
	var s []string
	for _, c := range t {
		s = append(s, c.Rate.Percent())
	}
	return strings.Join(s, ", ")
}
