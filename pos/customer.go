package pos

import "time"

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
