package central

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// orderColumnsCSV of an orders file; the first four are required.
var orderColumnsCSV = []string{"number", "store_id", "sku", "qty", "id", "channel", "customer_id", "paid"}

// OrderImport is an order of an orders file with the file line of each of its rows.
type OrderImport struct {
	Order wire.NewOrder
	Rows  []int
}

// ReadOrders reads an orders file: one row per order line, the rows of one order number
// together making the order. qty is pieces or kilograms as on the catalog file (2,
// 0,250); id, channel, customer_id and paid are the order's, the same on each of its rows.
// All or nothing: a bad file is an *csvfile.ImportError naming every bad row, and no orders.
func ReadOrders(r io.Reader) ([]OrderImport, error) {
	f, err := csvfile.Open(r, "orders", orderColumnsCSV, 4)
	if err != nil {
		return nil, err
	}
	var out []OrderImport
	byNumber := map[string]int{} // index in out
	for f.Next() {
		head, line, ok := readOrderRow(f)
		if !ok {
			continue
		}
		i, seen := byNumber[head.Number]
		if !seen {
			i = len(out)
			byNumber[head.Number] = i
			out = append(out, OrderImport{Order: head})
		} else if !sameOrderHead(f, out[i], head) {
			continue
		}
		out[i].Order.Lines = append(out[i].Order.Lines, line)
		out[i].Rows = append(out[i].Rows, f.Line())
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// readOrderRow reads the row f has read: the order it belongs to, without lines, and its
// line; ok false refused it.
func readOrderRow(f *csvfile.File) (o wire.NewOrder, l wire.NewOrderLine, ok bool) {
	o = wire.NewOrder{Number: f.Get("number"), StoreID: f.Get("store_id"), ID: f.Get("id"), Channel: f.Get("channel"),
		CustomerID: f.Get("customer_id")}
	l = wire.NewOrderLine{SKU: f.Get("sku")}
	if o.Paid, ok = yes(f, "paid"); !ok {
		return o, l, false
	}
	switch {
	case o.Number == "":
		f.Refuse("the order number is empty")
		return o, l, false
	case o.StoreID == "":
		f.Refuse("order %s has no store_id", o.Number)
		return o, l, false
	case l.SKU == "":
		f.Refuse("order %s: the sku is empty", o.Number)
		return o, l, false
	}
	qty, err := pos.ParseQty(f.Get("qty"))
	if err != nil {
		f.Refuse("order %s: %s", o.Number, pos.ErrorMessage(err))
		return o, l, false
	}
	l.Qty = int64(qty)
	return o, l, true
}

// sameOrderHead refuses a row that disagrees with the order's first row.
func sameOrderHead(f *csvfile.File, first OrderImport, o wire.NewOrder) bool {
	a := first.Order
	for _, c := range []struct{ name, was, is string }{
		{"store_id", a.StoreID, o.StoreID}, {"id", a.ID, o.ID}, {"channel", a.Channel, o.Channel},
		{"customer_id", a.CustomerID, o.CustomerID}, {"paid", fmt.Sprint(a.Paid), fmt.Sprint(o.Paid)},
	} {
		if c.was != c.is {
			f.Refuse("order %s has %s %q here but %q on line %d", o.Number, c.name, c.is, c.was, first.Rows[0])
			return false
		}
	}
	return true
}

// SaveOrders records orders taken elsewhere (a call centre, a marketplace) in one
// transaction, all or none, priced by central as the web shop's are. They are not checked
// against stock: they were promised already, and what they hold shows in availability.
// An order whose number central has is unchanged when the file says the same of it, and
// refused otherwise: an import never changes an order (its status changes through
// SetOrderStatus). source names the file.
func (db *DB) SaveOrders(ctx context.Context, orders []OrderImport, source string) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for _, in := range orders {
			added, err := importOrder(ctx, tx, in.Order, source, db.Now())
			if err != nil {
				return orderAtLine(in.Rows, err)
			}
			if added {
				res.Added++
			} else {
				res.Unchanged++
			}
		}
		return nil
	})
	return res, err
}

func importOrder(ctx context.Context, tx *sql.Tx, n wire.NewOrder, source string, now time.Time) (added bool, err error) {
	given := n.ID != ""
	if !given {
		id, err := uuid.NewV7()
		if err != nil {
			return false, fmt.Errorf("id for order %s: %w", n.Number, err)
		}
		n.ID = id.String()
	}
	if err := checkNewOrder(&n); err != nil {
		return false, err
	}
	old, hash, err := findOrder(ctx, tx, "number", n.Number)
	switch {
	case err == nil && hash == requestHash(n) && (!given || n.ID == old.ID):
		return false, nil
	case err == nil:
		return false, pos.Errorf(pos.ECONFLICT, "order %s is already at central with other contents: an import never changes an order", n.Number)
	case !errors.Is(err, sql.ErrNoRows):
		return false, err
	}
	if other, _, err := findOrder(ctx, tx, "id", n.ID); err == nil {
		return false, pos.Errorf(pos.ECONFLICT, "order id %s is already order %s", n.ID, other.Number)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	_, err = createOrder(ctx, tx, n, source, now, false)
	return err == nil, err
}

// orderAtLine names the file row a refusal is about: the row of the order line, or the
// order's first row.
func orderAtLine(rows []int, err error) error {
	var le *orderLineError
	if errors.As(err, &le) && le.line >= 1 && le.line <= len(rows) {
		return pos.Errorf(pos.EINVALID, "line %d: order %s: %s", rows[le.line-1], le.order, le.msg)
	}
	return atLine(rows[0], err)
}
