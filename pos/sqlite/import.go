package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// A catalog import goes through staging tables (migration 0005) in short steps, so that a
// sale never waits on it for long and the catalog the till sells from is all old or all
// new: rows are staged (Add), the end state is checked (Check), the import is published in
// one tiny transaction and its rows merged into the catalog (Publish). Each step is one
// transaction of about stepTime, taken only when no sale waits for its turn (turn_unix.go).

const (
	// stepTime is about how long one step of an import holds the database's write lock:
	// what a sale that comes at the wrong moment waits, at most.
	stepTime = 50 * time.Millisecond
	// deadAfter is how long a staging import may say nothing before another takes over,
	// where no lock tells that it was killed (turn_other.go).
	deadAfter = 2 * time.Minute
	// maxConflicts is how many conflicts Check names; it counts the rest.
	maxConflicts = 1000
)

// Conflict is a line of an import file that the catalog's end state refuses.
type Conflict struct {
	Line    int
	Message string
}

// errImportUnderway refuses a second import while one runs.
var errImportUnderway = pos.Errorf(pos.ECONFLICT, "Another catalog import is under way on this till: wait until it ends, then import again.")

// CatalogImport is a catalog import under way. Discard it when it is not published.
type CatalogImport struct {
	db      *DB
	id      int64
	pending []stagedRow // read, to be staged at the next step
	rows    int
	chunk   int    // rows per staging step, adapted to stepTime
	closed  bool   // published or discarded
	release func() // the import lock
}

// BeginImport starts a catalog import. A published import's rows are merged first, and a
// staging import that was killed half way is discarded; one under way makes it ECONFLICT:
// one import at a time.
func (db *DB) BeginImport(ctx context.Context) (*CatalogImport, error) {
	release, sure, err := db.turn.lockImport()
	if err != nil {
		return nil, err
	}
	im, err := db.beginImport(ctx, sure)
	if err != nil {
		release()
		return nil, err
	}
	im.release = sync.OnceFunc(release)
	return im, nil
}

