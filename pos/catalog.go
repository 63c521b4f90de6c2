package pos

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Product is an article of the catalog.
type Product struct {
	SKU      SKU
	Name     string
	Barcodes []string // GTINs as printed on the pack: EAN-13, EAN-8, UPC-A
	Price    Money    // gross, per piece or per kilogram
	VAT      VATRate
	Unit     Unit
	PLU      string // in-store item code printed in weight/price labels (prefix 20–29)
	QuickKey int    // position on the quick-key pad; 0 when the article has none
}

// SameAs says q is p unchanged: the same name, price, VAT, unit, PLU, quick key and
// barcodes (in any order). A save that changes nothing is skipped by it.
func (p Product) SameAs(q Product) bool {
	pc, qc := slices.Clone(p.Barcodes), slices.Clone(q.Barcodes)
	slices.Sort(pc)
	slices.Sort(qc)
	return p.Name == q.Name && p.Price == q.Price && p.VAT == q.VAT && p.Unit == q.Unit &&
		p.PLU == q.PLU && p.QuickKey == q.QuickKey && slices.Equal(pc, qc)
}

// Validate checks a product before it enters the catalog.
func (p Product) Validate(t VATTable) error {
	switch {
	case strings.TrimSpace(string(p.SKU)) == "":
		return Errorf(EINVALID, "the SKU is empty")
	case strings.TrimSpace(p.Name) == "":
		return Errorf(EINVALID, "product %s has no name", p.SKU)
	case p.Price < 0:
		return Errorf(EINVALID, "product %s has a negative price", p.SKU)
	case p.Unit != UnitPiece && p.Unit != UnitKg:
		return Errorf(EINVALID, "product %s has unknown unit %q", p.SKU, p.Unit)
	case t != nil && !t.Has(p.VAT):
		return Errorf(EINVALID, "product %s has VAT %s, which this store does not use", p.SKU, p.VAT.Percent())
	}
	return nil
}

// MaxNameLength is the longest product name, in characters: a receipt line, a list row of
// the sale screen and the customer display show it.
const MaxNameLength = 200

// CheckName refuses a product name that is empty, longer than MaxNameLength characters, or
// holds a control character (a line break, a tab, an escape): a receipt or a screen would
// show it broken, and an escape would reach the printer as a command.
func CheckName(name string) error {
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		return Errorf(EINVALID, "the name is empty")
	case n > MaxNameLength:
		return Errorf(EINVALID, "the name has %d characters: at most %d", n, MaxNameLength)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return Errorf(EINVALID, "the name holds a control character (a line break, a tab): write it on one line")
	}
	return nil
}

// Catalog finds products. Implementations return ENOTFOUND for an unknown code.
type Catalog interface {
	// ProductByGTIN finds the product of a 14-digit GTIN (EAN-13 and shorter codes zero-padded).
	ProductByGTIN(ctx context.Context, gtin string) (Product, error)
	// ProductByPLU finds the product of an in-store item code.
	ProductByPLU(ctx context.Context, plu string) (Product, error)
	// ProductBySKU finds a product by its article number.
	ProductBySKU(ctx context.Context, sku SKU) (Product, error)
	// SearchProducts finds up to limit products for what the cashier typed, best first: the
	// article whose code (barcode, SKU or PLU) it is, then names starting with the words
	// typed, then names with words starting so; by name within each. Letters are compared
	// without accents (FoldText). Ask for one more than shown to know whether more match.
	SearchProducts(ctx context.Context, query string, limit int) ([]Product, error)
	// QuickKeys returns the products on the quick-key pad, in pad order.
	QuickKeys(ctx context.Context) ([]Product, error)
}

// CanonicalPLU is the form a PLU is kept and looked up in: scale labels print "00303" for
// the article a catalog file calls "303".
func CanonicalPLU(plu string) string {
	if plu == "" {
		return ""
	}
	if t := strings.TrimLeft(plu, "0"); t != "" {
		return t
	}
	return "0"
}

// foldSpecial are letters Unicode does not decompose into base letter + accent.
var foldSpecial = strings.NewReplacer("ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ø", "o", "Ø", "o", "ß", "ss", "æ", "ae", "Æ", "ae")

// FoldText lowers and strips accents so "Żubrówka", "ZUBROWKA" and "zubrowka" compare equal;
// search indexes and queries are both folded with it.
func FoldText(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, foldSpecial.Replace(s))
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}
