package till

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/catalogcsv"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// ImportCatalog reads a catalog file (pos/catalogcsv) in the store's VAT rates and under
// the till's price limit, and makes it the catalog: all or nothing, every bad line named.
// The file is streamed, never held: its rows are staged as they are read, checked on the
// catalog's end state (two products may swap barcodes or quick keys), then published at
// once (pos/sqlite/import.go). A sale at the till never waits on it for more than one of
// its short steps, and sells from the old catalog or the new one, never a mix.
func (t *Till) ImportCatalog(ctx context.Context, r io.Reader) (read int, res sqlite.ImportResult, err error) {
	start := time.Now()
	im, err := t.DB.BeginImport(ctx)
	if err != nil {
		return 0, res, err
	}
	defer im.Discard(context.WithoutCancel(ctx)) // nothing, once published
	rules := catalogcsv.Rules{VAT: t.register.StoreInfo().VAT, MaxPrice: t.Config().MaxPrice}
	readErr := catalogcsv.Scan(bufio.NewReader(r), rules, func(row catalogcsv.Row) error {
		return im.Add(ctx, row.Line, row.Product)
	})
	var bad *csvfile.ImportError
	if readErr != nil && !errors.As(readErr, &bad) {
		return 0, res, nothingImported(readErr)
	}
	// The good rows of a file with bad ones are checked too: one round fixes the file.
	read = im.Rows()
	staged := time.Now()
	conflicts, total, err := im.Check(ctx)
	if err != nil {
		return 0, res, err
	}
	found := make([]csvfile.RowError, len(conflicts))
	for i, c := range conflicts {
		found[i] = csvfile.RowError{Line: c.Line, Message: c.Message}
	}
	if all := csvfile.Join(bad, found, total-len(conflicts)); all != nil {
		return 0, res, nothingImported(all)
	}
	checked := time.Now()
	if res, err = im.Publish(ctx); err != nil {
		return 0, res, err
	}
	t.log.Info("catalog imported", "products", read, "added", res.Added, "changed", res.Changed, "unchanged", res.Unchanged,
		"read", staged.Sub(start).Round(time.Millisecond), "checked", checked.Sub(staged).Round(time.Millisecond),
		"published", time.Since(checked).Round(time.Millisecond))
	return read, res, nil
}

// nothingImported says a file was refused, with its problems, in words.
func nothingImported(err error) error {
	if pos.ErrorCode(err) == pos.EINTERNAL {
		return err
	}
	return fmt.Errorf("%w: %w", pos.Errorf(pos.ErrorCode(err), "nothing imported:\n%s", pos.ErrorMessage(err)), err)
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
