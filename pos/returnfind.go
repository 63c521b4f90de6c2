package pos

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
)

// PurchaseRef is a purchase of a customer's that could come back, as central lists it: the
// cashier picks it, and the return desk finds it by its Label.
type PurchaseRef struct {
	Kind    string // SourceSale or SourceOrder
	Ref     string // the sale's id, or the order's number
	Label   string // STORE/TILL/NO for a receipt, the order's number
	Channel string // "store" for a receipt, the order's channel
	At      time.Time
	// Total is what was paid for it, in Currency's minor units.
	Total    Money
	Currency Currency
	Lines    int
}

// CustomerPurchases is a customer, by their name only (a return needs no more), and what
// they bought that could come back, newest first.
type CustomerPurchases struct {
	Customer  string // their name as central has it
	Purchases []PurchaseRef
}

// PurchaseFinder finds a customer's purchases by their loyalty card, or their exact e-mail
// or phone: a ReturnsCentral may implement it. ENOTFOUND when nobody is that, ECONFLICT
// when several customers share the e-mail or phone, ErrOffline when central cannot be
// reached.
type PurchaseFinder interface {
	PurchasesOf(ctx context.Context, key string) (CustomerPurchases, error)
}

// PurchasesFound is the return desk's answer to a customer's card, e-mail or phone: not a
// purchase but the customer's purchases, one of which the cashier picks.
type PurchasesFound struct{ Found CustomerPurchases }

func (e *PurchasesFound) phrase() Phrase {
	return Phrasef("Purchases of %s: choose the one that comes back.", e.Found.Customer)
}

func (e *PurchasesFound) Error() string { return e.phrase().String() }

// ErrorCode and ErrorMessage make it Explained, for screens that only show messages.
func (e *PurchasesFound) ErrorCode() string    { return EINVALID }
func (e *PurchasesFound) ErrorMessage() string { return e.Error() }

// ErrorFormat makes it Phrased: a screen says it in its own language.
func (e *PurchasesFound) ErrorFormat() (string, []any) {
	p := e.phrase()
	return p.Format, p.Args
}

// CustomersShare is central's refusal to choose between customers who share an e-mail or
// a phone.
func CustomersShare(key string) error {
	return Errorf(ECONFLICT, "Several customers have %s: find the customer by their loyalty card.", key)
}

// NoSuchCustomer is central's answer for a card, e-mail or phone of nobody it knows.
func NoSuchCustomer(key string) error {
	return Errorf(ENOTFOUND, "No customer has card, e-mail or phone %s.", key)
}

// customerPurchases answers an order number central does not know (notFound) as a
// customer's card, e-mail or phone, when central can find purchases so: the customer's
// purchases (*PurchasesFound), or in words that they bought nothing that can come back;
// notFound when nobody is that customer either.
func (d *ReturnDesk) customerPurchases(ctx context.Context, ref string, notFound error) error {
	pf, ok := d.Central.(PurchaseFinder)
	if !ok {
		return notFound
	}
	key := ref
	found, err := pf.PurchasesOf(ctx, key)
	switch {
	case errors.Is(err, ErrOffline):
		return d.offlineCustomer()
	case ErrorCode(err) == ENOTFOUND || ErrorCode(err) == EINVALID:
		return notFound
	case err != nil:
		return err
	case len(found.Purchases) == 0:
		who := found.Customer
		if who == "" {
			who = key
		}
		return Errorf(ENOTFOUND, "%s bought nothing in the last 365 days that can come back.", who)
	}
	return &PurchasesFound{Found: found}
}

// offlineCustomer is what the desk says to a customer's card, e-mail or phone while central
// cannot be reached: only central knows what they bought.
func (d *ReturnDesk) offlineCustomer() error {
	return Errorf(ECONFLICT, "Central cannot be reached: find the purchase by its receipt.")
}

// findsCustomers says whether the desk can find a customer's purchases and the input
// looks like a customer's e-mail, phone or card rather than an order's number (which
// has letters): offline, it is told to find the purchase by its receipt.
func (d *ReturnDesk) findsCustomers(ctx context.Context, ref string) bool {
	if _, ok := d.Central.(PurchaseFinder); !ok {
		return false
	}
	input := ref
	if strings.Contains(input, "@") {
		return true
	}
	return len(PhoneDigits(input)) >= 6 && !strings.ContainsFunc(input, unicode.IsLetter)
}
