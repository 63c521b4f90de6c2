package sqlite

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.CouponStore = (*DB)(nil)

// CouponByCode finds a coupon the till pulled, and whether a real sale of this till took
// it already.
func (db *DB) CouponByCode(ctx context.Context, code string) (pos.Coupon, bool, error) {
	var doc string
	var used bool
	err := db.db.QueryRowContext(ctx, `SELECT doc, EXISTS (SELECT 1 FROM sales WHERE coupon_code = c.code AND coupon_code <> '' AND training = 0)
		FROM coupons c WHERE code = ?`, code).Scan(&doc, &used)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return pos.Coupon{}, false, pos.Errorf(pos.ENOTFOUND, "no coupon %s", code)
	case err != nil:
		return pos.Coupon{}, false, fmt.Errorf("find coupon %s: %w", code, err)
	}
	var c pos.Coupon
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		return c, used, fmt.Errorf("read coupon %s: %w", code, err)
	}
	return c, used, nil
}

// CouponKey is central's public key of the coupons; ENOTFOUND before the first page.
func (db *DB) CouponKey(ctx context.Context) (ed25519.PublicKey, error) {
	var key []byte
	err := db.db.QueryRowContext(ctx, `SELECT key FROM coupon_key WHERE id = 1`).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pos.Errorf(pos.ENOTFOUND, "the till has no coupon key from central yet")
	}
	return key, err
}

// ApplyCouponPage keeps a page of the coupons stream: coupons to take (checked against
// key by the caller), codes that are gone (used or withdrawn), and the cursor. key is
// kept from the first page on; a page under another key is refused whole.
func (db *DB) ApplyCouponPage(ctx context.Context, key ed25519.PublicKey, coupons []pos.Coupon, gone []string, cursor int64) error {
	docs := make([][]byte, len(coupons))
	for i, c := range coupons {
		var err error
		if docs[i], err = json.Marshal(c); err != nil {
			return fmt.Errorf("encode coupon %s: %w", c.Code, err)
		}
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		if len(key) > 0 {
			var kept []byte
			err := tx.QueryRowContext(ctx, `SELECT key FROM coupon_key WHERE id = 1`).Scan(&kept)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if _, err := tx.ExecContext(ctx, `INSERT INTO coupon_key (id, key) VALUES (1, ?)`, []byte(key)); err != nil {
					return fmt.Errorf("keep central's coupon key: %w", err)
				}
			case err != nil:
				return fmt.Errorf("read central's coupon key: %w", err)
			case !bytes.Equal(kept, key):
				return pos.Errorf(pos.EINVALID, "central's coupons are signed with another key than before: none taken (pair the till again if central's key really changed)")
			}
		}
		for i, c := range coupons {
			if _, err := tx.ExecContext(ctx, `INSERT INTO coupons (code, doc) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET doc = excluded.doc`,
				c.Code, string(docs[i])); err != nil {
				return fmt.Errorf("keep coupon %s: %w", c.Code, err)
			}
		}
		for _, code := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM coupons WHERE code = ?`, code); err != nil {
				return fmt.Errorf("forget coupon %s: %w", code, err)
			}
		}
		return setCursor(ctx, tx, pos.StreamCoupons, cursor, timeText(db.Now()))
	})
}
