package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// ReturnsPolicy is the returns policy in force: pos.DefaultReturnsPolicy before IT set one.
func (db *DB) ReturnsPolicy(ctx context.Context) (pos.ReturnsPolicy, error) {
	var p pos.ReturnsPolicy
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = returnsPolicy(ctx, tx)
		return err
	})
	return p, err
}

func returnsPolicy(ctx context.Context, q querier) (pos.ReturnsPolicy, error) {
	doc, ok, err := storedDoc(ctx, q, "the returns policy", `SELECT doc FROM returns_policy WHERE id = 1`)
	if err != nil || !ok {
		return pos.DefaultReturnsPolicy, err
	}
	return pos.DecodeReturnsPolicy(doc)
}

// SetReturnsPolicy makes p the returns policy of every channel and sends it to every
// till; the policy in force again changes nothing.
func (db *DB) SetReturnsPolicy(ctx context.Context, p pos.ReturnsPolicy, source string) (bool, error) {
	if err := p.Check(); err != nil {
		return false, err
	}
	doc, err := json.Marshal(p)
	if err != nil {
		return false, fmt.Errorf("encode the returns policy: %w", err)
	}
	changed := false
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now, err := returnsPolicy(ctx, tx)
		if err != nil {
			return err
		}
		if was, _ := json.Marshal(now); string(was) == string(doc) {
			return nil
		}
		seq, err := nextSeq(ctx, tx, pos.StreamReturns)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO returns_policy (id, doc, source, seq, updated_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, source = excluded.source, seq = excluded.seq, updated_at = excluded.updated_at`,
			string(doc), source, seq, timeText(db.Now())); err != nil {
			return fmt.Errorf("keep the returns policy: %w", err)
		}
		changed = true
		return nil
	})
	return changed, err
}

// ReturnsPolicyChanges is the returns stream after cursor: the policy when it changed.
func (db *DB) ReturnsPolicyChanges(ctx context.Context, cursor int64, limit int) (wire.ReturnsPolicyPage, error) {
	var page wire.ReturnsPolicyPage
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		last, err := checkCursor(ctx, tx, pos.StreamReturns, cursor)
		if err != nil {
			return err
		}
		page.NextCursor = max(last, cursor)
		if last <= cursor {
			return nil // unchanged; or never set: the tills' default is central's too
		}
		p, err := returnsPolicy(ctx, tx)
		if err != nil {
			return err
		}
		page.Policy, err = json.Marshal(p)
		return err
	})
	return page, err
}
