package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// PlaceOrder takes an order from web shop shop: central checks it, prices it from its own
// catalog and promotions, makes sure the pickup store can promise every line (ECONFLICT
// naming the SKU when it cannot) and keeps it as placed, all in one transaction. The
// order's id is the shop's idempotency key: the same order sent again by the same shop is
// answered as stored, with created false, and creates nothing; another order under an id or
// a number central already has is ECONFLICT, which names nothing of an order the shop did
// not place (another shop's, or an imported one).
func (db *DB) PlaceOrder(ctx context.Context, shop string, n wire.NewOrder) (o wire.Order, created bool, err error) {
	if err := central.CheckNewOrder(&n); err != nil {
		return o, false, err
	}
	source := central.WebShopSource(shop)
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		old, stored, err := findOrder(ctx, tx, "id", n.ID)
		switch {
		case err == nil && stored.source != source:
			return pos.Errorf(pos.ECONFLICT, "order id %s is taken by an order this shop did not place: a new order needs a new id", n.ID)
		case err == nil && stored.hash == central.RequestHash(n):
			o = old
			return nil
		case err == nil:
			return pos.Errorf(pos.ECONFLICT, "order id %s is order %s, placed with other contents: a new order needs a new id", n.ID, old.Number)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		o, err = createOrder(ctx, tx, n, source, db.Now(), true)
		created = err == nil
		return err
	})
	return o, created, err
}

// createOrder checks an order against central's data, prices it and keeps it as placed.
// With promise, every line must be available at the pickup store.
func createOrder(ctx context.Context, tx *sql.Tx, n wire.NewOrder, source string, now time.Time, promise bool) (wire.Order, error) {
	if other, stored, err := findOrder(ctx, tx, "number", n.Number); err == nil && stored.source != source {
		return wire.Order{}, pos.Errorf(pos.ECONFLICT, "order number %s is taken by another order", n.Number)
	} else if err == nil {
		return wire.Order{}, pos.Errorf(pos.ECONFLICT, "order number %s is already order %s", n.Number, other.ID)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return wire.Order{}, err
	}
	store, err := findStore(ctx, tx, pos.StoreID(n.StoreID))
	if err != nil {
		return wire.Order{}, central.AsInvalid(err)
	}
	if err := checkOrderCustomer(ctx, tx, pos.CustomerID(n.CustomerID)); err != nil {
		return wire.Order{}, err
	}
	products, err := orderProducts(ctx, tx, n)
	if err != nil {
		return wire.Order{}, err
	}
	promos, err := activePromotions(ctx, tx, store.ID, now)
	if err != nil {
		return wire.Order{}, err
	}
	o := central.PriceOrder(n, store, products, promos, now)
	for i, l := range n.Lines {
		if !promise {
			break
		}
		onHand, reserved, err := promisable(ctx, tx, store.ID, products[i].SKU)
		if err != nil {
			return wire.Order{}, err
		}
		if err := central.CheckPromise(store.ID, products[i], pos.Qty(l.Qty), onHand, reserved); err != nil {
			return wire.Order{}, err
		}
	}
	return o, insertOrder(ctx, tx, o, source, central.RequestHash(n), now)
}

// checkOrderCustomer finds the customer an order names, if any, for central to judge.
func checkOrderCustomer(ctx context.Context, tx *sql.Tx, id pos.CustomerID) error {
	if id == "" {
		return nil
	}
	c, err := findCustomer(ctx, tx, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return central.CheckOrderCustomer(id, nil)
	case err != nil:
		return err
	}
	return central.CheckOrderCustomer(id, &c)
}