func (db *DB) beginImport(ctx context.Context, sure bool) (*CatalogImport, error) {
	for {
		if err := db.mergePublished(ctx); err != nil {
			return nil, err
		}
		var id int64
		now := db.Now()
		err := db.step(ctx, func(tx *sql.Tx) error {
			var published int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM catalog_imports WHERE state = 'published'`).Scan(&published); err != nil || published > 0 {
				return err // published meanwhile by another: merge it first
			}
			var alive string
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(alive_at), '') FROM catalog_imports WHERE state = 'staging'`).Scan(&alive); err != nil {
				return fmt.Errorf("read the imports under way: %w", err)
			}
			if alive != "" && !sure && now.Sub(parseTime(alive)) < deadAfter {
				return errImportUnderway
			}
			if _, err := tx.ExecContext(ctx, `UPDATE catalog_imports SET state = 'discarded' WHERE state = 'staging'`); err != nil {
				return fmt.Errorf("discard a dead import: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_imports WHERE state = 'done' AND id < (SELECT MAX(id) - 10 FROM catalog_imports)`); err != nil {
				return fmt.Errorf("forget old imports: %w", err)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO catalog_imports (state, started_at, alive_at) VALUES ('staging', ?, ?)`, timeText(now), timeText(now))
			if err != nil {
				return fmt.Errorf("start an import: %w", err)
			}
			id, err = res.LastInsertId()
			return err
		})
		if err != nil {
			return nil, err
		}
		if id == 0 {
			continue
		}
		if err := db.clearDiscarded(ctx); err != nil {
			return nil, err
		}
		return &CatalogImport{db: db, id: id, chunk: 500}, nil
	}
}

// step runs fn in one write transaction, once no sale waits for its turn.
func (db *DB) step(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := db.turn.step(ctx); err != nil {
		return err
	}
	return db.inTx(ctx, fn)
}

// Add stages a product read from line of the file. Rows are written in steps.
func (im *CatalogImport) Add(ctx context.Context, line int, p pos.Product) error {
	im.pending = append(im.pending, stagedRow{line: line, p: p})
	if len(im.pending) >= im.chunk {
		return im.flush(ctx)
	}
	return nil
}

// Rows is how many products were staged.
func (im *CatalogImport) Rows() int { return im.rows + len(im.pending) }

// flush writes the pending rows in one step, and sizes the next step to take stepTime.
func (im *CatalogImport) flush(ctx context.Context) error {
	if len(im.pending) == 0 {
		return nil
	}
	start := time.Now()
	err := im.db.step(ctx, func(tx *sql.Tx) error {
		if err := im.alive(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE catalog_imports SET rows = rows + ? WHERE id = ?`, len(im.pending), im.id); err != nil {
			return err
		}
		return stageRows(ctx, tx, im.id, im.pending)
	})
	if err != nil {
		return err
	}
	im.rows += len(im.pending)
	im.pending = im.pending[:0]
	took := max(time.Since(start), time.Millisecond)
	im.chunk = min(max(int(int64(im.chunk)*int64(stepTime)/int64(took)), 50), 5000)
	return nil
}

// alive checks, in a step's transaction, that the import is still staging (no other import
// took over), and says it is alive.
func (im *CatalogImport) alive(ctx context.Context, tx *sql.Tx) error {
	res, err := tx.ExecContext(ctx, `UPDATE catalog_imports SET alive_at = ? WHERE id = ? AND state = 'staging'`,
		timeText(im.db.Now()), im.id)
	if err != nil {
		return fmt.Errorf("import %d: %w", im.id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pos.Errorf(pos.ECONFLICT, "Another catalog import took over while this one was silent: nothing was imported. Import again.")
	}
	return nil
}

func stageRows(ctx context.Context, tx *sql.Tx, id int64, rows []stagedRow) error {
	product, err := tx.PrepareContext(ctx, `INSERT INTO import_products (import_id, line, sku, name, price, vat_bp, unit, plu, quick_key)
		VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, 0))`)
	if err != nil {
		return fmt.Errorf("stage products: %w", err)
	}
	defer product.Close()
	code, err := tx.PrepareContext(ctx, `INSERT INTO import_barcodes (import_id, gtin, line, printed) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("stage barcodes: %w", err)
	}
	defer code.Close()
	search, err := tx.PrepareContext(ctx, `INSERT INTO import_search (rowid, folded) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("stage names: %w", err)
	}
	defer search.Close()
	for _, r := range rows {
		p := r.p
		res, err := product.ExecContext(ctx, id, r.line, p.SKU, p.Name, p.Price, p.VAT, p.Unit, pos.CanonicalPLU(p.PLU), p.QuickKey)
		if err != nil {
			return fmt.Errorf("stage line %d: %w", r.line, err)
		}
		staged, err := res.LastInsertId() // import_products.id
		if err != nil {
			return err
		}
		for _, printed := range p.Barcodes {
			if _, err := code.ExecContext(ctx, id, barcode.NormalizeGTIN(printed), r.line, printed); err != nil {
				return fmt.Errorf("stage barcode %s of line %d: %w", printed, r.line, err)
			}
		}
		if _, err := search.ExecContext(ctx, staged, pos.FoldText(p.Name)); err != nil {
			return fmt.Errorf("stage the name of line %d: %w", r.line, err)
		}
	}
	return nil
}

// endState are the checks of an import's rows on the catalog's end state: the file's rows,
// and the products the file leaves as they are. Each query gives line, what, and the other
// line or product, in line order, at most ?2 rows; ?1 is the import.
var endState = []struct {
	query  string
	format string // with the line's value and the other line or product
}{
	{`SELECT line, sku, first FROM (SELECT line, sku, MIN(line) OVER (PARTITION BY sku) AS first
		FROM import_products WHERE import_id = ?1) WHERE line > first ORDER BY line LIMIT ?2`,
		"SKU %s is already on line %s"},
	{`SELECT line, printed, first FROM (SELECT line, printed, MIN(line) OVER (PARTITION BY gtin) AS first
		FROM import_barcodes WHERE import_id = ?1) WHERE line > first ORDER BY line LIMIT ?2`,
		"barcode %s is already on line %s"},
	{`SELECT line, plu, first FROM (SELECT line, plu, MIN(line) OVER (PARTITION BY plu) AS first
		FROM import_products WHERE import_id = ?1 AND plu IS NOT NULL) WHERE line > first ORDER BY line LIMIT ?2`,
		"PLU %s is already on line %s"},
	{`SELECT line, quick_key, first FROM (SELECT line, quick_key, MIN(line) OVER (PARTITION BY quick_key) AS first
		FROM import_products WHERE import_id = ?1 AND quick_key IS NOT NULL) WHERE line > first ORDER BY line LIMIT ?2`,
		"quick key %s is already on line %s"},
	{`SELECT ib.line, ib.printed, b.sku FROM import_barcodes ib JOIN barcodes b ON b.gtin = ib.gtin
		WHERE ib.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM import_products o WHERE o.import_id = ?1 AND o.sku = b.sku)
		ORDER BY ib.line LIMIT ?2`,
		"barcode %s already belongs to product %s, which this file leaves as it is"},
	{`SELECT ip.line, ip.plu, p.sku FROM import_products ip JOIN products p ON p.plu = ip.plu
		WHERE ip.import_id = ?1 AND ip.plu IS NOT NULL AND NOT EXISTS (SELECT 1 FROM import_products o WHERE o.import_id = ?1 AND o.sku = p.sku)
		ORDER BY ip.line LIMIT ?2`,
		"PLU %s already belongs to product %s, which this file leaves as it is"},
	{`SELECT ip.line, ip.quick_key, p.sku FROM import_products ip JOIN products p ON p.quick_key = ip.quick_key
		WHERE ip.import_id = ?1 AND ip.quick_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM import_products o WHERE o.import_id = ?1 AND o.sku = p.sku)
		ORDER BY ip.line LIMIT ?2`,
		"quick key %s already belongs to product %s, which this file leaves as it is"},
}

// Check stages what is left and checks the import on the catalog's end state: no two
// lines with one SKU, barcode, PLU or quick key, and none of these taken from a product
// the file leaves as it is. Two products swapping their barcodes or quick keys in one file
// is no conflict. It names up to maxConflicts conflicts in line order, and counts them all.
func (im *CatalogImport) Check(ctx context.Context) (conflicts []Conflict, total int, err error) {
	if err := im.flush(ctx); err != nil {
		return nil, 0, err
	}
	for _, c := range endState {
		found, n, err := im.conflicts(ctx, c.query, c.format)
		if err != nil {
			return nil, 0, err
		}
		total += n
		conflicts = append(conflicts, found...)
		if err := im.db.step(ctx, func(tx *sql.Tx) error { return im.alive(ctx, tx) }); err != nil {
			return nil, 0, err
		}
	}
	slices.SortStableFunc(conflicts, func(a, b Conflict) int { return a.Line - b.Line })
	return conflicts[:min(len(conflicts), maxConflicts)], total, nil
}

// conflicts runs one end-state check: it names up to maxConflicts conflicts, and counts
// them all (a count past the names is all a person needs of a hopeless file).
func (im *CatalogImport) conflicts(ctx context.Context, query, format string) (named []Conflict, n int, err error) {
	rows, err := im.db.db.QueryContext(ctx, query, im.id, maxConflicts+1)
	if err != nil {
		return nil, 0, fmt.Errorf("check the import: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int
		var what, other string
		if err := rows.Scan(&line, &what, &other); err != nil {
			return nil, 0, fmt.Errorf("check the import: %w", err)
		}
		named = append(named, Conflict{Line: line, Message: fmt.Sprintf(format, what, other)})
	}
	if err := rows.Err(); err != nil || len(named) <= maxConflicts {
		return named, len(named), err
	}
	all := query[:strings.LastIndex(query, "ORDER BY")] // the query without its order and limit
	if err := im.db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+all+`)`, im.id).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("check the import: %w", err)
	}
	return named[:maxConflicts], n, nil
}

// Publish makes the import the catalog in one tiny transaction, then merges its rows into
// the catalog's tables in steps; what the catalog reads is the new catalog from the first
// step. Check it first: the end state is the store's unique indexes' to refuse otherwise.
func (im *CatalogImport) Publish(ctx context.Context) (ImportResult, error) {
	if err := im.publish(ctx); err != nil {
		return ImportResult{}, err
	}
	if err := im.db.mergePublished(ctx); err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	err := im.db.db.QueryRowContext(ctx, `SELECT added, changed, unchanged FROM catalog_imports WHERE id = ?`, im.id).
		Scan(&res.Added, &res.Changed, &res.Unchanged)
	return res, err
}

// publish makes the staged rows the catalog, in one tiny transaction.
func (im *CatalogImport) publish(ctx context.Context) error {
	if err := im.flush(ctx); err != nil {
		return err
	}
	err := im.db.step(ctx, func(tx *sql.Tx) error {
		if err := im.alive(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE catalog_imports SET state = 'published' WHERE id = ?`, im.id)
		return err
	})
	if err == nil {
		im.closed = true
		im.release() // published: any till may merge it, and the next import begins by that
	}
	return err
}

// Discard drops an import that was not published, with its staged rows.
func (im *CatalogImport) Discard(ctx context.Context) error {
	im.release() // the staged rows are this import's: the next one may clear them too
	if im.closed {
		return nil
	}
	im.closed = true
	err := im.db.step(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE catalog_imports SET state = 'discarded' WHERE id = ? AND state = 'staging'`, im.id)
		return err
	})
	if err != nil {
		return err
	}
	return im.db.clearDiscarded(ctx)
}

// clearDiscarded deletes the staged rows of discarded imports, in steps, then the imports.
func (db *DB) clearDiscarded(ctx context.Context) error {
	for more := true; more; {
		err := db.step(ctx, func(tx *sql.Tx) error {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM catalog_imports WHERE state = 'discarded' ORDER BY id LIMIT 1`).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				more = false
				return nil
			} else if err != nil {
				return err
			}
			var last sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT MAX(line) FROM (SELECT line FROM import_products WHERE import_id = ? ORDER BY line LIMIT 2000)`, id).Scan(&last); err != nil {
				return err
			}
			if !last.Valid {
				if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_imports WHERE id = ?`, id); err != nil {
					return err
				}
				return clearSearch(ctx, tx)
			}
			return unstage(ctx, tx, id, int(last.Int64))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// FinishImport merges the rows of an import that was published but not merged (its
// process was killed), if there is one; nothing otherwise.
func (db *DB) FinishImport(ctx context.Context) error {
	var published bool // read first: a till that opens writes nothing for it
	if err := db.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM catalog_imports WHERE state = 'published')`).Scan(&published); err != nil || !published {
		return err
	}
	return db.mergePublished(ctx)
}

// mergePublished moves the rows of the published import, if there is one, into the
// catalog's tables, in steps; the import is then done. Any process may do it (the one
// that published, or the next import after a kill): each row moves in one transaction.
func (db *DB) mergePublished(ctx context.Context) error {
	for {
		more, err := db.mergeOnce(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// mergeOnce takes one step of merging the published import; more says steps are left.
func (db *DB) mergeOnce(ctx context.Context) (more bool, err error) {
	err = db.step(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM catalog_imports WHERE state = 'published'`).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		more, err = mergeStep(ctx, tx, id, timeText(db.Now()))
		return err
	})
	return more, err
}

// mergeStep merges staged rows of import id for about stepTime; more says rows are left.
func mergeStep(ctx context.Context, tx *sql.Tx, id int64, now string) (more bool, err error) {
	s, err := prepareProductStatements(ctx, tx)
	if err != nil {
		return false, err
	}
	defer s.close()
	var res ImportResult
	start := time.Now()
	for time.Since(start) < stepTime {
		rows, err := stagedRows(ctx, tx, id, 100)
		if err != nil {
			return false, err
		}
		if len(rows) == 0 {
			_, err := tx.ExecContext(ctx, `UPDATE catalog_imports SET state = 'done', added = added + ?, changed = changed + ?, unchanged = unchanged + ? WHERE id = ?`,
				res.Added, res.Changed, res.Unchanged, id)
			if err == nil {
				err = clearSearch(ctx, tx)
			}
			return false, err
		}
		for _, r := range rows {
			outcome, err := s.take(ctx, r.p, now)
			if err != nil {
				return false, fmt.Errorf("merge line %d: %w", r.line, err)
			}
			res.count(outcome)
		}
		if err := unstage(ctx, tx, id, rows[len(rows)-1].line); err != nil {
			return false, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE catalog_imports SET added = added + ?, changed = changed + ?, unchanged = unchanged + ? WHERE id = ?`,
		res.Added, res.Changed, res.Unchanged, id)
	return true, err
}

// unstage deletes the staged rows of import id up to line. Their search entries stay, found
// by no search (it joins import_products, whose ids are never used again), until the
// staging tables are empty (clearSearch): a search entry is slow to delete one by one.
func unstage(ctx context.Context, tx *sql.Tx, id int64, line int) error {
	for _, q := range []string{
		`DELETE FROM import_barcodes WHERE import_id = ?1 AND line <= ?2`,
		`DELETE FROM import_products WHERE import_id = ?1 AND line <= ?2`,
	} {
		if _, err := tx.ExecContext(ctx, q, id, line); err != nil {
			return fmt.Errorf("unstage import %d: %w", id, err)
		}
	}
	return nil
}

// clearSearch empties the staged rows' search index once no staged row is left.
func clearSearch(ctx context.Context, tx *sql.Tx) error {
	var left bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM import_products)`).Scan(&left); err != nil || left {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO import_search (import_search) VALUES ('delete-all')`)
	return err
}

// stagedRow is a product of an import file and the line it is on.
type stagedRow struct {
	line int
	p    pos.Product
}

// stagedRows reads the next n staged rows of import id with their barcodes, in line order.
func stagedRows(ctx context.Context, tx *sql.Tx, id int64, n int) ([]stagedRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT ip.line, `+stagedColumns+`, `+stagedCodes+`
		FROM import_products ip WHERE ip.import_id = ? ORDER BY ip.line LIMIT ?`, id, n)
	if err != nil {
		return nil, fmt.Errorf("read staged rows: %w", err)
	}
	defer rows.Close()
	var out []stagedRow
	for rows.Next() {
		var r stagedRow
		var codes string
		if err := rows.Scan(&r.line, &r.p.SKU, &r.p.Name, &r.p.Price, &r.p.VAT, &r.p.Unit, &r.p.PLU, &r.p.QuickKey, &codes); err != nil {
			return nil, fmt.Errorf("read staged rows: %w", err)
		}
		if codes != "" {
			r.p.Barcodes = strings.Split(codes, "|")
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
