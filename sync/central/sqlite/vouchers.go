package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// voucherState reads a voucher's balance and what live holds leave of it.
func voucherState(ctx context.Context, tx *sql.Tx, code string, now time.Time) (wire.VoucherAnswer, error) {
	ans := wire.VoucherAnswer{Code: code}
	err := tx.QueryRowContext(ctx, `SELECT issued, currency,
			issued - COALESCE((SELECT SUM(amount) FROM voucher_spends WHERE code = v.code), 0),
			COALESCE((SELECT SUM(amount) FROM voucher_holds WHERE code = v.code AND status = 'held' AND expires_at > ?), 0)
		FROM vouchers v WHERE code = ?`, timeText(now), code).Scan(&ans.Issued, &ans.Currency, &ans.Balance, &ans.Available)
	if errors.Is(err, sql.ErrNoRows) {
		return ans, pos.Errorf(pos.ENOTFOUND, "central knows no voucher %s", code)
	} else if err != nil {
		return ans, fmt.Errorf("voucher %s: %w", code, err)
	}
	ans.Available = ans.Balance - ans.Available
	return ans, nil
}

// Voucher answers a voucher's balance.
func (db *DB) Voucher(ctx context.Context, code string) (wire.VoucherAnswer, error) {
	var ans wire.VoucherAnswer
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		ans, err = voucherState(ctx, tx, pos.VoucherCode(code), db.Now())
		return err
	})
	return ans, err
}

// HoldVoucher holds part of a voucher's balance for till t's sale: held, or short with
// nothing held; the same hold again is answered as it stands.
func (db *DB) HoldVoucher(ctx context.Context, t central.Till, req wire.VoucherHoldRequest) (wire.VoucherAnswer, error) {
	code := pos.VoucherCode(req.Code)
	ans := wire.VoucherAnswer{Code: code}
	if req.HoldID == "" || len(req.HoldID) > 100 || code == "" || req.Amount <= 0 || req.Amount > int64(central.MaxMoney) {
		return ans, pos.Errorf(pos.EINVALID, "a voucher hold needs hold_id (at most 100 characters), code and an amount above 0")
	}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.Now()
		var status, heldCode, store, till string
		var amount int64
		err := tx.QueryRowContext(ctx, `SELECT status, code, amount, store_id, till_id FROM voucher_holds WHERE id = ?`, req.HoldID).
			Scan(&status, &heldCode, &amount, &store, &till)
		switch {
		case err == nil && (heldCode != code || amount != req.Amount || store != string(t.Store) || till != string(t.ID)):
			return pos.Errorf(pos.ECONFLICT, "hold %s was asked for another voucher, amount or till", req.HoldID)
		case err == nil:
			ans, err = voucherState(ctx, tx, code, now)
			ans.Status = status
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read voucher hold %s: %w", req.HoldID, err)
		}
		if ans, err = voucherState(ctx, tx, code, now); err != nil {
			return err
		}
		if store, err := findStore(ctx, tx, t.Store); err != nil {
			return err
		} else if store.Currency != "" && string(store.Currency) != ans.Currency {
			return pos.Errorf(pos.ECONFLICT, "voucher %s is in %s: a store selling in %s does not take it", code, ans.Currency, store.Currency)
		}
		if req.Amount > ans.Available {
			ans.Status = wire.HoldShort
			return nil
		}
		rules, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO voucher_holds (id, code, amount, store_id, till_id, status, expires_at) VALUES (?, ?, ?, ?, ?, 'held', ?)`,
			req.HoldID, code, req.Amount, t.Store, t.ID, timeText(now.Add(rules.HoldTTL.Duration()))); err != nil {
			return fmt.Errorf("hold voucher %s: %w", code, err)
		}
		ans.Status, ans.Available = wire.HoldHeld, ans.Available-req.Amount
		return nil
	})
	return ans, err
}

// ReleaseVoucherHold gives till t's voucher hold back.
func (db *DB) ReleaseVoucherHold(ctx context.Context, t central.Till, id string) (wire.VoucherAnswer, error) {
	var ans wire.VoucherAnswer
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var code string
		err := tx.QueryRowContext(ctx, `UPDATE voucher_holds SET status = 'released' WHERE id = ? AND store_id = ? AND till_id = ? AND status = 'held'
			RETURNING code`, id, t.Store, t.ID).Scan(&code)
		if errors.Is(err, sql.ErrNoRows) {
			return pos.Errorf(pos.ENOTFOUND, "no voucher held under %s by this till", id)
		} else if err != nil {
			return fmt.Errorf("release voucher hold %s: %w", id, err)
		}
		ans, err = voucherState(ctx, tx, code, db.Now())
		ans.Status = wire.HoldReleased
		return err
	})
	return ans, err
}

// issueVouchers keeps the vouchers a return's credit refunds issued: no more credit than
// the return's lines give back (due, as central counts them) — a till cannot mint credit;
// what it claimed beyond is an exception already.
func (b *booking) issueVouchers(event string, r pos.ReturnEvent, due pos.Money) error {
	var other pos.Money
	for _, t := range r.Refund {
		if t.Kind != pos.TenderCredit {
			other += t.Amount
		}
	}
	left := max(due-other, 0)
	for _, t := range r.Refund {
		if t.Kind != pos.TenderCredit {
			continue
		}
		code := pos.VoucherCode(t.Reference)
		if code == "" || t.Amount <= 0 {
			return pos.Errorf(pos.EINVALID, "return %s refunds %s as store credit without a voucher code", r.ReturnID, t.Amount)
		}
		amount := min(t.Amount, left)
		left -= amount
		if amount <= 0 {
			continue
		}
		res, err := b.tx.ExecContext(b.ctx, `INSERT INTO vouchers (code, issued, currency, store_id, till_id, return_id, event_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`, code, int64(amount), r.Currency, b.till.Store, b.till.ID, r.ReturnID, event, b.nowText)
		if err != nil {
			return fmt.Errorf("issue voucher %s: %w", code, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.EINVALID, "return %s issues voucher %s, whose code central has already", r.ReturnID, code)
		}
	}
	return nil
}

// spendVouchers books a sale's store-credit tenders: each hold captured, the spend kept,
// and a spend beyond the voucher's balance (or of a voucher central never issued) an
// exception for a manager; the sale stands.
func (b *booking) spendVouchers(event string, s pos.SaleEvent) error {
	for _, t := range s.Tenders {
		if t.Kind != pos.TenderVoucher {
			continue
		}
		code := pos.VoucherCode(t.Reference)
		st, err := voucherState(b.ctx, b.tx, code, b.now)
		if pos.ErrorCode(err) == pos.ENOTFOUND {
			b.exception(event, central.ExceptionVoucherOverdraft, fmt.Sprintf("sale %s (till %s/%s, receipt %d) paid %s with voucher %s, which central never issued",
				s.SaleID, s.Store, s.Till, s.ReceiptNo, t.Amount, code))
			continue
		} else if err != nil {
			return err
		}
		if st.Currency != string(s.Currency) {
			b.exception(event, central.ExceptionVoucherOverdraft, fmt.Sprintf("sale %s (till %s/%s, receipt %d) in %s paid %s with voucher %s, which is in %s",
				s.SaleID, s.Store, s.Till, s.ReceiptNo, s.Currency, t.Amount, code, st.Currency))
		}
		if t.Hold != "" {
			if _, err := b.tx.ExecContext(b.ctx, `UPDATE voucher_holds SET status = 'captured' WHERE id = ? AND code = ? AND status = 'held'
				AND store_id = ? AND till_id = ? AND amount = ?`, t.Hold, code, b.till.Store, b.till.ID, int64(t.Amount)); err != nil {
				return fmt.Errorf("capture voucher hold %s: %w", t.Hold, err)
			}
		}
		if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO voucher_spends (code, event_id, sale_id, amount, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (code, event_id) DO UPDATE SET amount = amount + excluded.amount`, code, event, s.SaleID, int64(t.Amount), b.nowText); err != nil {
			return fmt.Errorf("spend voucher %s: %w", code, err)
		}
		if st.Balance < int64(t.Amount) {
			b.exception(event, central.ExceptionVoucherOverdraft, fmt.Sprintf("sale %s (till %s/%s, receipt %d) paid %s with voucher %s, which had %s left",
				s.SaleID, s.Store, s.Till, s.ReceiptNo, t.Amount, code, pos.Money(st.Balance)))
		}
	}
	return nil
}

