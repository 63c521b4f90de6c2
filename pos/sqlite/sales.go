package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.SaleStore = (*DB)(nil)

// CommitSale writes a sale in one transaction: the next receipt number of its series, the
// sale, lines, tenders and, unless it is a training sale, stock movements and the outbox event.
func (db *DB) CommitSale(ctx context.Context, s *pos.Sale) error {
	defer db.turn.sale()() // an import under way waits for this sale at its next step
	return db.inTx(ctx, func(tx *sql.Tx) error { return commitSale(ctx, tx, s) })
}

// CommitExchange writes a return and the sale it pays for in one transaction: both
// numbered, both events queued (the return's first, so central books the goods back
// before the sale they paid for), or neither.
func (db *DB) CommitExchange(ctx context.Context, s *pos.Sale, r *pos.Return) error {
	defer db.turn.sale()()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := commitReturn(ctx, tx, r); err != nil {
			return err
		}
		return commitSale(ctx, tx, s)
	})
}

func commitSale(ctx context.Context, tx *sql.Tx, s *pos.Sale) error {
	series := "sale"
	if s.Training {
		series = "training"
	}
	var no pos.ReceiptNo
	err := tx.QueryRowContext(ctx, `INSERT INTO receipt_counters (till_id, series, last_no) VALUES (?, ?, 1)
		ON CONFLICT (till_id, series) DO UPDATE SET last_no = last_no + 1 RETURNING last_no`, s.Till, series).Scan(&no)
	if err != nil {
		return fmt.Errorf("next receipt number: %w", err)
	}
	s.ReceiptNo = no
	if err := insertSale(ctx, tx, s); err != nil {
		return err
	}
	if s.Training {
		return nil
	}
	ev, err := pos.SaleCompleted(s)
	if err != nil {
		return err
	}
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements (sku, store_id, delta, reason, ref, event_id, at) VALUES (?, ?, ?, 'sale', ?, ?, ?)`,
			l.SKU, s.Store, -int64(l.Qty), s.ID, ev.ID, timeText(s.CompletedAt)); err != nil {
			return fmt.Errorf("stock movement of %s: %w", l.SKU, err)
		}
	}
	if err := recordPoints(ctx, tx, s, ev.ID); err != nil {
		return err
	}
	return insertEvent(ctx, tx, ev)
}

func insertSale(ctx context.Context, tx *sql.Tx, s *pos.Sale) error {
	var customer pos.Customer
	if s.Customer != nil {
		customer = *s.Customer
	}
	var coupon pos.SaleCoupon
	if s.Coupon != nil {
		coupon = *s.Coupon
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sales (id, store_id, till_id, receipt_no, training, cashier_id, cashier_name, currency,
		started_at, completed_at, total, basket_discount, discount_reason, discount_by, customer_id, customer_name,
		points_rules, points_earned, points_balance, coupon_code, coupon_hold)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Store, s.Till, s.ReceiptNo, s.Training, s.Cashier.ID, s.Cashier.Name, s.Currency, timeText(s.StartedAt),
		timeText(s.CompletedAt), s.Total(), s.BasketDiscount.Amount, s.BasketDiscount.Reason, s.BasketDiscount.ApprovedBy,
		customer.ID, customer.Name, s.Points.Rules, s.Points.Earned, s.Points.Balance, coupon.Code, coupon.Hold)
	if err != nil {
		return fmt.Errorf("insert sale %s: %w", s.ID, err)
	}
	for _, l := range s.Lines {
		_, err := tx.ExecContext(ctx, `INSERT INTO sale_lines (sale_id, line_no, sku, name, code, unit, qty, unit_price, fixed_amount, vat_bp,
			discount, discount_reason, discount_by, voided, void_reason, department, open_price_by, promotion_id, promotion_name,
			promotion_discount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, l.No, l.SKU, l.Name, l.Code, l.Unit, l.Qty, l.UnitPrice, l.FixedAmount, l.VAT,
			l.Discount.Amount, l.Discount.Reason, l.Discount.ApprovedBy, l.Voided, l.VoidReason, l.Department, l.OpenPriceBy,
			l.Promotion.ID, l.Promotion.Name, l.Promotion.Amount)
		if err != nil {
			return fmt.Errorf("insert line %d of sale %s: %w", l.No, s.ID, err)
		}
	}
	for i, t := range s.Tenders {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tenders (sale_id, seq, kind, amount, reference, points) VALUES (?, ?, ?, ?, ?, ?)`,
			s.ID, i+1, t.Kind, t.Amount, t.Reference, t.Points); err != nil {
			return fmt.Errorf("insert tender %d of sale %s: %w", i+1, s.ID, err)
		}
	}
	return nil
}

func insertEvent(ctx context.Context, tx *sql.Tx, ev pos.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (event_id, type, aggregate, payload, created_at) VALUES (?, ?, ?, ?, ?)`,
		ev.ID, ev.Type, ev.Aggregate, string(ev.Payload), timeText(ev.At))
	if err != nil {
		return fmt.Errorf("queue event %s: %w", ev.Type, err)
	}
	return nil
}

