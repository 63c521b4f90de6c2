package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// Exceptions lists what a manager at central must look at, oldest first: only the open
// ones unless all.
func (db *DB) Exceptions(ctx context.Context, all bool) ([]central.Exception, error) {
	var out []central.Exception
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, event_id, kind, store_id, till_id, reason, at, COALESCE(resolved_at, ''),
			COALESCE(resolved_by, ''), COALESCE(resolution, '') FROM exceptions WHERE ? OR resolved_at IS NULL ORDER BY id`, all)
		if err != nil {
			return fmt.Errorf("read exceptions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e central.Exception
			var at, resolved string
			if err := rows.Scan(&e.ID, &e.Event, &e.Kind, &e.Till.Store, &e.Till.ID, &e.Reason, &at, &resolved, &e.ResolvedBy, &e.Resolution); err != nil {
				return fmt.Errorf("read exception: %w", err)
			}
			e.At = parseTime(at)
			if resolved != "" {
				e.ResolvedAt = parseTime(resolved)
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// ResolveException records that a manager dealt with an open exception, and how.
// ENOTFOUND when there is no such open exception.
func (db *DB) ResolveException(ctx context.Context, id int64, by, how string) error {
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE exceptions SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL`,
			timeText(db.Now()), by, how, id)
		if err != nil {
			return fmt.Errorf("resolve exception %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "no open exception %d (omnitill-central events lists them)", id)
		}
		return nil
	})
}

// RetryEvent books a refused event again from the body central keeps, under today's rules
// and data: after IT imported the article, the store or the VAT classes it lacked. It
// answers as a push would: applied, or rejected with today's reason. ENOTFOUND for an
// event central never had, EINVALID for one that is not refused.
func (db *DB) RetryEvent(ctx context.Context, event string) (wire.EventResult, error) {
	return db.rebook(ctx, event, "", false)
}

// ReleaseEvent books a refused sale past the rules a person can judge (its line prices,
// its payment, its VAT rates, its currency) once IT looked at it and vouches for it; by
// names who. Never past central.CheckSaleSums: a sale that does not add up, or is beyond
// the bounds, stays refused. Errors as RetryEvent.
func (db *DB) ReleaseEvent(ctx context.Context, event, by string) (wire.EventResult, error) {
	if by == "" {
		return wire.EventResult{}, pos.Errorf(pos.EINVALID, "say who releases the event")
	}
	return db.rebook(ctx, event, by, true)
}

func (db *DB) rebook(ctx context.Context, event, by string, waive bool) (wire.EventResult, error) {
	res := wire.EventResult{EventID: event}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var till central.Till
		var ev wire.Event
		var payload, created, status string
		err := tx.QueryRowContext(ctx, `SELECT store_id, till_id, type, aggregate, payload, created_at, status FROM inbox WHERE event_id = ?`, event).
			Scan(&till.Store, &till.ID, &ev.Type, &ev.Aggregate, &payload, &created, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.ENOTFOUND, "central has no event %s", event)
		} else if err != nil {
			return fmt.Errorf("read event %s: %w", event, err)
		}
		if status != wire.StatusRejected {
			return pos.Errorf(pos.EINVALID, "event %s is %s, not refused: there is nothing to apply again", event, status)
		}
		ev.EventID, ev.Payload, ev.CreatedAt = event, []byte(payload), parseTime(created)
		in := []*incoming{readEvent(ev)}
		b, err := newBooking(ctx, tx, till, in, db.Now())
		if err != nil {
			return err
		}
		res.Status, res.Reason = b.book(in[0], waive)
		again := rebooked{event: event, status: res.Status, reason: res.Reason, by: "IT", how: "applied again (omnitill-central events retry)"}
		if waive {
			again.by, again.how = by, "released (omnitill-central events release)"
		}
		b.rebooked = append(b.rebooked, again)
		return b.save()
	})
	return res, err
}
