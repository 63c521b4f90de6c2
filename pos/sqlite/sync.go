package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

var _ pos.SyncStore = (*DB)(nil)

// SaveLink remembers central's address, the token it gave this till and the certificate
// it pins, replacing any earlier pairing. The store and till ids central paired are checked
// against this till's own: a code made for another till must not make this one speak for
// it. In the same transaction the till's receipt counter moves on to lastReceipt, the last
// receipt central has from this till, if it is behind: a reinstalled till continues after
// it.
func (db *DB) SaveLink(ctx context.Context, link pos.CentralLink, store pos.StoreID, till pos.TillID, lastReceipt pos.ReceiptNo, header *pos.StoreInfo) error {
	return db.saveLink(ctx, link, store, till, lastReceipt, header, false)
}

// SaveLinkAs is SaveLink for a fresh till that asked to be paired as the code's till: it
// takes store and till as its own, once it found again, in the same transaction, that it
// has sold nothing. A new store's online orders are not this till's: they are dropped and
// pulled again from the start of the orders stream.
func (db *DB) SaveLinkAs(ctx context.Context, link pos.CentralLink, store pos.StoreID, till pos.TillID, lastReceipt pos.ReceiptNo, header *pos.StoreInfo) error {
	return db.saveLink(ctx, link, store, till, lastReceipt, header, true)
}

func (db *DB) saveLink(ctx context.Context, link pos.CentralLink, store pos.StoreID, till pos.TillID, lastReceipt pos.ReceiptNo, header *pos.StoreInfo, adopt bool) error {
	if strings.TrimSpace(string(store)) == "" || strings.TrimSpace(string(till)) == "" {
		return fmt.Errorf("central paired store %q till %q: an empty id", store, till)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var ownStore, ownTill sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT value FROM settings WHERE key = ?), (SELECT value FROM settings WHERE key = ?)`,
			KeyStoreID, KeyTillID).Scan(&ownStore, &ownTill); err != nil {
			return fmt.Errorf("read this till's ids: %w", err)
		}
		if ownStore.String != string(store) || ownTill.String != string(till) {
			if !adopt {
				return pos.Errorf(pos.ECONFLICT, "the pairing code is for till %s of store %s, but this till is %s of store %s: ask IT for this till's code",
					till, store, ownTill.String, ownStore.String)
			}
			if err := takeIdentity(ctx, tx, pos.StoreID(ownStore.String), store, till); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_link (id, central, token, cert_sha256, paired_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET central = excluded.central, token = excluded.token, cert_sha256 = excluded.cert_sha256, paired_at = excluded.paired_at`,
			link.Central, link.Token, link.Pin, timeText(db.Now()))
		if err != nil {
			return fmt.Errorf("save pairing: %w", err)
		}
		if lastReceipt > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO receipt_counters (till_id, series, last_no) VALUES (?, 'sale', ?)
				ON CONFLICT (till_id, series) DO UPDATE SET last_no = MAX(last_no, excluded.last_no)`, till, lastReceipt); err != nil {
				return fmt.Errorf("continue the receipt numbers after %d: %w", lastReceipt, err)
			}
		}
		if header != nil {
			return takeHeader(ctx, tx, *header)
		}
		return nil
	})
}

// takeIdentity makes a fresh till the till store/till, after checking in the caller's
// transaction that it is still fresh. The orders stream is the store's: a till that
// changes store drops the old store's orders and pulls its new store's from the start.
func takeIdentity(ctx context.Context, tx *sql.Tx, old, store pos.StoreID, till pos.TillID) error {
	fresh, err := isFresh(ctx, tx)
	if err != nil {
		return err
	}
	if !fresh {
		return pos.Errorf(pos.ECONFLICT, "this till has sold meanwhile, so it cannot become till %s of store %s: ask IT for this till's own code", till, store)
	}
	if err := setSetting(ctx, tx, KeyStoreID, string(store)); err != nil {
		return err
	}
	if err := setSetting(ctx, tx, KeyTillID, string(till)); err != nil {
		return err
	}
	if old == store {
		return nil
	}
	for _, q := range []string{`DELETE FROM online_order_lines`, `DELETE FROM online_orders`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("drop the orders of store %s: %w", old, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sync_cursors WHERE stream = ?`, pos.StreamOrders); err != nil {
		return fmt.Errorf("pull the orders of store %s from the start: %w", store, err)
	}
	return nil
}

