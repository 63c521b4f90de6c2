package central

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

// Store is a shop of the chain as central knows it.
type Store struct {
	ID       pos.StoreID
	Name     string
	Currency pos.Currency // the sales of its tills must be in it; empty accepts any
	TaxID    string
	Address  string
}

// SaveStores adds or updates stores in one transaction.
func (db *DB) SaveStores(ctx context.Context, stores []Store) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, s := range stores {
			_, err := tx.ExecContext(ctx, `INSERT INTO stores (id, name, currency, tax_id, address) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, currency = excluded.currency, tax_id = excluded.tax_id,
				address = excluded.address`, s.ID, s.Name, s.Currency, s.TaxID, s.Address)
			if err != nil {
				return fmt.Errorf("save store %s: %w", s.ID, err)
			}
		}
		return nil
	})
}

func findStore(ctx context.Context, tx *sql.Tx, id pos.StoreID) (Store, error) {
	s := Store{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT name, currency, tax_id, address FROM stores WHERE id = ?`, id).
		Scan(&s.Name, &s.Currency, &s.TaxID, &s.Address)
	if err == sql.ErrNoRows {
		return s, pos.Errorf(pos.ENOTFOUND, "central knows no store %s: import it first (omnitill-central import stores FILE.csv)", id)
	} else if err != nil {
		return s, fmt.Errorf("find store %s: %w", id, err)
	}
	return s, nil
}
