package central

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// MaxOrderLines is the most lines one order may have.
const MaxOrderLines = 200

// maxLineQty keeps a typo (and price × quantity) within reason, as the till does.
const maxLineQty = 9999 * 1000

// DefaultChannel is the channel of an order that names none.
const DefaultChannel = "web"

// OpenStatuses are those of orders still to be collected: their lines hold stock.
var OpenStatuses = []string{wire.OrderPlaced, wire.OrderReady}

// nextStatuses are where an order may go from each status; collected and cancelled are
// final. A picked order may go back to placed (it was put back on the shelf).
var nextStatuses = map[string][]string{
	wire.OrderPlaced: {wire.OrderReady, wire.OrderCollected, wire.OrderCancelled},
	wire.OrderReady:  {wire.OrderPlaced, wire.OrderCollected, wire.OrderCancelled},
}

// OrderImport is an order of an orders file with the file line of each of its rows.
type OrderImport struct {
	Order wire.NewOrder
	Rows  []int
}

// CheckNewOrder refuses an order that is incomplete in itself, before anything is looked
// up, and fills in the channel when the shop names none.
func CheckNewOrder(n *wire.NewOrder) error {
	n.Channel = strings.TrimSpace(n.Channel)
	if n.Channel == "" {
		n.Channel = DefaultChannel
	}
	switch {
	case strings.TrimSpace(n.ID) == "":
		return pos.Errorf(pos.EINVALID, "id is required: the shop's own id of the order, which makes sending it again safe")
	case strings.TrimSpace(n.Number) == "":
		return pos.Errorf(pos.EINVALID, "number is required: what the customer quotes at the store")
	case n.StoreID == "":
		return pos.Errorf(pos.EINVALID, "store_id is required: the store the order is collected in")
	case len(n.Lines) == 0:
		return pos.Errorf(pos.EINVALID, "order %s has no lines", n.Number)
	case len(n.Lines) > MaxOrderLines:
		return pos.Errorf(pos.EINVALID, "order %s has %d lines: at most %d", n.Number, len(n.Lines), MaxOrderLines)
	}
	seen := map[string]int{}
	for i, l := range n.Lines {
		switch {
		case l.SKU == "":
			return OrderLineErrorf(n.Number, i+1, "no sku")
		case l.Qty <= 0 || l.Qty > maxLineQty:
			return OrderLineErrorf(n.Number, i+1, "%s has qty_milli %d: from 1 to %d", l.SKU, l.Qty, maxLineQty)
		case seen[l.SKU] > 0:
			return OrderLineErrorf(n.Number, i+1, "%s is also on line %d: send it once with the whole quantity", l.SKU, seen[l.SKU])
		}
		seen[l.SKU] = i + 1
	}
	return nil
}

// orderLineError refuses one line of an order. The API names the order's line; an import
// names the file's row instead (OrderAtLine).
type orderLineError struct {
	order string
	line  int // from 1
	msg   string
}

// OrderLineErrorf refuses line (from 1) of an order.
func OrderLineErrorf(order string, line int, format string, args ...any) error {
	return &orderLineError{order: order, line: line, msg: fmt.Sprintf(format, args...)}
}

func (e *orderLineError) Error() string {
	return fmt.Sprintf("line %d of order %s: %s", e.line, e.order, e.msg)
}

// ErrorCode and ErrorMessage make it a pos.Explained error: the order is refused as invalid.
func (e *orderLineError) ErrorCode() string    { return pos.EINVALID }
func (e *orderLineError) ErrorMessage() string { return e.Error() }

// OrderAtLine names the file row a refusal of an imported order is about: the row of the
// order line, or the order's first row; rows are the order's rows in the file.
func OrderAtLine(rows []int, err error) error {
	var le *orderLineError
	if errors.As(err, &le) && le.line >= 1 && le.line <= len(rows) {
		return pos.Errorf(pos.EINVALID, "line %d: order %s: %s", rows[le.line-1], le.order, le.msg)
	}
	return AtLine(rows[0], err)
}

// RequestHash tells the same order sent again from a different one: what was asked, id
// aside (it is the key the order is found by).
func RequestHash(n wire.NewOrder) string {
	n.ID = ""
	b, _ := json.Marshal(n) // a struct of strings, numbers and bools always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AsInvalid turns a reference to something central does not know into a refusal of the
// request (400), not a missing resource (404).
func AsInvalid(err error) error {
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		return pos.Errorf(pos.EINVALID, "%s", pos.ErrorMessage(err))
	}
	return err
}

// CheckOrderCustomer refuses an order for a customer central does not know (c nil) or has
// erased; an order for nobody in particular (id empty) is fine.
func CheckOrderCustomer(id pos.CustomerID, c *Customer) error {
	switch {
	case id == "":
		return nil
	case c == nil:
		return pos.Errorf(pos.EINVALID, "central knows no customer %s: send the order without customer_id, or import the customer first", id)
	case c.Erased:
		return pos.Errorf(pos.EINVALID, "customer %s was erased", id)
	}
	return nil
}