// Fresh reports whether the till has sold nothing yet: no sale but training ones, and no
// event in its outbox, sent or not.
func (db *DB) Fresh(ctx context.Context) (bool, error) { return isFresh(ctx, db.db) }

func isFresh(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (bool, error) {
	var sold bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sales WHERE training = 0) OR EXISTS (SELECT 1 FROM outbox)`).Scan(&sold); err != nil {
		return false, fmt.Errorf("look for sales: %w", err)
	}
	return !sold, nil
}

// takeHeader replaces the store's header and VAT table with central's.
func takeHeader(ctx context.Context, tx *sql.Tx, h pos.StoreInfo) error {
	var own string
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM settings WHERE key = ?), '')`, KeyCurrency).Scan(&own); err != nil {
		return fmt.Errorf("read the till's currency: %w", err)
	}
	if h.Currency == "" {
		h.Currency = pos.Currency(own)
	}
	if string(h.Currency) != own {
		var sold bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sales WHERE training = 0)`).Scan(&sold); err != nil {
			return fmt.Errorf("look for sales: %w", err)
		}
		if sold {
			return pos.Errorf(pos.ECONFLICT, "central keeps this store in %s, but this till has sold in %s: set the till up anew, or correct the store at central", h.Currency, own)
		}
	}
	values := map[string]string{KeyStoreName: h.Name, KeyStoreAddress: strings.Join(h.Address, "\n"), KeyTaxID: h.TaxID, KeyCurrency: string(h.Currency)}
	if h.Country != "" {
		values[KeyCountry] = h.Country
	}
	for k, v := range values {
		if err := setSetting(ctx, tx, k, v); err != nil {
			return err
		}
	}
	if len(h.VAT) == 0 {
		return nil
	}
	return replaceVAT(ctx, tx, h.VAT)
}

// Link returns the till's pairing; ENOTFOUND when the till was never paired.
func (db *DB) Link(ctx context.Context) (pos.CentralLink, error) {
	var l pos.CentralLink
	var at string
	err := db.db.QueryRowContext(ctx, `SELECT central, token, cert_sha256, paired_at FROM sync_link WHERE id = 1`).Scan(&l.Central, &l.Token, &l.Pin, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return l, pos.Errorf(pos.ENOTFOUND, "this till is not paired with central yet")
	} else if err != nil {
		return l, fmt.Errorf("read pairing: %w", err)
	}
	l.PairedAt = parseTime(at)
	return l, nil
}

// MarkEventsSent records central's answers in one transaction: each event leaves the queue,
// and a rejected one becomes an exception for a manager. Answers for events already marked
// (a batch answered twice) change nothing.
func (db *DB) MarkEventsSent(ctx context.Context, ds []pos.Delivery) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		now := timeText(db.Now())
		for _, d := range ds {
			if err := markSent(ctx, tx, d, now); err != nil {
				return err
			}
		}
		return nil
	})
}

func markSent(ctx context.Context, tx *sql.Tx, d pos.Delivery, now string) error {
	result := "delivered"
	if d.Rejected {
		result = "rejected"
	}
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, result = ? WHERE event_id = ? AND sent_at IS NULL`, now, result, d.Event)
	if err != nil {
		return fmt.Errorf("mark event %s sent: %w", d.Event, err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return nil
	}
	if err := pointsSent(ctx, tx, d); err != nil {
		return err
	}
	if !d.Rejected {
		return nil
	}
	return recordRejection(ctx, tx, d.Event, d.Reason, now)
}

