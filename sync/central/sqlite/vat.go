package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// SaveVATClasses adds or updates VAT classes in one transaction, all or none. Within a
// country a rate names one class only (two classes may swap rates in one file). The
// products whose rate changes at the tills of some store take new positions in the
// products stream, so those tills pull them again; an unchanged file changes nothing, nor
// do the classes of a country without stores.
func (db *DB) SaveVATClasses(ctx context.Context, classes []central.Numbered[central.VATClass]) (central.ImportResult, error) {
	var res central.ImportResult
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		before, err := vatTranslations(ctx, tx)
		if err != nil {
			return err
		}
		var changed []central.Numbered[central.VATClass]
		for _, n := range classes {
			c := n.Rec
			if err := c.Check(); err != nil {
				return central.AtLine(n.Line, err)
			}
			var old pos.VATRate
			err := tx.QueryRowContext(ctx, `SELECT rate_bp FROM vat_classes WHERE country = ? AND class = ?`, c.Country, c.Class).Scan(&old)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				res.Added++
			case err != nil:
				return fmt.Errorf("read VAT class %s %s: %w", c.Country, c.Class, err)
			case old == c.Rate:
				res.Unchanged++
				continue
			default:
				res.Changed++
			}
			changed = append(changed, n)
		}
		// The changed classes go first, so that two classes may swap their rates.
		for _, n := range changed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM vat_classes WHERE country = ? AND class = ?`, n.Rec.Country, n.Rec.Class); err != nil {
				return fmt.Errorf("change VAT class %s %s: %w", n.Rec.Country, n.Rec.Class, err)
			}
		}
		for _, n := range changed {
			c := n.Rec
			var other string
			err := tx.QueryRowContext(ctx, `SELECT class FROM vat_classes WHERE country = ? AND rate_bp = ?`, c.Country, c.Rate).Scan(&other)
			if err == nil {
				return central.AtLine(n.Line, pos.Errorf(pos.EINVALID, "%s %s cannot be %s: that is the rate of %s %s, and a rate names one class",
					c.Country, c.Class, c.Rate.Percent(), c.Country, other))
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("read VAT rates of %s: %w", c.Country, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO vat_classes (country, class, rate_bp) VALUES (?, ?, ?)`, c.Country, c.Class, c.Rate); err != nil {
				return fmt.Errorf("save VAT class %s %s: %w", c.Country, c.Class, err)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		after, err := vatTranslations(ctx, tx)
		if err != nil {
			return err
		}
		countries, err := storeCountries(ctx, tx)
		if err != nil {
			return err
		}
		var rates []pos.VATRate
		for _, country := range countries {
			rates = append(rates, central.RatesThatDiffer(before[country], after[country])...)
		}
		return resendRates(ctx, tx, rates)
	})
	return res, err
}

// storeCountries lists the countries of the chain's stores.
func storeCountries(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT country FROM stores`)
	if err != nil {
		return nil, fmt.Errorf("read the countries of the stores: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("read the countries of the stores: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// vatTranslations is the translation of the catalog's rates for each country with VAT
// classes: what the products stream's join does, row by row.
func vatTranslations(ctx context.Context, tx *sql.Tx) (map[string]central.Translation, error) {
	rows, err := tx.QueryContext(ctx, `SELECT there.country, here.rate_bp, there.rate_bp FROM vat_classes here
		JOIN vat_classes there ON there.class = here.class
		WHERE here.country = (SELECT value FROM settings WHERE name = 'catalog_country')`)
	if err != nil {
		return nil, fmt.Errorf("read VAT classes: %w", err)
	}
	defer rows.Close()
	out := map[string]central.Translation{}
	for rows.Next() {
		var country string
		var from, to pos.VATRate
		if err := rows.Scan(&country, &from, &to); err != nil {
			return nil, fmt.Errorf("read VAT classes: %w", err)
		}
		if out[country] == nil {
			out[country] = central.Translation{}
		}
		out[country][from] = to
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read VAT classes: %w", err)
	}
	return out, nil
}

// resendRates gives the products of these catalog rates new positions in the products
// stream, in one statement however many there are, so every till pulls them again with
// its store's rate. The new positions are above every old one: no two rows meet.
func resendRates(ctx context.Context, tx *sql.Tx, rates []pos.VATRate) error {
	if len(rates) == 0 {
		return nil
	}
	slices.Sort(rates)
	list, err := json.Marshal(slices.Compact(rates))
	if err != nil {
		return err
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT last_seq FROM streams WHERE name = ?`, pos.StreamProducts).Scan(&last); err != nil {
		return fmt.Errorf("read stream %s: %w", pos.StreamProducts, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE products SET seq = ? + moved.n
		FROM (SELECT sku, ROW_NUMBER() OVER (ORDER BY seq) AS n FROM products WHERE vat_bp IN (SELECT value FROM json_each(?))) AS moved
		WHERE products.sku = moved.sku`, last, string(list))
	if err != nil {
		return fmt.Errorf("send the products of VAT rates %s again: %w", list, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE streams SET last_seq = ? WHERE name = ?`, last+n, pos.StreamProducts); err != nil {
		return fmt.Errorf("move stream %s on: %w", pos.StreamProducts, err)
	}
	return nil
}
