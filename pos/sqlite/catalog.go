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

// stagedColumns are productColumns of a staged row of an import (import_products ip).
const stagedColumns = `ip.sku, ip.name, ip.price, ip.vat_bp, ip.unit, COALESCE(ip.plu, ''), COALESCE(ip.quick_key, 0)`

// The catalog as it stands is the published import's staged rows, if an import is being
// merged (import.go), and the products they do not hide: a staged SKU hides the product's
// row, its barcodes and its search entry. Each read is one statement, so one snapshot of
// it: all old or all new. While no import is published, which is nearly always, a read
// is the plain query of the products alone; whether one is, a statement of its own asks
// first. That is still right: a read that found none reads the catalog as it was then (all
// old, or all merged); one that found one reads the staged rows first, which stays right
// while the merge goes on and once it has ended.
const (
	publishedImport = `(SELECT id FROM catalog_imports WHERE state = 'published')`
	notHidden       = `NOT EXISTS (SELECT 1 FROM import_products h WHERE h.import_id = ` + publishedImport + ` AND h.sku = p.sku)`
	namedColumns    = `sku, name, price, vat_bp, unit, plu, quick_key`
)

// catalogRead is one read of the catalog: plain while no import is published, overlay
// (staged rows first) while one is. Run it with DB.catalogQuery.
type catalogRead struct{ plain, overlay string }

// catalogQuery reads products from staged rows (from and where of ip) and products (of p)
// alike, the staged ones first; orderBy and limit apply to the whole. The staged side
// starts from the published import, so it reads no staged row of an import being staged.
func catalogQuery(staged, live, orderBy, limit string) catalogRead {
	overlayOrder := orderBy
	if overlayOrder == "" {
		overlayOrder = `ORDER BY o`
	}
	return catalogRead{
		plain: `SELECT ` + liveNamed + ` FROM ` + live + ` ` + orderBy + ` ` + limit,
		overlay: `SELECT ` + namedColumns + ` FROM (
			SELECT 0 AS o, ` + stagedNamed + ` FROM catalog_imports ci CROSS JOIN ` + staged + `
			UNION ALL
			SELECT 1 AS o, ` + liveNamed + ` FROM ` + live + ` AND ` + notHidden + `) ` + overlayOrder + ` ` + limit,
	}
}

