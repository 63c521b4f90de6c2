package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

var _ pos.PurchaseFinder = Returns{}

// PurchasesOf finds at central what a customer bought that could come back, by their
// loyalty card, or their exact e-mail or phone: of the customer only their name.
// ENOTFOUND when central knows nobody so, ECONFLICT when several customers share the
// e-mail or phone, pos.ErrOffline when central cannot be reached.
func (rc Returns) PurchasesOf(ctx context.Context, key string) (pos.CustomerPurchases, error) {
	var w wire.CustomerPurchases
	err := rc.Central.call(ctx, http.MethodGet, "/returnables/by-customer", url.Values{"key": {key}}, nil, &w)
	var se *StatusError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusConflict:
		return pos.CustomerPurchases{}, fmt.Errorf("%w: %w", pos.CustomersShare(key), err)
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return pos.CustomerPurchases{}, fmt.Errorf("%w: %w", pos.NoSuchCustomer(key), err)
	case err != nil:
		return pos.CustomerPurchases{}, returnsError(err)
	}
	found := pos.CustomerPurchases{Customer: w.Customer.Name}
	for _, p := range w.Purchases {
		found.Purchases = append(found.Purchases, pos.PurchaseRef{Kind: p.Kind, Ref: p.Ref, Label: p.Label, Channel: p.Channel,
			At: p.At, Total: pos.Money(p.Total), Currency: pos.Currency(p.Currency), Lines: p.Lines})
	}
	return found, nil
}
