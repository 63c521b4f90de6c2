package till

import (
	"context"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.PurchaseFinder = centralReturns{}

// PurchasesOf finds at central what a customer bought that could come back, by their
// loyalty card, or their exact e-mail or phone.
func (c centralReturns) PurchasesOf(ctx context.Context, key string) (pos.CustomerPurchases, error) {
	rc, err := c.client(ctx)
	if err != nil {
		return pos.CustomerPurchases{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	found, err := rc.PurchasesOf(ctx, key)
	if err != nil {
		// Not the error itself: it names the customer's e-mail or phone.
		c.t.log.Debug("customer's purchases not found at central", "code", pos.ErrorCode(err))
		return found, err
	}
	c.t.log.Info("customer's purchases found at central", "purchases", len(found.Purchases))
	return found, nil
}

// PurchasesOf lists what a customer bought that could come back, by their loyalty card,
// or their exact e-mail or phone: central's answer (the till alone does not know).
func (t *Till) PurchasesOf(ctx context.Context, key string) (pos.CustomerPurchases, error) {
	return centralReturns{t}.PurchasesOf(ctx, key)
}
