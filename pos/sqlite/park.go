package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.ParkStore = (*DB)(nil)

// ParkSale keeps a basket set aside, without its tenders.
func (db *DB) ParkSale(ctx context.Context, s *pos.Sale, p pos.ParkedSale) error {
	kept := *s
	kept.Tenders = nil
	body, err := json.Marshal(kept)
	if err != nil {
		return fmt.Errorf("park sale %s: %w", s.ID, err)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO parked_sales (sale_id, parked_at, parked_by, by_name, lines, total, training, sale)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, timeText(p.ParkedAt), p.By.ID, p.By.Name, p.Lines, p.Total, p.Training, string(body))
		if err != nil {
			return fmt.Errorf("park sale %s: %w", s.ID, err)
		}
		return nil
	})
}

// ParkedSales lists the parked baskets, oldest first.
func (db *DB) ParkedSales(ctx context.Context) ([]pos.ParkedSale, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT sale_id, parked_at, parked_by, by_name, lines, total, training FROM parked_sales ORDER BY parked_at, sale_id`)
	if err != nil {
		return nil, fmt.Errorf("list parked sales: %w", err)
	}
	defer rows.Close()
	var out []pos.ParkedSale
	for rows.Next() {
		var p pos.ParkedSale
		var at string
		if err := rows.Scan(&p.ID, &at, &p.By.ID, &p.By.Name, &p.Lines, &p.Total, &p.Training); err != nil {
			return nil, fmt.Errorf("read a parked sale: %w", err)
		}
		p.ParkedAt = parseTime(at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// TakeParked removes a parked basket and returns it, in one transaction: two cashiers
// recalling the same basket get it once.
func (db *DB) TakeParked(ctx context.Context, id pos.SaleID) (*pos.Sale, error) {
	var s pos.Sale
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var body string
		err := tx.QueryRowContext(ctx, `DELETE FROM parked_sales WHERE sale_id = ? RETURNING sale`, id).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.ENOTFOUND, "that parked basket is gone: another cashier recalled it")
		} else if err != nil {
			return fmt.Errorf("recall parked sale %s: %w", id, err)
		}
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			return fmt.Errorf("read parked sale %s: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}
