// Package imports reads the CSV files IT loads into central (stores, products, stock, VAT
// classes, promotions, customers, orders) into central's types. Every file is read through
// internal/csvfile, the till's own reader: all or nothing, every bad row named by its line.
// It holds no SQL: what a file can only be refused for when saved (an unknown SKU) is the
// database's to say, naming the line the record came from (central.Numbered).
package imports

import (
	"io"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/catalogcsv"
)

// ReadProducts reads a products file: the till's own catalog file (pos/catalogcsv). Any
// VAT rate from 0 to 100 % is taken, as central serves stores of several countries.
func ReadProducts(r io.Reader) ([]pos.Product, error) {
	return catalogcsv.Read(r, nil)
}
