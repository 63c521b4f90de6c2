package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// ClaimSale takes an anonymous in-store sale into a customer's account, for web shop shop
// (the customer followed the receipt's QR): the sale becomes the customer's, it earns the
// points the rules in force give (a ledger entry under "claim:<sale id>", once), and the
// customer moves on the stream. A sale already the customer's is answered as it stands;
// another customer's is ECONFLICT; an unknown sale ENOTFOUND.
func (db *DB) ClaimSale(ctx context.Context, shop string, id pos.SaleID, req wire.ClaimRequest) (wire.ClaimAnswer, error) {
	ans := wire.ClaimAnswer{SaleID: string(id), CustomerID: req.CustomerID}
	if req.CustomerID == "" {
		return ans, pos.Errorf(pos.EINVALID, "customer_id is required: the customer the purchase goes to")
	}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		customer, err := customerOf(ctx, tx, pos.CustomerID(req.CustomerID))
		if err != nil {
			return err
		}
		c, err := findCustomer(ctx, tx, customer)
		if err != nil {
			return err
		}
		if c.Erased {
			return pos.Errorf(pos.ECONFLICT, "customer %s was erased", customer)
		}
		var owner string
		err = tx.QueryRowContext(ctx, `SELECT store_id, till_id, receipt_no, total, currency, customer_id FROM sales WHERE id = ?`, id).
			Scan(&ans.StoreID, &ans.TillID, &ans.ReceiptNo, &ans.Total, &ans.Currency, &owner)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return pos.Errorf(pos.ENOTFOUND, "central has no sale %s (a till may not have sent it yet: try again later)", id)
		case err != nil:
			return fmt.Errorf("read sale %s: %w", id, err)
		}
		event := "claim:" + string(id)
		if owner != "" {
			if kept, err := customerOf(ctx, tx, pos.CustomerID(owner)); err != nil || kept != customer {
				return pos.Errorf(pos.ECONFLICT, "sale %s is another customer's already", id)
			}
			err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_entries WHERE event_id = ? AND event_id <> '' AND kind = 'earn'`, event).Scan(&ans.Earned)
			if err != nil {
				return fmt.Errorf("points of the claim of %s: %w", id, err)
			}
			ans.CustomerID = string(customer)
			ans.Balance, err = balance(ctx, tx, customer)
			return err
		}
		lines, tenders, err := saleForPoints(ctx, tx, id)
		if err != nil {
			return err
		}
		rules, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		if ans.Earned, err = rules.Earned(lines, tenders); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sales SET customer_id = ? WHERE id = ?`, customer, id); err != nil {
			return fmt.Errorf("give sale %s to customer %s: %w", id, customer, err)
		}
		if ans.Earned > 0 {
			entry := central.LoyaltyEntry{Customer: customer, Points: ans.Earned, Kind: "earn", Event: pos.EventID(event),
				Source: fmt.Sprintf("sale %s/%s/%d claimed at %s", ans.StoreID, ans.TillID, ans.ReceiptNo, shop)}
			if err := addEntries(ctx, tx, []central.LoyaltyEntry{entry}, db.Now()); err != nil {
				return err
			}
		}
		if err := touchCustomer(ctx, tx, customer, db.Now()); err != nil {
			return err
		}
		ans.CustomerID = string(customer)
		ans.Balance, err = balance(ctx, tx, customer)
		return err
	})
	return ans, err
}

// saleForPoints reads what a kept sale's points are counted from: its lines as paid and
// its tenders.
func saleForPoints(ctx context.Context, tx *sql.Tx, id pos.SaleID) ([]pos.SaleEventLine, []pos.SaleEventTender, error) {
	var lines []pos.SaleEventLine
	// What was returned before the claim earns nothing.
	rows, err := tx.QueryContext(ctx, `SELECT l.line_no, l.sku, l.amount - COALESCE((SELECT SUM(rl.amount) FROM return_lines rl JOIN returns r ON r.id = rl.return_id
			WHERE r.source_kind = 'sale' AND r.source_id = l.sale_id AND r.status = 'booked' AND rl.line_no = l.line_no), 0), l.voided
		FROM sale_lines l WHERE l.sale_id = ? ORDER BY l.line_no`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("lines of sale %s: %w", id, err)
	}
	for rows.Next() {
		var l pos.SaleEventLine
		if err := rows.Scan(&l.No, &l.SKU, &l.Amount, &l.Voided); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("lines of sale %s: %w", id, err)
		}
		lines = append(lines, l)
	}
	rows.Close()
	var tenders []pos.SaleEventTender
	rows, err = tx.QueryContext(ctx, `SELECT kind, amount FROM tenders WHERE sale_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("tenders of sale %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t pos.SaleEventTender
		if err := rows.Scan(&t.Kind, &t.Amount); err != nil {
			return nil, nil, fmt.Errorf("tenders of sale %s: %w", id, err)
		}
		tenders = append(tenders, t)
	}
	return lines, tenders, rows.Err()
}
