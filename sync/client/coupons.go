package client

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Coupons pulls one page of the coupons stream after cursor.
func (c *Client) Coupons(ctx context.Context, cursor int64, limit int) (wire.CouponPage, error) {
	var page wire.CouponPage
	err := c.call(ctx, http.MethodGet, "/changes/coupons", pageQuery(cursor, limit), nil, &page)
	return page, err
}

// CouponOf is a coupon as the till keeps it.
func CouponOf(w wire.Coupon) pos.Coupon {
	return pos.Coupon{Code: w.Code, Campaign: w.Campaign, Kind: pos.CouponKind(w.Kind), Value: w.Value, MinTotal: pos.Money(w.MinTotal),
		Starts: w.Starts, Ends: w.Ends, Customer: pos.CustomerID(w.CustomerID), Signature: w.Signature}
}

// pullCoupons takes a page of coupons: each checked against central's key, one that does
// not hold skipped (and logged) while the others are taken.
func (w *Worker) pullCoupons(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.Coupons(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	key := ed25519.PublicKey(page.Key)
	if len(page.Coupons) > 0 && len(key) != ed25519.PublicKeySize {
		return pageResult{}, fmt.Errorf("central's coupons page has no key of %d bytes", ed25519.PublicKeySize)
	}
	var take []pos.Coupon
	var gone []string
	for _, wc := range page.Coupons {
		c := CouponOf(wc)
		switch {
		case wc.Gone:
			gone = append(gone, wc.Code)
		case c.Check() != nil || !c.Verify(key):
			w.Log.Warn("a coupon from central is not signed by its key or cannot be used; skipped", "code", wc.Code, "err", c.Check())
			gone = append(gone, wc.Code) // a copy the till had must not outlive it
		default:
			take = append(take, c)
		}
	}
	res := pageResult{next: page.NextCursor, more: page.More, rows: len(page.Coupons), total: page.Total}
	return res, w.Store.ApplyCouponPage(ctx, key, take, gone, page.NextCursor)
}

var _ pos.CouponHolds = Holds{}

// HoldCoupon asks central to hold a coupon for the till's sale; the answer carries the
// coupon, checked against central's signature when it is signed.
func (h Holds) HoldCoupon(ctx context.Context, hold pos.CouponHold) (pos.CouponHold, error) {
	var ans wire.CouponAnswer
	err := h.Central.call(ctx, http.MethodPost, "/coupons/holds", nil, wire.CouponHoldRequest{HoldID: hold.ID, Code: hold.Code}, &ans)
	var se *StatusError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return hold, fmt.Errorf("%w: %w", pos.CouponUnknown(hold.Code), err)
	case err != nil:
		return hold, holdError("hold coupon", err)
	case ans.Status == wire.CouponUsed:
		return hold, pos.CouponUsed(hold.Code, ans.UsedBy)
	case ans.Status != wire.CouponHeld || ans.Coupon == nil || ans.HoldID != hold.ID:
		return hold, fmt.Errorf("central answered coupon hold %s with %+v", hold.ID, ans)
	}
	hold.Coupon = CouponOf(*ans.Coupon)
	return hold, hold.Coupon.Check()
}

// ReleaseCoupon gives a coupon's hold back.
func (h Holds) ReleaseCoupon(ctx context.Context, id string) error {
	var ans wire.CouponAnswer
	if err := h.Central.call(ctx, http.MethodDelete, "/coupons/holds/"+url.PathEscape(id), nil, nil, &ans); err != nil {
		return holdError("release coupon", err)
	}
	return nil
}