// SaleByReceipt loads a committed sale by its till and receipt number.
func (db *DB) SaleByReceipt(ctx context.Context, till pos.TillID, no pos.ReceiptNo, training bool) (*pos.Sale, error) {
	var id pos.SaleID
	err := db.db.QueryRowContext(ctx, `SELECT id FROM sales WHERE till_id = ? AND receipt_no = ? AND training = ?`, till, no, training).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		kind := "receipt"
		if training {
			kind = "training receipt"
		}
		return nil, pos.Errorf(pos.ENOTFOUND, "no %s %d at till %s", kind, no, till)
	} else if err != nil {
		return nil, fmt.Errorf("find receipt %d: %w", no, err)
	}
	return db.SaleByID(ctx, id)
}

// SaleByID loads a committed sale with its lines and tenders.
func (db *DB) SaleByID(ctx context.Context, id pos.SaleID) (*pos.Sale, error) {
	s := &pos.Sale{ID: id}
	var started, completed string
	var customer pos.Customer
	var coupon pos.SaleCoupon
	err := db.db.QueryRowContext(ctx, `SELECT store_id, till_id, receipt_no, training, cashier_id, cashier_name, currency, started_at,
		completed_at, basket_discount, discount_reason, discount_by, customer_id, customer_name, points_rules, points_earned,
		points_balance, coupon_code, coupon_hold FROM sales WHERE id = ?`, id).Scan(
		&s.Store, &s.Till, &s.ReceiptNo, &s.Training, &s.Cashier.ID, &s.Cashier.Name, &s.Currency, &started, &completed,
		&s.BasketDiscount.Amount, &s.BasketDiscount.Reason, &s.BasketDiscount.ApprovedBy, &customer.ID, &customer.Name,
		&s.Points.Rules, &s.Points.Earned, &s.Points.Balance, &coupon.Code, &coupon.Hold)
	if customer.ID != "" {
		s.Customer = &customer
	}
	if coupon.Code != "" {
		s.Coupon = &coupon
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pos.Errorf(pos.ENOTFOUND, "no sale %s", id)
	} else if err != nil {
		return nil, fmt.Errorf("load sale %s: %w", id, err)
	}
	s.StartedAt, s.CompletedAt = parseTime(started), parseTime(completed)
	rows, err := db.db.QueryContext(ctx, `SELECT line_no, sku, name, code, unit, qty, unit_price, fixed_amount, vat_bp, discount,
		discount_reason, discount_by, voided, void_reason, department, open_price_by, promotion_id, promotion_name, promotion_discount
		FROM sale_lines WHERE sale_id = ? ORDER BY line_no`, id)
	if err != nil {
		return nil, fmt.Errorf("load lines of %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l pos.Line
		if err := rows.Scan(&l.No, &l.SKU, &l.Name, &l.Code, &l.Unit, &l.Qty, &l.UnitPrice, &l.FixedAmount, &l.VAT,
			&l.Discount.Amount, &l.Discount.Reason, &l.Discount.ApprovedBy, &l.Voided, &l.VoidReason, &l.Department, &l.OpenPriceBy,
			&l.Promotion.ID, &l.Promotion.Name, &l.Promotion.Amount); err != nil {
			return nil, fmt.Errorf("read line of %s: %w", id, err)
		}
		s.Lines = append(s.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	trows, err := db.db.QueryContext(ctx, `SELECT kind, amount, reference, points FROM tenders WHERE sale_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("load tenders of %s: %w", id, err)
	}
	defer trows.Close()
	for trows.Next() {
		var t pos.Tender
		if err := trows.Scan(&t.Kind, &t.Amount, &t.Reference, &t.Points); err != nil {
			return nil, fmt.Errorf("read tender of %s: %w", id, err)
		}
		if t.Kind == pos.TenderPoints {
			s.Points.Redeemed += t.Points
		}
		s.Tenders = append(s.Tenders, t)
	}
	if err := trows.Err(); err != nil {
		return nil, err
	}
	if s.Exchange, err = db.exchangeOf(ctx, id); err != nil {
		return nil, err
	}
	if s.Exchange != nil {
		s.Exchange.Source.Currency = s.Currency
	}
	return s, nil
}

// PendingEvents returns the outbox events not yet sent, oldest first.
func (db *DB) PendingEvents(ctx context.Context, limit int) ([]pos.Event, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT event_id, type, aggregate, payload, created_at FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []pos.Event
	for rows.Next() {
		var ev pos.Event
		var payload, at string
		if err := rows.Scan(&ev.ID, &ev.Type, &ev.Aggregate, &payload, &at); err != nil {
			return nil, fmt.Errorf("read outbox row: %w", err)
		}
		ev.Payload, ev.At = []byte(payload), parseTime(at)
		out = append(out, ev)
	}
	return out, rows.Err()
}

// OnHand is the stock of a product in a store: the sum of its movements.
func (db *DB) OnHand(ctx context.Context, store pos.StoreID, sku pos.SKU) (pos.Qty, error) {
	var q pos.Qty
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(delta), 0) FROM stock_movements WHERE store_id = ? AND sku = ?`, store, sku).Scan(&q)
	if err != nil {
		return 0, fmt.Errorf("stock of %s: %w", sku, err)
	}
	return q, nil
}
