package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.StaffStore = (*DB)(nil)

// pinCost is bcrypt's lowest cost: a 4-digit PIN has too few values for hashing to protect it
// against someone holding the file; the hash only keeps PINs from being read off the disk.
const pinCost = bcrypt.MinCost

// SaveStaff adds or updates a member of staff with a new PIN.
func (db *DB) SaveStaff(ctx context.Context, st pos.Staff, pin string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return saveStaff(ctx, tx, st, pin) })
}

func saveStaff(ctx context.Context, tx *sql.Tx, st pos.Staff, pin string) error {
	if len(pin) < 4 || !allDigits(pin) {
		return pos.Errorf(pos.EINVALID, "a PIN is at least 4 digits")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), pinCost)
	if err != nil {
		return fmt.Errorf("hash PIN: %w", err)
	}
	others, err := staffRows(ctx, tx)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.id != st.ID && bcrypt.CompareHashAndPassword([]byte(o.hash), []byte(pin)) == nil {
			return pos.Errorf(pos.ECONFLICT, "that PIN is taken: choose another")
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO staff (id, name, role, pin_hash, active) VALUES (?, ?, ?, ?, 1)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = 1`,
		st.ID, st.Name, st.Role, string(hash))
	if err != nil {
		return fmt.Errorf("save staff %s: %w", st.ID, err)
	}
	return nil
}

type staffRow struct {
	id         pos.StaffID
	name, hash string
	role       pos.Role
}

func staffRows(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]staffRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, role, pin_hash FROM staff WHERE active = 1 ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read staff: %w", err)
	}
	defer rows.Close()
	var out []staffRow
	for rows.Next() {
		var r staffRow
		if err := rows.Scan(&r.id, &r.name, &r.role, &r.hash); err != nil {
			return nil, fmt.Errorf("read staff: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// StaffByPIN finds the active member of staff with that PIN.
func (db *DB) StaffByPIN(ctx context.Context, pin string) (pos.Staff, error) {
	rows, err := staffRows(ctx, db.db)
	if err != nil {
		return pos.Staff{}, err
	}
	for _, r := range rows {
		if bcrypt.CompareHashAndPassword([]byte(r.hash), []byte(pin)) == nil {
			return pos.Staff{ID: r.id, Name: r.name, Role: r.role}, nil
		}
	}
	return pos.Staff{}, pos.Errorf(pos.EUNAUTHORIZED, "Wrong PIN. Try again.")
}

// RecordAudit appends to the audit log.
func (db *DB) RecordAudit(ctx context.Context, e pos.AuditEntry) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO audit_log (at, till_id, staff_id, action, detail, approved_by) VALUES (?, ?, ?, ?, ?, ?)`,
		timeText(db.Now()), e.Till, e.Staff, e.Action, e.Detail, e.ApprovedBy)
	if err != nil {
		return wrapDiskError(fmt.Errorf("record %s in audit log: %w", e.Action, err))
	}
	return nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
