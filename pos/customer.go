package pos

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// CustomerID is the chain's id of a customer, the same in every channel.
type CustomerID string

// Customer is one customer of the chain as the till knows them from central: found by the
// loyalty card's barcode, with the points balance central last summed from its ledger.
type Customer struct {
	ID     CustomerID
	Card   string // loyalty card number; empty when the customer has none
	Name   string
	Email  string
	Phone  string
	Points int64
	// AsOf is when the till last pulled the customers stream from central: the balance is
	// central's as of then, not live. Zero when the till never pulled it.
	AsOf time.Time
}

// Customers finds the chain's customers the till knows (pos/sqlite implements it).
type Customers interface {
	// CustomerByCard finds the customer whose loyalty card was scanned; ENOTFOUND when none.
	CustomerByCard(ctx context.Context, card string) (Customer, error)
	// FindCustomers lists up to limit customers whose phone number (digits only, any part of
	// it) or e-mail (any part, case-insensitive) holds what was typed.
	FindCustomers(ctx context.Context, query string, limit int) ([]Customer, error)
	// CreateCustomer keeps a customer who joined at the till and queues ev, the event that
	// tells central, in one transaction: the till finds them at once, online or not.
	// ECONFLICT when a customer the till knows has the same e-mail or phone.
	CreateCustomer(ctx context.Context, c Customer, ev Event) error
}

// CardOf is the loyalty card number a scan may carry: the printed barcode, or the QR of a
// phone's app, which may carry it after a "card:" prefix or as the last part of a link.
func CardOf(input string) string {
	card := strings.TrimSpace(input)
	if rest, ok := strings.CutPrefix(strings.ToLower(card), "card:"); ok {
		return strings.TrimSpace(rest)
	}
	if strings.Contains(card, "://") {
		card, _, _ = strings.Cut(card, "?")
		card = strings.TrimRight(card, "/")
		card = card[strings.LastIndexByte(card, '/')+1:]
	}
	return card
}

// CustomerScanned is the answer to scanning a loyalty card at the register: no line is
// added, the customer is attached to the sale.
type CustomerScanned struct{ Customer Customer }

func (e *CustomerScanned) Error() string {
	return fmt.Sprintf("customer %s (%s) identified by card %s", e.Customer.Name, e.Customer.ID, e.Customer.Card)
}

// OrderStatus is where an online order is on its way to the customer.
type OrderStatus string

// Statuses of an online order, as central keeps them.
const (
	OrderPlaced    OrderStatus = "placed"    // the store picks it
	OrderReady     OrderStatus = "ready"     // picked, waiting at the counter
	OrderCollected OrderStatus = "collected" // the customer took it
	OrderCancelled OrderStatus = "cancelled"
)

// ToCollect says the customer may still come for the order.
func (s OrderStatus) ToCollect() bool { return s == OrderPlaced || s == OrderReady }

// OnlineOrder is an order placed in another channel (web shop, app, endless aisle) to be
// collected in this store: click & collect.
type OnlineOrder struct {
	ID        string
	Number    string // what the customer quotes, e.g. WEB-100234
	Channel   string
	Customer  CustomerID // empty for a guest
	Status    OrderStatus
	Paid      bool // paid online; otherwise paid at pickup
	Currency  Currency
	Total     Money
	Lines     []OrderLine
	CreatedAt time.Time
}

// OrderLine is one article of an online order at the price the customer was given.
type OrderLine struct {
	Line  int
	SKU   SKU
	Name  string
	Qty   Qty
	Price Money // the catalog's gross unit (kg) price when ordered
	// Discount is what a promotion took off the line; Amount what the customer pays for it,
	// and what a refund of the whole line gives back.
	Discount Money
	Amount   Money
}

// EventCustomerCreated reports a customer who joined at a till, perhaps offline: central
// adds them, or, when it has a customer with the same e-mail or phone, keeps that one and
// reports the duplicate.
const EventCustomerCreated = "customer.created"

