package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.LoyaltyStore = (*DB)(nil)

// LoyaltyRules are the rules last pulled from central; pos.DefaultLoyaltyRules (central's
// first) before any.
func (db *DB) LoyaltyRules(ctx context.Context) (pos.LoyaltyRules, error) {
	doc, ok, err := db.pulledDoc(ctx, "loyalty_rules")
	if err != nil || !ok {
		return pos.DefaultLoyaltyRules, err
	}
	return pos.DecodeLoyaltyRules(doc)
}

// pulledDoc reads the one document a stream of rules keeps in table (loyalty_rules,
// returns_policy); ok is false before central sent one.
func (db *DB) pulledDoc(ctx context.Context, table string) (doc []byte, ok bool, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT doc FROM `+table+` WHERE id = 1`).Scan(&doc)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("read %s: %w", table, err)
	}
	return doc, true, nil
}

// ApplyLoyaltyPage keeps the rules central has in force, and the stream's cursor, in one
// transaction. Older rules than the till has are not taken (a stream sent from 0 again).
func (db *DB) ApplyLoyaltyPage(ctx context.Context, rules *pos.LoyaltyRules, cursor int64) error {
	var doc []byte
	if rules != nil {
		if err := rules.Check(); err != nil {
			return err
		}
		var err error
		if doc, err = json.Marshal(rules); err != nil {
			return fmt.Errorf("encode loyalty rules %d: %w", rules.Version, err)
		}
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		if rules != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_rules (id, version, doc) VALUES (1, ?, ?)
				ON CONFLICT (id) DO UPDATE SET version = excluded.version, doc = excluded.doc WHERE excluded.version >= version`,
				rules.Version, string(doc)); err != nil {
				return fmt.Errorf("keep loyalty rules %d: %w", rules.Version, err)
			}
		}
		return setCursor(ctx, tx, pos.StreamLoyalty, cursor, timeText(db.Now()))
	})
}

// dayText is the till's local date of t, as loyalty_entries.day keeps it.
func dayText(t time.Time) string { return t.Local().Format(time.DateOnly) }

// recordPoints writes what a committed sale earned and redeemed of its customer's points,
// in the sale's transaction: the till counts them at once, online or not.
func recordPoints(ctx context.Context, tx *sql.Tx, s *pos.Sale, event pos.EventID) error {
	if s.Customer == nil {
		return nil
	}
	day := dayText(s.CompletedAt)
	add := func(kind string, points int64, offline bool) error {
		if points <= 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO loyalty_entries (event_id, kind, customer_id, points, offline, day) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (event_id, kind) DO UPDATE SET points = points + excluded.points, offline = offline OR excluded.offline`,
			event, kind, s.Customer.ID, points, offline, day)
		if err != nil {
			return fmt.Errorf("points %s of sale %s: %w", kind, s.ID, err)
		}
		return nil
	}
	for _, t := range s.Tenders {
		if t.Kind == pos.TenderPoints {
			if err := add("redeem", t.Points, t.Reference == ""); err != nil {
				return err
			}
		}
	}
	return add("earn", s.Points.Earned, false)
}

// PointsState is what the till knows of a customer's points: central's balance as last
// pulled, and this till's entries it does not hold yet.
func (db *DB) PointsState(ctx context.Context, c pos.CustomerID, day time.Time) (pos.PointsState, error) {
	var st pos.PointsState
	var asOf string
	err := db.db.QueryRowContext(ctx, `SELECT points, COALESCE((SELECT updated_at FROM sync_cursors WHERE stream = 'customers'), '')
		FROM customers WHERE id = ?`, c).Scan(&st.Synced, &asOf)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return st, pos.Errorf(pos.ENOTFOUND, "no customer %s", c)
	case err != nil:
		return st, fmt.Errorf("points of customer %s: %w", c, err)
	}
	if asOf != "" {
		st.AsOf = parseTime(asOf)
	}
	err = db.db.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN kind = 'earn' THEN points END), 0),
			COALESCE(SUM(CASE WHEN kind = 'redeem' THEN points END), 0),
			COALESCE(SUM(CASE WHEN kind = 'redeem' AND offline THEN points END), 0)
		FROM loyalty_entries WHERE customer_id = ? AND counted = 0`, c).Scan(&st.UnsyncedEarned, &st.UnsyncedRedeemed, &st.UnsyncedOffline)
	if err != nil {
		return st, fmt.Errorf("unsynced points of customer %s: %w", c, err)
	}
	err = db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_entries WHERE offline = 1 AND kind = 'redeem' AND day = ?`,
		dayText(day)).Scan(&st.TillOfflineToday)
	if err != nil {
		return st, fmt.Errorf("points redeemed offline today: %w", err)
	}
	return st, nil
}

// pointsSent records central's answer for an event's points: applied, central's balance
// will hold them once the customer is pulled again; refused, central never counted them.
func pointsSent(ctx context.Context, tx *sql.Tx, d pos.Delivery) error {
	q := `UPDATE loyalty_entries SET sent = 1 WHERE event_id = ?`
	if d.Rejected {
		q = `UPDATE loyalty_entries SET sent = 1, counted = 1 WHERE event_id = ?`
	}
	if _, err := tx.ExecContext(ctx, q, d.Event); err != nil {
		return fmt.Errorf("points of event %s sent: %w", d.Event, err)
	}
	return nil
}

// pointsCounted marks this till's entries central applied as held by the balances of the
// customers just pulled (the page was read after central applied them): one statement a
// page, which finds nothing to do at once when the till has no entry waiting.
func pointsCounted(ctx context.Context, tx *sql.Tx, customers []pos.CustomerID) error {
	ids, err := json.Marshal(customers)
	if err != nil {
		return fmt.Errorf("customers pulled: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE loyalty_entries SET counted = 1 WHERE counted = 0 AND sent = 1
		AND customer_id IN (SELECT value FROM json_each(?))`, string(ids)); err != nil {
		return fmt.Errorf("points of the customers pulled counted: %w", err)
	}
	return nil
}
