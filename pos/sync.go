package pos

import (
	"fmt"
	"time"
)

// Stream is one of the pull streams central publishes; a till keeps a cursor of each.
type Stream string

const (
	StreamProducts   Stream = "products"   // the catalog, with prices and VAT rates
	StreamStock      Stream = "stock"      // the on-hand of every store
	StreamPromotions Stream = "promotions" // the chain's price rules, for every channel
	StreamCustomers  Stream = "customers"  // with their loyalty balance
	StreamOrders     Stream = "orders"     // online orders to be collected in the till's store
)

// Streams lists every stream in the order a till pulls them: the catalog first, as a sale
// needs it most.
var Streams = []Stream{StreamProducts, StreamStock, StreamPromotions, StreamCustomers, StreamOrders}

// SyncStatus is what the till shows of its link with central, at all times.
type SyncStatus struct {
	Paired     bool
	Online     bool
	Pending    int       // events waiting for central
	Oldest     time.Time // when the oldest waiting event happened
	Rejections int       // events central refused, for a manager
	// Download is the snapshot being pulled (a new till, or central reset a stream); its
	// Total is 0 when none is under way.
	Download Download
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
func (s SyncStatus) Describe(now time.Time) string {
	if !s.Paired {
		return fmt.Sprintf("central: not paired · %d waiting", s.Pending)
	}
	state := "OFFLINE"
	if s.Online {
		state = "online"
	}
	out := fmt.Sprintf("central: %s · %d waiting", state, s.Pending)
	if s.Pending > 0 && !s.Oldest.IsZero() {
		out += " (oldest " + age(now.Sub(s.Oldest)) + ")"
	}
	if s.Rejections > 0 {
		out += fmt.Sprintf(" · %d refused: manager", s.Rejections)
	}
	if s.Download.Active() {
		out += fmt.Sprintf(" · downloading %s %d%% (%d of %d)", s.Download.Stream, int(s.Download.Fraction()*100), s.Download.Done, s.Download.Total)
	}
	return out
}

func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
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
func (p StockPicture) Describe() string {
	out := "this store: " + p.Here.Format(p.Unit) + " (live)"
	for _, e := range p.Elsewhere {
		out += fmt.Sprintf(" · %s: %s, as of %s", e.Store, e.OnHand.Format(p.Unit), e.AsOf.Local().Format("15:04"))
	}
	return out
}
