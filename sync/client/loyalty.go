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
	var se *StatusError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return hold, fmt.Errorf("%w: %w", pos.PointsCustomerUnknown(), err)
	case err != nil:
		return hold, holdError("hold points", err)
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
		return holdError("release points", err)
	}
	return nil
}

// unreachable says central could not be asked: no answer, or central failing. The till
// then goes on offline, within its limits.
func unreachable(err error) bool {
	var se *StatusError
	return !answered(err) || errors.As(err, &se) && se.Status >= 500
}

// holdError is what the register makes of a failed call about a hold (what it was):
// pos.ErrOffline when central could not be asked, else central's refusal.
func holdError(what string, err error) error {
	if unreachable(err) {
		return fmt.Errorf("%w: %w", pos.ErrOffline, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}
