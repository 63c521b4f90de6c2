package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// purchasesDays is how far back PurchasesOf looks.
const purchasesDays = 365

// PurchasesOf is what a customer bought that could come back, for a cashier who has no
// receipt: the sales tills booked under their id or a till's id for them
// (customer_aliases), and their collected online orders, of the last 365 days, newest
// first, at most wire.MaxCustomerPurchases. key is their loyalty card, their id or a
// till's id for them, or their exact e-mail or phone (customerByKey): ENOTFOUND when
// nobody is that, ECONFLICT when several customers share it. Of the customer only their
// id and name: a return needs no more (no e-mail, phone or address).
func (db *DB) PurchasesOf(ctx context.Context, key string) (wire.CustomerPurchases, error) {
	ans := wire.CustomerPurchases{Purchases: []wire.PurchaseRef{}}
	key = strings.TrimSpace(key)
	if key == "" {
		return ans, pos.Errorf(pos.EINVALID, "say which customer: their card, e-mail or phone")
	}
	since := timeText(db.Now().AddDate(0, 0, -purchasesDays))
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		id, err := customerByKey(ctx, tx, key)
		if err != nil {
			return err
		}
		h, err := customerDetails(ctx, tx, id)
		if err != nil {
			return err
		}
		ans.Customer = wire.OrderCustomer{ID: string(id), Name: h.Customer.Name}
		ids, err := json.Marshal(append([]pos.CustomerID{id}, h.Aliases...))
		if err != nil {
			return fmt.Errorf("ids of customer %s: %w", id, err)
		}
		// customer_id <> '' lets SQLite use the partial index sales_customer.
		const sales = `SELECT 'sale', s.id, s.store_id || '/' || s.till_id || '/' || s.receipt_no, 'store', s.completed_at, s.total, s.currency,
			(SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id AND NOT l.voided)
			FROM sales s WHERE s.customer_id <> '' AND s.customer_id IN (SELECT value FROM json_each(?1)) AND s.completed_at >= ?2`
		const orders = `SELECT 'order', o.number, o.number, o.channel, o.created_at, o.total, o.currency,
			(SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id)
			FROM orders o WHERE o.customer_id IN (SELECT value FROM json_each(?1)) AND o.status = ?3 AND o.created_at >= ?2`
		rows, err := tx.QueryContext(ctx, sales+` UNION ALL `+orders+` ORDER BY 5 DESC, 2 DESC LIMIT ?4`,
			string(ids), since, wire.OrderCollected, wire.MaxCustomerPurchases)
		if err != nil {
			return fmt.Errorf("read the purchases of customer %s: %w", id, err)
		}
		defer rows.Close()
		for rows.Next() {
			var p wire.PurchaseRef
			var at string
			if err := rows.Scan(&p.Kind, &p.Ref, &p.Label, &p.Channel, &at, &p.Total, &p.Currency, &p.Lines); err != nil {
				return fmt.Errorf("read the purchases of customer %s: %w", id, err)
			}
			p.At = parseTime(at)
			ans.Purchases = append(ans.Purchases, p)
		}
		return rows.Err()
	})
	return ans, err
}
