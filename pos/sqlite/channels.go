package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// ApplyCustomerPage saves a page of the customers stream and its cursor in one transaction.
// A card central gives a customer is taken from whichever customer held it here.
func (db *DB) ApplyCustomerPage(ctx context.Context, changes []pos.CustomerChange, cursor int64) error {
	for _, c := range changes {
		if c.ID == "" || (!c.Erased && c.Name == "") {
			return pos.Errorf(pos.EINVALID, "a customer from central has no id or no name: %+v", c.Customer)
		}
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		ids := make([]pos.CustomerID, len(changes))
		for i, c := range changes {
			if err := saveCustomer(ctx, tx, c); err != nil {
				return err
			}
			ids[i] = c.ID
		}
		if err := pointsCounted(ctx, tx, ids); err != nil {
			return err
		}
		return setCursor(ctx, tx, pos.StreamCustomers, cursor, timeText(db.Now()))
	})
}

func saveCustomer(ctx context.Context, tx *sql.Tx, c pos.CustomerChange) error {
	if c.Erased {
		if _, err := tx.ExecContext(ctx, `DELETE FROM customers WHERE id = ?`, c.ID); err != nil {
			return fmt.Errorf("forget customer %s: %w", c.ID, err)
		}
		return nil
	}
	if c.Card != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET card = NULL WHERE card = ? AND id <> ?`, c.Card, c.ID); err != nil {
			return fmt.Errorf("free card %s for customer %s: %w", c.Card, c.ID, err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO customers (id, card, name, email, phone, points) VALUES (?, NULLIF(?, ''), ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET card = excluded.card, name = excluded.name, email = excluded.email,
			phone = excluded.phone, points = excluded.points`,
		c.ID, c.Card, c.Name, c.Email, c.Phone, c.Points)
	if err != nil {
		return fmt.Errorf("save customer %s: %w", c.ID, err)
	}
	return nil
}

// customerColumns are a customer's, and when the till last pulled the customers stream: the
// balance is central's as of then.
const customerColumns = `id, COALESCE(card, ''), name, email, phone, points,
	COALESCE((SELECT updated_at FROM sync_cursors WHERE stream = 'customers'), '')`

func scanCustomer(row interface{ Scan(...any) error }) (pos.Customer, error) {
	var c pos.Customer
	var asOf string
	err := row.Scan(&c.ID, &c.Card, &c.Name, &c.Email, &c.Phone, &c.Points, &asOf)
	if asOf != "" {
		c.AsOf = parseTime(asOf)
	}
	return c, err
}

// CreateCustomer keeps a customer who joined at the till, with no card and no points yet,
// and queues the event for central in the same transaction.
func (db *DB) CreateCustomer(ctx context.Context, c pos.Customer, ev pos.Event) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT name FROM customers WHERE (?1 <> '' AND lower(email) = lower(?1)) OR `+samePhoneSQL+` LIMIT 1`,
			c.Email, pos.PhoneDigits(c.Phone)).Scan(&name)
		switch {
		case err == nil:
			return pos.Errorf(pos.ECONFLICT, "%s already has this e-mail or phone: find them by it.", name)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("look for customer %s: %w", c.Email+c.Phone, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, card, name, email, phone, points) VALUES (?, NULL, ?, ?, ?, 0)`,
			c.ID, c.Name, c.Email, c.Phone); err != nil {
			return fmt.Errorf("keep new customer %s: %w", c.ID, err)
		}
		return insertEvent(ctx, tx, ev)
	})
}

// phoneDigitsSQL is a customer's phone with only its digits, as pos.PhoneDigits has it for
// the numbers people write.
const phoneDigitsSQL = `replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '/', ''), '.', '')`

// samePhoneSQL says a customer's phone is the number whose digits are ?2: the same digits,
// or one of them with a country code the other lacks ("+48 600 100 200", "600100200").
const samePhoneSQL = `(length(?2) >= 7 AND length(` + phoneDigitsSQL + `) >= 7 AND (substr(` + phoneDigitsSQL + `, -length(?2)) = ?2
	OR substr(?2, -length(` + phoneDigitsSQL + `)) = ` + phoneDigitsSQL + `))`

