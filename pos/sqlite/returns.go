package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
)

var _ pos.ReturnStore = (*DB)(nil)

// OwnReturnable is a receipt of this till (by number, or by sale id) with what this till's
// returns took back of each line.
func (db *DB) OwnReturnable(ctx context.Context, store pos.StoreID, till pos.TillID, no pos.ReceiptNo, sale pos.SaleID) (pos.Returnable, error) {
	var s *pos.Sale
	var err error
	if sale != "" {
		s, err = db.SaleByID(ctx, sale)
	} else {
		s, err = db.SaleByReceipt(ctx, till, no, false)
	}
	if err != nil {
		return pos.Returnable{}, err
	}
	if s.Training || s.Store != store || s.Till != till {
		return pos.Returnable{}, pos.Errorf(pos.ENOTFOUND, "no receipt %d of this till", s.ReceiptNo)
	}
	r := pos.Returnable{Kind: pos.SourceSale, ID: string(s.ID), Label: fmt.Sprintf("%s/%s/%d", s.Store, s.Till, s.ReceiptNo), Channel: "store",
		Store: s.Store, Currency: s.Currency, At: s.CompletedAt}
	if s.Customer != nil {
		r.Customer = s.Customer.ID
	}
	shares := s.BasketShares()
	for i, l := range s.Lines {
		if l.Voided {
			continue
		}
		rl := pos.ReturnableLine{Line: l.No, SKU: l.SKU, Name: l.Name, Unit: l.Unit, Qty: l.Qty, Amount: l.Due() - shares[i],
			UnitPrice: l.UnitPrice, Discounts: l.Discount.Amount + shares[i]}
		if l.Promotion.ID != "" && l.FixedAmount == 0 { // how it was priced, while the till still has the promotion
			ps, err := db.PromotionsFor(ctx, l.SKU, s.Store, s.CompletedAt)
			if err != nil {
				return r, err
			}
			for _, p := range ps {
				if p.ID == l.Promotion.ID {
					rl.Promotion = &p
				}
			}
		}
		r.Lines = append(r.Lines, rl)
	}
	for _, t := range s.Tenders {
		r.Tenders = append(r.Tenders, pos.SaleEventTender(t))
	}
	rows, err := db.db.QueryContext(ctx, `SELECT l.line_no, l.qty, r.till_id, r.return_no, r.completed_at FROM return_lines l
		JOIN returns r ON r.id = l.return_id WHERE r.source_kind = 'sale' AND r.source_id = ? ORDER BY r.return_no`, s.ID)
	if err != nil {
		return r, fmt.Errorf("returns of sale %s: %w", s.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int
		var qty pos.Qty
		var rtill string
		var rno int64
		var at string
		if err := rows.Scan(&line, &qty, &rtill, &rno, &at); err != nil {
			return r, fmt.Errorf("returns of sale %s: %w", s.ID, err)
		}
		for i := range r.Lines {
			if r.Lines[i].Line == line {
				r.Lines[i].Returned += qty
				r.Lines[i].Where = append(r.Lines[i].Where, fmt.Sprintf("%s at till %s (return %d) on %s", pos.Measure{Qty: qty, Unit: r.Lines[i].Unit},
					rtill, rno, parseTime(at).Local().Format("2006-01-02 15:04")))
			}
		}
	}
	return r, rows.Err()
}

// CommitReturn writes a return in one transaction: its number in the till's return
// series, lines, refunds, the stock of resellable lines back into the store, and the
// outbox event.
func (db *DB) CommitReturn(ctx context.Context, r *pos.Return) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return commitReturn(ctx, tx, r) })
}