// recordRejection records a refused event for a manager; one refused again after a manager
// sent it again is open again, with central's new reason.
func recordRejection(ctx context.Context, tx *sql.Tx, id pos.EventID, reason, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_rejections (event_id, reason, at) VALUES (?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET reason = excluded.reason, at = excluded.at, resolved_by = NULL, resolved_at = NULL`, id, reason, now)
	if err != nil {
		return fmt.Errorf("record rejection of %s: %w", id, err)
	}
	return nil
}

// Rejections lists the events central refused that no manager has resolved, oldest first.
func (db *DB) Rejections(ctx context.Context) ([]pos.SyncException, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT o.event_id, o.type, o.aggregate, r.reason, r.at
		FROM sync_rejections r JOIN outbox o ON o.event_id = r.event_id WHERE r.resolved_at IS NULL ORDER BY o.seq`)
	if err != nil {
		return nil, fmt.Errorf("read rejections: %w", err)
	}
	defer rows.Close()
	var out []pos.SyncException
	for rows.Next() {
		var r pos.SyncException
		var at string
		if err := rows.Scan(&r.Event, &r.Type, &r.About, &r.Reason, &at); err != nil {
			return nil, fmt.Errorf("read rejection: %w", err)
		}
		r.At = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ResolveRejection records that a manager dealt with a refused event; ENOTFOUND if there is
// no such open rejection.
func (db *DB) ResolveRejection(ctx context.Context, id pos.EventID, manager pos.StaffID) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sync_rejections SET resolved_by = ?, resolved_at = ? WHERE event_id = ? AND resolved_at IS NULL`,
			manager, timeText(db.Now()), id)
		if err != nil {
			return fmt.Errorf("resolve rejection of %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "no open rejection of event %s", id)
		}
		return nil
	})
}

// ResendRejection puts a refused event back in the queue, after a manager had the cause set
// right (the article or the store imported at central, say): the next push sends it again,
// and central books it anew. The rejection is closed as the manager's; refused again, it
// opens again with central's new reason. ENOTFOUND if there is no such open rejection.
func (db *DB) ResendRejection(ctx context.Context, id pos.EventID, manager pos.StaffID) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sync_rejections SET resolved_by = ?, resolved_at = ? WHERE event_id = ? AND resolved_at IS NULL`,
			manager, timeText(db.Now()), id)
		if err != nil {
			return fmt.Errorf("close rejection of %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "no open rejection of event %s", id)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = NULL, result = NULL WHERE event_id = ?`, id); err != nil {
			return fmt.Errorf("queue event %s again: %w", id, err)
		}
		return nil
	})
}

// Cursor is how far the till has applied a pull stream; 0 before the first pull.
func (db *DB) Cursor(ctx context.Context, stream pos.Stream) (int64, error) {
	var c int64
	err := db.db.QueryRowContext(ctx, `SELECT cursor FROM sync_cursors WHERE stream = ?`, stream).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read cursor of %s: %w", stream, err)
	}
	return c, nil
}

// ResetCursor sends a stream back to 0, after central answered "reset": the next pull is a
// full snapshot.
func (db *DB) ResetCursor(ctx context.Context, stream pos.Stream) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setCursor(ctx, tx, stream, 0, timeText(db.Now())) })
}

func setCursor(ctx context.Context, tx *sql.Tx, stream pos.Stream, cursor int64, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, stream, cursor, now)
	if err != nil {
		return fmt.Errorf("save cursor of %s: %w", stream, err)
	}
	return nil
}

// ApplyProductPage saves a page of the products stream and its cursor in one transaction,
// so a crash never leaves a cursor ahead of the catalog. Central is the catalog's owner: a
// barcode, PLU or quick key it gives a product is taken from whichever product held it here
// (within the page, by the later product, as if they were saved one by one). A product that
// did not change is left alone; the search index learns new products and new names.
func (db *DB) ApplyProductPage(ctx context.Context, products []pos.Product, cursor int64) error {
	page, err := newProductPage(products)
	if err != nil {
		return err
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		now := timeText(db.Now())
		if err := page.apply(ctx, tx, now); err != nil {
			return err
		}
		return setCursor(ctx, tx, pos.StreamProducts, cursor, now)
	})
}

