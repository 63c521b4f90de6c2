package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// Pull streams whose cursors the till keeps.
const (
	StreamProducts = "products"
	StreamStock    = "stock"
)

// Link is the till's pairing with central.
type Link struct {
	Central  string // base URL, e.g. https://central.example:8420
	Token    string
	PairedAt time.Time
}

// SaveLink remembers central's address and the token it gave this till, replacing any
// earlier pairing. The store and till ids central paired are checked against this till's
// own: a code made for another till must not make this one speak for it.
func (db *DB) SaveLink(ctx context.Context, central, token string, store pos.StoreID, till pos.TillID) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var ownStore, ownTill sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT value FROM settings WHERE key = ?), (SELECT value FROM settings WHERE key = ?)`,
			KeyStoreID, KeyTillID).Scan(&ownStore, &ownTill); err != nil {
			return fmt.Errorf("read this till's ids: %w", err)
		}
		if ownStore.String != string(store) || ownTill.String != string(till) {
			return pos.Errorf(pos.ECONFLICT, "the pairing code is for till %s of store %s, but this till is %s of store %s: ask IT for this till's code",
				till, store, ownTill.String, ownStore.String)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_link (id, central, token, paired_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET central = excluded.central, token = excluded.token, paired_at = excluded.paired_at`,
			central, token, timeText(db.Now()))
		if err != nil {
			return fmt.Errorf("save pairing: %w", err)
		}
		return nil
	})
}

// Link returns the till's pairing; ENOTFOUND when the till was never paired.
func (db *DB) Link(ctx context.Context) (Link, error) {
	var l Link
	var at string
	err := db.db.QueryRowContext(ctx, `SELECT central, token, paired_at FROM sync_link WHERE id = 1`).Scan(&l.Central, &l.Token, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return l, pos.Errorf(pos.ENOTFOUND, "this till is not paired with central yet")
	} else if err != nil {
		return l, fmt.Errorf("read pairing: %w", err)
	}
	l.PairedAt = parseTime(at)
	return l, nil
}

// Delivery is central's answer for one pushed event.
type Delivery struct {
	Event    pos.EventID
	Rejected bool
	Reason   string // why central refused it
}

// MarkEventsSent records central's answers in one transaction: each event leaves the queue,
// and a rejected one becomes an exception for a manager. Answers for events already marked
// (a batch answered twice) change nothing.
func (db *DB) MarkEventsSent(ctx context.Context, ds []Delivery) error {
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

func markSent(ctx context.Context, tx *sql.Tx, d Delivery, now string) error {
	result := "delivered"
	if d.Rejected {
		result = "rejected"
	}
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, result = ? WHERE event_id = ? AND sent_at IS NULL`, now, result, d.Event)
	if err != nil {
		return fmt.Errorf("mark event %s sent: %w", d.Event, err)
	}
	if n, _ := res.RowsAffected(); n == 0 || !d.Rejected {
		return nil
	}
	return recordRejection(ctx, tx, d.Event, d.Reason, now)
}

func recordRejection(ctx context.Context, tx *sql.Tx, id pos.EventID, reason, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_rejections (event_id, reason, at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING`, id, reason, now)
	if err != nil {
		return fmt.Errorf("record rejection of %s: %w", id, err)
	}
	return nil
}

// Rejection is an event central refused, waiting for a manager.
type Rejection struct {
	Event  pos.Event
	Reason string
	At     time.Time // when central's answer came
}

// Rejections lists the events central refused that no manager has resolved, oldest first.
func (db *DB) Rejections(ctx context.Context) ([]Rejection, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT o.event_id, o.type, o.aggregate, o.payload, o.created_at, r.reason, r.at
		FROM sync_rejections r JOIN outbox o ON o.event_id = r.event_id WHERE r.resolved_at IS NULL ORDER BY o.seq`)
	if err != nil {
		return nil, fmt.Errorf("read rejections: %w", err)
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var payload, created, at string
		if err := rows.Scan(&r.Event.ID, &r.Event.Type, &r.Event.Aggregate, &payload, &created, &r.Reason, &at); err != nil {
			return nil, fmt.Errorf("read rejection: %w", err)
		}
		r.Event.Payload, r.Event.At, r.At = []byte(payload), parseTime(created), parseTime(at)
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

// Cursor is how far the till has applied a pull stream; 0 before the first pull.
func (db *DB) Cursor(ctx context.Context, stream string) (int64, error) {
	var c int64
	err := db.db.QueryRowContext(ctx, `SELECT cursor FROM sync_cursors WHERE stream = ?`, stream).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read cursor of %s: %w", stream, err)
	}
	return c, nil
}

// ResetCursor sends a stream back to 0, after central answered "reset": the next pull is a
// full snapshot.
func (db *DB) ResetCursor(ctx context.Context, stream string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return setCursor(ctx, tx, stream, 0, timeText(db.Now())) })
}

func setCursor(ctx context.Context, tx *sql.Tx, stream string, cursor int64, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`, stream, cursor, now)
	if err != nil {
		return fmt.Errorf("save cursor of %s: %w", stream, err)
	}
	return nil
}

