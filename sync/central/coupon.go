package central

import (
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

// CouponImport is a row of a coupons file.
type CouponImport struct {
	pos.Coupon
	Withdrawn bool // central takes it back: no channel may use it any more
}

// CouponProblem says what a manager checks of a sale's coupon: central books the sale (the
// customer paid what the till said) and the coupon as the sale's.
func CouponProblem(s pos.SaleEvent, problem string) string {
	return fmt.Sprintf("coupon %s of sale %s (till %s/%s, receipt %d): %s", s.Coupon.Code, s.SaleID, s.Store, s.Till, s.ReceiptNo, problem)
}

// CouponTakes says whether a sale's basket discount is what its coupon gives (a till may
// round a percent otherwise by a minor unit): the coupon's discount of the sale's lines.
func CouponTakes(s pos.SaleEvent, c pos.Coupon) error {
	var base pos.Money
	for _, l := range s.Lines {
		if !l.Voided {
			base += l.Amount + l.BasketShare // bounded by CheckSale
		}
	}
	off, err := c.Discount(base, s.Customer, s.CompletedAt)
	if err != nil {
		return fmt.Errorf("the coupon did not apply: %s", pos.ErrorMessage(err))
	}
	if s.BasketDiscount > off+LineRounding {
		return fmt.Errorf("the sale took %s off, the coupon gives %s", s.BasketDiscount, off)
	}
	return nil
}
