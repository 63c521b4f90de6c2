package pos

import (
	"context"
	"errors"
	"fmt"
)

// TenderExchange is the value of goods brought back in an exchange: in the sale it pays
// for, its reference is the return's id; in the return's refund, the sale's.
const TenderExchange TenderKind = "exchange"

// ExchangeStore commits an exchange: the return and the sale it pays for, in one
// transaction (pos/sqlite implements it).
type ExchangeStore interface {
	CommitExchange(ctx context.Context, s *Sale, r *Return) error
}

// exchangeCredit is what the goods brought back pay of the sale while it is rung up: their
// refund, at most the sale's total. Once the sale completes it is one of its tenders.
func (s Sale) exchangeCredit() Money {
	for _, t := range s.Tenders {
		if t.Kind == TenderExchange {
			return 0
		}
	}
	return s.ExchangeCredit()
}

// ExchangeCredit is what the goods brought back in an exchange pay of the sale.
func (s Sale) ExchangeCredit() Money {
	if s.Exchange == nil {
		return 0
	}
	return min(s.Exchange.Total(), max(s.Total(), 0))
}

// ExchangeRefund is what an exchange pays back: what the goods brought back are worth
// beyond the new ones.
func (s Sale) ExchangeRefund() Money {
	if s.Exchange == nil {
		return 0
	}
	return max(s.Exchange.Total()-max(s.Total(), 0), 0)
}

// Exchange takes goods back against the basket being rung up: what they refund pays for
// the new goods, and what they are worth beyond them is paid back when the sale
// completes, in one transaction and on one receipt. The return desk checks the return as
// it checks any (the policy, the reason, a manager over the limit) and, online, central
// holds the quantities now, before the customer leaves with anything.
func (r *Register) Exchange(ctx context.Context, req ReturnRequest) (*Return, error) {
	if r.Exchanges == nil {
		return nil, Errorf(ECONFLICT, "This till takes no goods back in exchange.")
	}
	r.mu.Lock()
	s, err := r.current()
	var sale SaleID
	var cashier Staff
	switch {
	case err != nil:
	case s.Training:
		err = Errorf(ECONFLICT, "Goods are not taken back in training mode.")
	case s.Exchange != nil:
		err = Errorf(ECONFLICT, "The sale takes goods back already: cancel that exchange first.")
	case len(s.Tenders) > 0:
		err = Errorf(ECONFLICT, "payment has started: cancel the payment first")
	default:
		sale, cashier = s.ID, *r.cashier
	}
	r.mu.Unlock()
	if err != nil {
		return nil, err
	}
	ret, err := r.Exchanges.PrepareExchange(ctx, cashier, req)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil || r.sale.ID != sale || r.sale.Exchange != nil || len(r.sale.Tenders) > 0 {
		r.dropExchange(ret)
		return nil, Errorf(ECONFLICT, "the sale changed while central was asked: try again")
	}
	r.sale.Exchange = ret
	return ret, nil
}

// CancelExchange gives the goods taken back in exchange back to the customer: the sale
// goes on without them, and central's hold of the quantities is released.
func (r *Register) CancelExchange() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.sale == nil || r.sale.Exchange == nil:
		return nil
	case len(r.sale.Tenders) > 0:
		return Errorf(ECONFLICT, "payment has started: cancel the payment first")
	}
	r.dropExchange(r.sale.Exchange)
	r.sale.Exchange = nil
	return nil
}

// dropExchange releases central's hold of an exchange that will not be completed, off the
// caller's goroutine (a hold not released lapses at central).
func (r *Register) dropExchange(ret *Return) {
	if ret != nil && ret.Reservation && r.Exchanges != nil && r.Exchanges.Central != nil {
		r.giveBack(ret.ID, r.Exchanges.Central.Release)
	}
}

// PrepareExchange checks a return made in exchange and, online, has central hold its
// quantities: it is committed with the sale it pays for (Register.Complete).
func (d *ReturnDesk) PrepareExchange(ctx context.Context, cashier Staff, req ReturnRequest) (*Return, error) {
	store := d.Store() // before d.mu: the register's lock is taken before the desk's
	d.mu.Lock()
	defer d.mu.Unlock()
	ret, _, err := d.prepare(ctx, store, cashier, req)
	if err != nil {
		return nil, err
	}
	ret.creditExcess = req.Credit
	return ret, nil
}

// completeExchange settles the exchange of sale s, completed but not yet committed: the
// goods' value pays for the sale (a TenderExchange on both sides), what is left is
// refunded as any return is (offline, within the policy's limits), and the return and the
// sale are committed in one transaction. s and ret are the caller's copies.
func (d *ReturnDesk) completeExchange(ctx context.Context, s *Sale, ret *Return) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	policy, err := d.policy(ctx)
	if err != nil {
		return err
	}
	store, ok := d.Returns.(ExchangeStore)
	if !ok {
		return fmt.Errorf("exchange %s: the till's store cannot commit an exchange", ret.ID)
	}
	applied := s.ExchangeCredit()
	ret.CompletedAt, ret.Refund = s.CompletedAt, nil
	if applied > 0 {
		ret.Refund = append(ret.Refund, Tender{Kind: TenderExchange, Amount: applied, Reference: string(s.ID)})
		s.Tenders = append([]Tender{{Kind: TenderExchange, Amount: applied, Reference: ret.ID}}, s.Tenders...)
	}
	// Offline, what the goods are worth beyond the new ones goes back as the policy allows:
	// as store credit when it says so.
	credit := ret.creditExcess || (!ret.Reservation && policy.OfflineCreditOnly)
	if err := d.settle(ctx, ret, policy, ret.Total()-applied, credit); err != nil {
		return err
	}
	s.Exchange = ret
	return store.CommitExchange(ctx, s, ret)
}

// RefreshExchange has central hold the goods taken back in exchange again, from now: the
// customer may have shopped on longer than a hold lasts, and another till must not take
// the same units back meanwhile. Asked before the payment. When they went back elsewhere
// while the hold had lapsed (ECONFLICT, in words saying where), the exchange is dropped
// from the sale: its goods cannot pay for it. Offline, the sale goes on as it is.
func (r *Register) RefreshExchange(ctx context.Context) error {
	r.mu.Lock()
	s := r.sale
	if s == nil || s.Exchange == nil || !s.Exchange.Reservation || r.Exchanges == nil || r.Exchanges.Central == nil {
		r.mu.Unlock()
		return nil
	}
	sale, ret := s.ID, *s.Exchange
	r.mu.Unlock()
	err := r.Exchanges.Central.Reserve(ctx, ret.ID, ret.Source, ret.eventLines())
	if err == nil || errors.Is(err, ErrOffline) {
		return nil
	}
	if ErrorCode(err) == ECONFLICT {
		r.mu.Lock()
		if r.sale != nil && r.sale.ID == sale && r.sale.Exchange != nil && r.sale.Exchange.ID == ret.ID && len(r.sale.Tenders) == 0 {
			r.sale.Exchange = nil
		}
		r.mu.Unlock()
	}
	return err
}
