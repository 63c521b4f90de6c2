package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

var _ pos.Catalog = (*DB)(nil)

const productColumns = `p.sku, p.name, p.price, p.vat_bp, p.unit, COALESCE(p.plu, ''), COALESCE(p.quick_key, 0)`

func scanProduct(row interface{ Scan(...any) error }) (pos.Product, error) {
	var p pos.Product
	err := row.Scan(&p.SKU, &p.Name, &p.Price, &p.VAT, &p.Unit, &p.PLU, &p.QuickKey)
	return p, err
}

func (db *DB) oneProduct(ctx context.Context, what, query string, arg any) (pos.Product, error) {
	p, err := scanProduct(db.db.QueryRowContext(ctx, query, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Product{}, pos.Errorf(pos.ENOTFOUND, "no product with %s %v", what, arg)
	} else if err != nil {
		return pos.Product{}, fmt.Errorf("find product by %s %v: %w", what, arg, err)
	}
	return p, nil
}

// ProductByGTIN finds a product by its 14-digit GTIN.
func (db *DB) ProductByGTIN(ctx context.Context, gtin string) (pos.Product, error) {
	return db.oneProduct(ctx, "barcode", `SELECT `+productColumns+` FROM barcodes b JOIN products p ON p.sku = b.sku WHERE b.gtin = ?`, gtin)
}

// ProductByPLU finds a product by its in-store item code.
func (db *DB) ProductByPLU(ctx context.Context, plu string) (pos.Product, error) {
	return db.oneProduct(ctx, "PLU", `SELECT `+productColumns+` FROM products p WHERE p.plu = ?`, pos.CanonicalPLU(plu))
}

// ProductBySKU finds a product by its SKU.
func (db *DB) ProductBySKU(ctx context.Context, sku pos.SKU) (pos.Product, error) {
	return db.oneProduct(ctx, "SKU", `SELECT `+productColumns+` FROM products p WHERE p.sku = ?`, string(sku))
}

// QuickKeys returns the quick-key products in pad order.
func (db *DB) QuickKeys(ctx context.Context) ([]pos.Product, error) {
	return db.products(ctx, `SELECT `+productColumns+` FROM products p WHERE p.quick_key IS NOT NULL ORDER BY p.quick_key`)
}

func (db *DB) products(ctx context.Context, query string, args ...any) ([]pos.Product, error) {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list products: %w", err)
	}
	defer rows.Close()
	var out []pos.Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, fmt.Errorf("read product: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ImportResult counts what an import did.
type ImportResult struct{ Added, Changed, Unchanged int }

// SaveProducts adds or updates products in one transaction: all of them or none. A product
// identical to the stored one is left untouched, so importing a file twice changes nothing.
func (db *DB) SaveProducts(ctx context.Context, products []pos.Product) (ImportResult, error) {
	var res ImportResult
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = saveProducts(ctx, tx, products, timeText(db.Now()))
		return err
	})
	return res, err
}

func saveProducts(ctx context.Context, tx *sql.Tx, products []pos.Product, now string) (ImportResult, error) {
	var res ImportResult
	s, err := prepareProductStatements(ctx, tx)
	if err != nil {
		return res, err
	}
	defer s.close()
	for _, p := range products {
		outcome, err := s.save(ctx, p, now)
		if err != nil {
			return res, err
		}
		switch outcome {
		case added:
			res.Added++
		case changed:
			res.Changed++
		default:
			res.Unchanged++
		}
	}
	return res, nil
}

