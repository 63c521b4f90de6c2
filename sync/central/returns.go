package central

import (
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// ReturnableQuery names a purchase: a sale by id, a receipt as STORE/TILL/NO, or an
// online order by number (one of them). AnyStatus shows an order not collected yet too
// (for IT to look at; such an order is cancelled, not returned).
type ReturnableQuery struct {
	Sale, Receipt, Order string
	AnyStatus            bool
}

// ReturnOf reads the return a return.completed event carries, and checks it as far as
// the event alone allows: its till's, about its aggregate, within the bounds, its refunds
// adding up to its lines.
func ReturnOf(ev wire.Event) (pos.ReturnEvent, error) {
	r, err := pos.DecodeReturnEvent(ev.Payload)
	if err != nil {
		return r, Reject("%s", pos.ErrorMessage(err))
	}
	switch {
	case r.ReturnID == "" || r.ReturnID != ev.Aggregate:
		return r, Reject("the event is about %q but carries return %q", ev.Aggregate, r.ReturnID)
	case r.SourceKind != pos.SourceSale && r.SourceKind != pos.SourceOrder && r.SourceKind != pos.SourceNone:
		return r, Reject("return %s is of a %q: a sale, an order, or none (no receipt)", r.ReturnID, r.SourceKind)
	case r.SourceKind == pos.SourceNone && (r.ApprovedBy == "" || r.Details == nil || r.Details.Check() != nil || r.Reserved):
		return r, Reject("return %s takes goods back without a receipt, but no manager approved it or it records no customer", r.ReturnID)
	case r.SourceKind != pos.SourceNone && r.Details != nil:
		return r, Reject("return %s records a customer's details, which only a return without a receipt does", r.ReturnID)
	case r.SourceID == "" || len(r.Lines) == 0:
		return r, Reject("return %s names no purchase or no lines", r.ReturnID)
	}
	if r.Currency == "" {
		return r, Reject("return %s names no currency", r.ReturnID)
	}
	var lines, refunds pos.Money
	seen := map[int]bool{}
	for _, l := range r.Lines {
		if seen[l.Line] || l.Qty <= 0 || l.Qty > MaxQty || !inMoney(l.Amount) {
			return r, Reject("line %d of return %s is twice, or its quantity or amount is out of bounds", l.Line, r.ReturnID)
		}
		seen[l.Line] = true
		lines += l.Amount
	}
	for _, t := range r.Refund {
		switch {
		case !inMoney(t.Amount) || t.Amount == 0:
			return r, Reject("a refund of return %s is out of bounds", r.ReturnID)
		case t.Kind != pos.TenderCash && t.Kind != pos.TenderCard && t.Kind != pos.TenderOnline && t.Kind != pos.TenderCredit &&
			t.Kind != pos.TenderExchange:
			return r, Reject("return %s refunds %s as %q: cash, card, online, credit or exchange", r.ReturnID, t.Amount, t.Kind)
		case t.Kind == pos.TenderCredit && t.Reference == "":
			return r, Reject("return %s refunds store credit without a voucher code", r.ReturnID)
		case r.SourceKind == pos.SourceNone && t.Kind != pos.TenderCredit && t.Kind != pos.TenderCash:
			return r, Reject("return %s without a receipt refunds %s as %q: store credit or cash", r.ReturnID, t.Amount, t.Kind)
		case t.Approval != "" && (t.Kind != pos.TenderCard || len(t.Approval) > 64):
			return r, Reject("return %s carries an approval of at most 64 characters on a refund to a card only", r.ReturnID)
		case t.Kind == pos.TenderExchange && (t.Reference == "" || len(t.Reference) > 64):
			return r, Reject("return %s pays for a sale in exchange without naming the sale", r.ReturnID)
		}
		refunds += t.Amount
	}
	if lines != refunds || lines > MaxMoney {
		return r, Reject("return %s refunds %s for lines worth %s", r.ReturnID, refunds, lines)
	}
	return r, nil
}

// CheckReturnTill refuses a return that till t says was made at another till.
func CheckReturnTill(r pos.ReturnEvent, t Till) error {
	if r.Store != t.Store || r.Till != t.ID {
		return Reject("return %s was made at till %s/%s, but till %s sent it", r.ReturnID, r.Store, r.Till, t)
	}
	return nil
}

// OverRefund says what a manager checks of a return that paid back more for a line than
// its share of what was paid.
func OverRefund(r pos.ReturnEvent, line int, refunded, due pos.Money) string {
	return fmt.Sprintf("return %s (till %s/%s, return %d) refunded %s for line %d of %s, which gives back %s: check the till",
		r.ReturnID, r.Store, r.Till, r.ReturnNo, refunded, line, r.SourceLabel, due)
}

// OverReturn says what a manager checks of a return that took back more than was left.
func OverReturn(r pos.ReturnEvent, line int, qty, left pos.Qty) string {
	return fmt.Sprintf("return %s (till %s/%s, return %d) took back %d thousandths of line %d of %s, but only %d were left: another till returned them first; the refund went out all the same",
		r.ReturnID, r.Store, r.Till, r.ReturnNo, qty, line, r.SourceLabel, left)
}
