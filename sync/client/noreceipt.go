package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

var _ pos.LowestPrices = Returns{}

// LowestPrice asks central for the lowest price an article sold at in any store in the
// last days: what goods brought back without a receipt refund.
func (rc Returns) LowestPrice(ctx context.Context, sku pos.SKU, days int) (pos.LowestPrice, error) {
	var w wire.LowestPrice
	q := url.Values{"sku": {string(sku)}, "days": {strconv.Itoa(days)}}
	if err := rc.Central.call(ctx, http.MethodGet, "/prices/lowest", q, nil, &w); err != nil {
		return pos.LowestPrice{}, returnsError(err)
	}
	if w.SKU != string(sku) || w.Price < 0 {
		return pos.LowestPrice{}, pos.Errorf(pos.EINVALID, "central answered the lowest price of %q for %s", w.SKU, sku)
	}
	return pos.LowestPrice{SKU: sku, Price: pos.Money(w.Price), Central: true}, nil
}
