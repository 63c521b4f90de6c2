package till

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/catalogcsv"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// ImportCatalog reads a catalog file (pos/catalogcsv) in the store's VAT rates and saves it:
// all or nothing, every bad line named.
func (t *Till) ImportCatalog(ctx context.Context, r io.Reader) (read int, res sqlite.ImportResult, err error) {
	products, err := catalogcsv.Read(bufio.NewReader(r), t.Store.VAT)
	if err == nil {
		res, err = t.DB.SaveProducts(ctx, products)
	}
	if err != nil && pos.ErrorCode(err) != pos.EINTERNAL {
		return 0, res, fmt.Errorf("%w: %w", pos.Errorf(pos.ErrorCode(err), "nothing imported:\n%s", pos.ErrorMessage(err)), err)
	} else if err != nil {
		return 0, res, err
	}
	t.log.Info("catalog imported", "products", len(products), "added", res.Added, "changed", res.Changed, "unchanged", res.Unchanged)
	return len(products), res, nil
}

// ExportCatalog writes the whole catalog as a catalog file and says how many products.
func (t *Till) ExportCatalog(ctx context.Context, w io.Writer) (int, error) {
	cw := catalogcsv.NewWriter(w)
	n := 0
	err := t.DB.AllProducts(ctx, func(p pos.Product) error { n++; return cw.Write(p) })
	if err == nil {
		err = cw.Flush()
	}
	return n, err
}
