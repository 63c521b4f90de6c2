package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// AddStock records movements that come from IT rather than a till (a delivery, a count),
// all in one transaction.
func (db *DB) AddStock(ctx context.Context, reason, ref string, moves []central.Movement) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range moves {
			if _, err := findStore(ctx, tx, m.Store); err != nil {
				return err
			}
			if err := addMovement(ctx, tx, m, reason, ref, "", db.Now()); err != nil {
				return err
			}
		}
		return nil
	})
}

// addMovement records one movement and moves the store's level of the article on the
// stock stream, in the caller's transaction.
func addMovement(ctx context.Context, tx *sql.Tx, m central.Movement, reason, ref string, event pos.EventID, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements (store_id, sku, delta, reason, ref, event_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.Store, m.SKU, m.Delta, reason, ref, event, timeText(at)); err != nil {
		return fmt.Errorf("stock movement of %s in %s: %w", m.SKU, m.Store, err)
	}
	seq, err := nextSeq(ctx, tx, pos.StreamStock)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stock_levels (store_id, sku, on_hand, as_of, seq) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = on_hand + excluded.on_hand, as_of = MAX(as_of, excluded.as_of), seq = excluded.seq`,
		m.Store, m.SKU, m.Delta, timeText(at), seq); err != nil {
		return fmt.Errorf("stock level of %s in %s: %w", m.SKU, m.Store, err)
	}
	return nil
}

// StockOf returns the on-hand of an article in every store that has movements of it: the
// sum of those movements, not the stream's running level.
func (db *DB) StockOf(ctx context.Context, sku pos.SKU) (wire.StockAnswer, error) {
	ans := wire.StockAnswer{SKU: string(sku), Stores: []wire.StockLevel{}}
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT store_id, SUM(delta), MAX(at) FROM stock_movements WHERE sku = ? GROUP BY store_id ORDER BY store_id`, sku)
		if err != nil {
			return fmt.Errorf("stock of %s: %w", sku, err)
		}
		defer rows.Close()
		for rows.Next() {
			l := wire.StockLevel{SKU: string(sku)}
			var at string
			if err := rows.Scan(&l.StoreID, &l.OnHand, &at); err != nil {
				return fmt.Errorf("read stock of %s: %w", sku, err)
			}
			l.AsOf = parseTime(at)
			ans.Stores = append(ans.Stores, l)
		}
		return rows.Err()
	})
	return ans, err
}

// StockChanges returns the stock levels changed after cursor, oldest change first, at most
// limit of them; cursor 0 is every level, with their total. ErrReset as for ProductChanges.
func (db *DB) StockChanges(ctx context.Context, cursor int64, limit int) (wire.StockPage, error) {
	p, err := readStream(ctx, db, stockStream, cursor, limit)
	return wire.StockPage{Levels: p.rows, NextCursor: p.next, More: p.more, Total: p.total}, err
}

var stockStream = streamQuery[wire.StockLevel]{
	stream: pos.StreamStock,
	rows:   `SELECT store_id, sku, on_hand, as_of, seq FROM stock_levels WHERE seq > ? ORDER BY seq LIMIT ?`,
	count:  `SELECT COUNT(*) FROM stock_levels`,
	scan: func(rows *sql.Rows, seq *int64) (wire.StockLevel, error) {
		var l wire.StockLevel
		var at string
		err := rows.Scan(&l.StoreID, &l.SKU, &l.OnHand, &at, seq)
		l.AsOf = parseTime(at)
		return l, err
	},
}
