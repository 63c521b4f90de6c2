package till

import (
	"context"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
)

// holdTimeout is how long a cashier waits for central to hold points before the till
// redeems offline, within its limits.
const holdTimeout = 5 * time.Second

// centralHolds asks central to hold and release points through the till's link as it is
// now: a till not paired is offline.
type centralHolds struct{ t *Till }

func (h centralHolds) holds(ctx context.Context) (client.Holds, error) {
	link, err := h.t.DB.Link(ctx)
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		return client.Holds{}, fmt.Errorf("%w: the till is not paired", pos.ErrOffline)
	} else if err != nil {
		return client.Holds{}, err
	}
	c, err := client.Connect(link)
	if err != nil {
		return client.Holds{}, fmt.Errorf("%w: %w", pos.ErrOffline, err)
	}
	return client.Holds{Central: c}, nil
}

func (h centralHolds) HoldPoints(ctx context.Context, hold pos.PointsHold) (pos.PointsHold, error) {
	hs, err := h.holds(ctx)
	if err != nil {
		return hold, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	got, err := hs.HoldPoints(ctx, hold)
	if err != nil {
		h.t.log.Warn("points not held at central", "customer", hold.Customer, "points", hold.Points, "err", err)
	} else {
		h.t.log.Info("points held at central", "hold", hold.ID, "customer", hold.Customer, "points", hold.Points, "available", got.Available)
	}
	return got, err
}

func (h centralHolds) ReleasePoints(ctx context.Context, id string) error {
	hs, err := h.holds(ctx)
	if err == nil {
		err = hs.ReleasePoints(ctx, id)
	}
	if err != nil {
		h.t.log.Warn("points hold not released: it lapses at central", "hold", id, "err", err)
	}
	return err
}

func (h centralHolds) HoldCoupon(ctx context.Context, hold pos.CouponHold) (pos.CouponHold, error) {
	hs, err := h.holds(ctx)
	if err != nil {
		return hold, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	got, err := hs.HoldCoupon(ctx, hold)
	if err != nil {
		h.t.log.Warn("coupon not held at central", "code", hold.Code, "err", err)
	} else {
		h.t.log.Info("coupon held at central", "hold", hold.ID, "code", hold.Code)
	}
	return got, err
}

func (h centralHolds) ReleaseCoupon(ctx context.Context, id string) error {
	hs, err := h.holds(ctx)
	if err == nil {
		err = hs.ReleaseCoupon(ctx, id)
	}
	if err != nil {
		h.t.log.Warn("coupon hold not released: it lapses at central", "hold", id, "err", err)
	}
	return err
}

func (h centralHolds) HoldVoucher(ctx context.Context, hold, code string, amount pos.Money) (pos.Money, error) {
	hs, err := h.holds(ctx)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	balance, err := hs.HoldVoucher(ctx, hold, code, amount)
	if err != nil {
		h.t.log.Warn("store credit not held at central", "voucher", code, "amount", amount.String(), "err", err)
	}
	return balance, err
}

func (h centralHolds) ReleaseVoucher(ctx context.Context, hold string) error {
	hs, err := h.holds(ctx)
	if err == nil {
		err = hs.ReleaseVoucher(ctx, hold)
	}
	if err != nil {
		h.t.log.Warn("voucher hold not released: it lapses at central", "hold", hold, "err", err)
	}
	return err
}

func (h centralHolds) VoucherAvailable(ctx context.Context, code string) (pos.Money, error) {
	hs, err := h.holds(ctx)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, holdTimeout)
	defer cancel()
	return hs.VoucherAvailable(ctx, code)
}
