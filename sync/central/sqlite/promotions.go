package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// SavePromotions adds, changes or withdraws promotions in one transaction, all or none.
// Every SKU and store a promotion names must be known. As with products, an unchanged
// promotion keeps its place in the stream, so importing the same file twice sends nothing.
func (db *DB) SavePromotions(ctx context.Context, promos []central.Numbered[pos.Promotion]) (central.ImportResult, error) {
	var res central.ImportResult
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := timeText(db.Now())
		for _, n := range promos {
			if err := checkPromotion(ctx, tx, n.Rec); err != nil {
				return central.AtLine(n.Line, err)
			}
			old, err := findPromotion(ctx, tx, n.Rec.ID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				res.Added++
			case err != nil:
				return err
			case central.SamePromotion(old, n.Rec):
				res.Unchanged++
				continue
			default:
				res.Changed++
			}
			if err := upsertPromotion(ctx, tx, n.Rec, now); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// checkPromotion refuses a promotion naming what central does not know.
func checkPromotion(ctx context.Context, tx *sql.Tx, p pos.Promotion) error {
	if err := p.Validate(); err != nil {
		return err
	}
	for _, sku := range p.SKUs {
		if _, err := findProduct(ctx, tx, sku); errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.EINVALID, "promotion %s names SKU %s, which central does not know: import the products first", p.ID, sku)
		} else if err != nil {
			return err
		}
	}
	for _, s := range p.Stores {
		if _, err := findStore(ctx, tx, s); err != nil {
			return pos.Errorf(pos.EINVALID, "promotion %s: %s", p.ID, pos.ErrorMessage(err))
		}
	}
	return nil
}

const promotionColumnsSQL = `id, name, kind, skus, value, min_qty, stores, starts, ends, withdrawn, members`

// scanPromotion reads a row of promotionColumnsSQL, then dest.
func scanPromotion(row interface{ Scan(...any) error }, dest ...any) (pos.Promotion, error) {
	var p pos.Promotion
	var skus, stores, starts, ends string
	err := row.Scan(append([]any{&p.ID, &p.Name, &p.Kind, &skus, &p.Value, &p.MinQty, &stores, &starts, &ends, &p.Withdrawn, &p.Members}, dest...)...)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(skus), &p.SKUs); err != nil {
		return p, fmt.Errorf("SKUs of promotion %s: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(stores), &p.Stores); err != nil {
		return p, fmt.Errorf("stores of promotion %s: %w", p.ID, err)
	}
	p.Starts, p.Ends = parseTime(starts), parseTime(ends)
	return p, nil
}

func findPromotion(ctx context.Context, tx *sql.Tx, id string) (pos.Promotion, error) {
	p, err := scanPromotion(tx.QueryRowContext(ctx, `SELECT `+promotionColumnsSQL+` FROM promotions WHERE id = ?`, id))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("read promotion %s: %w", id, err)
	}
	return p, err
}

func upsertPromotion(ctx context.Context, tx *sql.Tx, p pos.Promotion, now string) error {
	seq, err := nextSeq(ctx, tx, pos.StreamPromotions)
	if err != nil {
		return err
	}
	skus, err := json.Marshal(nonNil(skuStrings(p.SKUs)))
	if err != nil {
		return err
	}
	stores, err := json.Marshal(nonNil(storeStrings(p.Stores)))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO promotions (`+promotionColumnsSQL+`, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, skus = excluded.skus, value = excluded.value,
		min_qty = excluded.min_qty, stores = excluded.stores, starts = excluded.starts, ends = excluded.ends,
		withdrawn = excluded.withdrawn, members = excluded.members, seq = excluded.seq, updated_at = excluded.updated_at`,
		p.ID, p.Name, p.Kind, string(skus), p.Value, p.MinQty, string(stores), timeText(p.Starts), timeText(p.Ends), p.Withdrawn, p.Members, seq, now)
	if err != nil {
		return fmt.Errorf("save promotion %s: %w", p.ID, err)
	}
	return nil
}

func skuStrings(s []pos.SKU) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

func storeStrings(s []pos.StoreID) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return out
}

// activePromotions are the promotions that may apply in store at the instant at, by id:
// the order PriceLines breaks a tie in.
func activePromotions(ctx context.Context, tx *sql.Tx, store pos.StoreID, at time.Time) ([]pos.Promotion, error) {
	now := timeText(at)
	rows, err := tx.QueryContext(ctx, `SELECT `+promotionColumnsSQL+` FROM promotions WHERE withdrawn = 0 AND starts <= ? AND ends > ? ORDER BY id`, now, now)
	if err != nil {
		return nil, fmt.Errorf("read promotions: %w", err)
	}
	defer rows.Close()
	var out []pos.Promotion
	for rows.Next() {
		p, err := scanPromotion(rows)
		if err != nil {
			return nil, fmt.Errorf("read promotions: %w", err)
		}
		if p.ActiveAt(store, at) {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// PromotionChanges returns the promotions added, changed or withdrawn after cursor, oldest
// change first, at most limit. Every till gets every promotion and keeps those of its
// store. Cursor 0 is a full snapshot, with its total; ErrReset as for ProductChanges.
func (db *DB) PromotionChanges(ctx context.Context, cursor int64, limit int) (wire.PromotionPage, error) {
	p, err := readStream(ctx, db, promotionStream, cursor, limit)
	return wire.PromotionPage{Promotions: p.rows, NextCursor: p.next, More: p.more, Total: p.total}, err
}

var promotionStream = streamQuery[wire.Promotion]{
	stream: pos.StreamPromotions,
	rows:   `SELECT ` + promotionColumnsSQL + `, seq FROM promotions WHERE seq > ? ORDER BY seq LIMIT ?`,
	count:  `SELECT COUNT(*) FROM promotions`,
	scan: func(rows *sql.Rows, seq *int64) (wire.Promotion, error) {
		p, err := scanPromotion(rows, seq)
		return wirePromotion(p), err
	},
}

func wirePromotion(p pos.Promotion) wire.Promotion {
	w := wire.Promotion{ID: p.ID, Name: p.Name, Kind: string(p.Kind), SKUs: skuStrings(p.SKUs), Value: p.Value, MinQty: p.MinQty,
		Starts: p.Starts, Ends: p.Ends, Withdrawn: p.Withdrawn, Members: p.Members}
	if len(p.Stores) > 0 {
		w.Stores = storeStrings(p.Stores)
	}
	return w
}
