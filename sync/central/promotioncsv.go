package central

import (
	"io"
	"strconv"

	"github.com/omnitill/omnitill/pos"
)

// promotionColumns of a promotions file; the first seven are required.
var promotionColumns = []string{"id", "name", "kind", "skus", "value", "starts", "ends", "min_qty", "stores", "withdrawn"}

// ReadPromotions reads a promotions file, one promotion per row. value is a percent (15,
// 12.5) for kind percent and an amount (39.99) for price and multibuy; skus and stores list
// ids separated by spaces, stores empty for every store; withdrawn yes takes a promotion
// back. All or nothing: a bad row is an EINVALID error naming its line, and no promotions.
func ReadPromotions(r io.Reader) ([]Numbered[pos.Promotion], error) {
	f, err := openCSV(r, "promotions", promotionColumns, 7)
	if err != nil {
		return nil, err
	}
	var out []Numbered[pos.Promotion]
	seen := map[string]int{}
	for {
		if ok, err := f.next(); err != nil {
			return nil, err
		} else if !ok {
			break
		}
		p, err := readPromotion(f)
		if err != nil {
			return nil, err
		}
		if at := seen[p.ID]; at > 0 {
			return nil, f.errorf("promotion %s is already on line %d", p.ID, at)
		}
		seen[p.ID] = f.line
		out = append(out, Numbered[pos.Promotion]{Line: f.line, Rec: p})
	}
	if len(out) == 0 {
		return nil, pos.Errorf(pos.EINVALID, "no promotions: the file has only its header")
	}
	return out, nil
}

func readPromotion(f *csvFile) (pos.Promotion, error) {
	p := pos.Promotion{ID: f.get("id"), Name: f.get("name"), Kind: pos.PromoKind(f.get("kind"))}
	for _, s := range f.list("skus") {
		p.SKUs = append(p.SKUs, pos.SKU(s))
	}
	for _, s := range f.list("stores") {
		p.Stores = append(p.Stores, pos.StoreID(s))
	}
	var err error
	if p.Withdrawn, err = f.yes("withdrawn"); err != nil {
		return p, err
	}
	if p.Starts, err = f.when("starts", false); err != nil {
		return p, err
	}
	if p.Ends, err = f.when("ends", true); err != nil {
		return p, err
	}
	value := f.get("value")
	switch p.Kind {
	case pos.PromoPercent:
		p.Value, err = pos.ParsePercent(value)
	case pos.PromoPrice, pos.PromoMultibuy:
		var m pos.Money
		m, err = pos.ParseMoney(value)
		p.Value = int64(m)
	}
	if err != nil {
		return p, f.errorf("promotion %s: %s", p.ID, pos.ErrorMessage(err))
	}
	if n := f.get("min_qty"); n != "" {
		if p.MinQty, err = strconv.ParseInt(n, 10, 64); err != nil {
			return p, f.errorf("promotion %s: min_qty is %q: use a whole number of pieces", p.ID, n)
		}
	}
	if err := p.Validate(); err != nil {
		return p, f.errorf("%s", pos.ErrorMessage(err))
	}
	return p, nil
}
