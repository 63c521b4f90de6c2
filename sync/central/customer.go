package central

import (
	"fmt"
	"slices"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Customer is a customer as central keeps them, Points being the sum of their ledger.
type Customer struct {
	pos.Customer
	// Erased customers are forgotten (GDPR) but their row stays: orders and the ledger
	// point at it.
	Erased bool
}

// CustomerImport is a row of a customers file.
type CustomerImport struct {
	pos.Customer
	// SetPoints says the file gives the balance (Points): central adds an "adjust" entry of
	// the difference to the ledger, and nothing when the balance already is that.
	SetPoints bool
	// Erased forgets the customer (GDPR): personal fields blanked, points expired.
	Erased bool
}

// LoyaltyEntry is one line of a customer's points ledger.
type LoyaltyEntry struct {
	Customer pos.CustomerID
	Points   int64 // + earned or given, - spent or taken
	Kind     string
	Event    pos.EventID // the till event it comes from; empty for what IT did
	Source   string      // what IT did, e.g. "import customers.csv"
}

// Kinds of loyalty ledger entries.
var loyaltyKinds = []string{"earn", "redeem", "reverse", "expire", "adjust"}

// Check refuses an entry of no known kind, or one that changes nothing.
func (e LoyaltyEntry) Check() error {
	switch {
	case !slices.Contains(loyaltyKinds, e.Kind):
		return pos.Errorf(pos.EINVALID, "unknown kind of loyalty entry %q", e.Kind)
	case e.Points == 0:
		return pos.Errorf(pos.EINVALID, "a loyalty entry of 0 points changes nothing")
	}
	return nil
}

// CheckEntry refuses an entry of customer c's ledger: an erased customer's points are gone.
func CheckEntry(c Customer, e LoyaltyEntry) error {
	if c.Erased {
		return pos.Errorf(pos.ECONFLICT, "customer %s was erased: their points are gone", e.Customer)
	}
	return e.Check()
}

// CustomerChange is what a row of a customers file does to a customer.
type CustomerChange struct {
	Added, Changed bool // neither: the customer is unchanged
	// Erase forgets who the customer is; Save writes the row's fields. Either moves the
	// customer on the customers stream.
	Erase, Save bool
	Entries     []LoyaltyEntry // for the ledger
}

// ImportCustomer decides what a customers file's row does to the customer central has (nil
// when it has none). The ledger keeps differences, not balances: a balance the file gives
// is reached with an "adjust" entry of the difference, and nothing when it already is that;
// an erased customer's balance expires. Any change, of a field or of the balance, is a
// change; the same row again is none. A customer erased before is ECONFLICT: one who comes
// back gets a new id. source is written on the ledger entries.
func ImportCustomer(old *Customer, in CustomerImport, source string) (CustomerChange, error) {
	switch {
	case in.Erased && (old == nil || old.Erased):
		return CustomerChange{}, nil // nothing (more) to forget
	case in.Erased:
		ch := CustomerChange{Changed: true, Erase: true}
		if old.Points != 0 {
			ch.Entries = []LoyaltyEntry{{Customer: old.ID, Points: -old.Points, Kind: "expire", Source: "erased: " + source}}
		}
		return ch, nil
	case old != nil && old.Erased:
		return CustomerChange{}, pos.Errorf(pos.ECONFLICT, "customer %s was erased: a customer who comes back gets a new id", in.ID)
	}
	var was Customer
	if old != nil {
		was = *old
	}
	fields := old == nil || was.Card != in.Card || was.Name != in.Name || was.Email != in.Email || was.Phone != in.Phone
	points := in.SetPoints && in.Points != was.Points
	if !fields && !points {
		return CustomerChange{}, nil
	}
	ch := CustomerChange{Added: old == nil, Changed: old != nil, Save: true}
	if points {
		ch.Entries = []LoyaltyEntry{{Customer: in.ID, Points: in.Points - was.Points, Kind: "adjust", Source: source}}
	}
	return ch, nil
}

// NewCustomerOf reads the customer a customer.created event carries; a payload that is not
// one is rejected.
func NewCustomerOf(ev wire.Event) (pos.CustomerCreatedEvent, error) {
	n, err := pos.DecodeCustomerCreated(ev.Payload)
	switch {
	case err != nil:
		return n, Reject("%s", pos.ErrorMessage(err))
	case string(n.Customer) != ev.Aggregate:
		return n, Reject("the event is about %q but carries customer %s", ev.Aggregate, n.Customer)
	}
	return n, nil
}

// CheckNewCustomer refuses a customer that till t says joined at another till.
func CheckNewCustomer(n pos.CustomerCreatedEvent, t Till) error {
	if n.Store != t.Store || n.Till != t.ID {
		return Reject("customer %s joined at till %s/%s, but till %s sent it", n.Customer, n.Store, n.Till, t)
	}
	return nil
}

// DuplicateCustomer says what a manager checks of a customer who joined at a till with the
// e-mail or phone of a customer central has: central keeps that one, the till's id leads
// to it.
func DuplicateCustomer(n pos.CustomerCreatedEvent, kept Customer) string {
	return fmt.Sprintf("customer %s (%s, %s %s) joined at till %s/%s with the e-mail or phone of customer %s (%s): kept as %s; check they are the same person",
		n.Customer, n.Name, n.Email, n.Phone, n.Store, n.Till, kept.ID, kept.Name, kept.ID)
}
