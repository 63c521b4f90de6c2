package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// LoyaltyRules are the rules in force: the newest version, pos.DefaultLoyaltyRules before
// any was set.
func (db *DB) LoyaltyRules(ctx context.Context) (pos.LoyaltyRules, error) {
	var rules pos.LoyaltyRules
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		rules, err = currentRules(ctx, tx)
		return err
	})
	return rules, err
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func currentRules(ctx context.Context, q querier) (pos.LoyaltyRules, error) {
	doc, ok, err := storedDoc(ctx, q, "the loyalty rules", `SELECT doc FROM loyalty_rules ORDER BY version DESC LIMIT 1`)
	if err != nil || !ok {
		return pos.DefaultLoyaltyRules, err
	}
	return pos.DecodeLoyaltyRules(doc)
}

// storedDoc reads one stored rules document (what names it for an error); ok is false
// when there is none.
func storedDoc(ctx context.Context, q querier, what, query string, args ...any) (doc []byte, ok bool, err error) {
	err = q.QueryRowContext(ctx, query, args...).Scan(&doc)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("read %s: %w", what, err)
	}
	return doc, true, nil
}

// rulesVersion is version v of the rules; known is false when central never issued it
// (then the rules are the ones in force).
func rulesVersion(ctx context.Context, q querier, v int64) (rules pos.LoyaltyRules, known bool, err error) {
	doc, ok, err := storedDoc(ctx, q, fmt.Sprintf("loyalty rules %d", v), `SELECT doc FROM loyalty_rules WHERE version = ?`, v)
	switch {
	case err != nil:
		return rules, false, err
	case !ok && v == pos.DefaultLoyaltyRules.Version:
		return pos.DefaultLoyaltyRules, true, nil
	case !ok:
		rules, err = currentRules(ctx, q)
		return rules, false, err
	}
	rules, err = pos.DecodeLoyaltyRules(doc)
	return rules, true, err
}

// SetLoyaltyRules makes rules the ones in force, as a new version (its Version is set),
// and sends them to every till. Rules equal to those in force change nothing.
func (db *DB) SetLoyaltyRules(ctx context.Context, rules pos.LoyaltyRules, source string) (pos.LoyaltyRules, bool, error) {
	if err := rules.Check(); err != nil {
		return rules, false, err
	}
	changed := false
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		rules.Version = now.Version
		if a, b := encodeRules(rules), encodeRules(now); a != "" && a == b {
			rules = now
			return nil
		}
		rules.Version = now.Version + 1
		doc, err := json.Marshal(rules)
		if err != nil {
			return fmt.Errorf("encode loyalty rules: %w", err)
		}
		seq, err := nextSeq(ctx, tx, pos.StreamLoyalty)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_rules (version, doc, source, seq, updated_at) VALUES (?, ?, ?, ?, ?)`,
			rules.Version, string(doc), source, seq, timeText(db.Now())); err != nil {
			return fmt.Errorf("keep loyalty rules %d: %w", rules.Version, err)
		}
		changed = true
		return nil
	})
	return rules, changed, err
}

// encodeRules is the rules' JSON, to tell rules apart; "" when they cannot be encoded.
func encodeRules(r pos.LoyaltyRules) string {
	b, err := json.Marshal(r)
	if err != nil {
		return ""
	}
	return string(b)
}

// LoyaltyChanges is the loyalty stream after cursor: the rules in force when they changed
// since. Until IT sets rules there are none to send: pos.DefaultLoyaltyRules, which every
// till starts with, are central's first.
func (db *DB) LoyaltyChanges(ctx context.Context, cursor int64, limit int) (wire.LoyaltyPage, error) {
	var page wire.LoyaltyPage
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		last, err := checkCursor(ctx, tx, pos.StreamLoyalty, cursor)
		if err != nil {
			return err
		}
		page.NextCursor = max(last, cursor)
		if last <= cursor {
			return nil // unchanged; or never set: the till's default rules are central's first
		}
		rules, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		page.Rules, err = json.Marshal(rules)
		return err
	})
	return page, err
}

// HoldPoints sets points of a customer aside for a sale being paid at till t, when the
// balance less the other live holds has them: answered HoldShort otherwise, with nothing
// held. The same hold asked again is answered as it stands; another request under its id
// is ECONFLICT.
func (db *DB) HoldPoints(ctx context.Context, t central.Till, req wire.HoldRequest) (wire.Hold, error) {
	ans := wire.Hold{HoldID: req.HoldID, CustomerID: req.CustomerID, Points: req.Points}
	if req.HoldID == "" || len(req.HoldID) > 100 || req.CustomerID == "" || req.Points <= 0 || req.Points > pos.MaxPoints {
		return ans, pos.Errorf(pos.EINVALID, "a hold needs hold_id (at most 100 characters), customer_id and from 1 to %d points", int64(pos.MaxPoints))
	}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.Now()
		id, err := customerOf(ctx, tx, pos.CustomerID(req.CustomerID))
		if err != nil {
			return err
		}
		var status, customer, store, till, expires string
		var points int64
		err = tx.QueryRowContext(ctx, `SELECT status, customer_id, points, store_id, till_id, expires_at FROM loyalty_holds WHERE id = ?`, req.HoldID).
			Scan(&status, &customer, &points, &store, &till, &expires)
		switch {
		case err == nil:
			if customer != string(id) || points != req.Points || store != string(t.Store) || till != string(t.ID) {
				return pos.Errorf(pos.ECONFLICT, "hold %s was asked for another customer, number of points or till", req.HoldID)
			}
			ans.Status, ans.ExpiresAt = status, parseTime(expires)
			ans.Balance, ans.Available, err = available(ctx, tx, id, now)
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read hold %s: %w", req.HoldID, err)
		}
		c, err := findCustomer(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Erased {
			return pos.Errorf(pos.ECONFLICT, "customer %s was erased: their points are gone", id)
		}
		rules, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		if ans.Balance, ans.Available, err = available(ctx, tx, id, now); err != nil {
			return err
		}
		if _, ok := central.HoldDecision(req.Points, ans.Balance, ans.Balance-ans.Available); !ok {
			ans.Status = wire.HoldShort
			return nil
		}
		ans.Status, ans.ExpiresAt = wire.HoldHeld, now.Add(rules.HoldTTL.Duration()).UTC()
		ans.Available -= req.Points
		if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_holds (id, customer_id, points, store_id, till_id, status, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, 'held', ?, ?)`, req.HoldID, id, req.Points, t.Store, t.ID, timeText(now), timeText(ans.ExpiresAt)); err != nil {
			return fmt.Errorf("hold %d points of customer %s: %w", req.Points, id, err)
		}
		return nil
	})
	return ans, err
}