// pullSettings are the connection settings a pulled page is applied with, and
// restoreSettings those it goes back to the pool with. A snapshot commits a page of 5,000
// rows 200 times, each touching thousands of B-tree pages (barcodes arrive in random order):
//   - synchronous=NORMAL: no fsync at each commit. WAL still commits a page whole, so a
//     power cut may lose the last pulled pages, never half of one, and the till pulls them
//     again; sales keep synchronous=FULL, and their fsync persists earlier pages too.
//   - a checkpoint per 64 MB of WAL rather than per 4 MB: a page rewritten by every commit
//     is copied into the database once, not at every commit.
//   - a 64 MB page cache, allocated only as used.
var (
	pullSettings    = []string{"PRAGMA synchronous = NORMAL", "PRAGMA wal_autocheckpoint = 16384", "PRAGMA cache_size = -65536"}
	restoreSettings = []string{"PRAGMA synchronous = FULL", "PRAGMA wal_autocheckpoint = 1000"}
)

// pullTx runs fn in one transaction on a connection of its own, under pullSettings. The
// connection goes back to the pool with restoreSettings (the DSN's), or is closed.
func (db *DB) pullTx(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return wrapDiskError(fmt.Errorf("take a connection: %w", err))
	}
	defer conn.Close()
	restored := false
	defer func() {
		if !restored { // never let a sale commit without fsync
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	for _, q := range pullSettings {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	err = runTx(ctx, conn, fn)
	for _, q := range restoreSettings {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), q); rerr != nil {
			return errors.Join(err, fmt.Errorf("%s: %w", q, rerr))
		}
	}
	restored = true
	return err
}

// productPage is a page of pulled products, checked and ready to save. A snapshot saves
// 200 pages of 5,000: each step is one statement for the whole page over a JSON array,
// not one per product, which cost more in the driver than in SQLite.
type productPage struct {
	products []pos.Product
	folded   chan []string // the names as the search index keeps them, folded meanwhile
}

// newProductPage checks the products, keeps the last of a SKU sent twice, and gives a code
// two of them claim to the later one. It starts folding the names in the background.
func newProductPage(products []pos.Product) (*productPage, error) {
	last := make(map[pos.SKU]int, len(products))
	for i, p := range products {
		if err := p.Validate(nil); err != nil {
			return nil, fmt.Errorf("product from central: %w", err)
		}
		last[p.SKU] = i
	}
	page := &productPage{folded: make(chan []string, 1)}
	plus, keys, codes := map[string]bool{}, map[int]bool{}, map[string]bool{}
	for i := len(products) - 1; i >= 0; i-- { // the later product claims first
		p := products[i]
		if last[p.SKU] != i {
			continue
		}
		p.PLU = pos.CanonicalPLU(p.PLU)
		if p.PLU != "" && plus[p.PLU] {
			p.PLU = ""
		}
		if p.QuickKey != 0 && keys[p.QuickKey] {
			p.QuickKey = 0
		}
		var own []string
		for _, printed := range p.Barcodes {
			if gtin := barcode.NormalizeGTIN(printed); !codes[gtin] {
				codes[gtin] = true
				own = append(own, printed)
			}
		}
		p.Barcodes = own
		plus[p.PLU], keys[p.QuickKey] = true, true
		page.products = append(page.products, p)
	}
	slices.Reverse(page.products)
	go func() {
		names := make([]string, len(page.products))
		for i, p := range page.products {
			names[i] = pos.FoldText(p.Name)
		}
		page.folded <- names
	}()
	return page, nil
}

// storedProduct is a product of the page as the till has it.
type storedProduct struct {
	rowid int64
	pos.Product
}

// Statements of a product page. ?1 is a JSON array with one element per product.
const (
	storedProductsSQL = `SELECT p.rowid, p.sku, p.name, p.price, p.vat_bp, p.unit, COALESCE(p.plu, ''), COALESCE(p.quick_key, 0),
		(SELECT json_group_array(printed) FROM (SELECT printed FROM barcodes b WHERE b.sku = p.sku ORDER BY printed))
		FROM json_each(?1) j JOIN products p ON p.sku = j.value`
	insertProductsSQL = `INSERT INTO products (sku, name, price, vat_bp, unit, plu, quick_key, updated_at)
		SELECT value->>0, value->>1, value->>2, value->>3, value->>4, NULLIF(value->>5, ''), NULLIF(value->>6, 0), ?2 FROM json_each(?1)`
	updateProductSQL = `UPDATE products SET name = ?, price = ?, vat_bp = ?, unit = ?, plu = NULLIF(?, ''), quick_key = NULLIF(?, 0),
		updated_at = ? WHERE rowid = ?`
	// A code given to a product is taken from any other that held it, in the same statement.
	takeCodesSQL = `INSERT INTO barcodes (gtin, printed, sku) SELECT value->>0, value->>1, value->>2 FROM json_each(?1) WHERE true
		ON CONFLICT (gtin) DO UPDATE SET printed = excluded.printed, sku = excluded.sku`
	indexNamesSQL = `INSERT INTO product_search (rowid, folded)
		SELECT p.rowid, j.value->>1 FROM json_each(?1) j JOIN products p ON p.sku = j.value->>0`
)

