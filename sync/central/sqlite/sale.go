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

// applySale records a till's sale with its lines and tenders and takes the sold quantities
// off the store's stock, every row carrying the event id.
func applySale(ctx context.Context, tx *sql.Tx, till central.Till, ev wire.Event) error {
	s, err := central.SaleOf(ev)
	if err != nil {
		return err
	}
	store, err := findStore(ctx, tx, till.Store)
	if err != nil {
		return err
	}
	if err := central.CheckSale(s, ev.Aggregate, till, store); err != nil {
		return err
	}
	var other string
	err = tx.QueryRowContext(ctx, `SELECT event_id FROM sales WHERE id = ?`, s.SaleID).Scan(&other)
	if err == nil {
		return central.Reject("sale %s was already recorded from event %s", s.SaleID, other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("look sale %s up: %w", s.SaleID, err)
	}
	err = tx.QueryRowContext(ctx, `SELECT id FROM sales WHERE store_id = ? AND till_id = ? AND receipt_no = ?`, till.Store, till.ID, s.ReceiptNo).Scan(&other)
	if err == nil {
		return central.Reject("receipt %d of till %s is already sale %s", s.ReceiptNo, till, other)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("look receipt %d up: %w", s.ReceiptNo, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sales (id, event_id, store_id, till_id, receipt_no, cashier_id, currency, started_at,
		completed_at, total, basket_discount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.SaleID, ev.EventID, till.Store, till.ID, s.ReceiptNo,
		s.Cashier, s.Currency, timeText(s.StartedAt), timeText(s.CompletedAt), s.Total, s.BasketDiscount); err != nil {
		return fmt.Errorf("insert sale %s: %w", s.SaleID, err)
	}
	for _, l := range s.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sale_lines (sale_id, line_no, event_id, sku, code, qty, unit_price, vat_bp, amount,
			line_discount, basket_share, voided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.SaleID, l.No, ev.EventID, l.SKU, l.Code,
			l.Qty, l.UnitPrice, l.VAT, l.Amount, l.LineDiscount, l.BasketShare, l.Voided); err != nil {
			return fmt.Errorf("insert line %d of sale %s: %w", l.No, s.SaleID, err)
		}
		if l.Voided {
			continue
		}
		m := central.Movement{Store: till.Store, SKU: l.SKU, Delta: -l.Qty}
		if err := addMovement(ctx, tx, m, "sale", string(s.SaleID), pos.EventID(ev.EventID), s.CompletedAt); err != nil {
			return err
		}
	}
	for i, t := range s.Tenders {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tenders (sale_id, seq, event_id, kind, amount, reference) VALUES (?, ?, ?, ?, ?, ?)`,
			s.SaleID, i+1, ev.EventID, t.Kind, t.Amount, t.Reference); err != nil {
			return fmt.Errorf("insert tender %d of sale %s: %w", i+1, s.SaleID, err)
		}
	}
	return nil
}
