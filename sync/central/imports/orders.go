package imports

import (
	"fmt"
	"io"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// orderColumnsCSV of an orders file; the first four are required.
var orderColumnsCSV = []string{"number", "store_id", "sku", "qty", "id", "channel", "customer_id", "paid"}

// ReadOrders reads an orders file: one row per order line, the rows of one order number
// together making the order. qty is pieces or kilograms as on the catalog file (2,
// 0,250); id, channel, customer_id and paid are the order's, the same on each of its rows.
// All or nothing: a bad file is an *csvfile.ImportError naming every bad row, and no orders.
func ReadOrders(r io.Reader) ([]central.OrderImport, error) {
	f, err := csvfile.Open(r, "orders", orderColumnsCSV, 4)
	if err != nil {
		return nil, err
	}
	var out []central.OrderImport
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
			out = append(out, central.OrderImport{Order: head})
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
func sameOrderHead(f *csvfile.File, first central.OrderImport, o wire.NewOrder) bool {
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
