package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// SaveCustomers adds, changes and erases customers in one transaction, all or none, and
// brings balances to what the file says through "adjust" entries of the ledger. Any change,
// of a field or of the balance, moves the customer on the stream; the same file again
// changes nothing and moves nothing. source is written on the ledger entries.
func (db *DB) SaveCustomers(ctx context.Context, rows []central.Numbered[central.CustomerImport], source string) (central.ImportResult, error) {
	var res central.ImportResult
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		for _, n := range rows {
			ch, err := saveCustomer(ctx, tx, n.Rec, source, db.Now())
			if err != nil {
				return central.AtLine(n.Line, err)
			}
			switch {
			case ch.Added:
				res.Added++
			case ch.Changed:
				res.Changed++
			default:
				res.Unchanged++
			}
		}
		return nil
	})
	return res, err
}

func findCustomer(ctx context.Context, tx *sql.Tx, id pos.CustomerID) (central.Customer, error) {
	c := central.Customer{Customer: pos.Customer{ID: id}}
	err := tx.QueryRowContext(ctx, `SELECT card, name, email, phone, erased_at IS NOT NULL FROM customers WHERE id = ?`, id).
		Scan(&c.Card, &c.Name, &c.Email, &c.Phone, &c.Erased)
	if errors.Is(err, sql.ErrNoRows) {
		return c, err
	} else if err != nil {
		return c, fmt.Errorf("read customer %s: %w", id, err)
	}
	c.Points, err = balance(ctx, tx, id)
	return c, err
}

// saveCustomer does what central.ImportCustomer decides a row does.
func saveCustomer(ctx context.Context, tx *sql.Tx, in central.CustomerImport, source string, now time.Time) (central.CustomerChange, error) {
	var old *central.Customer
	if c, err := findCustomer(ctx, tx, in.ID); err == nil {
		old = &c
	} else if !errors.Is(err, sql.ErrNoRows) {
		return central.CustomerChange{}, err
	}
	ch, err := central.ImportCustomer(old, in, source)
	if err != nil {
		return ch, err
	}
	if !in.Erased {
		if err := checkCard(ctx, tx, in.ID, in.Card); err != nil {
			return ch, err
		}
	}
	switch {
	case ch.Erase:
		return ch, eraseCustomer(ctx, tx, in.ID, ch.Entries, now)
	case !ch.Save:
		return ch, nil
	}
	seq, err := nextSeq(ctx, tx, pos.StreamCustomers)
	if err != nil {
		return ch, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, card, name, email, phone, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET card = excluded.card, name = excluded.name, email = excluded.email, phone = excluded.phone,
		seq = excluded.seq, updated_at = excluded.updated_at`,
		in.ID, in.Card, in.Name, in.Email, in.Phone, seq, timeText(now)); err != nil {
		return ch, fmt.Errorf("save customer %s: %w", in.ID, err)
	}
	return ch, addEntries(ctx, tx, ch.Entries, now)
}

// checkCard refuses a loyalty card another customer holds.
func checkCard(ctx context.Context, tx *sql.Tx, id pos.CustomerID, card string) error {
	if card == "" {
		return nil
	}
	var other string
	err := tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE card = ? AND id <> ?`, card, id).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("look card %s up: %w", card, err)
	}
	return pos.Errorf(pos.ECONFLICT, "card %s of customer %s is already customer %s's", card, id, other)
}

// eraseCustomer forgets who the customer is but keeps the row, which orders and the ledger
// point at, and writes the entries that expire what is left of the balance.
func eraseCustomer(ctx context.Context, tx *sql.Tx, id pos.CustomerID, entries []central.LoyaltyEntry, now time.Time) error {
	if err := addEntries(ctx, tx, entries, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET card = '', name = '', email = '', phone = '', erased_at = ? WHERE id = ?`,
		timeText(now), id); err != nil {
		return fmt.Errorf("erase customer %s: %w", id, err)
	}
	return touchCustomer(ctx, tx, id, now)
}

// AddPoints writes one entry of a customer's ledger and moves the customer on the stream,
// so tills get the new balance.
func (db *DB) AddPoints(ctx context.Context, e central.LoyaltyEntry) error {
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := findCustomer(ctx, tx, e.Customer)
		if errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.ENOTFOUND, "central knows no customer %s", e.Customer)
		} else if err != nil {
			return err
		}
		if err := central.CheckEntry(c, e); err != nil {
			return err
		}
		if err := addEntries(ctx, tx, []central.LoyaltyEntry{e}, db.Now()); err != nil {
			return err
		}
		return touchCustomer(ctx, tx, e.Customer, db.Now())
	})
}

// addEntries writes ledger entries central has checked; the caller moves the customer on
// the stream.
func addEntries(ctx context.Context, tx *sql.Tx, entries []central.LoyaltyEntry, at time.Time) error {
	for _, e := range entries {
		if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_entries (customer_id, points, kind, event_id, source, at) VALUES (?, ?, ?, ?, ?, ?)`,
			e.Customer, e.Points, e.Kind, e.Event, e.Source, timeText(at)); err != nil {
			return fmt.Errorf("loyalty entry of customer %s: %w", e.Customer, err)
		}
	}
	return nil
}

// touchCustomer moves a customer to the stream's newest change.
func touchCustomer(ctx context.Context, tx *sql.Tx, id pos.CustomerID, now time.Time) error {
	seq, err := nextSeq(ctx, tx, pos.StreamCustomers)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET seq = ?, updated_at = ? WHERE id = ?`, seq, timeText(now), id); err != nil {
		return fmt.Errorf("move customer %s on the stream: %w", id, err)
	}
	return nil
}

// balance is the sum of a customer's ledger.
func balance(ctx context.Context, tx *sql.Tx, id pos.CustomerID) (int64, error) {
	var points int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_entries WHERE customer_id = ?`, id).Scan(&points); err != nil {
		return 0, fmt.Errorf("balance of customer %s: %w", id, err)
	}
	return points, nil
}

// Balance is a customer's loyalty balance: the sum of the ledger.
func (db *DB) Balance(ctx context.Context, id pos.CustomerID) (int64, error) {
	var points int64
	err := db.readTx(ctx, func(tx *sql.Tx) (err error) {
		points, err = balance(ctx, tx, id)
		return err
	})
	return points, err
}

// CustomerChanges returns the customers changed after cursor (their fields, their balance,
// an erasure), oldest change first, at most limit, each with the balance summed now. Cursor
// 0 is a full snapshot, with its total; ErrReset as for ProductChanges.
func (db *DB) CustomerChanges(ctx context.Context, cursor int64, limit int) (wire.CustomerPage, error) {
	p, err := readStream(ctx, db, customerStream, cursor, limit)
	return wire.CustomerPage{Customers: p.rows, NextCursor: p.next, More: p.more, Total: p.total}, err
}

var customerStream = streamQuery[wire.Customer]{
	stream: pos.StreamCustomers,
	rows: `SELECT id, card, name, email, phone, (SELECT COALESCE(SUM(points), 0) FROM loyalty_entries l WHERE l.customer_id = c.id),
		erased_at IS NOT NULL, seq FROM customers c WHERE seq > ? ORDER BY seq LIMIT ?`,
	count: `SELECT COUNT(*) FROM customers`,
	scan: func(rows *sql.Rows, seq *int64) (wire.Customer, error) {
		var c wire.Customer
		err := rows.Scan(&c.ID, &c.Card, &c.Name, &c.Email, &c.Phone, &c.Points, &c.Erased, seq)
		return c, err
	},
}
