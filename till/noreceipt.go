package till

import (
	"context"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.LowestPrices = centralReturns{}

// LowestPrice asks central for the lowest price of an article's last days, through the
// till's link as it is now: a till not paired is offline.
func (c centralReturns) LowestPrice(ctx context.Context, sku pos.SKU, days int) (pos.LowestPrice, error) {
	rc, err := c.client(ctx)
	if err != nil {
		return pos.LowestPrice{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	return rc.LowestPrice(ctx, sku, days)
}
