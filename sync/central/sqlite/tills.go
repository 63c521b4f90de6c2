package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// NewPairingCode makes a one-time code that pairs a till of a store; it works once, for ttl
// (1 minute to 7 days), and cancels the codes made for that till before it and not spent.
// The code is shown as "XXXXX-XXXXX" (50 random bits) and only its hash is kept.
func (db *DB) NewPairingCode(ctx context.Context, store pos.StoreID, till pos.TillID, ttl time.Duration) (string, error) {
	now := db.Now()
	code, err := central.NewPairingCode(store, till, ttl, now)
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := findStore(ctx, tx, store); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pairing_codes SET used_at = ? WHERE store_id = ? AND till_id = ? AND used_at IS NULL`,
			timeText(now), store, till); err != nil {
			return fmt.Errorf("cancel the earlier codes of %s/%s: %w", store, till, err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pairing_codes (code_hash, store_id, till_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			central.CodeHash(code.Code), code.Store, code.Till, timeText(now), timeText(code.Expires))
		if err != nil {
			return fmt.Errorf("save pairing code: %w", err)
		}
		return nil
	})
	return code.Code, err
}

// Pair spends a pairing code and gives its till a new token, replacing any earlier one (a
// till reinstalled is paired again), and tells it the last receipt number central has
// from it. The code must be one made for the till that asks (req's store and till), or the
// till must be fresh (req.Fresh: it has sold nothing) and the code's till paired with no
// other till (never paired, or revoked): then the fresh till becomes the code's till.
// Otherwise ECONFLICT, and the code stays unspent and every till's token good.
// EUNAUTHORIZED for an unknown, used or expired code.
func (db *DB) Pair(ctx context.Context, req wire.PairRequest) (wire.PairResponse, error) {
	token, err := central.NewTillToken()
	if err != nil {
		return wire.PairResponse{}, err
	}
	var res wire.PairResponse
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := timeText(db.Now())
		code := central.PairingCode{}
		err := tx.QueryRowContext(ctx, `SELECT store_id, till_id FROM pairing_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
			central.CodeHash(req.Code), now).Scan(&code.Store, &code.Till)
		if errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.EUNAUTHORIZED, "this pairing code is unknown, used or expired: ask IT for a new one")
		} else if err != nil {
			return fmt.Errorf("find pairing code: %w", err)
		}
		var inUse bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM tills WHERE store_id = ? AND till_id = ? AND revoked_at IS NULL AND token_hash IS NOT NULL)`,
			code.Store, code.Till).Scan(&inUse); err != nil {
			return fmt.Errorf("find till %s/%s: %w", code.Store, code.Till, err)
		}
		if err := central.CheckPairing(code, pos.StoreID(req.StoreID), pos.TillID(req.TillID), req.Fresh, inUse); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pairing_codes SET used_at = ? WHERE code_hash = ?`, now, central.CodeHash(req.Code)); err != nil {
			return fmt.Errorf("spend pairing code: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO tills (store_id, till_id, token_hash, paired_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (store_id, till_id) DO UPDATE SET token_hash = excluded.token_hash, paired_at = excluded.paired_at, revoked_at = NULL`,
			code.Store, code.Till, central.HashSecret(token), now)
		if err != nil {
			return fmt.Errorf("pair till %s/%s: %w", code.Store, code.Till, err)
		}
		res = wire.PairResponse{TillID: string(code.Till), StoreID: string(code.Store), Token: token}
		if res.LastReceiptNo, err = lastReceipt(ctx, tx, code.Store, code.Till); err != nil {
			return err
		}
		res.Store, err = storeHeader(ctx, tx, code.Store)
		return err
	})
	return res, err
}

