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
