package central

import (
	"time"

	"github.com/omnitill/omnitill/pos"
)

// ChannelStore is the channel of the sales tills booked, beside the orders' own channels.
const ChannelStore = "store"

// CustomerHistory is what central keeps of one customer from every channel, as support
// reads it: who they are, their ledger and their purchases. The lists hold the latest
// entries only (the limit asked); their totals say how many there are.
type CustomerHistory struct {
	// Customer.Points is the balance: the sum of the whole ledger, not of Ledger.
	Customer  Customer
	Marketing bool // they agreed to be sent offers
	EReceipt  bool // their receipts go to their e-mail
	JoinedAt  string
	ErasedAt  time.Time // zero unless Erased
	// Aliases are the ids tills gave this customer, kept as them (customer_aliases): what a
	// till recorded under one is theirs.
	Aliases []pos.CustomerID

	Ledger        []LedgerLine // the latest entries, oldest first
	LedgerEntries int          // how many the ledger has
	Channels      []ChannelPurchases
}

// LedgerLine is one entry of a customer's ledger with the balance it left.
type LedgerLine struct {
	LoyaltyEntry
	At      time.Time
	Balance int64 // the sum of the ledger up to and with this entry
}

// ChannelPurchases are a customer's purchases in one channel: ChannelStore, then the
// orders' channels by name.
type ChannelPurchases struct {
	Channel   string
	Purchases []Purchase // the latest, oldest first
	Count     int        // how many the channel has
}

// Purchase is a sale a till booked or an online order.
type Purchase struct {
	At    time.Time // a sale's completion, an order's creation
	Store pos.StoreID
	// A sale's till and receipt number.
	Till    pos.TillID
	Receipt pos.ReceiptNo
	// An order's number and status.
	Number, Status string
	Total          pos.Money
	Currency       pos.Currency
	// Customer is the id it was recorded under: the customer's, or one of Aliases.
	Customer pos.CustomerID
}

// RunBalances fills in the balance each of the latest entries left, from the balance
// after the last: the entries before them are not read, however many.
func RunBalances(latest []LedgerLine, balance int64) {
	for i := len(latest) - 1; i >= 0; i-- {
		latest[i].Balance = balance
		balance -= latest[i].Points
	}
}