// ReleaseHold gives a held hold of till t back; one captured or released stays so.
func (db *DB) ReleaseHold(ctx context.Context, t central.Till, id string) (wire.Hold, error) {
	ans := wire.Hold{HoldID: id}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var store, till, expires string
		err := tx.QueryRowContext(ctx, `SELECT customer_id, points, status, store_id, till_id, expires_at FROM loyalty_holds WHERE id = ?`, id).
			Scan(&ans.CustomerID, &ans.Points, &ans.Status, &store, &till, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return pos.Errorf(pos.ENOTFOUND, "no hold %s", id)
		case err != nil:
			return fmt.Errorf("read hold %s: %w", id, err)
		case store != string(t.Store) || till != string(t.ID):
			return pos.Errorf(pos.ENOTFOUND, "no hold %s of this till", id)
		}
		ans.ExpiresAt = parseTime(expires)
		if ans.Status == wire.HoldHeld {
			if _, err := tx.ExecContext(ctx, `UPDATE loyalty_holds SET status = 'released' WHERE id = ?`, id); err != nil {
				return fmt.Errorf("release hold %s: %w", id, err)
			}
			ans.Status = wire.HoldReleased
		}
		ans.Balance, ans.Available, err = available(ctx, tx, pos.CustomerID(ans.CustomerID), db.Now())
		return err
	})
	return ans, err
}

// customerOf is the customer central keeps for an id a till gave: the customer, or the one
// a till's customer was merged into (customer_aliases). ENOTFOUND for neither.
func customerOf(ctx context.Context, tx *sql.Tx, id pos.CustomerID) (pos.CustomerID, error) {
	var kept pos.CustomerID
	err := tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE id = ?1
		UNION ALL SELECT customer_id FROM customer_aliases WHERE id = ?1 LIMIT 1`, id).Scan(&kept)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", pos.Errorf(pos.ENOTFOUND, "central knows no customer %s", id)
	case err != nil:
		return "", fmt.Errorf("find customer %s: %w", id, err)
	}
	return kept, nil
}

// available is a customer's balance, and what the live holds leave of it.
func available(ctx context.Context, tx *sql.Tx, id pos.CustomerID, now time.Time) (balanceNow, free int64, err error) {
	if balanceNow, err = balance(ctx, tx, id); err != nil {
		return 0, 0, err
	}
	var held int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_holds WHERE customer_id = ? AND status = 'held' AND expires_at > ?`,
		id, timeText(now)).Scan(&held); err != nil {
		return 0, 0, fmt.Errorf("points held of customer %s: %w", id, err)
	}
	return balanceNow, balanceNow - held, nil
}

