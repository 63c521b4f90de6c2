package imports

import (
	"io"
	"strconv"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// promotionColumns of a promotions file; the first seven are required.
var promotionColumns = []string{"id", "name", "kind", "skus", "value", "starts", "ends", "min_qty", "stores", "withdrawn", "members"}

// ReadPromotions reads a promotions file, one promotion per row. value is a percent (15,
// 12.5) for kind percent and an amount (39.99) for price and multibuy; skus and stores list
// ids separated by spaces, stores empty for every store; withdrawn yes takes a promotion
// back. All or nothing: a bad file is an *csvfile.ImportError naming every bad row, and no
// promotions.
func ReadPromotions(r io.Reader) ([]central.Numbered[pos.Promotion], error) {
	f, err := csvfile.Open(r, "promotions", promotionColumns, 7)
	if err != nil {
		return nil, err
	}
	var out []central.Numbered[pos.Promotion]
	seen := map[string]int{}
	for f.Next() {
		if id := f.Get("id"); id != "" { // an empty one is Validate's to refuse
			if at := seen[id]; at > 0 {
				f.Refuse("promotion %s is already on line %d", id, at)
				continue
			}
			seen[id] = f.Line()
		}
		if p, ok := readPromotion(f); ok {
			out = append(out, central.Numbered[pos.Promotion]{Line: f.Line(), Rec: p})
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// readPromotion reads the row f has read; ok false refused it.
func readPromotion(f *csvfile.File) (p pos.Promotion, ok bool) {
	p = pos.Promotion{ID: f.Get("id"), Name: f.Get("name"), Kind: pos.PromoKind(f.Get("kind"))}
	for _, s := range list(f, "skus") {
		p.SKUs = append(p.SKUs, pos.SKU(s))
	}
	for _, s := range list(f, "stores") {
		p.Stores = append(p.Stores, pos.StoreID(s))
	}
	if p.Withdrawn, ok = yes(f, "withdrawn"); !ok {
		return p, false
	}
	if p.Members, ok = yes(f, "members"); !ok {
		return p, false
	}
	if p.Starts, ok = when(f, "starts", false); !ok {
		return p, false
	}
	if p.Ends, ok = when(f, "ends", true); !ok {
		return p, false
	}
	var err error
	value := f.Get("value")
	switch p.Kind {
	case pos.PromoPercent:
		p.Value, err = pos.ParsePercent(value)
	case pos.PromoPrice, pos.PromoMultibuy:
		var m pos.Money
		m, err = pos.ParseMoney(value)
		p.Value = int64(m)
	}
	if err != nil {
		f.Refuse("promotion %s: %s", p.ID, pos.ErrorMessage(err))
		return p, false
	}
	if n := f.Get("min_qty"); n != "" {
		if p.MinQty, err = strconv.ParseInt(n, 10, 64); err != nil {
			f.Refuse("promotion %s: min_qty is %q: use a whole number of pieces", p.ID, n)
			return p, false
		}
	}
	if err := p.Validate(); err != nil {
		f.Refuse("%s", pos.ErrorMessage(err))
		return p, false
	}
	return p, true
}