// catalogQuery is the query of r to run now.
func (db *DB) catalogQuery(ctx context.Context, r catalogRead) string {
	var published bool
	err := db.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM catalog_imports WHERE state = 'published')`).Scan(&published)
	if err != nil || published {
		return r.overlay // right in any case, only slower
	}
	return r.plain
}

// The columns of both sides of catalogQuery, named alike.
const (
	stagedNamed = `ip.sku AS sku, ip.name AS name, ip.price AS price, ip.vat_bp AS vat_bp, ip.unit AS unit,
		COALESCE(ip.plu, '') AS plu, COALESCE(ip.quick_key, 0) AS quick_key`
	liveNamed = `p.sku AS sku, p.name AS name, p.price AS price, p.vat_bp AS vat_bp, p.unit AS unit,
		COALESCE(p.plu, '') AS plu, COALESCE(p.quick_key, 0) AS quick_key`
)

var (
	productByGTIN = catalogQuery(
		`import_barcodes ib JOIN import_products ip ON ip.import_id = ib.import_id AND ip.line = ib.line
			WHERE ci.state = 'published' AND ib.import_id = ci.id AND ib.gtin = ?1`,
		`barcodes b JOIN products p ON p.sku = b.sku WHERE b.gtin = ?1`, "", `LIMIT 1`)
	productByPLU = catalogQuery(`import_products ip WHERE ci.state = 'published' AND ip.import_id = ci.id AND ip.plu = ?1`,
		`products p WHERE p.plu = ?1`, "", `LIMIT 1`)
	productBySKU = catalogQuery(`import_products ip WHERE ci.state = 'published' AND ip.import_id = ci.id AND ip.sku = ?1`,
		`products p WHERE p.sku = ?1`, "", `LIMIT 1`)
	quickKeys = catalogQuery(`import_products ip WHERE ci.state = 'published' AND ip.import_id = ci.id AND ip.quick_key IS NOT NULL`,
		`products p WHERE p.quick_key IS NOT NULL`, `ORDER BY quick_key`, "")
	searchProducts = catalogQuery(
		`import_search s CROSS JOIN import_products ip ON ip.id = s.rowid
			WHERE ci.state = 'published' AND import_search MATCH ?1 AND ip.import_id = ci.id`,
		`product_search s JOIN products p ON p.rowid = s.rowid WHERE product_search MATCH ?1`, "", `LIMIT ?2`)
	// allProducts reads each product with its barcodes, "|"-separated, for an export.
	allProducts = catalogRead{
		plain: `SELECT ` + liveNamed + `, ` + liveCodes + ` FROM products p ORDER BY sku`,
		overlay: `SELECT ` + namedColumns + `, codes FROM (
			SELECT ` + stagedNamed + `, ` + stagedCodes + ` AS codes
				FROM catalog_imports ci CROSS JOIN import_products ip WHERE ci.state = 'published' AND ip.import_id = ci.id
			UNION ALL
			SELECT ` + liveNamed + `, ` + liveCodes + ` FROM products p WHERE ` + notHidden + `) ORDER BY sku`,
	}
	liveCodes   = `COALESCE((SELECT group_concat(printed, '|') FROM (SELECT printed FROM barcodes b WHERE b.sku = p.sku ORDER BY printed)), '')`
	stagedCodes = `COALESCE((SELECT group_concat(printed, '|') FROM (SELECT printed FROM import_barcodes ib
		WHERE ib.import_id = ip.import_id AND ib.line = ip.line ORDER BY printed)), '')`
)

func scanProduct(row interface{ Scan(...any) error }) (pos.Product, error) {
	var p pos.Product
	err := row.Scan(&p.SKU, &p.Name, &p.Price, &p.VAT, &p.Unit, &p.PLU, &p.QuickKey)
	return p, err
}

func (db *DB) oneProduct(ctx context.Context, what string, read catalogRead, arg any) (pos.Product, error) {
	p, err := scanProduct(db.db.QueryRowContext(ctx, db.catalogQuery(ctx, read), arg))
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Product{}, pos.Errorf(pos.ENOTFOUND, "no product with %s %v", what, arg)
	} else if err != nil {
		return pos.Product{}, fmt.Errorf("find product by %s %v: %w", what, arg, err)
	}
	return p, nil
}

// ProductByGTIN finds a product by its 14-digit GTIN.
func (db *DB) ProductByGTIN(ctx context.Context, gtin string) (pos.Product, error) {
	return db.oneProduct(ctx, "barcode", productByGTIN, gtin)
}

// ProductByPLU finds a product by its in-store item code.
func (db *DB) ProductByPLU(ctx context.Context, plu string) (pos.Product, error) {
	return db.oneProduct(ctx, "PLU", productByPLU, pos.CanonicalPLU(plu))
}

// ProductBySKU finds a product by its SKU.
func (db *DB) ProductBySKU(ctx context.Context, sku pos.SKU) (pos.Product, error) {
	return db.oneProduct(ctx, "SKU", productBySKU, string(sku))
}

// QuickKeys returns the quick-key products in pad order.
func (db *DB) QuickKeys(ctx context.Context) ([]pos.Product, error) {
	return db.products(ctx, db.catalogQuery(ctx, quickKeys))
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

func (r *ImportResult) count(o saveOutcome) {
	switch o {
	case added:
		r.Added++
	case changed:
		r.Changed++
	default:
		r.Unchanged++
	}
}

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
		res.count(outcome)
	}
	return res, nil
}

// AllProducts calls fn for every product with its barcodes, in SKU order (for export).
func (db *DB) AllProducts(ctx context.Context, fn func(pos.Product) error) error {
	rows, err := db.db.QueryContext(ctx, db.catalogQuery(ctx, allProducts))
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
	get, codes, upsert, delCodes, addCode, codeOwner, delSearch, addSearch *sql.Stmt
	freeCode, freePLU, freeQuickKey                                        *sql.Stmt
}

func prepareProductStatements(ctx context.Context, tx *sql.Tx) (*productStatements, error) {
	s := &productStatements{}
	for _, q := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&s.get, `SELECT ` + productColumns + `, p.rowid FROM products p WHERE p.sku = ?`},
		{&s.codes, `SELECT printed FROM barcodes WHERE sku = ? ORDER BY printed`},
		{&s.upsert, `INSERT INTO products (sku, name, price, vat_bp, unit, plu, quick_key, updated_at) VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, 0), ?)
			ON CONFLICT (sku) DO UPDATE SET name = excluded.name, price = excluded.price, vat_bp = excluded.vat_bp, unit = excluded.unit,
			plu = excluded.plu, quick_key = excluded.quick_key, updated_at = excluded.updated_at`},
		{&s.delCodes, `DELETE FROM barcodes WHERE sku = ?`},
		{&s.addCode, `INSERT INTO barcodes (gtin, printed, sku) VALUES (?, ?, ?)`},
		{&s.codeOwner, `SELECT sku FROM barcodes WHERE gtin = ?`},
		{&s.delSearch, `DELETE FROM product_search WHERE rowid = ?`},
		{&s.addSearch, `INSERT INTO product_search (rowid, folded) VALUES (?, ?)`},
		{&s.freeCode, `DELETE FROM barcodes WHERE gtin = ? AND sku <> ?`},
		{&s.freePLU, `UPDATE products SET plu = NULL WHERE plu = ? AND sku <> ?`},
		{&s.freeQuickKey, `UPDATE products SET quick_key = NULL WHERE quick_key = ? AND sku <> ?`},
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
	for _, st := range []*sql.Stmt{s.get, s.codes, s.upsert, s.delCodes, s.addCode, s.codeOwner, s.delSearch, s.addSearch,
		s.freeCode, s.freePLU, s.freeQuickKey} {
		if st != nil {
			st.Close()
		}
	}
}

// save adds or changes p; a barcode another product has is a conflict (ECONFLICT), as are
// its PLU and quick key (the unique indexes).
func (s *productStatements) save(ctx context.Context, p pos.Product, now string) (saveOutcome, error) {
	return s.put(ctx, p, now, false)
}

// take adds or changes p as a published import does: its barcodes, PLU and quick key are
// taken from whichever product had them. Those are products the import changes too (their
// staged rows hide them until they are merged), or one central gave a code to meanwhile:
// the import, checked on the end state when it was published, is what the catalog is.
func (s *productStatements) take(ctx context.Context, p pos.Product, now string) (saveOutcome, error) {
	return s.put(ctx, p, now, true)
}

func (s *productStatements) put(ctx context.Context, p pos.Product, now string, take bool) (saveOutcome, error) {
	p.PLU = pos.CanonicalPLU(p.PLU)
	var old pos.Product
	var rowid int64 // the product's, for its search entry
	err := s.get.QueryRowContext(ctx, p.SKU).Scan(&old.SKU, &old.Name, &old.Price, &old.VAT, &old.Unit, &old.PLU, &old.QuickKey, &rowid)
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
	if take {
		if err := s.free(ctx, p); err != nil {
			return 0, err
		}
	}
	res, err := s.upsert.ExecContext(ctx, p.SKU, p.Name, p.Price, p.VAT, p.Unit, p.PLU, p.QuickKey, now)
	if err != nil {
		return 0, fmt.Errorf("save product %s: %w", p.SKU, uniqueMessage(err, p))
	}
	if outcome == added {
		if rowid, err = res.LastInsertId(); err != nil {
			return 0, fmt.Errorf("save product %s: %w", p.SKU, err)
		}
	}
	if _, err := s.delCodes.ExecContext(ctx, p.SKU); err != nil {
		return 0, fmt.Errorf("replace barcodes of %s: %w", p.SKU, err)
	}
	for _, printed := range p.Barcodes {
		gtin := barcode.NormalizeGTIN(printed)
		if !take { // taking, free has freed it
			var owner string
			if err := s.codeOwner.QueryRowContext(ctx, gtin).Scan(&owner); err == nil {
				return 0, pos.Errorf(pos.ECONFLICT, "barcode %s of %s already belongs to product %s", printed, p.SKU, owner)
			}
		}
		if _, err := s.addCode.ExecContext(ctx, gtin, printed, p.SKU); err != nil {
			return 0, fmt.Errorf("save barcode %s of %s: %w", printed, p.SKU, err)
		}
	}
	switch {
	case outcome == changed && old.Name == p.Name:
		return outcome, nil // the search entry holds the name already
	case outcome == changed:
		if _, err := s.delSearch.ExecContext(ctx, rowid); err != nil {
			return 0, fmt.Errorf("unindex %s: %w", p.SKU, err)
		}
	}
	if _, err := s.addSearch.ExecContext(ctx, rowid, pos.FoldText(p.Name)); err != nil {
		return 0, fmt.Errorf("index %s: %w", p.SKU, err)
	}
	return outcome, nil
}

// free takes p's barcodes, PLU and quick key from any other product.
func (s *productStatements) free(ctx context.Context, p pos.Product) error {
	for _, printed := range p.Barcodes {
		if _, err := s.freeCode.ExecContext(ctx, barcode.NormalizeGTIN(printed), p.SKU); err != nil {
			return fmt.Errorf("take barcode %s for %s: %w", printed, p.SKU, err)
		}
	}
	if p.PLU != "" {
		if _, err := s.freePLU.ExecContext(ctx, p.PLU, p.SKU); err != nil {
			return fmt.Errorf("take PLU %s for %s: %w", p.PLU, p.SKU, err)
		}
	}
	if p.QuickKey != 0 {
		if _, err := s.freeQuickKey.ExecContext(ctx, p.QuickKey, p.SKU); err != nil {
			return fmt.Errorf("take quick key %d for %s: %w", p.QuickKey, p.SKU, err)
		}
	}
	return nil
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