// bookPoints books what a sale did to its customer's points, each entry carrying the
// sale's event: what it earned by the rules it names, what its points tenders redeemed
// (capturing their holds), and an exception when the redemption took the balance below
// zero or the till counted otherwise. The customer moves on the stream so every till
// gets the new balance.
func (b *booking) bookPoints(event string, s pos.SaleEvent) error {
	if s.Customer == "" {
		return nil
	}
	ctx, tx := b.ctx, b.tx
	id, err := customerOf(ctx, tx, s.Customer)
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		b.exception(event, central.ExceptionLoyalty, central.LoyaltyProblem(s, s.Customer, []string{"central knows no such customer: no points were counted"}))
		return nil
	} else if err != nil {
		return err
	}
	var version int64 = pos.DefaultLoyaltyRules.Version
	if s.Points != nil {
		version = s.Points.Rules
	}
	rules, known, err := rulesVersion(ctx, tx, version)
	if err != nil {
		return err
	}
	sp, err := central.CountSalePoints(s, rules, known)
	if err != nil {
		b.exception(event, central.ExceptionLoyalty, central.LoyaltyProblem(s, id, []string{err.Error()}))
		return nil
	}
	if len(sp.Problems) > 0 {
		b.exception(event, central.ExceptionLoyalty, central.LoyaltyProblem(s, id, sp.Problems))
	}
	if sp.Earned == 0 && sp.Redeemed == 0 {
		return touchCustomer(ctx, tx, id, b.now) // the till's own entries of it are counted when it pulls the customer
	}
	c, err := findCustomer(ctx, tx, id)
	if err != nil {
		return err
	}
	if c.Erased {
		b.exception(event, central.ExceptionLoyalty, central.LoyaltyProblem(s, id, []string{"the customer was erased: no points were counted"}))
		return nil
	}
	held := false
	for _, t := range s.Tenders {
		if t.Kind != pos.TenderPoints || t.Reference == "" {
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE loyalty_holds SET status = 'captured', event_id = ? WHERE id = ? AND customer_id = ? AND status = 'held'
			AND store_id = ? AND till_id = ? AND points = ?`, event, t.Reference, id, b.till.Store, b.till.ID, t.Points)
		if err != nil {
			return fmt.Errorf("capture hold %s: %w", t.Reference, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			held = true // the hold lapsed or was released: the balance may not cover it
		}
	}
	source := fmt.Sprintf("sale %s/%s/%d", s.Store, s.Till, s.ReceiptNo)
	var entries []central.LoyaltyEntry
	if sp.Redeemed > 0 {
		entries = append(entries, central.LoyaltyEntry{Customer: id, Points: -sp.Redeemed, Kind: "redeem", Event: pos.EventID(event), Source: source})
		if c.Points-sp.Redeemed < 0 {
			b.exception(event, central.ExceptionOverdraft, central.Overdraft(s, id, sp.Redeemed, c.Points, held))
		}
	}
	if sp.Earned > 0 {
		entries = append(entries, central.LoyaltyEntry{Customer: id, Points: sp.Earned, Kind: "earn", Event: pos.EventID(event), Source: source})
	}
	if err := addEntries(ctx, tx, entries, b.now); err != nil { // central's time: a till's clock may be wrong
		return err
	}
	return touchCustomer(ctx, tx, id, b.now)
}

// ExpirePoints expires the balances of customers who neither earned nor redeemed for the
// rules' ExpireAfterDays before now: an "expire" entry of the whole balance, once for each
// spell of inactivity (its event id names the last activity), and the customer moves on
// the stream. It returns how many customers and points expired.
func (db *DB) ExpirePoints(ctx context.Context, now time.Time) (customers int, points int64, err error) {
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		customers, points = 0, 0
		rules, err := currentRules(ctx, tx)
		if err != nil || rules.ExpireAfterDays == 0 {
			return err
		}
		cutoff := timeText(now.AddDate(0, 0, -rules.ExpireAfterDays))
		rows, err := tx.QueryContext(ctx, `SELECT customer_id, SUM(points), COALESCE(MAX(CASE WHEN kind IN ('earn', 'redeem') THEN at END), MIN(at))
			FROM loyalty_entries GROUP BY customer_id HAVING SUM(points) > 0 AND COALESCE(MAX(CASE WHEN kind IN ('earn', 'redeem') THEN at END), MIN(at)) < ?`, cutoff)
		if err != nil {
			return fmt.Errorf("find balances to expire: %w", err)
		}
		type due struct {
			id      pos.CustomerID
			balance int64
			last    string
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.balance, &d.last); err != nil {
				rows.Close()
				return fmt.Errorf("read balances to expire: %w", err)
			}
			list = append(list, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range list {
			e := central.LoyaltyEntry{Customer: d.id, Points: -d.balance, Kind: "expire", Event: pos.EventID("expire:" + string(d.id) + ":" + d.last),
				Source: fmt.Sprintf("no points earned or redeemed since %s (rules %d: %d days)", d.last[:min(10, len(d.last))], rules.Version, rules.ExpireAfterDays)}
			res, err := tx.ExecContext(ctx, `INSERT INTO loyalty_entries (customer_id, points, kind, event_id, source, at) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (event_id, kind, customer_id) WHERE event_id <> '' DO NOTHING`, e.Customer, e.Points, e.Kind, e.Event, e.Source, timeText(now))
			if err != nil {
				return fmt.Errorf("expire the points of customer %s: %w", d.id, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			if err := touchCustomer(ctx, tx, d.id, now); err != nil {
				return err
			}
			customers, points = customers+1, points+d.balance
		}
		return nil
	})
	return customers, points, err
}
