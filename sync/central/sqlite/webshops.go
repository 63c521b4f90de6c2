package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// AddWebShop gives a web shop its API key. Only the key's hash is kept, so the key is
// shown this once. A revoked shop may be added again, with a new key; a shop whose key
// works is ECONFLICT.
func (db *DB) AddWebShop(ctx context.Context, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", pos.Errorf(pos.EINVALID, "the web shop's name is empty")
	}
	key, err := central.NewWebShopKey()
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM webshops WHERE name = ?`, name).Scan(&revoked)
		switch {
		case err == nil && !revoked.Valid:
			return pos.Errorf(pos.ECONFLICT, "web shop %s already has a key: revoke it first to give it a new one", name)
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("find web shop %s: %w", name, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO webshops (name, key_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at, revoked_at = NULL`,
			name, central.HashSecret(key), timeText(db.Now()))
		if err != nil {
			return fmt.Errorf("save web shop %s: %w", name, err)
		}
		return nil
	})
	return key, err
}

// RevokeWebShop stops a web shop's key working; ENOTFOUND for a shop central does not know.
func (db *DB) RevokeWebShop(ctx context.Context, name string) error {
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webshops SET key_hash = NULL, revoked_at = COALESCE(revoked_at, ?) WHERE name = ?`,
			timeText(db.Now()), name)
		if err != nil {
			return fmt.Errorf("revoke web shop %s: %w", name, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "central knows no web shop %s", name)
		}
		return nil
	})
}

// WebShopByKey finds the web shop whose key this is; EUNAUTHORIZED for an unknown or
// revoked key.
func (db *DB) WebShopByKey(ctx context.Context, key string) (string, error) {
	if key == "" {
		return "", pos.Errorf(pos.EUNAUTHORIZED, "no key: a web shop sends Authorization: Bearer KEY")
	}
	var name string
	err := db.ro.QueryRowContext(ctx, `SELECT name FROM webshops WHERE key_hash = ? AND revoked_at IS NULL`, central.HashSecret(key)).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", pos.Errorf(pos.EUNAUTHORIZED, "unknown or revoked web shop key")
	} else if err != nil {
		return "", fmt.Errorf("check web shop key: %w", err)
	}
	return name, nil
}
