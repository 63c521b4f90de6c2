package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// Setting keys of the till.
const (
	KeyStoreID      = "store.id"
	KeyStoreName    = "store.name"
	KeyStoreAddress = "store.address" // lines separated by newlines
	KeyTaxID        = "store.tax_id"
	KeyTillID       = "till.id"
	KeyCurrency     = "store.currency"
	KeyCountry      = "store.country"
	KeyTraining     = "till.training"
)

// Setting reads one setting; ok is false when it was never set.
func (db *DB) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	} else if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, true, nil
}

// SetSetting writes one setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, key, value) })
}

// SetSettings writes several settings in one transaction: all of them or none.
func (db *DB) SetSettings(ctx context.Context, kv map[string]string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if err := setSetting(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Settings returns every setting, for IT.
func (db *DB) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT key, value FROM settings ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

func setSetting(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}

// SetupStore writes the store's header and VAT table; the till is then ready to sell.
func (db *DB) SetupStore(ctx context.Context, s pos.StoreInfo) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setupStore(ctx, tx, s) })
}

func setupStore(ctx context.Context, tx *sql.Tx, s pos.StoreInfo) error {
	for k, v := range map[string]string{
		KeyStoreID: string(s.ID), KeyStoreName: s.Name, KeyStoreAddress: strings.Join(s.Address, "\n"),
		KeyTaxID: s.TaxID, KeyTillID: string(s.TillID), KeyCurrency: string(s.Currency),
		KeyCountry: s.Country,
	} {
		if err := setSetting(ctx, tx, k, v); err != nil {
			return err
		}
	}
	return replaceVAT(ctx, tx, s.VAT)
}

// replaceVAT makes t the store's VAT table.
func replaceVAT(ctx context.Context, tx *sql.Tx, t pos.VATTable) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM vat_classes`); err != nil {
		return fmt.Errorf("replace VAT table: %w", err)
	}
	for _, c := range t {
		if _, err := tx.ExecContext(ctx, `INSERT INTO vat_classes (letter, rate_bp) VALUES (?, ?)`, c.Letter, c.Rate); err != nil {
			return fmt.Errorf("save VAT class %s: %w", c.Letter, err)
		}
	}
	return nil
}

// NewTill is what a new till starts with: its store, catalog, opening stock and staff.
type NewTill struct {
	Store    pos.StoreInfo
	Products []pos.Product
	Opening  map[pos.SKU]pos.Qty // stock on hand at the start, recorded as movements
	Staff    []NewStaff
}

// NewStaff is a member of staff with the PIN they start with.
type NewStaff struct {
	pos.Staff
	PIN string
}

// SetUp sets a new till up in one transaction: a till killed half way is found empty
// (StoreInfo says ENOTFOUND) and set up again, never with its opening stock twice. It
// refuses (ECONFLICT) a till already set up.
func (db *DB) SetUp(ctx context.Context, t NewTill) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var set int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings WHERE key IN (?, ?)`, KeyStoreID, KeyTillID).Scan(&set); err != nil {
			return fmt.Errorf("read the till's set-up: %w", err)
		}
		if set > 0 {
			return pos.Errorf(pos.ECONFLICT, "this till is set up already")
		}
		now := timeText(db.Now())
		if _, err := saveProducts(ctx, tx, t.Products, now); err != nil {
			return err
		}
		if err := addStock(ctx, tx, t.Store.ID, "opening stock", t.Opening, now); err != nil {
			return err
		}
		for _, s := range t.Staff {
			if err := saveStaff(ctx, tx, s.Staff, s.PIN); err != nil {
				return fmt.Errorf("staff %s: %w", s.ID, err)
			}
		}
		return setupStore(ctx, tx, t.Store)
	})
}

// StoreInfo reads the store's header and VAT table; ENOTFOUND when the till is not set up.
func (db *DB) StoreInfo(ctx context.Context) (pos.StoreInfo, error) {
	all, err := db.Settings(ctx)
	if err != nil {
		return pos.StoreInfo{}, err
	}
	if all[KeyStoreID] == "" || all[KeyTillID] == "" {
		return pos.StoreInfo{}, pos.Errorf(pos.ENOTFOUND, "this till has no store set up yet")
	}
	s := pos.StoreInfo{
		ID: pos.StoreID(all[KeyStoreID]), Name: all[KeyStoreName], TaxID: all[KeyTaxID],
		TillID: pos.TillID(all[KeyTillID]), Currency: pos.Currency(all[KeyCurrency]),
		Country: all[KeyCountry],
	}
	if s.Country == "" {
		s.Country = countryOfCurrency(s.Currency) // a till set up before stores had a country
	}
	if a := all[KeyStoreAddress]; a != "" {
		s.Address = strings.Split(a, "\n")
	}
	rows, err := db.db.QueryContext(ctx, `SELECT letter, rate_bp FROM vat_classes ORDER BY letter`)
	if err != nil {
		return pos.StoreInfo{}, fmt.Errorf("read VAT table: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c pos.VATClass
		if err := rows.Scan(&c.Letter, &c.Rate); err != nil {
			return pos.StoreInfo{}, err
		}
		s.VAT = append(s.VAT, c)
	}
	return s, rows.Err()
}

// AddStock records stock movements outside a sale (a delivery, a count), all in one transaction.
func (db *DB) AddStock(ctx context.Context, store pos.StoreID, reason string, deltas map[pos.SKU]pos.Qty) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return addStock(ctx, tx, store, reason, deltas, timeText(db.Now())) })
}

func addStock(ctx context.Context, tx *sql.Tx, store pos.StoreID, reason string, deltas map[pos.SKU]pos.Qty, at string) error {
	for sku, delta := range deltas {
		_, err := tx.ExecContext(ctx, `INSERT INTO stock_movements (sku, store_id, delta, reason, ref, at) VALUES (?, ?, ?, ?, '', ?)`,
			sku, store, delta, reason, at)
		if err != nil {
			return fmt.Errorf("stock movement of %s: %w", sku, err)
		}
	}
	return nil
}

// countryOfCurrency is the country of a store set up before stores named theirs: the
// till's markets are Poland (złoty) and Lithuania (euro).
func countryOfCurrency(c pos.Currency) string {
	if c == pos.EUR {
		return "LT"
	}
	return "PL"
}
