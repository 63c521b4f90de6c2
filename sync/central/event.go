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