func commitReturn(ctx context.Context, tx *sql.Tx, r *pos.Return) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO receipt_counters (till_id, series, last_no) VALUES (?, 'return', 1)
		ON CONFLICT (till_id, series) DO UPDATE SET last_no = last_no + 1 RETURNING last_no`, r.Till).Scan(&r.ReturnNo)
	if err != nil {
		return fmt.Errorf("next return number: %w", err)
	}
	ev, err := pos.ReturnCompleted(r)
	if err != nil {
		return err
	}
	at := timeText(r.CompletedAt)
	var customer []byte
	if r.Customer != nil {
		if customer, err = json.Marshal(r.Customer); err != nil {
			return fmt.Errorf("customer of return %s: %w", r.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO returns (id, store_id, till_id, return_no, cashier_id, cashier_name, approved_by, source_kind,
		source_id, source_label, reason, total, reserved, day, completed_at, customer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Store, r.Till, r.ReturnNo, r.Cashier.ID, r.Cashier.Name, r.ApprovedBy, r.Source.Kind, r.Source.ID, r.Source.Label, r.Reason,
		r.Total(), r.Reservation, dayText(r.CompletedAt), at, string(customer)); err != nil {
		return fmt.Errorf("keep return %s: %w", r.ID, err)
	}
	for _, l := range r.Lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO return_lines (return_id, line_no, sku, name, unit, qty, amount, resellable)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, l.Line, l.SKU, l.Name, l.Unit, l.Qty, l.Amount, l.Resellable); err != nil {
			return fmt.Errorf("line %d of return %s: %w", l.Line, r.ID, err)
		}
		if !l.Resellable {
			continue // written off: recorded with the return, not back on the shelf
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stock_movements (sku, store_id, delta, reason, ref, event_id, at) VALUES (?, ?, ?, 'return', ?, ?, ?)`,
			l.SKU, r.Store, int64(l.Qty), r.ID, ev.ID, at); err != nil {
			return fmt.Errorf("stock back of %s: %w", l.SKU, err)
		}
	}
	for i, t := range r.Refund {
		if _, err := tx.ExecContext(ctx, `INSERT INTO return_refunds (return_id, seq, kind, amount, reference, approval) VALUES (?, ?, ?, ?, ?, ?)`,
			r.ID, i+1, t.Kind, t.Amount, t.Reference, t.Approval); err != nil {
			return fmt.Errorf("refund of return %s: %w", r.ID, err)
		}
	}
	return insertEvent(ctx, tx, ev)
}

