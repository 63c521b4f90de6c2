package pos

import (
	"context"
	"crypto/ed25519"
	"time"
)

// Stream is one of the pull streams central publishes; a till keeps a cursor of each.
type Stream string

const (
	StreamProducts   Stream = "products"   // the catalog, with prices and VAT rates
	StreamStock      Stream = "stock"      // the on-hand of every store
	StreamPromotions Stream = "promotions" // the chain's price rules, for every channel
	StreamLoyalty    Stream = "loyalty"    // the loyalty points rules
	StreamCoupons    Stream = "coupons"    // single-use coupons, signed by central
	StreamReturns    Stream = "returns"    // the returns policy
	StreamCustomers  Stream = "customers"  // with their loyalty balance
	StreamOrders     Stream = "orders"     // online orders to be collected in the till's store
)

// Streams lists every stream in the order a till pulls them: the catalog first, as a sale
// needs it most.
var Streams = []Stream{StreamProducts, StreamStock, StreamPromotions, StreamLoyalty, StreamCoupons, StreamReturns, StreamCustomers, StreamOrders}

// SyncStatus is what the till shows of its link with central, at all times.
type SyncStatus struct {
	Paired     bool
	Online     bool      // the last attempt reached central
	Pending    int       // events waiting for central
	Oldest     time.Time // when the oldest waiting event happened; zero when none waits
	LastSync   time.Time // end of the last complete sync round; zero if never
	Rejections int       // events central refused that no manager has handled
	// Download is the snapshot being pulled (a new till, or central reset a stream); its
	// Total is 0 when none is under way.
	Download Download
	// FailedStreams are the streams the last round could not pull (central refused them, or
	// the till a page of them); the others were pulled all the same.
	FailedStreams []Stream
}

// Download is how far the till is in pulling a stream's full snapshot.
type Download struct {
	Stream      Stream
	Done, Total int // rows applied, rows in the snapshot
}

// Active says a snapshot is being pulled.
func (d Download) Active() bool { return d.Total > 0 && d.Done < d.Total }

// Fraction is the share applied, 0 to 1, for a progress bar.
func (d Download) Fraction() float64 {
	if d.Total <= 0 {
		return 0
	}
	return float64(d.Done) / float64(d.Total)
}

// Describe says it in a few words for the status bar.
func (s SyncStatus) Describe(w Words, now time.Time) string {
	if !s.Paired {
		return w.T("central: not paired · %d waiting", s.Pending)
	}
	out := w.T("central: OFFLINE · %d waiting", s.Pending)
	if s.Online {
		out = w.T("central: online · %d waiting", s.Pending)
	}
	if s.Pending > 0 && !s.Oldest.IsZero() {
		out += " " + w.T("(oldest %s)", age(w, now.Sub(s.Oldest)))
	}
	if s.Rejections > 0 {
		out += " · " + w.T("%d refused: manager", s.Rejections)
	}
	for _, f := range s.FailedStreams {
		out += " · " + w.T("%s not pulled", f)
	}
	if s.Download.Active() {
		out += " · " + w.T("downloading %s %d%% (%d of %d)", s.Download.Stream, int(s.Download.Fraction()*100), s.Download.Done, s.Download.Total)
	}
	return out
}

