package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// checkCursor reads a stream's bounds, refuses a cursor it cannot continue from
// (central.CheckCursor) and returns the stream's last change.
func checkCursor(ctx context.Context, tx *sql.Tx, stream pos.Stream, cursor int64) (last int64, err error) {
	var floor int64
	if err := tx.QueryRowContext(ctx, `SELECT last_seq, floor_seq FROM streams WHERE name = ?`, stream).Scan(&last, &floor); err != nil {
		return 0, fmt.Errorf("read stream %s: %w", stream, err)
	}
	return last, central.CheckCursor(cursor, floor, last)
}

// streamTables names the table holding each stream's rows, seq column and all.
var streamTables = map[pos.Stream]string{
	pos.StreamProducts:   "products",
	pos.StreamStock:      "stock_levels",
	pos.StreamPromotions: "promotions",
	pos.StreamLoyalty:    "loyalty_rules",
	pos.StreamCoupons:    "coupons",
	pos.StreamReturns:    "returns_policy",
	pos.StreamCustomers:  "customers",
	pos.StreamOrders:     "orders",
}

// ResendStream makes every till pull the whole stream again, e.g. after IT repaired the
// catalog by hand: every cursor given out so far gets ErrReset. Every row moves above the
// new floor, so the cursors of the snapshot pages that follow stay good: moving only the
// floor would refuse the second page of any snapshot larger than one page.
func (db *DB) ResendStream(ctx context.Context, stream pos.Stream) error {
	table, ok := streamTables[stream]
	if !ok {
		return pos.Errorf(pos.EINVALID, "no stream %q: the streams are %s", stream, strings.Join(streamNames(), ", "))
	}
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT last_seq FROM streams WHERE name = ?`, stream).Scan(&last); err != nil {
			return fmt.Errorf("read stream %s: %w", stream, err)
		}
		// Old positions are 1..last, new ones last+1..2*last: no two rows meet on the way.
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET seq = seq + ?`, last); err != nil {
			return fmt.Errorf("move the %s stream above its old cursors: %w", stream, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE streams SET floor_seq = ?, last_seq = ? WHERE name = ?`, last+1, 2*last+1, stream); err != nil {
			return fmt.Errorf("reset stream %s: %w", stream, err)
		}
		return nil
	})
}

func streamNames() []string {
	var names []string
	for s := range maps.Keys(streamTables) {
		names = append(names, string(s))
	}
	slices.Sort(names)
	return names
}

// streamQuery is how one pull stream's pages are read.
type streamQuery[T any] struct {
	stream pos.Stream
	// rows selects the rows after a cursor in change order with seq as the last column;
	// its arguments are args, then the cursor, then the limit.
	rows string
	// count counts the rows of a whole snapshot; its arguments are args.
	count string
	args  []any // e.g. the asking till's store
	scan  func(rows *sql.Rows, seq *int64) (T, error)
}

// streamPage is one page of a stream before it takes its wire shape.
type streamPage[T any] struct {
	rows  []T
	next  int64
	more  bool
	total int64 // rows of the whole snapshot, on a page from cursor 0 only
}

// readStream reads the page after cursor in one read snapshot, at most limit rows. It holds
// one page, never the stream, so a snapshot of millions costs central one page of memory.
func readStream[T any](ctx context.Context, db *DB, q streamQuery[T], cursor int64, limit int) (streamPage[T], error) {
	p := streamPage[T]{rows: []T{}, next: cursor}
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		last, err := checkCursor(ctx, tx, q.stream, cursor)
		if err != nil {
			return err
		}
		if cursor == 0 {
			if err := tx.QueryRowContext(ctx, q.count, q.args...).Scan(&p.total); err != nil {
				return fmt.Errorf("count the %s snapshot: %w", q.stream, err)
			}
		}
		args := append(append([]any{}, q.args...), cursor, limit+1)
		rows, err := tx.QueryContext(ctx, q.rows, args...)
		if err != nil {
			return fmt.Errorf("read %s changes: %w", q.stream, err)
		}
		defer rows.Close()
		for rows.Next() {
			if len(p.rows) == limit {
				p.more = true
				break
			}
			v, err := q.scan(rows, &p.next)
			if err != nil {
				return fmt.Errorf("read a %s change: %w", q.stream, err)
			}
			p.rows = append(p.rows, v)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read %s changes: %w", q.stream, err)
		}
		if !p.more {
			p.next = last // the till now has everything up to here
		}
		return nil
	})
	return p, err
}
