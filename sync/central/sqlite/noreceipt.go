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

// LowestPrice is the lowest price per piece or kilogram sku sold at in any store in the
// last days, promotions taken off (not cashiers' discounts, nor label-priced lines), and
// never above its catalog price now: what goods brought back without a receipt refund.
// ENOTFOUND for an article central does not know.
func (db *DB) LowestPrice(ctx context.Context, sku pos.SKU, days int) (wire.LowestPrice, error) {
	if days <= 0 || days > 365 {
		return wire.LowestPrice{}, pos.Errorf(pos.EINVALID, "the lowest price is looked for over 1 to 365 days")
	}
	var ans wire.LowestPrice
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		return lowestPrice(ctx, tx, sku, db.Now().AddDate(0, 0, -days), &ans)
	})
	ans.Days = days
	return ans, err
}

func lowestPrice(ctx context.Context, tx *sql.Tx, sku pos.SKU, since time.Time, ans *wire.LowestPrice) error {
	var catalog int64
	err := tx.QueryRowContext(ctx, `SELECT price FROM products WHERE sku = ?`, sku).Scan(&catalog)
	if errors.Is(err, sql.ErrNoRows) {
		return pos.Errorf(pos.ENOTFOUND, "central knows no article %s", sku)
	} else if err != nil {
		return fmt.Errorf("price of %s: %w", sku, err)
	}
	var sold sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT MIN((l.unit_price * l.qty / 1000 - l.promotion_discount) * 1000 / l.qty) FROM sale_lines l
		JOIN sales s ON s.id = l.sale_id WHERE l.sku = ? AND l.voided = 0 AND l.fixed_amount = 0 AND l.qty > 0 AND s.completed_at >= ?`,
		sku, timeText(since)).Scan(&sold)
	if err != nil {
		return fmt.Errorf("lowest price of %s: %w", sku, err)
	}
	ans.SKU, ans.Price = string(sku), catalog
	if sold.Valid {
		ans.Price = min(ans.Price, max(sold.Int64, 0))
	}
	return nil
}

// saveNoReceiptReturn books goods a manager took back without a receipt: each line at
// most the lowest price of the last pos.LowestPriceDays days central knows (more is a
// return_conflict for a manager: the refund went out), the resellable goods back into the
// store, the refunds, the customer's details, and store credit up to what is due.
func (b *booking) saveNoReceiptReturn(event string, r pos.ReturnEvent) error {
	ctx, tx := b.ctx, b.tx
	if b.store.Currency != "" && r.Currency != b.store.Currency {
		return pos.Errorf(pos.EINVALID, "return %s refunds in %s at a store selling in %s", r.ReturnID, r.Currency, b.store.Currency)
	}
	details, err := json.Marshal(r.Details)
	if err != nil {
		return fmt.Errorf("customer of return %s: %w", r.ReturnID, err)
	}
	var seen int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM returns WHERE id = ?`, r.ReturnID).Scan(&seen); err != nil {
		return fmt.Errorf("read return %s: %w", r.ReturnID, err)
	} else if seen > 0 {
		return pos.Errorf(pos.ECONFLICT, "return %s was booked already, from another event", r.ReturnID)
	}
	policy, err := returnsPolicy(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range r.Refund {
		if t.Kind == pos.TenderCash && !policy.NoReceiptCash {
			b.exception(event, central.ExceptionReturnConflict, fmt.Sprintf("return %s (till %s/%s, return %d) paid %s in cash for goods without a receipt, which the returns policy refunds as store credit only: check the till",
				r.ReturnID, r.Store, r.Till, r.ReturnNo, t.Amount))
		}
	}
	var total, due pos.Money
	for _, l := range r.Lines {
		total += l.Amount // each within bounds (ReturnOf), and so is their sum
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO returns (id, store_id, till_id, source_kind, source_id, status, event_id, return_no, reason,
		total, created_at, expires_at, booked_at, customer, approved_by) VALUES (?, ?, ?, 'none', ?, 'booked', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ReturnID, b.till.Store, b.till.ID, r.ReturnID, event, int64(r.ReturnNo), r.Reason, int64(total), b.nowText, b.nowText, b.nowText,
		string(details), string(r.ApprovedBy)); err != nil {
		return fmt.Errorf("keep return %s: %w", r.ReturnID, err)
	}
	var moves []levelMove
	for _, l := range r.Lines {
		var lp wire.LowestPrice
		lineDue := l.Amount
		switch err := lowestPrice(ctx, tx, l.SKU, b.now.AddDate(0, 0, -pos.LowestPriceDays), &lp); {
		case pos.ErrorCode(err) == pos.ENOTFOUND:
			// No price to check it by: no store credit for it either; a manager decides.
			b.exception(event, central.ExceptionReturnConflict, fmt.Sprintf("return %s (till %s/%s, return %d) took back %s without a receipt, an article central does not know: no store credit was issued for it; check it",
				r.ReturnID, r.Store, r.Till, r.ReturnNo, l.SKU))
			lineDue = 0
		case err != nil:
			return err
		default:
			d, ok := pos.CheckedMulQty(pos.Money(lp.Price), l.Qty)
			if !ok {
				return pos.Errorf(pos.EINVALID, "line %d of return %s is beyond what central can sum", l.Line, r.ReturnID)
			}
			if l.Amount > d+central.LineRounding {
				b.exception(event, central.ExceptionReturnConflict, fmt.Sprintf("return %s (till %s/%s, return %d) refunded %s for %d thousandths of %s without a receipt, above the lowest price of %d days (%s): check the till",
					r.ReturnID, r.Store, r.Till, r.ReturnNo, l.Amount, l.Qty, l.SKU, pos.LowestPriceDays, d))
			}
			lineDue = min(l.Amount, d)
		}
		due += lineDue
		// Back on the shelf only as an article central knows: no stock of an unknown one.
		if err := b.keepReturnLine(event, r, l, l.Resellable && lp.SKU != "", &moves); err != nil {
			return err
		}
	}
	if err := b.keepRefunds(event, r); err != nil {
		return err
	}
	if err := moveLevels(ctx, tx, moves); err != nil {
		return err
	}
	return b.issueVouchers(event, r, due)
}

// NoReceiptReturn is a return of goods without a receipt as central booked it, for a
// manager to look over: who brought what back, who approved it, what it refunded.
type NoReceiptReturn struct {
	ID, Store, Till, Reason, ApprovedBy string
	No                                  int64
	At                                  time.Time
	Total                               pos.Money
	Customer                            pos.CustomerDetails
	Lines                               []pos.ReturnEventLine
	Refunds                             []pos.Tender
}

// NoReceiptReturns lists the returns without a receipt booked since then, oldest first.
func (db *DB) NoReceiptReturns(ctx context.Context, since time.Time) ([]NoReceiptReturn, error) {
	var out []NoReceiptReturn
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, store_id, till_id, reason, approved_by, return_no, booked_at, total, customer FROM returns
			WHERE source_kind = 'none' AND status = 'booked' AND booked_at >= ? ORDER BY booked_at, id`, timeText(since))
		if err != nil {
			return fmt.Errorf("returns without a receipt: %w", err)
		}
		for rows.Next() {
			var r NoReceiptReturn
			var at, customer string
			if err := rows.Scan(&r.ID, &r.Store, &r.Till, &r.Reason, &r.ApprovedBy, &r.No, &at, &r.Total, &customer); err != nil {
				rows.Close()
				return fmt.Errorf("returns without a receipt: %w", err)
			}
			r.At = parseTime(at)
			_ = json.Unmarshal([]byte(customer), &r.Customer) // as the till sent it; empty when it sent none
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("returns without a receipt: %w", err)
		}
		for i := range out {
			if err := scanRows(ctx, tx, `SELECT line_no, sku, qty, amount, resellable FROM return_lines WHERE return_id = ? ORDER BY line_no`,
				[]any{out[i].ID}, func(rows *sql.Rows) error {
					var l pos.ReturnEventLine
					if err := rows.Scan(&l.Line, &l.SKU, &l.Qty, &l.Amount, &l.Resellable); err != nil {
						return err
					}
					out[i].Lines = append(out[i].Lines, l)
					return nil
				}); err != nil {
				return fmt.Errorf("lines of return %s: %w", out[i].ID, err)
			}
			var err error
			if out[i].Refunds, err = refundsOf(ctx, tx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// scanRows runs query and fn on each row it answers.
func scanRows(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