// CheckOrderLine refuses line i (from 0) of order n for the catalog's article p: an article
// sold by the piece is ordered in whole pieces.
func CheckOrderLine(n wire.NewOrder, i int, p pos.Product) error {
	if l := n.Lines[i]; p.Unit == pos.UnitPiece && l.Qty%1000 != 0 {
		return OrderLineErrorf(n.Number, i+1, "%s is sold per piece, so qty_milli must be whole pieces (1000, 2000, ...), not %d", l.SKU, l.Qty)
	}
	return nil
}

// PriceOrder makes the order n asks of store, placed now: each line at its article's
// catalog price (products, one per line) less what the promotions active in the store now
// take off, as every channel prices (pos.PriceLines): members' promotions for an order
// of a known customer.
func PriceOrder(n wire.NewOrder, store Store, products []pos.Product, promos []pos.Promotion, now time.Time) wire.Order {
	o := wire.Order{ID: n.ID, Number: n.Number, Channel: n.Channel, StoreID: n.StoreID, CustomerID: n.CustomerID,
		Status: wire.OrderPlaced, Paid: n.Paid, Currency: string(store.Currency), CreatedAt: now.UTC(), Lines: []wire.OrderLine{}}
	in := make([]pos.PriceLine, len(n.Lines))
	for i, l := range n.Lines {
		in[i] = pos.PriceLine{SKU: products[i].SKU, Unit: products[i].Unit, UnitPrice: products[i].Price, Qty: pos.Qty(l.Qty)}
	}
	priced := pos.PriceLines(in, promos, store.ID, now, n.CustomerID != "")
	for i, l := range n.Lines {
		o.Lines = append(o.Lines, wire.OrderLine{Line: i + 1, SKU: l.SKU, Name: products[i].Name, Qty: l.Qty, Price: int64(products[i].Price),
			Discount: int64(priced[i].Discount), Amount: int64(priced[i].Amount()), Promotion: priced[i].Promotion})
		o.Total += int64(priced[i].Amount())
	}
	return o
}

// CheckPromise refuses a line store cannot promise: qty of p beyond its on-hand less what
// open orders to be collected there already hold.
func CheckPromise(store pos.StoreID, p pos.Product, qty, onHand, reserved pos.Qty) error {
	if available := onHand - reserved; qty > available {
		return pos.Errorf(pos.ECONFLICT, "%s (%s): %s can be promised at %s (%s on hand, %s held by open orders), not %s",
			p.SKU, p.Name, max(available, 0).Format(p.Unit), store, onHand.Format(p.Unit), reserved.Format(p.Unit), qty.Format(p.Unit))
	}
	return nil
}

// CheckOrderStatus refuses a status no order has.
func CheckOrderStatus(status string) error {
	if !slices.Contains(slices.Concat(OpenStatuses, []string{wire.OrderCollected, wire.OrderCancelled}), status) {
		return pos.Errorf(pos.EINVALID, "unknown order status %q: placed, ready, collected or cancelled", status)
	}
	return nil
}

// MoveOrder says whether order o becomes status: the same status again changes nothing
// (false), and leaving a final status, or skipping back from one, is ECONFLICT.
func MoveOrder(o wire.Order, status string) (changed bool, err error) {
	switch {
	case o.Status == status:
		return false, nil
	case !slices.Contains(nextStatuses[o.Status], status):
		return false, pos.Errorf(pos.ECONFLICT, "order %s is %s: it cannot become %s", o.Number, o.Status, status)
	}
	return true, nil
}

// Collected is what collecting order o takes off its store's stock: its lines. The
// reservation ends with the goods leaving.
func Collected(o wire.Order) []Movement {
	moves := make([]Movement, len(o.Lines))
	for i, l := range o.Lines {
		moves[i] = Movement{Store: pos.StoreID(o.StoreID), SKU: pos.SKU(l.SKU), Delta: -pos.Qty(l.Qty)}
	}
	return moves
}

// WebShopSource is the source an order placed by web shop shop is kept under: the shop
// reads back only the orders of its own source.
func WebShopSource(shop string) string { return "webshop " + shop }

// PlacedBy says whether web shop shop placed an order kept under source. A shop is told
// nothing of another's orders, nor of orders imported from files: for it they do not exist.
func PlacedBy(source, shop string) bool { return source == WebShopSource(shop) }

// ForTill is order o as a till is told it: a till of any store may look any order up (an
// online order may be returned anywhere), but of the customer it learns only what a
// return needs: the customer's id and name (c; nil when the order has none, or an erased
// customer, whose name central no longer has). Never an e-mail, phone or address.
func ForTill(o wire.Order, c *Customer) wire.Order {
	o.Customer = nil
	if c != nil && !c.Erased && c.ID == pos.CustomerID(o.CustomerID) && o.CustomerID != "" {
		o.Customer = &wire.OrderCustomer{ID: string(c.ID), Name: c.Name}
	}
	return o
}