func age(w Words, d time.Duration) string {
	switch {
	case d < time.Minute:
		return w.T("%d s", int(d.Seconds()))
	case d < time.Hour:
		return w.T("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return w.T("%d h", int(d.Hours()))
	}
	return w.N("%d days", int(d.Hours()/24))
}

// SyncException is an event central refused: a manager looks at it, sets it right by hand
// (a return of an order already returned elsewhere, say) and marks it handled.
type SyncException struct {
	Event  EventID
	Type   string
	About  string // the sale or return it concerns
	Reason string
	At     time.Time
}

// StockPicture is what the till knows of an article's stock: this store's, live (the last
// level central confirmed plus this till's sales not yet confirmed), and other stores' and
// the web warehouse's as of their last sync.
type StockPicture struct {
	SKU       SKU
	Unit      Unit
	Here      Qty
	Elsewhere []StockElsewhere
}

// StockElsewhere is another store's stock of an article, as last heard from central.
type StockElsewhere struct {
	Store  StoreID
	OnHand Qty
	AsOf   time.Time
}

// Describe says it in one line: "this store: 12 (live) · LT-VNO: 4, as of 12:30".
func (p StockPicture) Describe(w Words) string {
	out := w.T("this store: %s (live)", w.Qty(p.Here, p.Unit))
	for _, e := range p.Elsewhere {
		out += " · " + w.T("%s: %s, as of %s", e.Store, w.Qty(e.OnHand, p.Unit), e.AsOf.Local().Format("15:04"))
	}
	return out
}

// StockLevel is one store's on-hand of an article as central last reported it.
type StockLevel struct {
	Store  StoreID
	SKU    SKU
	OnHand Qty
	AsOf   time.Time
}

// CustomerChange is a customer as the customers stream carries it. Erased says the customer
// asked to be forgotten: the till deletes what it has of them.
type CustomerChange struct {
	Customer
	Erased bool
}

// Delivery is central's answer for one pushed event.
type Delivery struct {
	Event    EventID
	Rejected bool
	Reason   string // why central refused it
}

// CentralLink is the till's pairing with central.
type CentralLink struct {
	Central string // base URL, e.g. https://central.example:8420
	Token   string
	// Pin is the SHA-256 of central's certificate, in hex, when the till pins it (it was
	// paired with a pairing string that carried it); "" trusts the system's certificate
	// authorities.
	Pin      string
	PairedAt time.Time
}

// SyncStore is what the till's sync with central needs of the till's database (pos/sqlite
// implements it): the outbox to push, the pulled streams to apply, and the link.
type SyncStore interface {
	Outbox
	PulledStreams
	// SaveLink keeps central's address, the token it gave this till and the pinned
	// certificate, after checking that central paired this very till (store and till id):
	// ECONFLICT otherwise. The till's receipts are numbered after lastReceipt from now on,
	// the last one central has from it, so a reinstalled till never numbers a receipt
	// twice. header, when central sent one, replaces the store's name, address, tax id,
	// country and VAT table (its ID and TillID are not read); a currency other than the
	// till's is refused (ECONFLICT) once the till has sold in its own.
	SaveLink(ctx context.Context, link CentralLink, store StoreID, till TillID, lastReceipt ReceiptNo, header *StoreInfo) error
	// SaveLinkAs is SaveLink for a fresh till that asked central to pair it as the till its
	// code was made for: it takes store and till as its own ids, in the same transaction,
	// after checking there that it is still fresh (ECONFLICT otherwise: a sale was rung
	// meanwhile).
	SaveLinkAs(ctx context.Context, link CentralLink, store StoreID, till TillID, lastReceipt ReceiptNo, header *StoreInfo) error
	// Fresh reports whether the till has sold nothing yet: no sale (training ones aside) and
	// no event in its outbox. A fresh till may take its store and till from a pairing code.
	Fresh(ctx context.Context) (bool, error)
	// Link returns the till's pairing; ENOTFOUND when the till was never paired.
	Link(ctx context.Context) (CentralLink, error)
	// MarkSynced records the end of a sync round in which every step succeeded.
	MarkSynced(ctx context.Context, at time.Time) error
	// SyncStatus reads the queue and the last sync; Paired and Online are the link's to say.
	SyncStatus(ctx context.Context) (SyncStatus, error)
}

// Outbox is the till's queue of events for central, written in the same transaction as the
// rows each event describes.
type Outbox interface {
	// PendingEvents returns up to limit events central has not answered, oldest first.
	PendingEvents(ctx context.Context, limit int) ([]Event, error)
	// MarkEventsSent records central's answers in one transaction: each event leaves the
	// queue, a rejected one becomes a SyncException for a manager. Answers for events
	// already marked change nothing.
	MarkEventsSent(ctx context.Context, ds []Delivery) error
}

// PulledStreams keeps what the till pulls from central. Each Apply saves a page and the
// stream's cursor after it in one transaction, so a crash never leaves a cursor ahead of
// the rows; a page that breaks a rule is refused whole (EINVALID).
type PulledStreams interface {
	// Cursor is how far a stream is applied; 0 before the first pull.
	Cursor(ctx context.Context, s Stream) (int64, error)
	// ResetCursor sends a stream back to 0 after central answered "reset".
	ResetCursor(ctx context.Context, s Stream) error
	ApplyProductPage(ctx context.Context, products []Product, cursor int64) error
	ApplyStockPage(ctx context.Context, levels []StockLevel, cursor int64) error
	ApplyPromotionPage(ctx context.Context, promos []Promotion, cursor int64) error
	// ApplyLoyaltyPage keeps the loyalty rules central has in force (nil: the page
	// changed none).
	ApplyLoyaltyPage(ctx context.Context, rules *LoyaltyRules, cursor int64) error
	// ApplyReturnsPolicyPage keeps the returns policy central has in force (nil: the page
	// changed none).
	ApplyReturnsPolicyPage(ctx context.Context, p *ReturnsPolicy, cursor int64) error
	// ApplyCouponPage keeps central's coupons (each checked against key by the caller), and
	// forgets the codes gone (used or withdrawn); key is kept from the first page on, and a
	// page under another key is refused (EINVALID).
	ApplyCouponPage(ctx context.Context, key ed25519.PublicKey, coupons []Coupon, gone []string, cursor int64) error
	// ApplyCustomerPage saves the customers and their balances; the till's own points
	// entries central has applied are then held by those balances.
	ApplyCustomerPage(ctx context.Context, changes []CustomerChange, cursor int64) error
	ApplyOrderPage(ctx context.Context, orders []OnlineOrder, cursor int64) error
}