// apply saves the page's new and changed products, their codes and their search entries.
func (page *productPage) apply(ctx context.Context, tx *sql.Tx, now string) error {
	stored, err := page.stored(ctx, tx)
	if err != nil {
		return err
	}
	var added, codes, index [][]any
	for i, p := range page.products {
		old, found := stored[p.SKU]
		if found && old.Product.SameAs(p) {
			continue
		}
		if err := freeUnique(ctx, tx, p, old.Product); err != nil {
			return err
		}
		if found {
			if err := updateProduct(ctx, tx, old, p, now); err != nil {
				return err
			}
		} else {
			added = append(added, []any{p.SKU, p.Name, p.Price, p.VAT, p.Unit, p.PLU, p.QuickKey})
		}
		for _, printed := range p.Barcodes {
			codes = append(codes, []any{barcode.NormalizeGTIN(printed), printed, p.SKU})
		}
		if !found || old.Name != p.Name {
			index = append(index, []any{p.SKU, i})
		}
	}
	if err := execJSON(ctx, tx, "save new products", insertProductsSQL, added, now); err != nil {
		return err
	}
	if err := execJSON(ctx, tx, "save barcodes", takeCodesSQL, codes); err != nil {
		return err
	}
	folded := <-page.folded
	for _, row := range index {
		row[1] = folded[row[1].(int)]
	}
	return execJSON(ctx, tx, "index product names", indexNamesSQL, index)
}

// stored reads the till's copy of the page's products.
func (page *productPage) stored(ctx context.Context, tx *sql.Tx) (map[pos.SKU]storedProduct, error) {
	skus := make([]pos.SKU, len(page.products))
	for i, p := range page.products {
		skus[i] = p.SKU
	}
	arg, err := json.Marshal(skus)
	if err != nil {
		return nil, fmt.Errorf("list the page's products: %w", err)
	}
	rows, err := tx.QueryContext(ctx, storedProductsSQL, string(arg))
	if err != nil {
		return nil, fmt.Errorf("read the page's products: %w", err)
	}
	defer rows.Close()
	out := map[pos.SKU]storedProduct{}
	for rows.Next() {
		var sp storedProduct
		var codes string
		if err := rows.Scan(&sp.rowid, &sp.SKU, &sp.Name, &sp.Price, &sp.VAT, &sp.Unit, &sp.PLU, &sp.QuickKey, &codes); err != nil {
			return nil, fmt.Errorf("read the page's products: %w", err)
		}
		if err := json.Unmarshal([]byte(codes), &sp.Barcodes); err != nil {
			return nil, fmt.Errorf("barcodes of %s: %w", sp.SKU, err)
		}
		out[sp.SKU] = sp
	}
	return out, rows.Err()
}

// freeUnique takes p's PLU and quick key from any other product that holds them here.
func freeUnique(ctx context.Context, tx *sql.Tx, p, old pos.Product) error {
	if p.PLU != "" && p.PLU != old.PLU {
		if _, err := tx.ExecContext(ctx, `UPDATE products SET plu = NULL WHERE plu = ? AND sku <> ?`, p.PLU, p.SKU); err != nil {
			return fmt.Errorf("free PLU %s for %s: %w", p.PLU, p.SKU, err)
		}
	}
	if p.QuickKey != 0 && p.QuickKey != old.QuickKey {
		if _, err := tx.ExecContext(ctx, `UPDATE products SET quick_key = NULL WHERE quick_key = ? AND sku <> ?`, p.QuickKey, p.SKU); err != nil {
			return fmt.Errorf("free quick key %d for %s: %w", p.QuickKey, p.SKU, err)
		}
	}
	return nil
}

