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

// Loyalty pulls the loyalty stream after cursor: the rules in force, when they changed.
func (c *Client) Loyalty(ctx context.Context, cursor int64, limit int) (wire.LoyaltyPage, error) {
	var page wire.LoyaltyPage
	err := c.call(ctx, http.MethodGet, "/changes/loyalty", pageQuery(cursor, limit), nil, &page)
	return page, err
}

func (w *Worker) pullLoyalty(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.Loyalty(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	var rules *pos.LoyaltyRules
	if len(page.Rules) > 0 {
		r, err := pos.DecodeLoyaltyRules(page.Rules)
		if err != nil {
			return pageResult{}, err
		}
		rules = &r
	}
	res := pageResult{next: page.NextCursor, more: page.More, total: page.Total}
	if rules != nil {
		res.rows = 1
	}
	return res, w.Store.ApplyLoyaltyPage(ctx, rules, page.NextCursor)
}

// Holds asks central to hold and release customers' points for the till's sales: the
// register's pos.PointsHolds.
type Holds struct{ Central *Client }

var _ pos.PointsHolds = Holds{}

// HoldPoints asks central to hold points; the same h.ID again is the same hold.
func (h Holds) HoldPoints(ctx context.Context, hold pos.PointsHold) (pos.PointsHold, error) {
	var ans wire.Hold
	err := h.Central.call(ctx, http.MethodPost, "/loyalty/holds", nil,
		wire.HoldRequest{HoldID: hold.ID, CustomerID: string(hold.Customer), Points: hold.Points}, &ans)
	if err != nil {
		return hold, holdError(err)
	}
	hold.Balance, hold.Available = ans.Balance, ans.Available
	switch {
	case ans.Status == wire.HoldShort:
		return hold, pos.PointsShort(ans.Available)
	case ans.Status != wire.HoldHeld || ans.HoldID != hold.ID || ans.Points != hold.Points:
		return hold, fmt.Errorf("central answered hold %s with %+v", hold.ID, ans)
	}
	return hold, nil
}

// ReleasePoints gives a hold back.
func (h Holds) ReleasePoints(ctx context.Context, id string) error {
	var ans wire.Hold
	if err := h.Central.call(ctx, http.MethodDelete, "/loyalty/holds/"+url.PathEscape(id), nil, nil, &ans); err != nil {
		return holdError(err)
	}
	return nil
}

// holdError is what the register makes of a failed hold: central out of reach (no answer,
// or central failing) is pos.ErrOffline, so the till redeems within its offline limits.
func holdError(err error) error {
	var se *StatusError
	switch {
	case !answered(err), errors.As(err, &se) && se.Status >= 500:
		return fmt.Errorf("%w: %w", pos.ErrOffline, err)
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return fmt.Errorf("%w: %w", pos.PointsCustomerUnknown(), err)
	}
	return fmt.Errorf("hold points: %w", err)
}
