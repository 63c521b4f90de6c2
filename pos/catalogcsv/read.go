// Package catalogcsv is the catalog file format of "omnitill catalog import/export": UTF-8
// CSV, one product per row, under the header
//
//	sku,barcode,name,price,vat,unit,plu,quick_key
//
// price is the gross price with a dot (12.99), vat a percent (23, 5.5), unit pcs or kg,
// barcode one or more GTINs separated by "|", plu and quick_key optional.
package catalogcsv

import (
	"io"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
)

// Columns of a catalog file in the order Write puts them; the first six are required.
var columns = []string{"sku", "barcode", "name", "price", "vat", "unit", "plu", "quick_key"}

const (
	colSKU = iota
	colBarcode
	colName
	colPrice
	colVAT
	colUnit
	colPLU
	colQuickKey
	requiredColumns = colPLU
)

// Rules are what a catalog file's rows are checked against, besides their own form.
type Rules struct {
	// VAT are the store's rates; nil accepts any rate from 0 to 100 %.
	VAT pos.VATTable
	// MaxPrice is the highest price a row may have; 0 for pos.MaxPriceCeiling.
	MaxPrice pos.Money
	// Unique checks, in memory, that no two rows share a SKU, a barcode, a PLU or a quick
	// key: for files held whole (the demo catalog, central's product files). A till's
	// import leaves it off and checks them on the catalog's end state (pos/sqlite).
	Unique bool
}

// Row is a good row of a catalog file: its product and the line it starts on.
type Row struct {
	Line    int
	Product pos.Product
}

// Scan reads a catalog file row by row, handing each good row to each as it is read, so a
// file of a million articles is never held. It is all or nothing for the caller to keep:
// it reads to the end, and any bad row makes it return an *csvfile.ImportError listing
// every bad row (rows handed out before stay the caller's to drop). An error from each
// stops it at once and is returned.
func Scan(r io.Reader, rules Rules, each func(Row) error) error {
	f, err := csvfile.Open(r, "products", columns, requiredColumns)
	if err != nil {
		return err
	}
	im := importer{rules: rules}
	if rules.Unique {
		im.seen = newSeen()
	}
	if im.rules.MaxPrice <= 0 {
		im.rules.MaxPrice = pos.MaxPriceCeiling
	}
	for f.Next() {
		if p, ok := im.row(f); ok {
			if err := each(Row{Line: f.Line(), Product: p}); err != nil {
				return err
			}
		}
	}
	return f.Err()
}

// Read reads a whole catalog file, checking that its rows are unique among themselves. It
// is all or nothing: any bad row gives an *csvfile.ImportError listing every bad row, and
// no products. A nil vat table accepts any rate from 0 to 100 %.
func Read(r io.Reader, vat pos.VATTable) ([]pos.Product, error) {
	var products []pos.Product
	err := Scan(r, Rules{VAT: vat, Unique: true}, func(row Row) error {
		products = append(products, row.Product)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return products, nil
}
