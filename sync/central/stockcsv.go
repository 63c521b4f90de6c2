package central

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// ReadStock reads a stock file: UTF-8 CSV under the header store_id,sku,qty, one delivered
// quantity per row (2 pieces, 0,250 kg). All or nothing, like the catalog file.
func ReadStock(r io.Reader) ([]Movement, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	header, err := cr.Read()
	if err == io.EOF {
		return nil, pos.Errorf(pos.EINVALID, "no stock: the file is empty")
	} else if err != nil {
		return nil, pos.Errorf(pos.EINVALID, "cannot read the stock file: %v (the columns are store_id,sku,qty)", err)
	}
	for i, want := range []string{"store_id", "sku", "qty"} {
		if strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\uFEFF"))) != want {
			return nil, pos.Errorf(pos.EINVALID, "line 1: the columns are store_id,sku,qty")
		}
	}
	var out []Movement
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, pos.Errorf(pos.EINVALID, "cannot read the stock file: %v", err)
		}
		line, _ := cr.FieldPos(0)
		m := Movement{Store: pos.StoreID(strings.TrimSpace(rec[0])), SKU: pos.SKU(strings.TrimSpace(rec[1]))}
		if m.Store == "" || m.SKU == "" {
			return nil, pos.Errorf(pos.EINVALID, "line %d: store_id and sku are required", line)
		}
		if m.Delta, err = pos.ParseQty(rec[2]); err != nil {
			return nil, pos.Errorf(pos.EINVALID, "line %d: %s", line, pos.ErrorMessage(err))
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, pos.Errorf(pos.EINVALID, "no stock: the file has only its header")
	}
	return out, nil
}
