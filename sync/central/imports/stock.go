package imports

import (
	"io"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// stockColumns of a stock file, all required.
var stockColumns = []string{"store_id", "sku", "qty"}

// ReadStock reads a stock file: one delivered quantity per row (2 pieces, 0,250 kg). All
// or nothing: a bad file is an *csvfile.ImportError naming every bad row, and no movements.
func ReadStock(r io.Reader) ([]central.Movement, error) {
	f, err := csvfile.Open(r, "stock", stockColumns, len(stockColumns))
	if err != nil {
		return nil, err
	}
	var out []central.Movement
	for f.Next() {
		m := central.Movement{Store: pos.StoreID(f.Get("store_id")), SKU: pos.SKU(f.Get("sku"))}
		if m.Store == "" || m.SKU == "" {
			f.Refuse("store_id and sku are required")
			continue
		}
		if m.Delta, err = pos.ParseQty(f.Get("qty")); err != nil {
			f.Refuse("%s", pos.ErrorMessage(err))
			continue
		}
		if err := m.Check(); err != nil {
			f.Refuse("%s", pos.ErrorMessage(err))
			continue
		}
		out = append(out, m)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
