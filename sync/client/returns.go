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
		r.Lines = append(r.Lines, pos.ReturnableLine{Line: l.Line, SKU: pos.SKU(l.SKU), Name: l.Name, Unit: pos.Unit(l.Unit), Qty: pos.Qty(l.Qty),
			Amount: pos.Money(l.Amount), Returned: pos.Qty(l.Returned), Where: l.Where})
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
	case !answered(err), errors.As(err, &se) && se.Status >= 500:
		return fmt.Errorf("%w: %w", pos.ErrOffline, err)
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		return fmt.Errorf("%w: %w", pos.ReturnUnknown(se.Body.Message), err)
	case errors.As(err, &se) && se.Status == http.StatusConflict:
		return fmt.Errorf("%w: %w", pos.ReturnRefused(se.Body.Message), err)
	}
	return fmt.Errorf("returns at central: %w", err)
}
