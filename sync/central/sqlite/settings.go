package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SettingPairingURL is central's address as tills reach it, which `omnitill-central pair`
// puts in its pairing strings; `pair --url` sets it.
const SettingPairingURL = "pairing_url"

// Setting reads one of central's settings; ok is false when it was never set.
func (db *DB) Setting(ctx context.Context, name string) (value string, ok bool, err error) {
	err = db.ro.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", name, err)
	}
	return value, true, nil
}

// SetSetting writes one of central's settings.
func (db *DB) SetSetting(ctx context.Context, name, value string) error {
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
		if err != nil {
			return fmt.Errorf("save setting %s: %w", name, err)
		}
		return nil
	})
}
