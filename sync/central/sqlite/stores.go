package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// SaveStores adds or updates stores in one transaction. A store whose country changes has
// its tills sent again the products whose rate differs between the two countries.
func (db *DB) SaveStores(ctx context.Context, stores []central.Store) error {
	return db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var tr map[string]central.Translation
		var rates []pos.VATRate
		for _, s := range stores {
			if err := s.Check(); err != nil {
				return err
			}
			old, err := findStore(ctx, tx, s.ID)
			if err != nil && pos.ErrorCode(err) != pos.ENOTFOUND {
				return err
			}
			if s.Country == "" {
				s.Country = old.Country
			}
			if err == nil && s.Country != old.Country { // a new store has no till yet
				if tr == nil {
					if tr, err = vatTranslations(ctx, tx); err != nil {
						return err
					}
				}
				rates = append(rates, central.RatesThatDiffer(tr[old.Country], tr[s.Country])...)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO stores (id, name, currency, tax_id, address, country) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name, currency = excluded.currency, tax_id = excluded.tax_id,
				address = excluded.address, country = excluded.country`, s.ID, s.Name, s.Currency, s.TaxID, s.Address, s.Country)
			if err != nil {
				return fmt.Errorf("save store %s: %w", s.ID, err)
			}
		}
		return resendRates(ctx, tx, rates)
	})
}

func findStore(ctx context.Context, tx *sql.Tx, id pos.StoreID) (central.Store, error) {
	s := central.Store{ID: id}
	err := tx.QueryRowContext(ctx, `SELECT name, currency, tax_id, address, country FROM stores WHERE id = ?`, id).
		Scan(&s.Name, &s.Currency, &s.TaxID, &s.Address, &s.Country)
	if err == sql.ErrNoRows {
		return s, pos.Errorf(pos.ENOTFOUND, "central knows no store %s: import it first (omnitill-central import stores FILE.csv)", id)
	} else if err != nil {
		return s, fmt.Errorf("find store %s: %w", id, err)
	}
	return s, nil
}
