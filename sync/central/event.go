package central

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Rejection is a business rule refusing a till's event: recorded in the inbox with its
// reason, answered "rejected", never retried, and never holding up the events behind it.
type Rejection struct{ Reason string }

func (r *Rejection) Error() string { return r.Reason }

// Reject refuses an event for a reason a manager reads.
func Reject(format string, args ...any) error { return &Rejection{fmt.Sprintf(format, args...)} }

// CheckEventID refuses an event whose id is not a UUID: a till makes a UUIDv7 for every
// event, and central applies each once by it.
func CheckEventID(id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return Reject("event_id %q is not a UUID", id)
	}
	return nil
}

// SaleOf reads the sale an event carries; a payload that is not one is rejected.
func SaleOf(ev wire.Event) (pos.SaleEvent, error) {
	s, err := pos.DecodeSaleEvent(ev.Payload)
	if err != nil {
		return s, Reject("%s", pos.ErrorMessage(err))
	}
	return s, nil
}

// CheckSale refuses a sale central cannot book: one that is not about the event's
// aggregate or not of the till that sent it, incomplete, whose lines do not add up to its
// total, or in another currency than its store sells in.
func CheckSale(s pos.SaleEvent, aggregate string, till Till, store Store) error {
	switch {
	case s.SaleID == "":
		return Reject("the sale has no sale_id")
	case string(s.SaleID) != aggregate:
		return Reject("the event is about %q but carries sale %s", aggregate, s.SaleID)
	case s.Store != till.Store || s.Till != till.ID:
		return Reject("sale %s is of till %s/%s but was sent by till %s", s.SaleID, s.Store, s.Till, till)
	case s.ReceiptNo <= 0:
		return Reject("sale %s has no receipt number", s.SaleID)
	case len(s.Lines) == 0:
		return Reject("sale %s has no lines", s.SaleID)
	}
	var sum pos.Money
	lineNos := map[int]bool{}
	for _, l := range s.Lines {
		switch {
		case lineNos[l.No]:
			return Reject("sale %s has line %d twice", s.SaleID, l.No)
		case l.SKU == "":
			return Reject("line %d of sale %s has no SKU", l.No, s.SaleID)
		case l.Qty <= 0:
			return Reject("line %d of sale %s has quantity %d", l.No, s.SaleID, l.Qty)
		}
		lineNos[l.No] = true
		if !l.Voided {
			sum += l.Amount
		}
	}
	if sum != s.Total {
		return Reject("the lines of sale %s add up to %s, not its total %s", s.SaleID, sum, s.Total)
	}
	if store.Currency != "" && store.Currency != s.Currency {
		return Reject("sale %s is in %s but store %s sells in %s", s.SaleID, s.Currency, store.ID, store.Currency)
	}
	return nil
}