// AllProducts calls fn for every product with its barcodes, in SKU order (for export).
func (db *DB) AllProducts(ctx context.Context, fn func(pos.Product) error) error {
	rows, err := db.db.QueryContext(ctx, `SELECT `+productColumns+`, COALESCE((SELECT group_concat(printed, '|') FROM
		(SELECT printed FROM barcodes b WHERE b.sku = p.sku ORDER BY printed)), '') FROM products p ORDER BY p.sku`)
	if err != nil {
		return fmt.Errorf("export products: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p pos.Product
		var codes string
		if err := rows.Scan(&p.SKU, &p.Name, &p.Price, &p.VAT, &p.Unit, &p.PLU, &p.QuickKey, &codes); err != nil {
			return fmt.Errorf("read product: %w", err)
		}
		if codes != "" {
			p.Barcodes = strings.Split(codes, "|")
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

type saveOutcome int

const (
	unchanged saveOutcome = iota
	added
	changed
)

type productStatements struct {
	get, codes, upsert, rowid, delCodes, addCode, codeOwner, delSearch, addSearch *sql.Stmt
}

func prepareProductStatements(ctx context.Context, tx *sql.Tx) (*productStatements, error) {
	s := &productStatements{}
	for _, q := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&s.get, `SELECT ` + productColumns + ` FROM products p WHERE p.sku = ?`},
		{&s.codes, `SELECT printed FROM barcodes WHERE sku = ? ORDER BY printed`},
		{&s.upsert, `INSERT INTO products (sku, name, price, vat_bp, unit, plu, quick_key, updated_at) VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, 0), ?)
			ON CONFLICT (sku) DO UPDATE SET name = excluded.name, price = excluded.price, vat_bp = excluded.vat_bp, unit = excluded.unit,
			plu = excluded.plu, quick_key = excluded.quick_key, updated_at = excluded.updated_at`},
		{&s.rowid, `SELECT rowid FROM products WHERE sku = ?`},
		{&s.delCodes, `DELETE FROM barcodes WHERE sku = ?`},
		{&s.addCode, `INSERT INTO barcodes (gtin, printed, sku) VALUES (?, ?, ?)`},
		{&s.codeOwner, `SELECT sku FROM barcodes WHERE gtin = ?`},
		{&s.delSearch, `DELETE FROM product_search WHERE rowid = ?`},
		{&s.addSearch, `INSERT INTO product_search (rowid, folded) VALUES (?, ?)`},
	} {
		st, err := tx.PrepareContext(ctx, q.sql)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("prepare %q: %w", q.sql[:30], err)
		}
		*q.dst = st
	}
	return s, nil
}

func (s *productStatements) close() {
	for _, st := range []*sql.Stmt{s.get, s.codes, s.upsert, s.rowid, s.delCodes, s.addCode, s.codeOwner, s.delSearch, s.addSearch} {
		if st != nil {
			st.Close()
		}
	}
}

func (s *productStatements) save(ctx context.Context, p pos.Product, now string) (saveOutcome, error) {
	p.PLU = pos.CanonicalPLU(p.PLU)
	old, err := scanProduct(s.get.QueryRowContext(ctx, p.SKU))
	outcome := changed
	if errors.Is(err, sql.ErrNoRows) {
		outcome = added
	} else if err != nil {
		return 0, fmt.Errorf("read product %s: %w", p.SKU, err)
	} else {
		old.Barcodes, err = s.printedCodes(ctx, p.SKU)
		if err != nil {
			return 0, err
		}
		if old.SameAs(p) {
			return unchanged, nil
		}
	}
	if _, err := s.upsert.ExecContext(ctx, p.SKU, p.Name, p.Price, p.VAT, p.Unit, p.PLU, p.QuickKey, now); err != nil {
		return 0, fmt.Errorf("save product %s: %w", p.SKU, uniqueMessage(err, p))
	}
	if _, err := s.delCodes.ExecContext(ctx, p.SKU); err != nil {
		return 0, fmt.Errorf("replace barcodes of %s: %w", p.SKU, err)
	}
	for _, printed := range p.Barcodes {
		gtin := barcode.NormalizeGTIN(printed)
		var owner string
		if err := s.codeOwner.QueryRowContext(ctx, gtin).Scan(&owner); err == nil {
			return 0, pos.Errorf(pos.ECONFLICT, "barcode %s of %s already belongs to product %s", printed, p.SKU, owner)
		}
		if _, err := s.addCode.ExecContext(ctx, gtin, printed, p.SKU); err != nil {
			return 0, fmt.Errorf("save barcode %s of %s: %w", printed, p.SKU, err)
		}
	}
	var rowid int64
	if err := s.rowid.QueryRowContext(ctx, p.SKU).Scan(&rowid); err != nil {
		return 0, fmt.Errorf("find product %s: %w", p.SKU, err)
	}
	if _, err := s.delSearch.ExecContext(ctx, rowid); err != nil {
		return 0, fmt.Errorf("unindex %s: %w", p.SKU, err)
	}
	if _, err := s.addSearch.ExecContext(ctx, rowid, pos.FoldText(p.Name)); err != nil {
		return 0, fmt.Errorf("index %s: %w", p.SKU, err)
	}
	return outcome, nil
}

func (s *productStatements) printedCodes(ctx context.Context, sku pos.SKU) ([]string, error) {
	rows, err := s.codes.QueryContext(ctx, sku)
	if err != nil {
		return nil, fmt.Errorf("read barcodes of %s: %w", sku, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func uniqueMessage(err error, p pos.Product) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "products.plu"):
		return pos.Errorf(pos.ECONFLICT, "PLU %s of %s is already used by another product", p.PLU, p.SKU)
	case strings.Contains(msg, "products.quick_key"):
		return pos.Errorf(pos.ECONFLICT, "quick key %d of %s is already used by another product", p.QuickKey, p.SKU)
	}
	return err
}
