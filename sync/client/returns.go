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

// Returns asks central about returns for the till: pos.ReturnsCentral.
type Returns struct{ Central *Client }

var _ pos.ReturnsCentral = Returns{}

// Returnable finds a purchase at central: a sale by id or STORE/TILL/NO, an order by
// number.
func (rc Returns) Returnable(ctx context.Context, kind, ref string) (pos.Returnable, error) {
	q := url.Values{"order": {ref}}
	if kind == pos.SourceSale {
		q = url.Values{"sale": {ref}}
		if isReceiptRef(ref) {
			q = url.Values{"receipt": {ref}}
		}
	}
	var w wire.Returnable
	if err := rc.Central.call(ctx, http.MethodGet, "/returnables", q, nil, &w); err != nil {
		return pos.Returnable{}, returnsError(err)
	}
	r := pos.Returnable{Kind: w.Kind, ID: w.ID, Label: w.Label, Channel: w.Channel, Store: pos.StoreID(w.StoreID),
		Customer: pos.CustomerID(w.CustomerID), Currency: pos.Currency(w.Currency), At: w.At, Online: true}
	for _, l := range w.Lines {
		rl := pos.ReturnableLine{Line: l.Line, SKU: pos.SKU(l.SKU), Name: l.Name, Unit: pos.Unit(l.Unit), Qty: pos.Qty(l.Qty),
			Amount: pos.Money(l.Amount), Returned: pos.Qty(l.Returned), Where: l.Where, UnitPrice: pos.Money(l.UnitPrice), Discounts: pos.Money(l.Discounts)}
		if l.Promotion != nil {
			p := promotionOf(*l.Promotion)
			rl.Promotion = &p
		}
		r.Lines = append(r.Lines, rl)
	}
	for _, t := range w.Tenders {
		r.Tenders = append(r.Tenders, pos.SaleEventTender{Kind: pos.TenderKind(t.Kind), Amount: pos.Money(t.Amount), Reference: t.Reference})
	}
	return r, nil
}

func isReceiptRef(ref string) bool {
	n := 0
	for _, c := range ref {
		if c == '/' {
			n++
		}
	}
	return n == 2
}

// Reserve holds a return's quantities at central.
func (rc Returns) Reserve(ctx context.Context, id string, source pos.Returnable, lines []pos.ReturnEventLine) error {
	req := wire.ReserveRequest{ReturnID: id, SourceKind: source.Kind, SourceID: source.ID}
	if source.Kind == pos.SourceOrder {
		req.SourceID = source.Label // central finds an order by its number
	}
	for _, l := range lines {
		req.Lines = append(req.Lines, wire.ReserveLine{Line: l.Line, Qty: int64(l.Qty)})
	}
	var ans wire.Reservation
	if err := rc.Central.call(ctx, http.MethodPost, "/returns/reserve", nil, req, &ans); err != nil {
		return returnsError(err)
	}
	return nil
}

// Release gives a reservation back.
func (rc Returns) Release(ctx context.Context, id string) error {
	var ans wire.Reservation
	if err := rc.Central.call(ctx, http.MethodDelete, "/returns/reserve/"+url.PathEscape(id), nil, nil, &ans); err != nil {
		return returnsError(err)
	}
	return nil
}

// returnsError is central's refusal in the cashier's words, or pos.ErrOffline when
// central cannot be reached.
func returnsError(err error) error {
	var se *StatusError
	switch {
	case unreachable(err):
		return fmt.Errorf("%w: %w", pos.ErrOffline, err)
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return fmt.Errorf("%w: %w", pos.ReturnUnknown(se.Body.Message), err)
	case errors.As(err, &se) && se.Status == http.StatusConflict:
		return fmt.Errorf("%w: %w", pos.ReturnRefused(se.Body.Message), err)
	}
	return fmt.Errorf("returns at central: %w", err)
}

var _ pos.VoucherHolds = Holds{}

// HoldVoucher holds part of a voucher's balance for the till's sale.
func (h Holds) HoldVoucher(ctx context.Context, hold, code string, amount pos.Money) (pos.Money, error) {
	var ans wire.VoucherAnswer
	err := h.Central.call(ctx, http.MethodPost, "/vouchers/holds", nil, wire.VoucherHoldRequest{HoldID: hold, Code: code, Amount: int64(amount)}, &ans)
	var se *StatusError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return 0, fmt.Errorf("%w: %w", pos.VoucherUnknown(code), err)
	case err != nil:
		return 0, holdError("hold store credit", err)
	case ans.Status == wire.HoldShort:
		return pos.Money(ans.Balance), pos.VoucherShort(code, pos.Money(ans.Available))
	case ans.Status != wire.HoldHeld:
		return 0, fmt.Errorf("central answered voucher hold %s with %+v", hold, ans)
	}
	return pos.Money(ans.Balance), nil
}

// ReleaseVoucher gives a voucher hold back.
func (h Holds) ReleaseVoucher(ctx context.Context, hold string) error {
	var ans wire.VoucherAnswer
	if err := h.Central.call(ctx, http.MethodDelete, "/vouchers/holds/"+url.PathEscape(hold), nil, nil, &ans); err != nil {
		return holdError("release store credit", err)
	}
	return nil
}

// VoucherAvailable is what a voucher has free at central.
func (h Holds) VoucherAvailable(ctx context.Context, code string) (pos.Money, error) {
	var ans wire.VoucherAnswer
	err := h.Central.call(ctx, http.MethodGet, "/vouchers/"+url.PathEscape(code), nil, nil, &ans)
	var se *StatusError
	switch {
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return 0, fmt.Errorf("%w: %w", pos.VoucherUnknown(code), err)
	case err != nil:
		return 0, holdError("voucher balance", err)
	}
	return pos.Money(ans.Available), nil
}

// ReturnsPolicy pulls the returns stream after cursor: the policy in force, when it
// changed.
func (c *Client) ReturnsPolicy(ctx context.Context, cursor int64, limit int) (wire.ReturnsPolicyPage, error) {
	var page wire.ReturnsPolicyPage
	err := c.call(ctx, http.MethodGet, "/changes/returns", pageQuery(cursor, limit), nil, &page)
	return page, err
}

func (w *Worker) pullReturnsPolicy(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.ReturnsPolicy(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	var p *pos.ReturnsPolicy
	res := pageResult{next: page.NextCursor, more: page.More}
	if len(page.Policy) > 0 {
		policy, err := pos.DecodeReturnsPolicy(page.Policy)
		if err != nil {
			return pageResult{}, err
		}
		p, res.rows = &policy, 1
	}
	return res, w.Store.ApplyReturnsPolicyPage(ctx, p, page.NextCursor)
}