// orderProducts finds the catalog article of each line, each line checked against its
// article as soon as it is found.
func orderProducts(ctx context.Context, tx *sql.Tx, n wire.NewOrder) ([]pos.Product, error) {
	out := make([]pos.Product, len(n.Lines))
	for i, l := range n.Lines {
		p, err := findProduct(ctx, tx, pos.SKU(l.SKU))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, central.OrderLineErrorf(n.Number, i+1, "central knows no SKU %s", l.SKU)
		} else if err != nil {
			return nil, err
		}
		if err := central.CheckOrderLine(n, i, p); err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// promisable is a store's on-hand of an article (its stock level) and what open orders to
// be collected there hold of it.
func promisable(ctx context.Context, tx *sql.Tx, store pos.StoreID, sku pos.SKU) (onHand, reserved pos.Qty, err error) {
	err = tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT on_hand FROM stock_levels WHERE store_id = ? AND sku = ?), 0),
		(SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
		 WHERE l.sku = ? AND o.store_id = ? AND o.status IN (?, ?))`,
		store, sku, sku, store, central.OpenStatuses[0], central.OpenStatuses[1]).Scan(&onHand, &reserved)
	if err != nil {
		return 0, 0, fmt.Errorf("stock of %s in %s to promise: %w", sku, store, err)
	}
	return onHand, reserved, nil
}

func insertOrder(ctx context.Context, tx *sql.Tx, o wire.Order, source, hash string, now time.Time) error {
	seq, err := nextSeq(ctx, tx, pos.StreamOrders)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, number, channel, store_id, customer_id, status, paid, currency, total, source,
		request_hash, created_at, updated_at, seq) VALUES (?, ?, ?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.Number, o.Channel, o.StoreID, o.CustomerID, o.Status, o.Paid, o.Currency, o.Total, source, hash,
		timeText(o.CreatedAt), timeText(now), seq); err != nil {
		return fmt.Errorf("save order %s: %w", o.Number, err)
	}
	for _, l := range o.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO order_lines (order_id, line_no, sku, name, qty, unit_price, discount, amount, promotion_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, l.Line, l.SKU, l.Name, l.Qty, l.Price, l.Discount, l.Amount, l.Promotion); err != nil {
			return fmt.Errorf("save line %d of order %s: %w", l.Line, o.Number, err)
		}
	}
	return nil
}

// orderColumns read an order with its lines as one row; the lines come as a JSON array in
// wire.OrderLine's shape.
const orderColumns = `o.id, o.number, o.channel, o.store_id, COALESCE(o.customer_id, ''), o.status, o.paid, o.currency, o.total, o.created_at,
	(SELECT json_group_array(json_object('line', l.line_no, 'sku', l.sku, 'name', l.name, 'qty_milli', l.qty, 'price', l.unit_price,
		'discount', l.discount, 'amount', l.amount, 'promotion', NULLIF(l.promotion_id, ''))
		ORDER BY l.line_no) FROM order_lines l WHERE l.order_id = o.id)`

// scanOrder reads a row of orderColumns, then dest.
func scanOrder(row interface{ Scan(...any) error }, dest ...any) (wire.Order, error) {
	var o wire.Order
	var created, lines string
	err := row.Scan(append([]any{&o.ID, &o.Number, &o.Channel, &o.StoreID, &o.CustomerID, &o.Status, &o.Paid, &o.Currency, &o.Total,
		&created, &lines}, dest...)...)
	if err != nil {
		return o, err
	}
	o.CreatedAt = parseTime(created)
	if err := json.Unmarshal([]byte(lines), &o.Lines); err != nil {
		return o, fmt.Errorf("lines of order %s: %w", o.Number, err)
	}
	return o, nil
}

// storedOrder is what central keeps of an order beside wire.Order: where it came from (a
// web shop, or a file) and the hash of what was asked.
type storedOrder struct {
	source, hash string
}

// findOrder finds an order by its id or number (by is the column), with its source and
// the hash of what was asked; sql.ErrNoRows when there is none.
func findOrder(ctx context.Context, tx *sql.Tx, by, value string) (wire.Order, storedOrder, error) {
	var st storedOrder
	o, err := scanOrder(tx.QueryRowContext(ctx, `SELECT `+orderColumns+`, o.source, o.request_hash FROM orders o WHERE o.`+by+` = ?`, value),
		&st.source, &st.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return o, st, fmt.Errorf("find order by %s %s: %w", by, value, err)
	}
	return o, st, err
}

// noOrder is the answer for an order the asker may not see as for one central lacks: the
// number tells nobody whether it exists.
func noOrder(number string) error {
	return pos.Errorf(pos.ENOTFOUND, "central has no order %s", number)
}

// OrderForTill finds any order by its number as a till is told it (central.ForTill): with
// its customer's id and name, and nothing else of them. ENOTFOUND when central has none.
func (db *DB) OrderForTill(ctx context.Context, number string) (wire.Order, error) {
	var o wire.Order
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		found, _, err := findOrder(ctx, tx, "number", number)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return noOrder(number)
		case err != nil:
			return err
		}
		var c *central.Customer
		if found.CustomerID != "" {
			cust, err := findCustomer(ctx, tx, pos.CustomerID(found.CustomerID))
			switch {
			case err == nil:
				c = &cust
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		o = central.ForTill(found, c)
		return nil
	})
	return o, err
}

// OrderForWebShop finds an order web shop shop placed, by its number. Another shop's
// order, or an imported one, is ENOTFOUND in the same words as a number central lacks.
func (db *DB) OrderForWebShop(ctx context.Context, shop, number string) (wire.Order, error) {
	var o wire.Order
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		found, stored, err := findOrder(ctx, tx, "number", number)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && !central.PlacedBy(stored.source, shop)):
			return noOrder(number)
		case err != nil:
			return err
		}
		o = found
		o.Refunds, err = orderRefunds(ctx, tx, found.ID)
		return err
	})
	return o, err
}

// orderRefunds are an order's refund requests: goods returned at tills and refunded to
// its online payment, oldest first.
func orderRefunds(ctx context.Context, tx *sql.Tx, orderID string) ([]wire.OrderRefund, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.store_id, r.till_id, f.amount, r.booked_at, r.reason FROM returns r
		JOIN return_refunds f ON f.return_id = r.id
		WHERE r.source_kind = 'order' AND r.source_id = ? AND r.status = 'booked' AND f.kind = 'online' ORDER BY r.booked_at, r.id, f.seq`, orderID)
	if err != nil {
		return nil, fmt.Errorf("refunds of order %s: %w", orderID, err)
	}
	defer rows.Close()
	var out []wire.OrderRefund
	for rows.Next() {
		var f wire.OrderRefund
		var at string
		if err := rows.Scan(&f.ReturnID, &f.StoreID, &f.TillID, &f.Amount, &at, &f.Reason); err != nil {
			return nil, fmt.Errorf("refunds of order %s: %w", orderID, err)
		}
		f.At = parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// SetOrderStatus moves an order on and moves it on the orders stream, so the tills of its
// store get it. Collecting takes its lines off the store's stock (the reservation ends with
// the goods leaving); cancelling frees what it held. The same status again changes nothing
// (changed false); leaving a final status is ECONFLICT.
func (db *DB) SetOrderStatus(ctx context.Context, number, status string) (o wire.Order, changed bool, err error) {
	if err := central.CheckOrderStatus(status); err != nil {
		return o, false, err
	}
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		o, _, err = findOrder(ctx, tx, "number", number)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return pos.Errorf(pos.ENOTFOUND, "central has no order %s", number)
		case err != nil:
			return err
		}
		if move, err := central.MoveOrder(o, status); err != nil || !move {
			return err
		}
		now := db.Now()
		if status == wire.OrderCollected {
			for _, m := range central.Collected(o) {
				if err := addMovement(ctx, tx, m, "collected", o.Number, "", now); err != nil {
					return err
				}
			}
		}
		seq, err := nextSeq(ctx, tx, pos.StreamOrders)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = ?, updated_at = ?, seq = ? WHERE id = ?`, status, timeText(now), seq, o.ID); err != nil {
			return fmt.Errorf("set order %s %s: %w", number, status, err)
		}
		o.Status, changed = status, true
		return nil
	})
	return o, changed, err
}

// OrderChanges returns the orders to be collected in the till's store that were placed or
// changed after cursor, with their lines, oldest change first, at most limit. Cursor 0 is
// the store's every order, with their total. ErrReset as for ProductChanges.
func (db *DB) OrderChanges(ctx context.Context, till central.Till, cursor int64, limit int) (wire.OrderPage, error) {
	q := orderStream
	q.args = []any{till.Store}
	p, err := readStream(ctx, db, q, cursor, limit)
	return wire.OrderPage{Orders: p.rows, NextCursor: p.next, More: p.more, Total: p.total}, err
}

var orderStream = streamQuery[wire.Order]{
	stream: pos.StreamOrders,
	rows:   `SELECT ` + orderColumns + `, o.seq FROM orders o WHERE o.store_id = ? AND o.seq > ? ORDER BY o.seq LIMIT ?`,
	count:  `SELECT COUNT(*) FROM orders WHERE store_id = ?`,
	scan: func(rows *sql.Rows, seq *int64) (wire.Order, error) {
		return scanOrder(rows, seq)
	},
}

// SaveOrders records orders taken elsewhere (a call centre, a marketplace) in one
// transaction, all or none, priced by central as the web shop's are. They are not checked
// against stock: they were promised already, and what they hold shows in availability.
// An order whose number central has is unchanged when the file says the same of it, and
// refused otherwise: an import never changes an order (its status changes through
// SetOrderStatus). source names the file.
func (db *DB) SaveOrders(ctx context.Context, orders []central.OrderImport, source string) (central.ImportResult, error) {
	var res central.ImportResult
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		for _, in := range orders {
			added, err := importOrder(ctx, tx, in.Order, source, db.Now())
			if err != nil {
				return central.OrderAtLine(in.Rows, err)
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
	if err := central.CheckNewOrder(&n); err != nil {
		return false, err
	}
	old, stored, err := findOrder(ctx, tx, "number", n.Number)
	switch {
	case err == nil && stored.hash == central.RequestHash(n) && (!given || n.ID == old.ID):
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
