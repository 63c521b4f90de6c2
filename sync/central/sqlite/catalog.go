package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// SaveProducts adds or updates products in one transaction, all or none. Each added or
// changed product takes the next position of the products stream; an unchanged one keeps
// its position, so importing the same file twice sends tills nothing.
func (db *DB) SaveProducts(ctx context.Context, products []pos.Product) (central.ImportResult, error) {
	var res central.ImportResult
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		for _, p := range products {
			if err := p.Validate(nil); err != nil {
				return err
			}
			p.PLU = pos.CanonicalPLU(p.PLU)
			old, err := findProduct(ctx, tx, p.SKU)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				res.Added++
			case err != nil:
				return err
			case old.SameAs(p):
				res.Unchanged++
				continue
			default:
				res.Changed++
			}
			if err := upsertProduct(ctx, tx, p, timeText(db.Now())); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

func findProduct(ctx context.Context, tx *sql.Tx, sku pos.SKU) (pos.Product, error) {
	var p pos.Product
	var codes string
	err := tx.QueryRowContext(ctx, `SELECT sku, name, barcodes, price, vat_bp, unit, plu, quick_key FROM products WHERE sku = ?`, sku).
		Scan(&p.SKU, &p.Name, &codes, &p.Price, &p.VAT, &p.Unit, &p.PLU, &p.QuickKey)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return p, err
		}
		return p, fmt.Errorf("read product %s: %w", sku, err)
	}
	if err := json.Unmarshal([]byte(codes), &p.Barcodes); err != nil {
		return p, fmt.Errorf("barcodes of %s: %w", sku, err)
	}
	return p, nil
}

func upsertProduct(ctx context.Context, tx *sql.Tx, p pos.Product, now string) error {
	seq, err := nextSeq(ctx, tx, pos.StreamProducts)
	if err != nil {
		return err
	}
	codes, err := json.Marshal(nonNil(p.Barcodes))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO products (sku, name, barcodes, price, vat_bp, unit, plu, quick_key, seq, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET name = excluded.name, barcodes = excluded.barcodes,
		price = excluded.price, vat_bp = excluded.vat_bp, unit = excluded.unit, plu = excluded.plu, quick_key = excluded.quick_key,
		seq = excluded.seq, updated_at = excluded.updated_at`,
		p.SKU, p.Name, string(codes), p.Price, p.VAT, p.Unit, p.PLU, p.QuickKey, seq, now)
	if err != nil {
		return fmt.Errorf("save product %s: %w", p.SKU, err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ProductChanges returns the products changed after cursor, oldest change first, at most
// limit of them. Cursor 0 is a full snapshot, with its total. A cursor central cannot
// continue from (older than what it keeps, or newer than anything it has: a restored
// database) is ErrReset. Each product carries the VAT rate of the till's store: the rate
// of its class in the store's country, or its own rate when there is no such class.
func (db *DB) ProductChanges(ctx context.Context, till central.Till, cursor int64, limit int) (wire.ProductPage, error) {
	q := productStream
	q.args = []any{till.Store}
	p, err := readStream(ctx, db, q, cursor, limit)
	return wire.ProductPage{Products: p.rows, NextCursor: p.next, More: p.more, Total: p.total}, err
}

// productStream translates each rate with two lookups by key in the tiny vat_classes
// table: the catalog country's class of the rate (vat_classes_rate), then that class's rate
// in the store's country (the primary key). The country lookups are constants of the query.
var productStream = streamQuery[wire.Product]{
	stream: pos.StreamProducts,
	rows: `SELECT p.sku, p.name, p.barcodes, p.price, COALESCE(there.rate_bp, p.vat_bp), p.unit, p.plu, p.quick_key, p.seq
		FROM products p
		LEFT JOIN vat_classes here ON here.country = (SELECT value FROM settings WHERE name = 'catalog_country') AND here.rate_bp = p.vat_bp
		LEFT JOIN vat_classes there ON there.country = (SELECT country FROM stores WHERE id = ?1) AND there.class = here.class
		WHERE p.seq > ?2 ORDER BY p.seq LIMIT ?3`,
	count: `SELECT COUNT(*) FROM products WHERE ?1 IS NOT NULL`, // the store is an argument of both
	scan: func(rows *sql.Rows, seq *int64) (wire.Product, error) {
		var p wire.Product
		var codes string
		if err := rows.Scan(&p.SKU, &p.Name, &codes, &p.Price, &p.VAT, &p.Unit, &p.PLU, &p.QuickKey, seq); err != nil {
			return p, err
		}
		if err := json.Unmarshal([]byte(codes), &p.Barcodes); err != nil {
			return p, fmt.Errorf("barcodes of %s: %w", p.SKU, err)
		}
		return p, nil
	},
}
