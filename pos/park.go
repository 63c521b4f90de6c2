package pos

import (
	"context"
	"errors"
	"time"
)

// ParkedSale is a basket set aside to be finished later: the customer went back for
// something, or the cashier logged out. Any cashier of the till may recall it.
type ParkedSale struct {
	ID       SaleID
	ParkedAt time.Time
	By       Staff // who parked it
	Lines    int   // live lines
	Total    Money
	Training bool
}

// ParkStore keeps parked baskets, across restarts.
type ParkStore interface {
	// ParkSale keeps the sale as it is, tenders excepted.
	ParkSale(ctx context.Context, s *Sale, p ParkedSale) error
	// ParkedSales lists the parked baskets, oldest first.
	ParkedSales(ctx context.Context) ([]ParkedSale, error)
	// TakeParked removes a parked basket and returns it; ENOTFOUND when it is gone (another
	// cashier recalled it first).
	TakeParked(ctx context.Context, id SaleID) (*Sale, error)
}

// Park sets the basket aside and starts an empty one. A basket being paid is not parked:
// the payment is cancelled first, so no tender is kept with it.
func (r *Register) Park(ctx context.Context) (ParkedSale, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cashier == nil {
		return ParkedSale{}, Errorf(EUNAUTHORIZED, "log in with your PIN first")
	}
	s := r.sale
	if s == nil || len(s.ActiveLines()) == 0 {
		return ParkedSale{}, Errorf(ECONFLICT, "the basket is empty: there is nothing to park")
	}
	if len(s.Tenders) > 0 {
		return ParkedSale{}, Errorf(ECONFLICT, "payment has started: cancel the payment, then park the basket")
	}
	if s.Exchange != nil {
		return ParkedSale{}, Errorf(ECONFLICT, "Finish or cancel the exchange before parking the basket: central holds the goods only for a sale being rung up.")
	}
	if s.Coupon != nil {
		return ParkedSale{}, Errorf(ECONFLICT, "Take coupon %s off before parking the basket: central holds it only for a sale being rung up.", s.Coupon.Code)
	}
	p := ParkedSale{ID: s.ID, ParkedAt: r.Now(), By: *r.cashier, Lines: len(s.ActiveLines()), Total: s.Total(), Training: s.Training}
	if err := r.Parked.ParkSale(ctx, s, p); err != nil {
		return ParkedSale{}, err
	}
	r.sale = nil
	return p, nil
}

// Recall takes a parked basket back as the sale being rung up, by whoever is logged in.
// The basket on the till must be empty, and a training basket comes back only in training
// mode (and a real one only outside it).
func (r *Register) Recall(ctx context.Context, id SaleID) (Sale, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cashier == nil {
		return Sale{}, Errorf(EUNAUTHORIZED, "log in with your PIN first")
	}
	if r.sale != nil && (len(r.sale.ActiveLines()) > 0 || r.sale.Exchange != nil) {
		return Sale{}, Errorf(ECONFLICT, "finish or park the basket on the till first")
	}
	parked, err := r.Parked.ParkedSales(ctx)
	if err != nil {
		return Sale{}, err
	}
	for _, p := range parked {
		if p.ID == id && p.Training != r.training {
			if p.Training {
				return Sale{}, Errorf(ECONFLICT, "that basket was rung in training mode: switch training on (F9) to recall it")
			}
			return Sale{}, Errorf(ECONFLICT, "that basket is a real sale: switch training off (F9) to recall it")
		}
	}
	s, err := r.Parked.TakeParked(ctx, id)
	if err != nil {
		return Sale{}, err
	}
	if s.Currency != r.Store.Currency {
		// Parked before the till took a store in another currency at pairing: its prices
		// cannot be sold here, and no cashier could ever recall it. It was never a sale.
		return Sale{}, Errorf(ECONFLICT, "that basket was rung in %s before the till became a store in %s: it is removed; ring it again", s.Currency, r.Store.Currency)
	}
	s.Store, s.Till = r.Store.ID, r.Store.TillID // a till that took another store since
	s.Cashier, s.Tenders = *r.cashier, nil
	r.sale = s
	// Priced again with the promotions of now: some may have ended or begun while it was
	// parked. The basket is the till's even when they cannot be read (then it is priced
	// without them, and the error says so).
	r.promos = map[SKU][]Promotion{}
	var errs []error
	for _, l := range s.Lines {
		if _, read := r.promos[l.SKU]; read || !promotable(l) {
			continue
		}
		promos, err := r.promotionsAt(ctx, l.SKU, r.Store.ID)
		errs = append(errs, err)
		r.promos[l.SKU] = promos
	}
	r.reprice()
	return *s, errors.Join(errs...)
}
