package imports

import (
	"io"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// couponColumns of a coupons file; the first five are required.
var couponColumns = []string{"code", "campaign", "kind", "value", "ends", "starts", "min_total", "customer_id", "withdrawn"}

// ReadCoupons reads a coupons file (a newsletter's codes, an online campaign's), one
// single-use coupon a row: kind percent (value 15) or amount (value 10.00); a day as ends
// counts whole; customer_id makes it one customer's; withdrawn yes takes it back. Codes
// are read as tills read them (upper case, no spaces). All or nothing.
func ReadCoupons(r io.Reader) ([]central.Numbered[central.CouponImport], error) {
	f, err := csvfile.Open(r, "coupons", couponColumns, 5)
	if err != nil {
		return nil, err
	}
	var out []central.Numbered[central.CouponImport]
	codes := map[string]int{}
	for f.Next() {
		c := pos.Coupon{Code: pos.CouponCode(f.Get("code")), Campaign: f.Get("campaign"), Kind: pos.CouponKind(f.Get("kind")),
			Customer: pos.CustomerID(f.Get("customer_id"))}
		if at := codes[c.Code]; at > 0 && c.Code != "" {
			f.Refuse("coupon %s is already on line %d", c.Code, at)
			continue
		}
		codes[c.Code] = f.Line()
		withdrawn, ok := yes(f, "withdrawn")
		if !ok {
			continue
		}
		if c.Ends, ok = when(f, "ends", true); !ok {
			continue
		}
		if f.Get("starts") != "" {
			if c.Starts, ok = when(f, "starts", false); !ok {
				continue
			}
		}
		var err error
		switch value := f.Get("value"); c.Kind {
		case pos.CouponPercent:
			c.Value, err = pos.ParsePercent(value)
		case pos.CouponAmount:
			var m pos.Money
			m, err = pos.ParseMoney(value)
			c.Value = int64(m)
		}
		if err != nil {
			f.Refuse("coupon %s: %s", c.Code, pos.ErrorMessage(err))
			continue
		}
		if m := f.Get("min_total"); m != "" {
			if c.MinTotal, err = pos.ParseMoney(m); err != nil {
				f.Refuse("coupon %s: min_total: %s", c.Code, pos.ErrorMessage(err))
				continue
			}
		}
		if err := c.Check(); err != nil {
			f.Refuse("%s", pos.ErrorMessage(err))
			continue
		}
		out = append(out, central.Numbered[central.CouponImport]{Line: f.Line(), Rec: central.CouponImport{Coupon: c, Withdrawn: withdrawn}})
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