// NewCustomer is a customer joining at the till, with what they agreed to.
type NewCustomer struct {
	Name  string
	Email string
	Phone string
	// Marketing: the customer agrees to be sent offers. EReceipt: their receipts are sent
	// to their e-mail instead of printed.
	Marketing bool
	EReceipt  bool
}

// Check refuses a customer who cannot be told from others or reached.
func (n NewCustomer) Check() error {
	email, phone := strings.TrimSpace(n.Email), strings.TrimSpace(n.Phone)
	switch {
	case strings.TrimSpace(n.Name) == "":
		return Errorf(EINVALID, "Type the customer's name.")
	case email == "" && phone == "":
		return Errorf(EINVALID, "Type the customer's phone or e-mail: they are found by it.")
	case email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " ,;") || strings.HasPrefix(email, "@") || strings.HasSuffix(email, "@")):
		return Errorf(EINVALID, "%q is not an e-mail address.", email)
	case phone != "" && (len(PhoneDigits(phone)) < 7 || strings.Trim(phone, "0123456789 +-()/.") != ""):
		return Errorf(EINVALID, "%q is not a phone number.", phone)
	case n.EReceipt && email == "":
		return Errorf(EINVALID, "An e-receipt needs the customer's e-mail.")
	}
	return nil
}

// PhoneDigits is a phone number's digits, as phones are compared: "+48 600-100-200" is
// "48600100200".
func PhoneDigits(phone string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, phone)
}

// CustomerCreatedEvent is the payload of a customer.created event, read strictly
// (DecodeCustomerCreated) as a sale's is.
type CustomerCreatedEvent struct {
	Customer  CustomerID `json:"customer_id"`
	Store     StoreID    `json:"store_id"`
	Till      TillID     `json:"till_id"`
	Name      string     `json:"name"`
	Email     string     `json:"email,omitempty"`
	Phone     string     `json:"phone,omitempty"`
	Marketing bool       `json:"marketing"`
	EReceipt  bool       `json:"e_receipt"`
	CreatedAt time.Time  `json:"created_at"`
	By        StaffID    `json:"cashier_id"`
}

// CustomerCreated makes the customer and the outbox event of a customer who joined at
// the till of store s, by cashier, at at: the customer has a new id of its own.
func CustomerCreated(n NewCustomer, s StoreInfo, cashier StaffID, at time.Time) (Customer, Event, error) {
	if err := n.Check(); err != nil {
		return Customer{}, Event{}, err
	}
	cid, err := uuid.NewV7()
	if err != nil {
		return Customer{}, Event{}, fmt.Errorf("new customer id: %w", err)
	}
	eid, err := uuid.NewV7()
	if err != nil {
		return Customer{}, Event{}, fmt.Errorf("new event id: %w", err)
	}
	c := Customer{ID: CustomerID(cid.String()), Name: strings.TrimSpace(n.Name), Email: strings.TrimSpace(n.Email), Phone: strings.TrimSpace(n.Phone)}
	doc := CustomerCreatedEvent{Customer: c.ID, Store: s.ID, Till: s.TillID, Name: c.Name, Email: c.Email, Phone: c.Phone,
		Marketing: n.Marketing, EReceipt: n.EReceipt, CreatedAt: at.UTC(), By: cashier}
	payload, err := json.Marshal(doc)
	if err != nil {
		return Customer{}, Event{}, fmt.Errorf("encode customer %s: %w", c.ID, err)
	}
	return c, Event{ID: EventID(eid.String()), Type: EventCustomerCreated, Aggregate: string(c.ID), At: at, Payload: payload}, nil
}

// DecodeCustomerCreated reads a customer.created payload strictly, and checks it as the
// till did.
func DecodeCustomerCreated(payload []byte) (CustomerCreatedEvent, error) {
	var e CustomerCreatedEvent
	if err := decodeStrict(payload, &e); err != nil {
		return e, Errorf(EINVALID, "the new customer cannot be read: %v", err)
	}
	if e.Customer == "" {
		return e, Errorf(EINVALID, "the new customer has no id")
	}
	return e, NewCustomer{Name: e.Name, Email: e.Email, Phone: e.Phone, EReceipt: e.EReceipt}.Check()
}