// FindCustomers lists up to limit customers whose phone number holds the digits typed (a
// phone is compared by its digits only: "600 000 001" finds "+48 600-000-001"), or whose
// e-mail holds what was typed, case-insensitive; by name. Fewer than three digits or
// letters find nobody: a customer is told from thousands by more.
func (db *DB) FindCustomers(ctx context.Context, query string, limit int) ([]pos.Customer, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	digits := pos.PhoneDigits(q)
	var where string
	var arg string
	switch {
	case strings.Contains(q, "@") || (digits == "" && len(q) >= 3):
		where, arg = `instr(lower(email), ?) > 0`, q
	case len(digits) >= 3 && strings.Trim(q, "0123456789 +-()/.") == "":
		where, arg = `instr(`+phoneDigitsSQL+`, ?) > 0`, digits
	default:
		return nil, nil
	}
	rows, err := db.db.QueryContext(ctx, `SELECT `+customerColumns+` FROM customers WHERE `+where+` ORDER BY name, id LIMIT ?`, arg, limit)
	if err != nil {
		return nil, fmt.Errorf("find customers by %q: %w", query, err)
	}
	defer rows.Close()
	var out []pos.Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, fmt.Errorf("read customers found by %q: %w", query, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CustomerByCard finds the customer whose loyalty card was scanned; ENOTFOUND when central
// has sent no such card (yet).
func (db *DB) CustomerByCard(ctx context.Context, card string) (pos.Customer, error) {
	c, err := scanCustomer(db.db.QueryRowContext(ctx, `SELECT `+customerColumns+` FROM customers WHERE card = ?`, card))
	if errors.Is(err, sql.ErrNoRows) {
		return c, pos.Errorf(pos.ENOTFOUND, "no customer has card %s", card)
	} else if err != nil {
		return c, fmt.Errorf("find the customer of card %s: %w", card, err)
	}
	return c, nil
}

// Customer returns a customer by id; ENOTFOUND when the till has none such.
func (db *DB) Customer(ctx context.Context, id pos.CustomerID) (pos.Customer, error) {
	c, err := scanCustomer(db.db.QueryRowContext(ctx, `SELECT `+customerColumns+` FROM customers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, pos.Errorf(pos.ENOTFOUND, "no customer %s", id)
	} else if err != nil {
		return c, fmt.Errorf("read customer %s: %w", id, err)
	}
	return c, nil
}

// ApplyOrderPage saves a page of the orders stream (the online orders to be collected in
// this store) and its cursor in one transaction; an order's lines are replaced with it.
func (db *DB) ApplyOrderPage(ctx context.Context, orders []pos.OnlineOrder, cursor int64) error {
	for _, o := range orders {
		if o.ID == "" || o.Number == "" || len(o.Lines) == 0 {
			return pos.Errorf(pos.EINVALID, "an online order from central has no id, number or lines: %s %s", o.ID, o.Number)
		}
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		for _, o := range orders {
			if err := saveOrder(ctx, tx, o); err != nil {
				return err
			}
		}
		return setCursor(ctx, tx, pos.StreamOrders, cursor, timeText(db.Now()))
	})
}

func saveOrder(ctx context.Context, tx *sql.Tx, o pos.OnlineOrder) error {
	// Another order under the same number can only be one central renumbered: it goes.
	if _, err := tx.ExecContext(ctx, `DELETE FROM online_orders WHERE number = ? AND id <> ?`, o.Number, o.ID); err != nil {
		return fmt.Errorf("free order number %s: %w", o.Number, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO online_orders (id, number, channel, customer_id, status, paid, currency, total, created_at)
		VALUES (?, ?, ?, NULLIF(?, ''), ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET number = excluded.number, channel = excluded.channel, customer_id = excluded.customer_id,
			status = excluded.status, paid = excluded.paid, currency = excluded.currency, total = excluded.total, created_at = excluded.created_at`,
		o.ID, o.Number, o.Channel, o.Customer, o.Status, o.Paid, o.Currency, o.Total, timeText(o.CreatedAt))
	if err != nil {
		return fmt.Errorf("save online order %s: %w", o.Number, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM online_order_lines WHERE order_id = ?`, o.ID); err != nil {
		return fmt.Errorf("replace the lines of order %s: %w", o.Number, err)
	}
	for _, l := range o.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO online_order_lines (order_id, line, sku, name, qty, price, discount, amount)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, l.Line, l.SKU, l.Name, l.Qty, l.Price, l.Discount, l.Amount); err != nil {
			return fmt.Errorf("save line %d of order %s: %w", l.Line, o.Number, err)
		}
	}
	return nil
}

const orderColumns = `id, number, channel, COALESCE(customer_id, ''), status, paid, currency, total, created_at`

// OnlineOrder finds an order to be collected here by the number the customer quotes;
// ENOTFOUND when central sent none such to this store.
func (db *DB) OnlineOrder(ctx context.Context, number string) (pos.OnlineOrder, error) {
	orders, err := db.readOrders(ctx, `WHERE number = ?`, number)
	if err != nil {
		return pos.OnlineOrder{}, err
	}
	if len(orders) == 0 {
		return pos.OnlineOrder{}, pos.Errorf(pos.ENOTFOUND, "no online order %s to collect in this store", number)
	}
	return orders[0], nil
}

// OrdersToCollect lists the online orders the customer may still come for, oldest first.
func (db *DB) OrdersToCollect(ctx context.Context) ([]pos.OnlineOrder, error) {
	return db.readOrders(ctx, `WHERE status IN ('placed', 'ready') ORDER BY created_at, number`)
}

func (db *DB) readOrders(ctx context.Context, where string, args ...any) ([]pos.OnlineOrder, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+orderColumns+` FROM online_orders `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read online orders: %w", err)
	}
	var orders []pos.OnlineOrder
	for rows.Next() {
		var o pos.OnlineOrder
		var at string
		if err := rows.Scan(&o.ID, &o.Number, &o.Channel, &o.Customer, &o.Status, &o.Paid, &o.Currency, &o.Total, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read online orders: %w", err)
		}
		o.CreatedAt = parseTime(at)
		orders = append(orders, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read online orders: %w", err)
	}
	for i := range orders {
		lines, err := db.orderLines(ctx, orders[i].ID)
		if err != nil {
			return nil, err
		}
		orders[i].Lines = lines
	}
	return orders, nil
}

func (db *DB) orderLines(ctx context.Context, id string) ([]pos.OrderLine, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT line, sku, name, qty, price, discount, amount FROM online_order_lines WHERE order_id = ? ORDER BY line`, id)
	if err != nil {
		return nil, fmt.Errorf("read the lines of order %s: %w", id, err)
	}
	defer rows.Close()
	var lines []pos.OrderLine
	for rows.Next() {
		var l pos.OrderLine
		if err := rows.Scan(&l.Line, &l.SKU, &l.Name, &l.Qty, &l.Price, &l.Discount, &l.Amount); err != nil {
			return nil, fmt.Errorf("read the lines of order %s: %w", id, err)
		}
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

// ApplyPromotionPage saves a page of the promotions stream and its cursor in one
// transaction. A withdrawn promotion is deleted: it applies nowhere any more.
func (db *DB) ApplyPromotionPage(ctx context.Context, promos []pos.Promotion, cursor int64) error {
	for _, p := range promos {
		if p.Withdrawn {
			continue
		}
		if err := p.Validate(); err != nil {
			return fmt.Errorf("promotion from central: %w", err)
		}
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		for _, p := range promos {
			if err := savePromotion(ctx, tx, p); err != nil {
				return err
			}
		}
		return setCursor(ctx, tx, pos.StreamPromotions, cursor, timeText(db.Now()))
	})
}

func savePromotion(ctx context.Context, tx *sql.Tx, p pos.Promotion) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM promotions WHERE id = ?`, p.ID); err != nil {
		return fmt.Errorf("replace promotion %s: %w", p.ID, err)
	}
	if p.Withdrawn {
		return nil
	}
	stores, err := json.Marshal(nonNilStores(p.Stores))
	if err != nil {
		return fmt.Errorf("stores of promotion %s: %w", p.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO promotions (id, name, kind, value, min_qty, stores, starts_at, ends_at, members) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Name, p.Kind, p.Value, p.MinQty, string(stores), timeText(p.Starts), timeText(p.Ends), p.Members); err != nil {
		return fmt.Errorf("save promotion %s: %w", p.ID, err)
	}
	for _, sku := range p.SKUs {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO promotion_skus (promotion_id, sku) VALUES (?, ?)`, p.ID, sku); err != nil {
			return fmt.Errorf("save the articles of promotion %s: %w", p.ID, err)
		}
	}
	return nil
}

func nonNilStores(s []pos.StoreID) []pos.StoreID {
	if s == nil {
		return []pos.StoreID{}
	}
	return s
}

var _ pos.Promotions = (*DB)(nil)

// PromotionsFor returns the promotions of an article that apply in this till's store at
// the instant at: what pos.PriceLines takes to price it as every channel does.
func (db *DB) PromotionsFor(ctx context.Context, sku pos.SKU, store pos.StoreID, at time.Time) ([]pos.Promotion, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT p.id, p.name, p.kind, p.value, p.min_qty, p.stores, p.starts_at, p.ends_at, p.members,
			(SELECT json_group_array(sku) FROM promotion_skus WHERE promotion_id = p.id)
		FROM promotion_skus s JOIN promotions p ON p.id = s.promotion_id
		WHERE s.sku = ?1 AND p.starts_at <= ?2 AND ?2 < p.ends_at ORDER BY p.id`, sku, timeText(at))
	if err != nil {
		return nil, fmt.Errorf("read the promotions of %s: %w", sku, err)
	}
	defer rows.Close()
	var out []pos.Promotion
	for rows.Next() {
		var p pos.Promotion
		var stores, skus, starts, ends string
		if err := rows.Scan(&p.ID, &p.Name, &p.Kind, &p.Value, &p.MinQty, &stores, &starts, &ends, &p.Members, &skus); err != nil {
			return nil, fmt.Errorf("read the promotions of %s: %w", sku, err)
		}
		if err := errors.Join(json.Unmarshal([]byte(stores), &p.Stores), json.Unmarshal([]byte(skus), &p.SKUs)); err != nil {
			return nil, fmt.Errorf("promotion %s: %w", p.ID, err)
		}
		p.Starts, p.Ends = parseTime(starts), parseTime(ends)
		if p.ActiveAt(store, at) { // the store list is JSON: checked here
			out = append(out, p)
		}
	}
	return out, rows.Err()
}
