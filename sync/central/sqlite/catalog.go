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
//
// The write lock is held only while the changed rows are written, a statement per 256 of
// them: which products change is worked out beforehand from a read snapshot, and again
// inside the transaction only if the catalog moved in between. Tills' pushes queue behind
// an import of 200,000 products for a second or two, not for the whole import.
func (db *DB) SaveProducts(ctx context.Context, products []pos.Product) (central.ImportResult, error) {
	skus := make([]pos.SKU, len(products))
	for i := range products {
		if err := products[i].Validate(nil); err != nil {
			return central.ImportResult{}, err
		}
		products[i].PLU = pos.CanonicalPLU(products[i].PLU)
		skus[i] = products[i].SKU
	}
	var stored map[pos.SKU]pos.Product
	var seen int64 // the products stream's last change when stored was read
	err := db.readTx(ctx, func(tx *sql.Tx) (err error) {
		if seen, err = lastSeq(ctx, tx, pos.StreamProducts); err != nil {
			return err
		}
		stored, err = storedProducts(ctx, tx, skus)
		return err
	})
	if err != nil {
		return central.ImportResult{}, err
	}
	var res central.ImportResult
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		last, err := lastSeq(ctx, tx, pos.StreamProducts)
		if err != nil {
			return err
		}
		if last != seen { // the catalog moved since the snapshot: compare with what is there now
			if stored, err = storedProducts(ctx, tx, skus); err != nil {
				return err
			}
		}
		var changed []pos.Product
		res, changed = productChanges(stored, products)
		return saveProducts(ctx, tx, changed, last, timeText(db.Now()))
	})
	return res, err
}

// productChanges counts what saving products over stored does, in order, and returns the
// products to write: each added or changed SKU once, in its last version.
func productChanges(stored map[pos.SKU]pos.Product, products []pos.Product) (central.ImportResult, []pos.Product) {
	var res central.ImportResult
	latest := map[pos.SKU]int{} // index in changed
	var changed []pos.Product
	for _, p := range products {
		old, found := stored[p.SKU]
		switch {
		case !found:
			res.Added++
		case old.SameAs(p):
			res.Unchanged++
			continue
		default:
			res.Changed++
		}
		stored[p.SKU] = p
		if i, ok := latest[p.SKU]; ok {
			changed[i] = p
			continue
		}
		latest[p.SKU] = len(changed)
		changed = append(changed, p)
	}
	return res, changed
}

// storedProducts reads the products of skus central has.
func storedProducts(ctx context.Context, tx *sql.Tx, skus []pos.SKU) (map[pos.SKU]pos.Product, error) {
	out := make(map[pos.SKU]pos.Product, len(skus))
	err := eachJSONRow(ctx, tx, `SELECT sku, name, barcodes, price, vat_bp, unit, plu, quick_key FROM products
		WHERE sku IN (SELECT value FROM json_each(?1))`, skus, func(rows *sql.Rows) error {
		var p pos.Product
		var codes string
		if err := rows.Scan(&p.SKU, &p.Name, &codes, &p.Price, &p.VAT, &p.Unit, &p.PLU, &p.QuickKey); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(codes), &p.Barcodes); err != nil {
			return fmt.Errorf("barcodes of %s: %w", p.SKU, err)
		}
		out[p.SKU] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the file's products: %w", err)
	}
	return out, nil
}

// saveProducts writes products at the next positions of the products stream after last.
func saveProducts(ctx context.Context, tx *sql.Tx, products []pos.Product, last int64, now string) error {
	if len(products) == 0 {
		return nil
	}
	rows := make([][]any, len(products))
	for i, p := range products {
		codes, err := json.Marshal(nonNil(p.Barcodes))
		if err != nil {
			return err
		}
		rows[i] = []any{p.SKU, p.Name, string(codes), p.Price, p.VAT, p.Unit, p.PLU, p.QuickKey, last + int64(i) + 1, now}
	}
	if _, err := insertRows(ctx, tx, "save products", `INSERT INTO products (sku, name, barcodes, price, vat_bp, unit, plu, quick_key, seq, updated_at)`,
		`ON CONFLICT (sku) DO UPDATE SET name = excluded.name, barcodes = excluded.barcodes, price = excluded.price, vat_bp = excluded.vat_bp,
		unit = excluded.unit, plu = excluded.plu, quick_key = excluded.quick_key, seq = excluded.seq, updated_at = excluded.updated_at`, rows); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE streams SET last_seq = ? WHERE name = ?`, last+int64(len(products)), pos.StreamProducts); err != nil {
		return fmt.Errorf("move the products stream on: %w", err)
	}
	return nil
}

// lastSeq is a stream's last change.
func lastSeq(ctx context.Context, tx *sql.Tx, stream pos.Stream) (int64, error) {
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT last_seq FROM streams WHERE name = ?`, stream).Scan(&last); err != nil {
		return 0, fmt.Errorf("read stream %s: %w", stream, err)
	}
	return last, nil
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
