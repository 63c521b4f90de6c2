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
// all in one transaction. A movement beyond central.MaxQty, or one that would take a level
// beyond central.MaxStock, refuses the whole file (EINVALID).
func (db *DB) AddStock(ctx context.Context, reason, ref string, moves []central.Movement) error {
	for _, m := range moves {
		if err := m.Check(); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
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
// stock stream, in the caller's transaction. EINVALID when the level would pass the bounds.
func addMovement(ctx context.Context, tx *sql.Tx, m central.Movement, reason, ref string, event pos.EventID, at time.Time) error {
	if err := m.Check(); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements (store_id, sku, delta, reason, ref, event_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.Store, m.SKU, m.Delta, reason, ref, event, timeText(at)); err != nil {
		return fmt.Errorf("stock movement of %s in %s: %w", m.SKU, m.Store, err)
	}
	return moveLevels(ctx, tx, []levelMove{{Store: m.Store, SKU: m.SKU, Delta: m.Delta, At: at}})
}

// levelMove is what movements do to one store's level of one article.
type levelMove struct {
	Store pos.StoreID
	SKU   pos.SKU
	Delta pos.Qty
	At    time.Time
}

// insertLevels and moveLevelsSQL move levels. SQLite turns an integer sum that overflows
// into a float, which no till could read: a level is moved only while it stays an integer
// within ±MaxStock, and the caller counts the rows moved. (A new level is a movement,
// bounded far below MaxStock by central.Movement.Check and the sale checks.)
const insertLevels = `INSERT INTO stock_levels (store_id, sku, on_hand, as_of, seq)`

var moveLevelsSQL = `ON CONFLICT (store_id, sku) DO UPDATE SET on_hand = on_hand + excluded.on_hand, as_of = MAX(as_of, excluded.as_of),
	seq = excluded.seq WHERE typeof(on_hand) = 'integer' AND typeof(on_hand + excluded.on_hand) = 'integer'
	AND on_hand + excluded.on_hand BETWEEN ` + fmt.Sprint(-central.MaxStock) + ` AND ` + fmt.Sprint(central.MaxStock)

// moveLevels moves store levels by the deltas given, each level to a new position of the
// stock stream, in order. A level that would leave the bounds is EINVALID and moves
// nothing: callers that book a till's sale check the bounds first, so for them this is
// the last guard, never the rule.
func moveLevels(ctx context.Context, tx *sql.Tx, moves []levelMove) error {
	if len(moves) == 0 {
		return nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `UPDATE streams SET last_seq = last_seq + ? WHERE name = ? RETURNING last_seq`,
		len(moves), pos.StreamStock).Scan(&last); err != nil {
		return fmt.Errorf("next changes of the stock stream: %w", err)
	}
	rows := newRowValues(5, len(moves))
	for i, m := range moves {
		rows.add(string(m.Store), string(m.SKU), int64(m.Delta), timeText(m.At), last-int64(len(moves)-1-i))
	}
	n, err := insertValues(ctx, tx, "move stock levels", insertLevels, moveLevelsSQL, rows)
	if err != nil {
		return err
	}
	if n != int64(len(moves)) {
		if len(moves) == 1 {
			return pos.Errorf(pos.EINVALID, "the stock of %s in %s would go beyond what central can hold (±%d thousandths)", moves[0].SKU, moves[0].Store, central.MaxStock)
		}
		return pos.Errorf(pos.EINVALID, "%d of %d stock levels would go beyond what central can hold (±%d thousandths)", int64(len(moves))-n, len(moves), central.MaxStock)
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