// ApplyProductPage saves a page of the products stream and its cursor in one transaction,
// so a crash never leaves a cursor ahead of the catalog. Central is the catalog's owner: a
// barcode, PLU or quick key it gives a product is taken from whichever product held it here.
func (db *DB) ApplyProductPage(ctx context.Context, products []pos.Product, cursor int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := prepareProductStatements(ctx, tx)
		if err != nil {
			return err
		}
		defer s.close()
		now := timeText(db.Now())
		for _, p := range products {
			if err := p.Validate(nil); err != nil {
				return fmt.Errorf("product from central: %w", err)
			}
			if err := releaseCodes(ctx, tx, p); err != nil {
				return err
			}
			if _, err := s.save(ctx, p, now); err != nil {
				return err
			}
		}
		return setCursor(ctx, tx, StreamProducts, cursor, now)
	})
}

// releaseCodes frees the unique codes p is about to take from any other product.
func releaseCodes(ctx context.Context, tx *sql.Tx, p pos.Product) error {
	if plu := pos.CanonicalPLU(p.PLU); plu != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE products SET plu = NULL WHERE plu = ? AND sku <> ?`, plu, p.SKU); err != nil {
			return fmt.Errorf("free PLU %s for %s: %w", plu, p.SKU, err)
		}
	}
	if p.QuickKey != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE products SET quick_key = NULL WHERE quick_key = ? AND sku <> ?`, p.QuickKey, p.SKU); err != nil {
			return fmt.Errorf("free quick key %d for %s: %w", p.QuickKey, p.SKU, err)
		}
	}
	for _, code := range p.Barcodes {
		if _, err := tx.ExecContext(ctx, `DELETE FROM barcodes WHERE gtin = ? AND sku <> ?`, barcode.NormalizeGTIN(code), p.SKU); err != nil {
			return fmt.Errorf("free barcode %s for %s: %w", code, p.SKU, err)
		}
	}
	return nil
}

// CentralStock is one store's on-hand of an article as central last reported it.
type CentralStock struct {
	Store  pos.StoreID
	SKU    pos.SKU
	OnHand pos.Qty
	AsOf   time.Time
}

// ApplyStockPage saves a page of the stock stream and its cursor in one transaction.
func (db *DB) ApplyStockPage(ctx context.Context, levels []CentralStock, cursor int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, l := range levels {
			_, err := tx.ExecContext(ctx, `INSERT INTO central_stock (store_id, sku, on_hand, as_of) VALUES (?, ?, ?, ?)
				ON CONFLICT (sku, store_id) DO UPDATE SET on_hand = excluded.on_hand, as_of = excluded.as_of`,
				l.Store, l.SKU, l.OnHand, timeText(l.AsOf))
			if err != nil {
				return fmt.Errorf("save central stock of %s in %s: %w", l.SKU, l.Store, err)
			}
		}
		return setCursor(ctx, tx, StreamStock, cursor, timeText(db.Now()))
	})
}

// CentralStockOf returns an article's stock in every store as central last reported it.
func (db *DB) CentralStockOf(ctx context.Context, sku pos.SKU) ([]CentralStock, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT store_id, on_hand, as_of FROM central_stock WHERE sku = ? ORDER BY store_id`, sku)
	if err != nil {
		return nil, fmt.Errorf("read central stock of %s: %w", sku, err)
	}
	defer rows.Close()
	var out []CentralStock
	for rows.Next() {
		l := CentralStock{SKU: sku}
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

// SyncState is what the till shows of its link with central at all times.
type SyncState struct {
	Pending       int       // events waiting for central
	OldestPending time.Time // when the oldest waiting event happened; zero when none waits
	LastSync      time.Time // end of the last complete sync; zero if never
	Online        bool      // the last attempt reached central (filled in by the sync worker)
	Rejections    int       // refused events no manager has resolved
}

// SyncState reads the queue and the last sync from the database; Online is left false.
func (db *DB) SyncState(ctx context.Context) (SyncState, error) {
	var st SyncState
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
		st.OldestPending = parseTime(oldest.String)
	}
	if last.Valid {
		st.LastSync = parseTime(last.String)
	}
	return st, nil
}
