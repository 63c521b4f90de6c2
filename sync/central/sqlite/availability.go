package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// Availability is what each store can promise of an article: its on-hand (the stock level
// the stock stream carries) less what open orders to be collected there hold. Every store
// with stock of the article or an open order of it is listed; a store whose orders hold
// more than it has shows a negative available. AsOf is the stock level's time, or, for a
// store with no stock of it, that of the latest open order. ENOTFOUND for an unknown SKU.
func (db *DB) Availability(ctx context.Context, sku pos.SKU) (wire.Availability, error) {
	ans := wire.Availability{SKU: string(sku), Stores: []wire.StoreAvailability{}}
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		if _, err := findProduct(ctx, tx, sku); errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.ENOTFOUND, "central knows no SKU %s", sku)
		} else if err != nil {
			return err
		}
		stores := map[string]*wire.StoreAvailability{}
		if err := eachRow(ctx, tx, `SELECT store_id, on_hand, as_of FROM stock_levels WHERE sku = ?`, []any{sku},
			func(store string, qty int64, at time.Time) {
				stores[store] = &wire.StoreAvailability{StoreID: store, OnHand: qty, AsOf: at}
			}); err != nil {
			return fmt.Errorf("stock of %s: %w", sku, err)
		}
		if err := eachRow(ctx, tx, `SELECT o.store_id, SUM(l.qty), MAX(o.updated_at) FROM order_lines l JOIN orders o ON o.id = l.order_id
			WHERE l.sku = ? AND o.status IN (?, ?) GROUP BY o.store_id`, []any{sku, central.OpenStatuses[0], central.OpenStatuses[1]},
			func(store string, qty int64, at time.Time) {
				s, ok := stores[store]
				if !ok {
					s = &wire.StoreAvailability{StoreID: store, AsOf: at}
					stores[store] = s
				}
				s.Reserved = qty
			}); err != nil {
			return fmt.Errorf("open orders of %s: %w", sku, err)
		}
		for _, id := range slices.Sorted(maps.Keys(stores)) {
			s := stores[id]
			s.Available = s.OnHand - s.Reserved
			ans.Stores = append(ans.Stores, *s)
		}
		return nil
	})
	return ans, err
}

// eachRow calls fn with each row of a query selecting a store, a quantity and a time.
func eachRow(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(store string, qty int64, at time.Time)) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var store, at string
		var qty int64
		if err := rows.Scan(&store, &qty, &at); err != nil {
			return err
		}
		fn(store, qty, parseTime(at))
	}
	return rows.Err()
}