// updateProduct saves a changed product over the till's copy; its codes go, to come back
// with the page's, and so does its search entry if the name changed.
func updateProduct(ctx context.Context, tx *sql.Tx, old storedProduct, p pos.Product, now string) error {
	if _, err := tx.ExecContext(ctx, updateProductSQL, p.Name, p.Price, p.VAT, p.Unit, p.PLU, p.QuickKey, now, old.rowid); err != nil {
		return fmt.Errorf("save product %s: %w", p.SKU, uniqueMessage(err, p))
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM barcodes WHERE sku = ?`, p.SKU); err != nil {
		return fmt.Errorf("replace barcodes of %s: %w", p.SKU, err)
	}
	if old.Name != p.Name {
		if _, err := tx.ExecContext(ctx, `DELETE FROM product_search WHERE rowid = ?`, old.rowid); err != nil {
			return fmt.Errorf("unindex %s: %w", p.SKU, err)
		}
	}
	return nil
}

// execJSON runs a page statement over rows given as one JSON array (?1), then args.
func execJSON(ctx context.Context, tx *sql.Tx, what, query string, rows [][]any, args ...any) error {
	if len(rows) == 0 {
		return nil
	}
	arg, err := json.Marshal(rows)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if _, err := tx.ExecContext(ctx, query, append([]any{string(arg)}, args...)...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// ApplyStockPage saves a page of the stock stream and its cursor in one transaction.
func (db *DB) ApplyStockPage(ctx context.Context, levels []pos.StockLevel, cursor int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, l := range levels {
			_, err := tx.ExecContext(ctx, `INSERT INTO central_stock (store_id, sku, on_hand, as_of) VALUES (?, ?, ?, ?)
				ON CONFLICT (sku, store_id) DO UPDATE SET on_hand = excluded.on_hand, as_of = excluded.as_of`,
				l.Store, l.SKU, l.OnHand, timeText(l.AsOf))
			if err != nil {
				return fmt.Errorf("save central stock of %s in %s: %w", l.SKU, l.Store, err)
			}
		}
		return setCursor(ctx, tx, pos.StreamStock, cursor, timeText(db.Now()))
	})
}

// CentralStockOf returns an article's stock in every store as central last reported it.
func (db *DB) CentralStockOf(ctx context.Context, sku pos.SKU) ([]pos.StockLevel, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT store_id, on_hand, as_of FROM central_stock WHERE sku = ? ORDER BY store_id`, sku)
	if err != nil {
		return nil, fmt.Errorf("read central stock of %s: %w", sku, err)
	}
	defer rows.Close()
	var out []pos.StockLevel
	for rows.Next() {
		l := pos.StockLevel{SKU: sku}
		var at string
		if err := rows.Scan(&l.Store, &l.OnHand, &at); err != nil {
			return nil, fmt.Errorf("read central stock of %s: %w", sku, err)
		}
		l.AsOf = parseTime(at)
		out = append(out, l)
	}
	return out, rows.Err()
}

// MarkSynced records the end of a sync round in which every step succeeded.
func (db *DB) MarkSynced(ctx context.Context, at time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_link SET last_sync = ? WHERE id = 1`, timeText(at)); err != nil {
			return fmt.Errorf("record sync time: %w", err)
		}
		return nil
	})
}

// SyncStatus reads the queue, the last sync and the refused events from the database;
// Paired and Online are left false, for the sync link to say.
func (db *DB) SyncStatus(ctx context.Context) (pos.SyncStatus, error) {
	var st pos.SyncStatus
	var oldest, last sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL),
		(SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 1),
		(SELECT last_sync FROM sync_link WHERE id = 1),
		(SELECT COUNT(*) FROM sync_rejections WHERE resolved_at IS NULL)`).Scan(&st.Pending, &oldest, &last, &st.Rejections)
	if err != nil {
		return st, fmt.Errorf("read sync state: %w", err)
	}
	if oldest.Valid {
		st.Oldest = parseTime(oldest.String)
	}
	if last.Valid {
		st.LastSync = parseTime(last.String)
	}
	return st, nil
}
