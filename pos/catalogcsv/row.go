package catalogcsv

import (
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// importer turns rows into products and remembers which line took each unique code.
type importer struct {
	vat      pos.VATTable
	seen     seen
	products []pos.Product
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

// row checks the row f has read and refuses it with every problem it has.
func (im *importer) row(f *csvfile.File) {
	line := f.Line()
	field := func(c int) string { return f.Get(columns[c]) }
	problems := 0
	bad := func(format string, args ...any) {
		problems++
		f.Refuse(format, args...)
	}

	p := pos.Product{SKU: pos.SKU(field(colSKU)), Name: field(colName), PLU: field(colPLU)}
	if p.SKU == "" {
		bad("the SKU is empty")
	} else if first, ok := im.seen.sku[p.SKU]; ok {
		bad("SKU %s is already on line %d", p.SKU, first)
	} else {
		im.seen.sku[p.SKU] = line
	}
	if p.Name == "" {
		bad("the name is empty")
	}
	p.Barcodes = im.barcodes(line, field(colBarcode), bad)

	var err error
	if p.Price, err = pos.ParseMoney(field(colPrice)); err != nil {
		bad("price %s", pos.ErrorMessage(err))
	} else if p.Price < 0 {
		bad("price %s is negative", p.Price)
	}
	if p.VAT, err = parseVAT(field(colVAT)); err != nil {
		bad("%s", pos.ErrorMessage(err))
	} else if im.vat != nil && !im.vat.Has(p.VAT) {
		bad("VAT %s is not a rate of this store (%s)", p.VAT.Percent(), rates(im.vat))
	}
	if p.Unit, err = pos.ParseUnit(field(colUnit)); err != nil {
		bad("%s", pos.ErrorMessage(err))
	}
	if p.PLU != "" {
		if !allDigits(p.PLU) || len(p.PLU) > 6 {
			bad("PLU %q must be 1 to 6 digits", p.PLU)
		} else if first, ok := im.seen.plu[p.PLU]; ok {
			bad("PLU %s is already on line %d", p.PLU, first)
		} else {
			im.seen.plu[p.PLU] = line
		}
	}
	if s := field(colQuickKey); s != "" {
		if p.QuickKey, err = strconv.Atoi(s); err != nil || p.QuickKey < 0 {
			bad("quick key %q is not a whole number (1, 2, … or empty for none)", s)
		} else if first, ok := im.seen.quickKey[p.QuickKey]; ok && p.QuickKey > 0 {
			bad("quick key %d is already on line %d", p.QuickKey, first)
		} else if p.QuickKey > 0 {
			im.seen.quickKey[p.QuickKey] = line
		}
	}
	if problems == 0 {
		if err := p.Validate(im.vat); err != nil { // the domain's last word, should a rule be added there
			bad("%s", pos.ErrorMessage(err))
		}
	}
	if f.Refused() {
		im.products = nil // all or nothing: no need to keep them
		return
	}
	im.products = append(im.products, p)
}

// barcodes splits and checks the "|"-separated GTINs of a row; nil when there are none.
func (im *importer) barcodes(line int, field string, bad func(string, ...any)) []string {
	var out []string
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
		if first, ok := im.seen.gtin[key]; ok {
			if first == line {
				bad("barcode %s is listed twice", code)
			} else {
				bad("barcode %s is already on line %d", code, first)
			}
			continue
		}
		im.seen.gtin[key] = line
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