// bookExchange checks a sale's exchange tenders against the returns that paid for them:
// the till commits both together and sends the return first, so each is booked by now
// with a refund of kind exchange naming this sale, of the same amount. Goods that paid
// for a sale without such a return are an exception for a manager; the sale stands.
func (b *booking) bookExchange(event string, s pos.SaleEvent) error {
	for _, t := range s.Tenders {
		if t.Kind != pos.TenderExchange {
			continue
		}
		var paid sql.NullInt64
		err := b.tx.QueryRowContext(b.ctx, `SELECT SUM(f.amount) FROM return_refunds f JOIN returns r ON r.id = f.return_id
			WHERE f.return_id = ? AND f.kind = 'exchange' AND f.reference = ? AND r.status = 'booked' AND r.store_id = ? AND r.till_id = ?`,
			t.Reference, s.SaleID, b.till.Store, b.till.ID).Scan(&paid)
		if err != nil {
			return fmt.Errorf("exchange of sale %s: %w", s.SaleID, err)
		}
		if !paid.Valid || paid.Int64 != int64(t.Amount) {
			b.exception(event, central.ExceptionReturnConflict, fmt.Sprintf("sale %s (till %s/%s, receipt %d) says goods returned under return %s paid %s of it, but central booked %s from that return for it: check the till",
				s.SaleID, s.Store, s.Till, s.ReceiptNo, t.Reference, t.Amount, pos.Money(paid.Int64)))
		}
	}
	return nil
}