// RefundedOffline is what the till refunded on day without central holding the return:
// what went out, not the part of an exchange that paid for new goods, nor goods a manager
// took back without a receipt (no purchase to hold).
func (db *DB) RefundedOffline(ctx context.Context, day time.Time) (pos.Money, error) {
	var m pos.Money
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(f.amount), 0) FROM returns r JOIN return_refunds f ON f.return_id = r.id
		WHERE r.reserved = 0 AND r.day = ? AND r.source_kind <> 'none' AND f.kind <> 'exchange'`, dayText(day)).Scan(&m)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("refunded offline today: %w", err)
	}
	return m, nil
}

var _ pos.VoucherStore = (*DB)(nil)

// OwnVoucher is what is left of a store-credit voucher this till's returns issued, less
// what this till's sales paid with it.
func (db *DB) OwnVoucher(ctx context.Context, code string) (pos.Money, error) {
	var issued sql.NullInt64
	var spent pos.Money
	err := db.db.QueryRowContext(ctx, `SELECT (SELECT SUM(amount) FROM return_refunds WHERE kind = 'credit' AND reference = ?1),
		COALESCE((SELECT SUM(t.amount) FROM tenders t JOIN sales s ON s.id = t.sale_id WHERE t.kind = 'voucher' AND t.reference = ?1 AND s.training = 0), 0)`,
		code).Scan(&issued, &spent)
	switch {
	case err != nil:
		return 0, fmt.Errorf("voucher %s: %w", code, err)
	case !issued.Valid:
		return 0, pos.Errorf(pos.ENOTFOUND, "this till issued no voucher %s", code)
	}
	return pos.Money(issued.Int64) - spent, nil
}

var _ pos.PolicyStore = (*DB)(nil)

// ReturnsPolicy is the returns policy last pulled from central; the default before any.
func (db *DB) ReturnsPolicy(ctx context.Context) (pos.ReturnsPolicy, error) {
	doc, ok, err := db.pulledDoc(ctx, "returns_policy")
	if err != nil || !ok {
		return pos.DefaultReturnsPolicy, err
	}
	return pos.DecodeReturnsPolicy(doc)
}

// ApplyReturnsPolicyPage keeps the returns policy central has in force (nil: unchanged)
// and the stream's cursor, in one transaction.
func (db *DB) ApplyReturnsPolicyPage(ctx context.Context, p *pos.ReturnsPolicy, cursor int64) error {
	var doc []byte
	if p != nil {
		if err := p.Check(); err != nil {
			return err
		}
		var err error
		if doc, err = json.Marshal(p); err != nil {
			return fmt.Errorf("encode the returns policy: %w", err)
		}
	}
	return db.pullTx(ctx, func(tx *sql.Tx) error {
		if p != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO returns_policy (id, doc) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
				string(doc)); err != nil {
				return fmt.Errorf("keep the returns policy: %w", err)
			}
		}
		return setCursor(ctx, tx, pos.StreamReturns, cursor, timeText(db.Now()))
	})
}

// exchangeOf is the return that paid for sale id in an exchange, as the till committed it
// (nil when the sale was no exchange): its receipt prints both again.
func (db *DB) exchangeOf(ctx context.Context, sale pos.SaleID) (*pos.Return, error) {
	var id string
	err := db.db.QueryRowContext(ctx, `SELECT return_id FROM return_refunds WHERE kind = 'exchange' AND reference = ?`, sale).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("exchange of sale %s: %w", sale, err)
	}
	r := &pos.Return{ID: id}
	var at string
	err = db.db.QueryRowContext(ctx, `SELECT store_id, till_id, return_no, cashier_id, cashier_name, approved_by, source_kind, source_id,
		source_label, reason, reserved, completed_at FROM returns WHERE id = ?`, id).Scan(&r.Store, &r.Till, &r.ReturnNo, &r.Cashier.ID,
		&r.Cashier.Name, &r.ApprovedBy, &r.Source.Kind, &r.Source.ID, &r.Source.Label, &r.Reason, &r.Reservation, &at)
	if err != nil {
		return nil, fmt.Errorf("load return %s: %w", id, err)
	}
	r.CompletedAt = parseTime(at)
	rows, err := db.db.QueryContext(ctx, `SELECT line_no, sku, name, unit, qty, amount, resellable FROM return_lines WHERE return_id = ? ORDER BY line_no`, id)
	if err != nil {
		return nil, fmt.Errorf("load lines of return %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l pos.ReturnedLine
		if err := rows.Scan(&l.Line, &l.SKU, &l.Name, &l.Unit, &l.Qty, &l.Amount, &l.Resellable); err != nil {
			return nil, fmt.Errorf("read line of return %s: %w", id, err)
		}
		r.Lines = append(r.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read lines of return %s: %w", id, err)
	}
	frows, err := db.db.QueryContext(ctx, `SELECT kind, amount, reference, approval FROM return_refunds WHERE return_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("load refunds of return %s: %w", id, err)
	}
	defer frows.Close()
	for frows.Next() {
		var t pos.Tender
		if err := frows.Scan(&t.Kind, &t.Amount, &t.Reference, &t.Approval); err != nil {
			return nil, fmt.Errorf("read refund of return %s: %w", id, err)
		}
		r.Refund = append(r.Refund, t)
	}
	return r, frows.Err()
}

var _ pos.OwnLowestPrices = (*DB)(nil)

// OwnLowestPrice is the lowest price per piece or kilogram this till sold sku at since
// then, promotions taken off (not cashiers' discounts); sold is false when it sold none.
// Lines priced by a label are left out: their price is the label's, not the article's.
func (db *DB) OwnLowestPrice(ctx context.Context, sku pos.SKU, since time.Time) (price pos.Money, sold bool, err error) {
	var low sql.NullInt64
	err = db.db.QueryRowContext(ctx, `SELECT MIN((l.unit_price * l.qty / 1000 - l.promotion_discount) * 1000 / l.qty) FROM sale_lines l
		JOIN sales s ON s.id = l.sale_id WHERE l.sku = ? AND l.voided = 0 AND l.fixed_amount = 0 AND l.qty > 0 AND s.training = 0
		AND s.completed_at >= ?`, sku, timeText(since)).Scan(&low)
	if err != nil {
		return 0, false, fmt.Errorf("lowest price of %s: %w", sku, err)
	}
	return pos.Money(max(low.Int64, 0)), low.Valid, nil
}
