package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// CustomerHistory reads what central keeps of a customer, from one snapshot: who they are,
// the balance (the whole ledger's sum), the ledger's latest limit entries and, per channel,
// the latest limit purchases: the sales tills booked under their id or an id a till gave
// them (customer_aliases), and their online orders. key is what support has at hand: the
// loyalty card, the customer's id or a till's id for them, or their exact e-mail or phone
// (digits compared, as central matches a customer who joins at a till). ENOTFOUND when
// nobody is that; ECONFLICT when several customers share the e-mail or phone. A limit of 0
// reads every entry and purchase.
func (db *DB) CustomerHistory(ctx context.Context, key string, limit int) (central.CustomerHistory, error) {
	var h central.CustomerHistory
	if limit <= 0 {
		limit = math.MaxInt32
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return h, pos.Errorf(pos.EINVALID, "say which customer: their card, id, e-mail or phone")
	}
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		id, err := customerByKey(ctx, tx, key)
		if err != nil {
			return err
		}
		if h, err = customerDetails(ctx, tx, id); err != nil {
			return err
		}
		if err := readLedger(ctx, tx, &h, limit); err != nil {
			return err
		}
		return readPurchases(ctx, tx, &h, limit)
	})
	return h, err
}

// customerByKey finds the one customer key names. A card, an id and a till's id are
// unique and come first; an e-mail or a phone may be several customers'.
func customerByKey(ctx context.Context, tx *sql.Tx, key string) (pos.CustomerID, error) {
	var id pos.CustomerID
	err := tx.QueryRowContext(ctx, `SELECT id, 1 FROM customers WHERE card = ?1
		UNION ALL SELECT id, 2 FROM customers WHERE id = ?1
		UNION ALL SELECT customer_id, 3 FROM customer_aliases WHERE id = ?1
		ORDER BY 2 LIMIT 1`, key).Scan(&id, new(int))
	if err == nil {
		return id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("look customer %s up: %w", key, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM customers WHERE erased_at IS NULL
		AND ((?1 <> '' AND lower(email) = lower(?1)) OR `+samePhoneSQL+`) ORDER BY seq`, key, pos.PhoneDigits(key))
	if err != nil {
		return "", fmt.Errorf("look customer %s up by e-mail or phone: %w", key, err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return "", fmt.Errorf("look customer %s up by e-mail or phone: %w", key, err)
		}
		found = append(found, string(id))
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("look customer %s up by e-mail or phone: %w", key, err)
	}
	switch len(found) {
	case 0:
		return "", pos.Errorf(pos.ENOTFOUND, "no customer has card, id, e-mail or phone %q", key)
	case 1:
		return id, nil
	}
	return "", pos.Errorf(pos.ECONFLICT, "customers %s share %q: say which by card or id", strings.Join(found, ", "), key)
}

// customerDetails reads the customer, their balance and the ids tills gave them.
func customerDetails(ctx context.Context, tx *sql.Tx, id pos.CustomerID) (central.CustomerHistory, error) {
	h := central.CustomerHistory{Customer: central.Customer{Customer: pos.Customer{ID: id}}}
	c := &h.Customer
	var erased string
	err := tx.QueryRowContext(ctx, `SELECT card, name, email, phone, COALESCE(erased_at, ''), marketing, e_receipt, joined_at,
		(SELECT COALESCE(SUM(points), 0) FROM loyalty_entries WHERE customer_id = ?1),
		(SELECT COUNT(*) FROM loyalty_entries WHERE customer_id = ?1)
		FROM customers WHERE id = ?1`, id).
		Scan(&c.Card, &c.Name, &c.Email, &c.Phone, &erased, &h.Marketing, &h.EReceipt, &h.JoinedAt, &c.Points, &h.LedgerEntries)
	if err != nil {
		return h, fmt.Errorf("read customer %s: %w", id, err)
	}
	if erased != "" {
		c.Erased, h.ErasedAt = true, parseTime(erased)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM customer_aliases WHERE customer_id = ? ORDER BY id`, id)
	if err != nil {
		return h, fmt.Errorf("read the till ids of customer %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var alias pos.CustomerID
		if err := rows.Scan(&alias); err != nil {
			return h, fmt.Errorf("read the till ids of customer %s: %w", id, err)
		}
		h.Aliases = append(h.Aliases, alias)
	}
	return h, rows.Err()
}

// readLedger reads the latest limit entries of the ledger and the balance each left,
// counted back from the balance: the earlier entries, however many, are not read.
func readLedger(ctx context.Context, tx *sql.Tx, h *central.CustomerHistory, limit int) error {
	id := h.Customer.ID
	rows, err := tx.QueryContext(ctx, `SELECT points, kind, event_id, source, at FROM loyalty_entries
		WHERE customer_id = ? ORDER BY id DESC LIMIT ?`, id, limit)
	if err != nil {
		return fmt.Errorf("read the ledger of customer %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		l := central.LedgerLine{LoyaltyEntry: central.LoyaltyEntry{Customer: id}}
		var at string
		if err := rows.Scan(&l.Points, &l.Kind, &l.Event, &l.Source, &at); err != nil {
			return fmt.Errorf("read the ledger of customer %s: %w", id, err)
		}
		l.At = parseTime(at)
		h.Ledger = append(h.Ledger, l)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the ledger of customer %s: %w", id, err)
	}
	slices.Reverse(h.Ledger)
	central.RunBalances(h.Ledger, h.Customer.Points)
	return nil
}

// readPurchases reads the latest limit purchases of each channel, under the customer's id
// or a till's id for them: the sales tills booked (central.ChannelStore), then the orders
// by channel.
func readPurchases(ctx context.Context, tx *sql.Tx, h *central.CustomerHistory, limit int) error {
	ids, err := json.Marshal(append([]pos.CustomerID{h.Customer.ID}, h.Aliases...))
	if err != nil {
		return fmt.Errorf("ids of customer %s: %w", h.Customer.ID, err)
	}
	// customer_id <> '' lets SQLite use the partial index sales_customer.
	const sales = `SELECT 0, ?3, COUNT(*) OVER (), completed_at, store_id, till_id, receipt_no, '', '', total, currency, customer_id
		FROM sales WHERE customer_id <> '' AND customer_id IN (SELECT value FROM json_each(?1))
		ORDER BY completed_at DESC, id DESC LIMIT ?2`
	const orders = `SELECT 1, channel, n, created_at, store_id, '', 0, number, status, total, currency, customer_id FROM (
		SELECT o.*, COUNT(*) OVER (PARTITION BY channel) AS n,
			row_number() OVER (PARTITION BY channel ORDER BY created_at DESC, id DESC) AS latest
		FROM orders o WHERE customer_id IN (SELECT value FROM json_each(?1))) WHERE latest <= ?2`
	rows, err := tx.QueryContext(ctx, `SELECT * FROM (`+sales+`) UNION ALL `+orders+` ORDER BY 1, 2, 4`,
		string(ids), limit, central.ChannelStore)
	if err != nil {
		return fmt.Errorf("read the purchases of customer %s: %w", h.Customer.ID, err)
	}
	defer rows.Close()
	kind := -1 // the group of the channel read last: 0 sales, 1 orders
	for rows.Next() {
		var p central.Purchase
		var channel, at string
		var group, count int
		if err := rows.Scan(&group, &channel, &count, &at, &p.Store, &p.Till, &p.Receipt, &p.Number, &p.Status,
			&p.Total, &p.Currency, &p.Customer); err != nil {
			return fmt.Errorf("read the purchases of customer %s: %w", h.Customer.ID, err)
		}
		p.At = parseTime(at)
		// An order's channel may be called "store" too: it is a channel of its own.
		if n := len(h.Channels); n == 0 || group != kind || h.Channels[n-1].Channel != channel {
			kind = group
			h.Channels = append(h.Channels, central.ChannelPurchases{Channel: channel, Count: count})
		}
		last := &h.Channels[len(h.Channels)-1]
		last.Purchases = append(last.Purchases, p)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the purchases of customer %s: %w", h.Customer.ID, err)
	}
	return nil
}