// storeHeader is a store's receipt header and its country's VAT letters, for its tills.
func storeHeader(ctx context.Context, tx *sql.Tx, id pos.StoreID) (*wire.StoreHeader, error) {
	s, err := findStore(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	h := &wire.StoreHeader{Name: s.Name, TaxID: s.TaxID, Country: s.Country, Currency: string(s.Currency), Address: addressLines(s.Address)}
	if s.Country == "" {
		return h, nil // the till keeps the VAT table it has
	}
	rows, err := tx.QueryContext(ctx, `SELECT class, rate_bp FROM vat_classes WHERE country = ?`, s.Country)
	if err != nil {
		return nil, fmt.Errorf("VAT classes of %s: %w", s.Country, err)
	}
	defer rows.Close()
	var classes []central.VATClass
	for rows.Next() {
		c := central.VATClass{Country: s.Country}
		if err := rows.Scan(&c.Class, &c.Rate); err != nil {
			return nil, fmt.Errorf("VAT classes of %s: %w", s.Country, err)
		}
		classes = append(classes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("VAT classes of %s: %w", s.Country, err)
	}
	for _, c := range central.VATLetters(classes) {
		h.VAT = append(h.VAT, wire.VATLetter{Letter: c.Letter, Rate: int64(c.Rate)})
	}
	return h, nil
}

// addressLines splits a store's address into the lines a receipt prints: at line breaks,
// or at commas when it was imported as one line ("ul. Długa 5, 00-001 Warszawa").
func addressLines(a string) []string {
	sep := "\n"
	if !strings.Contains(a, sep) {
		sep = ","
	}
	var lines []string
	for _, l := range strings.Split(a, sep) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// lastReceipt is the highest receipt number central has from a till: of its sales, and of
// its sales central refused, whose numbers the till used all the same.
func lastReceipt(ctx context.Context, tx *sql.Tx, store pos.StoreID, till pos.TillID) (int64, error) {
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(receipt_no) FROM sales WHERE store_id = ?1 AND till_id = ?2), 0),
		COALESCE((SELECT MAX(CAST(json_extract(payload, '$.receipt_no') AS INTEGER)) FROM inbox
			WHERE store_id = ?1 AND till_id = ?2 AND status = 'rejected' AND json_valid(payload)), 0))`, store, till).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("last receipt of %s/%s: %w", store, till, err)
	}
	return last, nil
}

// TillByToken finds the paired, unrevoked till a token belongs to; EUNAUTHORIZED otherwise.
func (db *DB) TillByToken(ctx context.Context, token string) (central.Till, error) {
	var t central.Till
	if token == "" {
		return t, pos.Errorf(pos.EUNAUTHORIZED, "no token: pair the till first")
	}
	err := db.ro.QueryRowContext(ctx, `SELECT store_id, till_id FROM tills WHERE token_hash = ? AND revoked_at IS NULL`, central.HashSecret(token)).
		Scan(&t.Store, &t.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return t, pos.Errorf(pos.EUNAUTHORIZED, "unknown or revoked till: pair it again")
	} else if err != nil {
		return t, fmt.Errorf("check token: %w", err)
	}
	return t, nil
}

// Revoke stops a till's token working, and any pairing code not yet spent for it. store may
// be empty when only one store has a till of that id.
func (db *DB) Revoke(ctx context.Context, store pos.StoreID, till pos.TillID) (central.Till, error) {
	var t central.Till
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		found, err := findTills(ctx, tx, store, till)
		if err != nil {
			return err
		}
		t = found
		now := timeText(db.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE tills SET revoked_at = ?, token_hash = NULL WHERE store_id = ? AND till_id = ?`, now, t.Store, t.ID); err != nil {
			return fmt.Errorf("revoke till %s: %w", t, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pairing_codes SET used_at = ? WHERE store_id = ? AND till_id = ? AND used_at IS NULL`, now, t.Store, t.ID); err != nil {
			return fmt.Errorf("cancel pairing codes of %s: %w", t, err)
		}
		return nil
	})
	return t, err
}

// findTills finds the one till of that id, in store when given.
func findTills(ctx context.Context, tx *sql.Tx, store pos.StoreID, till pos.TillID) (central.Till, error) {
	rows, err := tx.QueryContext(ctx, `SELECT store_id, till_id FROM tills WHERE till_id = ? AND (? = '' OR store_id = ?) ORDER BY store_id`, till, store, store)
	if err != nil {
		return central.Till{}, fmt.Errorf("find till %s: %w", till, err)
	}
	defer rows.Close()
	var found []central.Till
	for rows.Next() {
		var t central.Till
		if err := rows.Scan(&t.Store, &t.ID); err != nil {
			return central.Till{}, err
		}
		found = append(found, t)
	}
	if err := rows.Err(); err != nil {
		return central.Till{}, err
	}
	switch len(found) {
	case 0:
		return central.Till{}, pos.Errorf(pos.ENOTFOUND, "no paired till %s", till)
	case 1:
		return found[0], nil
	}
	var names []string
	for _, t := range found {
		names = append(names, string(t.Store))
	}
	return central.Till{}, pos.Errorf(pos.ECONFLICT, "stores %s each have a till %s: say which with --store", strings.Join(names, ", "), till)
}
