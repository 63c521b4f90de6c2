package central

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

// ErrReset answers a cursor central cannot continue from: the till pulls from 0 again.
var ErrReset = errors.New("the cursor is older than central keeps or newer than anything central has: pull again from cursor 0")

// checkCursor refuses a cursor the stream cannot continue from and returns the stream's
// last change. Cursor 0 (a full snapshot) is always good.
func checkCursor(ctx context.Context, tx *sql.Tx, stream string, cursor int64) (last int64, err error) {
	var floor int64
	if err := tx.QueryRowContext(ctx, `SELECT last_seq, floor_seq FROM streams WHERE name = ?`, stream).Scan(&last, &floor); err != nil {
		return 0, fmt.Errorf("read stream %s: %w", stream, err)
	}
	if cursor != 0 && (cursor < floor || cursor > last || cursor < 0) {
		return 0, ErrReset
	}
	return last, nil
}

// ResendStream makes every till pull the whole stream again, e.g. after IT repaired the
// catalog by hand: every cursor given out so far gets ErrReset.
func (db *DB) ResendStream(ctx context.Context, stream string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE streams SET last_seq = last_seq + 1, floor_seq = last_seq + 1 WHERE name = ?`, stream)
		if err != nil {
			return fmt.Errorf("reset stream %s: %w", stream, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.EINVALID, "no stream %q: the streams are products and stock", stream)
		}
		return nil
	})
}
