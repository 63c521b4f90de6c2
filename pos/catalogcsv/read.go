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

// Read reads a whole catalog file. It is all or nothing: any bad row gives an
// *csvfile.ImportError listing every bad row, and no products. A nil vat table accepts any
// rate from 0 to 100 %.
func Read(r io.Reader, vat pos.VATTable) ([]pos.Product, error) {
	f, err := csvfile.Open(r, "products", columns, requiredColumns)
	if err != nil {
		return nil, err
	}
	im := importer{vat: vat, seen: newSeen()}
	for f.Next() {
		im.row(f)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return im.products, nil
}
