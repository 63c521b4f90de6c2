package sqlite

import (
	"context"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

// StockPicture is an article's stock here and elsewhere. This store's figure is live: the
// level central last confirmed for it, plus this till's movements whose events central has
// not had yet; a till never paired counts its own movements alone.
func (db *DB) StockPicture(ctx context.Context, store pos.StoreID, p pos.Product) (pos.StockPicture, error) {
	pic := pos.StockPicture{SKU: p.SKU, Unit: p.Unit}
	levels, err := db.CentralStockOf(ctx, p.SKU)
	if err != nil {
		return pic, err
	}
	confirmed, haveCentral := pos.Qty(0), false
	for _, l := range levels {
		if l.Store == store {
			confirmed, haveCentral = l.OnHand, true
			continue
		}
		pic.Elsewhere = append(pic.Elsewhere, pos.StockElsewhere{Store: l.Store, OnHand: l.OnHand, AsOf: l.AsOf})
	}
	query := `SELECT COALESCE(SUM(delta), 0) FROM stock_movements WHERE store_id = ? AND sku = ?`
	if haveCentral {
		query = `SELECT COALESCE(SUM(m.delta), 0) FROM stock_movements m JOIN outbox o ON o.event_id = m.event_id
			WHERE m.store_id = ? AND m.sku = ? AND o.sent_at IS NULL`
	}
	var local pos.Qty
	if err := db.db.QueryRowContext(ctx, query, store, p.SKU).Scan(&local); err != nil {
		return pic, fmt.Errorf("stock of %s: %w", p.SKU, err)
	}
	pic.Here = confirmed + local
	return pic, nil
}
