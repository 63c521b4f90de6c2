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

// Apply applies a till's events in order, each exactly once, and answers each. The batch
// commits as one SQLite transaction, so an "applied" answer costs one disk flush per batch
// rather than per event; inside it every event is its own savepoint (SQLite's nested
// transaction): its inbox row and derived rows stand or fall together, and a rejection
// undoes only its own rows. An event seen before is a duplicate (or the same rejection
// again). The error is for failures of central itself, never for a refused event: then
// nothing of the batch is kept and the till sends it again.
func (db *DB) Apply(ctx context.Context, till central.Till, events []wire.Event) ([]wire.EventResult, error) {
	results := make([]wire.EventResult, 0, len(events))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		now := timeText(db.Now())
		for _, ev := range events {
			res, err := applyOnce(ctx, tx, till, ev, now)
			if err != nil {
				return err
			}
			results = append(results, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return results, nil
}

// applyOnce applies one event in the batch's transaction.
func applyOnce(ctx context.Context, tx *sql.Tx, till central.Till, ev wire.Event, now string) (wire.EventResult, error) {
	res := wire.EventResult{EventID: ev.EventID}
	seen, err := seenEvent(ctx, tx, till, ev.EventID)
	if err != nil {
		return res, err
	}
	if seen != nil {
		return *seen, nil
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT event`); err != nil {
		return res, fmt.Errorf("savepoint: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO inbox (event_id, store_id, till_id, type, aggregate, payload, created_at, received_at, status)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applied')`, ev.EventID, till.Store, till.ID, ev.Type, ev.Aggregate, string(ev.Payload),
		timeText(ev.CreatedAt), now); err != nil {
		return res, fmt.Errorf("take event %s into the inbox: %w", ev.EventID, err)
	}
	err = applyEvent(ctx, tx, till, ev)
	var rej *central.Rejection
	switch {
	case errors.As(err, &rej):
		// Undo the derived rows but keep the inbox row, now marked rejected.
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO event`); err != nil {
			return res, fmt.Errorf("undo rejected event %s: %w", ev.EventID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inbox (event_id, store_id, till_id, type, aggregate, payload, created_at, received_at,
			status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'rejected', ?)`, ev.EventID, till.Store, till.ID, ev.Type, ev.Aggregate,
			string(ev.Payload), timeText(ev.CreatedAt), now, rej.Reason); err != nil {
			return res, fmt.Errorf("record rejection of %s: %w", ev.EventID, err)
		}
		res.Status, res.Reason = wire.StatusRejected, rej.Reason
	case err != nil:
		return res, fmt.Errorf("apply event %s: %w", ev.EventID, err)
	default:
		res.Status = wire.StatusApplied
	}
	if _, err := tx.ExecContext(ctx, `RELEASE event`); err != nil {
		return res, fmt.Errorf("release event %s: %w", ev.EventID, err)
	}
	return res, nil
}

// seenEvent answers an event already in the inbox as it was answered the first time, or
// returns nil for an event central has not seen.
func seenEvent(ctx context.Context, tx *sql.Tx, till central.Till, id string) (*wire.EventResult, error) {
	var store, tillID, status, reason string
	err := tx.QueryRowContext(ctx, `SELECT store_id, till_id, status, reason FROM inbox WHERE event_id = ?`, id).Scan(&store, &tillID, &status, &reason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("look event %s up in the inbox: %w", id, err)
	}
	res := &wire.EventResult{EventID: id, Status: wire.StatusDuplicate}
	switch {
	case store != string(till.Store) || tillID != string(till.ID):
		res.Status, res.Reason = wire.StatusRejected, fmt.Sprintf("event id %s was already sent by till %s/%s", id, store, tillID)
	case status == wire.StatusRejected:
		res.Status, res.Reason = wire.StatusRejected, reason
	}
	return res, nil
}

// applyEvent writes the rows an event stands for, each carrying the event id.
func applyEvent(ctx context.Context, tx *sql.Tx, till central.Till, ev wire.Event) error {
	if err := central.CheckEventID(ev.EventID); err != nil {
		return err
	}
	switch ev.Type {
	case pos.EventSaleCompleted:
		return applySale(ctx, tx, till, ev)
	}
	return central.Reject("central does not know events of type %q", ev.Type)
}
