package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.ReasonStore = (*DB)(nil)

// Reasons lists a kind's reasons in their order.
func (db *DB) Reasons(ctx context.Context, kind pos.ReasonKind) ([]pos.Reason, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT code, lang, text FROM reasons WHERE kind = ? ORDER BY position, code, lang`, kind)
	if err != nil {
		return nil, fmt.Errorf("read the %s reasons: %w", kind, err)
	}
	defer rows.Close()
	var out []pos.Reason
	for rows.Next() {
		var code, lang, text string
		if err := rows.Scan(&code, &lang, &text); err != nil {
			return nil, fmt.Errorf("read a %s reason: %w", kind, err)
		}
		if n := len(out); n == 0 || out[n-1].Code != code {
			out = append(out, pos.Reason{Kind: kind, Code: code, Text: map[string]string{}})
		}
		out[len(out)-1].Text[lang] = text
	}
	return out, rows.Err()
}

// SaveReasons replaces every list, checked first, in one transaction.
func (db *DB) SaveReasons(ctx context.Context, reasons []pos.Reason) error {
	if err := pos.CheckReasons(reasons); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return saveReasons(ctx, tx, reasons) })
}

// SeedReasons saves reasons when the till has none (a new till, or one from before the
// lists were data); it reports whether it did.
func (db *DB) SeedReasons(ctx context.Context, reasons []pos.Reason) (bool, error) {
	if err := pos.CheckReasons(reasons); err != nil {
		return false, err
	}
	seeded := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reasons`).Scan(&n); err != nil {
			return fmt.Errorf("count the reasons: %w", err)
		}
		if n > 0 {
			return nil
		}
		seeded = true
		return saveReasons(ctx, tx, reasons)
	})
	return seeded, err
}

func saveReasons(ctx context.Context, tx *sql.Tx, reasons []pos.Reason) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM reasons`); err != nil {
		return fmt.Errorf("replace the reasons: %w", err)
	}
	position := map[pos.ReasonKind]int{}
	for _, r := range reasons {
		position[r.Kind]++
		for _, lang := range slices.Sorted(maps.Keys(r.Text)) {
			if r.Text[lang] == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reasons (kind, code, position, lang, text) VALUES (?, ?, ?, ?, ?)`,
				r.Kind, r.Code, position[r.Kind], lang, r.Text[lang]); err != nil {
				return fmt.Errorf("save the %s reason %s: %w", r.Kind, r.Code, err)
			}
		}
	}
	return nil
}
