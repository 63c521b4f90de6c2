package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// ReturnableQuery names the purchase a till returns.
type ReturnableQuery = central.ReturnableQuery

// Returnable is a purchase with what went back of each line (booked returns and live
// reservations), for a till's return.
func (db *DB) Returnable(ctx context.Context, q ReturnableQuery) (wire.Returnable, error) {
	var r wire.Returnable
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = returnable(ctx, tx, q, db.Now())
		return err
	})
	return r, err
}

func returnable(ctx context.Context, tx *sql.Tx, q ReturnableQuery, now time.Time) (wire.Returnable, error) {
	var r wire.Returnable
	var err error
	switch {
	case q.Order != "":
		r, err = orderReturnable(ctx, tx, q.Order, q.AnyStatus)
	case q.Sale != "" || q.Receipt != "":
		r, err = saleReturnable(ctx, tx, q)
	default:
		return r, pos.Errorf(pos.EINVALID, "name the purchase: ?sale=ID, ?receipt=STORE/TILL/NO or ?order=NUMBER")
	}
	if err != nil {
		return r, err
	}
	return r, addReturned(ctx, tx, &r, "", now)
}

func saleReturnable(ctx context.Context, tx *sql.Tx, q ReturnableQuery) (wire.Returnable, error) {
	r := wire.Returnable{Kind: pos.SourceSale, Channel: "store", Lines: []wire.ReturnableLine{}, Tenders: []wire.ReturnableTender{}}
	where, args := `id = ?`, []any{q.Sale}
	if q.Sale == "" {
		parts := strings.Split(q.Receipt, "/")
		no, err := strconv.ParseInt(parts[len(parts)-1], 10, 64)
		if len(parts) != 3 || err != nil {
			return r, pos.Errorf(pos.EINVALID, "a receipt is STORE/TILL/NO, e.g. PL-WAW/01/17, not %q", q.Receipt)
		}
		where, args = `store_id = ? AND till_id = ? AND receipt_no = ?`, []any{parts[0], parts[1], no}
	}
	var till string
	var no int64
	var at string
	err := tx.QueryRowContext(ctx, `SELECT id, store_id, till_id, receipt_no, currency, completed_at, customer_id FROM sales WHERE `+where, args...).
		Scan(&r.ID, &r.StoreID, &till, &no, &r.Currency, &at, &r.CustomerID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, pos.Errorf(pos.ENOTFOUND, "central has no receipt %s%s (a till may not have sent it yet)", q.Sale, q.Receipt)
	} else if err != nil {
		return r, fmt.Errorf("find sale %s%s: %w", q.Sale, q.Receipt, err)
	}
	r.Label, r.At = fmt.Sprintf("%s/%s/%d", r.StoreID, till, no), parseTime(at)
	rows, err := tx.QueryContext(ctx, `SELECT l.line_no, l.sku, COALESCE(p.name, l.sku), COALESCE(p.unit, 'pcs'), l.qty, l.amount,
			l.unit_price, l.line_discount + l.basket_share, l.promotion_id
		FROM sale_lines l LEFT JOIN products p ON p.sku = l.sku WHERE l.sale_id = ? AND NOT l.voided ORDER BY l.line_no`, r.ID)
	if err != nil {
		return r, fmt.Errorf("lines of sale %s: %w", r.ID, err)
	}
	var promos []string
	for rows.Next() {
		var l wire.ReturnableLine
		var promo string
		if err := rows.Scan(&l.Line, &l.SKU, &l.Name, &l.Unit, &l.Qty, &l.Amount, &l.UnitPrice, &l.Discounts, &promo); err != nil {
			rows.Close()
			return r, fmt.Errorf("lines of sale %s: %w", r.ID, err)
		}
		r.Lines = append(r.Lines, l)
		promos = append(promos, promo)
	}
	rows.Close()
	for i, id := range promos { // how each line was priced, for a partial return
		if id == "" {
			continue
		}
		if p, err := findPromotion(ctx, tx, id); err == nil {
			w := wirePromotion(p)
			r.Lines[i].Promotion = &w
		} else if !errors.Is(err, sql.ErrNoRows) {
			return r, err
		}
	}
	rows, err = tx.QueryContext(ctx, `SELECT kind, amount, reference FROM tenders WHERE sale_id = ? ORDER BY seq`, r.ID)
	if err != nil {
		return r, fmt.Errorf("tenders of sale %s: %w", r.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t wire.ReturnableTender
		if err := rows.Scan(&t.Kind, &t.Amount, &t.Reference); err != nil {
			return r, fmt.Errorf("tenders of sale %s: %w", r.ID, err)
		}
		r.Tenders = append(r.Tenders, t)
	}
	return r, rows.Err()
}

func orderReturnable(ctx context.Context, tx *sql.Tx, number string, anyStatus bool) (wire.Returnable, error) {
	r := wire.Returnable{Kind: pos.SourceOrder, Lines: []wire.ReturnableLine{}, Tenders: []wire.ReturnableTender{}}
	var status, at string
	var paid bool
	var total int64
	err := tx.QueryRowContext(ctx, `SELECT id, number, channel, store_id, COALESCE(customer_id, ''), currency, created_at, status, paid, total
		FROM orders WHERE number = ?`, number).Scan(&r.ID, &r.Label, &r.Channel, &r.StoreID, &r.CustomerID, &r.Currency, &at, &status, &paid, &total)
	if errors.Is(err, sql.ErrNoRows) {
		return r, pos.Errorf(pos.ENOTFOUND, "central has no order %s", number)
	} else if err != nil {
		return r, fmt.Errorf("find order %s: %w", number, err)
	}
	if status != wire.OrderCollected && !anyStatus {
		return r, pos.Errorf(pos.ECONFLICT, "Order %s is %s, not collected: it is cancelled, not returned.", number, status)
	}
	r.At = parseTime(at)
	if paid {
		r.Tenders = append(r.Tenders, wire.ReturnableTender{Kind: string(pos.TenderOnline), Amount: total, Reference: number})
	}
	rows, err := tx.QueryContext(ctx, `SELECT l.line_no, l.sku, l.name, COALESCE(p.unit, 'pcs'), l.qty, l.amount
		FROM order_lines l LEFT JOIN products p ON p.sku = l.sku WHERE l.order_id = ? ORDER BY l.line_no`, r.ID)
	if err != nil {
		return r, fmt.Errorf("lines of order %s: %w", number, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l wire.ReturnableLine
		if err := rows.Scan(&l.Line, &l.SKU, &l.Name, &l.Unit, &l.Qty, &l.Amount); err != nil {
			return r, fmt.Errorf("lines of order %s: %w", number, err)
		}
		r.Lines = append(r.Lines, l)
	}
	return r, rows.Err()
}

// addReturned adds to each line what went back of it: booked returns and reservations
// still live, but not return except (the one being booked).
func addReturned(ctx context.Context, tx *sql.Tx, r *wire.Returnable, except string, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT l.line_no, l.qty, r.store_id, r.till_id, r.return_no, r.status,
			CASE WHEN r.booked_at <> '' THEN r.booked_at ELSE r.created_at END
		FROM return_lines l JOIN returns r ON r.id = l.return_id
		WHERE r.source_kind = ? AND r.source_id = ? AND r.id <> ? AND (r.status = 'booked' OR (r.status = 'reserved' AND r.expires_at > ?))`,
		r.Kind, r.ID, except, timeText(now))
	if err != nil {
		return fmt.Errorf("returns of %s: %w", r.Label, err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int
		var qty, no int64
		var store, till, status, at string
		if err := rows.Scan(&line, &qty, &store, &till, &no, &status, &at); err != nil {
			return fmt.Errorf("returns of %s: %w", r.Label, err)
		}
		for i := range r.Lines {
			if r.Lines[i].Line != line {
				continue
			}
			r.Lines[i].Returned += qty
			what := fmt.Sprintf("%s at till %s/%s on %s", pos.Measure{Qty: pos.Qty(qty), Unit: pos.Unit(r.Lines[i].Unit)}, store, till,
				parseTime(at).UTC().Format("2006-01-02 15:04 UTC"))
			if status == "reserved" {
				what += " (being returned now)"
			}
			r.Lines[i].Where = append(r.Lines[i].Where, what)
		}
	}
	return rows.Err()
}

// refundOf is pos.ReturnableLine.RefundOf for a wire line.
func refundOf(l wire.ReturnableLine, qty int64) pos.Money {
	return returnableLine(l).RefundOf(pos.Qty(qty))
}

// returnableLine is a wire line as pos counts it.
func returnableLine(l wire.ReturnableLine) pos.ReturnableLine {
	out := pos.ReturnableLine{Line: l.Line, SKU: pos.SKU(l.SKU), Name: l.Name, Unit: pos.Unit(l.Unit), Qty: pos.Qty(l.Qty), Amount: pos.Money(l.Amount),
		Returned: pos.Qty(l.Returned), Where: l.Where, UnitPrice: pos.Money(l.UnitPrice), Discounts: pos.Money(l.Discounts)}
	if w := l.Promotion; w != nil {
		p := pos.Promotion{ID: w.ID, Name: w.Name, Kind: pos.PromoKind(w.Kind), Value: w.Value, MinQty: w.MinQty, Starts: w.Starts, Ends: w.Ends}
		for _, s := range w.SKUs {
			p.SKUs = append(p.SKUs, pos.SKU(s))
		}
		out.Promotion = &p
	}
	return out
}

// ReserveReturn holds a return's quantities for till t before it pays out: refused
// (ECONFLICT, saying where they went) when a line has less left. The same return asked
// again by the same till is answered as it stands, a hold still reserved renewed from now
// (renewHold).
func (db *DB) ReserveReturn(ctx context.Context, t central.Till, req wire.ReserveRequest) (wire.Reservation, error) {
	ans := wire.Reservation{ReturnID: req.ReturnID}
	if req.ReturnID == "" || len(req.ReturnID) > 100 || len(req.Lines) == 0 || len(req.Lines) > 1000 {
		return ans, pos.Errorf(pos.EINVALID, "a reservation needs return_id (at most 100 characters) and from 1 to 1000 lines")
	}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.Now()
		var status, store, till, expires string
		err := tx.QueryRowContext(ctx, `SELECT status, store_id, till_id, expires_at FROM returns WHERE id = ?`, req.ReturnID).Scan(&status, &store, &till, &expires)
		switch {
		case err == nil && (store != string(t.Store) || till != string(t.ID)):
			return pos.Errorf(pos.ECONFLICT, "return %s is another till's", req.ReturnID)
		case err == nil && status == "reserved":
			return renewHold(ctx, tx, req, now, &ans)
		case err == nil:
			ans.Status, ans.ExpiresAt = status, parseTime(expires)
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("read return %s: %w", req.ReturnID, err)
		}
		q := holdQuery(req)
		src, err := returnable(ctx, tx, q, now)
		if err != nil {
			return err
		}
		rules, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		policy, err := returnsPolicy(ctx, tx)
		if err != nil {
			return err
		}
		ans.Status, ans.ExpiresAt = "reserved", now.Add(rules.HoldTTL.Duration()).UTC()
		if _, err := tx.ExecContext(ctx, `INSERT INTO returns (id, store_id, till_id, source_kind, source_id, status, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, 'reserved', ?, ?)`, req.ReturnID, t.Store, t.ID, src.Kind, src.ID, timeText(now), timeText(ans.ExpiresAt)); err != nil {
			return fmt.Errorf("reserve return %s: %w", req.ReturnID, err)
		}
		for _, rl := range req.Lines {
			l, ok := lineOf(src, rl.Line)
			switch {
			case !ok:
				return pos.Errorf(pos.EINVALID, "%s has no line %d", src.Label, rl.Line)
			case rl.Qty <= 0 || rl.Qty > l.Qty-l.Returned:
				left := max(l.Qty-l.Returned, 0)
				return pos.Errorf(pos.ECONFLICT, "%s: %s of %s can go back, not %s; gone back: %s", src.Label,
					pos.Measure{Qty: pos.Qty(left), Unit: pos.Unit(l.Unit)}, l.Name, pos.Measure{Qty: pos.Qty(rl.Qty), Unit: pos.Unit(l.Unit)}, strings.Join(l.Where, "; "))
			}
			// One policy for every channel: a till that has not pulled it yet is held to it here.
			if why := policy.CheckLine(pos.Returnable{Label: src.Label, Channel: src.Channel, At: src.At},
				pos.ReturnableLine{SKU: pos.SKU(l.SKU), Name: l.Name, Qty: pos.Qty(l.Qty), Returned: pos.Qty(l.Returned), Where: l.Where}, now); why != nil {
				return why
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO return_lines (return_id, line_no, sku, qty, amount, resellable) VALUES (?, ?, ?, ?, ?, 1)`,
				req.ReturnID, rl.Line, l.SKU, rl.Qty, int64(refundOf(l, rl.Qty))); err != nil {
				return fmt.Errorf("reserve line %d: %w", rl.Line, err)
			}
		}
		return nil
	})
	return ans, err
}

func lineOf(r wire.Returnable, line int) (wire.ReturnableLine, bool) {
	for _, l := range r.Lines {
		if l.Line == line {
			return l, true
		}
	}
	return wire.ReturnableLine{}, false
}

// ReleaseReturn gives a till's reservation back (its return was not completed).
func (db *DB) ReleaseReturn(ctx context.Context, t central.Till, id string) (wire.Reservation, error) {
	ans := wire.Reservation{ReturnID: id, Status: "released"}
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE returns SET status = 'released' WHERE id = ? AND store_id = ? AND till_id = ? AND status = 'reserved'`,
			id, t.Store, t.ID)
		if err != nil {
			return fmt.Errorf("release return %s: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return pos.Errorf(pos.ENOTFOUND, "no return %s reserved by this till", id)
		}
		return nil
	})
	return ans, err
}

// bookReturn books a return.completed event: the return (its reservation, or a new row
// for one made offline, checked against what was left), its lines and refunds, the
// resellable goods back into the store's stock, and the points its lines earned taken
// back from the customer. Units returned twice (two tills offline) are booked with a
// return_conflict for a manager: the refund went out.
func (b *booking) bookReturn(e *incoming) (status, reason string) {
	r := e.ret
	if err := central.CheckReturnTill(r, b.till); err != nil {
		b.exception(e.EventID, central.ExceptionRejected, err.Error())
		return wire.StatusRejected, err.Error()
	}
	if len(b.saleRows.vals) > 0 { // the sale it takes back may be one of this batch
		if err := b.flush(); err != nil {
			b.failed = err
			return wire.StatusRejected, "central failed"
		}
	}
	// The return's rows are written as it is decided: a refusal half way takes back what
	// it wrote (its savepoint) and the exceptions it raised, and the batch goes on.
	if _, err := b.tx.ExecContext(b.ctx, `SAVEPOINT return_event`); err != nil {
		b.failed = fmt.Errorf("savepoint of return %s: %w", r.ReturnID, err)
		return wire.StatusRejected, "central failed"
	}
	raised := len(b.exceptions)
	err := b.saveReturn(e.EventID, r)
	if err == nil {
		if _, err := b.tx.ExecContext(b.ctx, `RELEASE return_event`); err != nil {
			b.failed = fmt.Errorf("release savepoint of return %s: %w", r.ReturnID, err)
			return wire.StatusRejected, "central failed"
		}
		return wire.StatusApplied, ""
	}
	b.exceptions = b.exceptions[:raised]
	if _, rerr := b.tx.ExecContext(b.ctx, `ROLLBACK TO return_event; RELEASE return_event`); rerr != nil {
		b.failed = fmt.Errorf("take back return %s: %w", r.ReturnID, rerr)
		return wire.StatusRejected, "central failed"
	}
	if code := pos.ErrorCode(err); code == pos.EINVALID || code == pos.ENOTFOUND || code == pos.ECONFLICT {
		b.exception(e.EventID, central.ExceptionRejected, pos.ErrorMessage(err))
		return wire.StatusRejected, pos.ErrorMessage(err)
	}
	b.failed = err
	return wire.StatusRejected, "central failed"
}

func (b *booking) saveReturn(event string, r pos.ReturnEvent) error {
	if r.SourceKind == pos.SourceNone {
		return b.saveNoReceiptReturn(event, r)
	}
	ctx, tx := b.ctx, b.tx
	q := ReturnableQuery{Sale: r.SourceID}
	if r.SourceKind == pos.SourceOrder {
		q = ReturnableQuery{Order: r.SourceID}
		var number string
		if err := tx.QueryRowContext(ctx, `SELECT number FROM orders WHERE id = ?`, r.SourceID).Scan(&number); err == nil {
			q.Order = number
		}
	}
	src, err := returnable(ctx, tx, q, b.now)
	if err != nil {
		return err
	}
	if string(r.Currency) != src.Currency || (b.store.Currency != "" && src.Currency != string(b.store.Currency)) {
		return pos.Errorf(pos.EINVALID, "return %s refunds in %s a purchase made in %s at a store selling in %s", r.ReturnID, r.Currency, src.Currency, b.store.Currency)
	}
	var status string
	err = tx.QueryRowContext(ctx, `SELECT status FROM returns WHERE id = ? AND store_id = ? AND till_id = ?`, r.ReturnID, b.till.Store, b.till.ID).Scan(&status)
	switch {
	case err == nil && status == "booked":
		return pos.Errorf(pos.ECONFLICT, "return %s was booked already, from another event", r.ReturnID)
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO returns (id, store_id, till_id, source_kind, source_id, status, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, 'booked', ?, ?)`, r.ReturnID, b.till.Store, b.till.ID, src.Kind, src.ID, b.nowText, b.nowText); err != nil {
			return fmt.Errorf("keep return %s: %w", r.ReturnID, err)
		}
	case err != nil:
		return fmt.Errorf("read return %s: %w", r.ReturnID, err)
	}
	if err := addReturnedExcept(ctx, tx, &src, r.ReturnID, b.now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM return_lines WHERE return_id = ?`, r.ReturnID); err != nil {
		return fmt.Errorf("lines of return %s: %w", r.ReturnID, err)
	}
	var total, due pos.Money
	var moves []levelMove
	for _, l := range r.Lines {
		sl, ok := lineOf(src, l.Line)
		if !ok {
			return pos.Errorf(pos.EINVALID, "return %s takes back line %d, which %s does not have", r.ReturnID, l.Line, src.Label)
		}
		l.SKU = pos.SKU(sl.SKU) // the purchase's article, whatever the till says
		lineDue := refundOf(sl, int64(l.Qty))
		if left := pos.Qty(max(sl.Qty-sl.Returned, 0)); l.Qty > left {
			b.exception(event, central.ExceptionReturnConflict, central.OverReturn(r, l.Line, l.Qty, left))
			lineDue = pos.ReturnableLine{Qty: pos.Qty(sl.Qty), Amount: pos.Money(sl.Amount)}.RefundOf(l.Qty) // its share: all of it went out
		} else if l.Amount > lineDue+central.LineRounding {
			b.exception(event, central.ExceptionReturnConflict, central.OverRefund(r, l.Line, l.Amount, lineDue))
		}
		due += min(l.Amount, lineDue)
		total += l.Amount
		if err := b.keepReturnLine(event, r, l, l.Resellable, &moves); err != nil {
			return err
		}
	}
	if err := b.keepRefunds(event, r); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE returns SET status = 'booked', event_id = ?, return_no = ?, reason = ?, total = ?, booked_at = ?,
		approved_by = ? WHERE id = ?`, event, int64(r.ReturnNo), r.Reason, int64(total), b.nowText, string(r.ApprovedBy), r.ReturnID); err != nil {
		return fmt.Errorf("book return %s: %w", r.ReturnID, err)
	}
	if err := moveLevels(ctx, tx, moves); err != nil {
		return err
	}
	if err := b.issueVouchers(event, r, due); err != nil {
		return err
	}
	return b.reversePoints(event, r, src, total)
}

// addReturnedExcept is addReturned without the return being booked.
func addReturnedExcept(ctx context.Context, tx *sql.Tx, r *wire.Returnable, except string, now time.Time) error {
	for i := range r.Lines {
		r.Lines[i].Returned, r.Lines[i].Where = 0, nil
	}
	return addReturned(ctx, tx, r, except, now)
}

// reversePoints takes back from the customer what the returned part of a sale earned:
// the sale's earned points in proportion to what it refunds, counted cumulatively so the
// parts of a sale returned bit by bit never take back more than it earned.
func (b *booking) reversePoints(event string, r pos.ReturnEvent, src wire.Returnable, refund pos.Money) error {
	if src.Kind != pos.SourceSale || src.CustomerID == "" || refund <= 0 {
		return nil
	}
	ctx, tx := b.ctx, b.tx
	var earned, saleTotal, before int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT SUM(points) FROM loyalty_entries WHERE kind = 'earn' AND event_id <> '' AND event_id IN
			(SELECT event_id FROM sales WHERE id = ?1 UNION ALL SELECT 'claim:' || ?1)), 0),
		(SELECT total FROM sales WHERE id = ?1),
		COALESCE((SELECT SUM(l.amount) FROM return_lines l JOIN returns r ON r.id = l.return_id
			WHERE r.source_kind = 'sale' AND r.source_id = ?1 AND r.status = 'booked' AND r.id <> ?2), 0)`, src.ID, r.ReturnID).
		Scan(&earned, &saleTotal, &before)
	if err != nil {
		return fmt.Errorf("points of sale %s: %w", src.ID, err)
	}
	if earned <= 0 || saleTotal <= 0 {
		return nil
	}
	upTo := func(amount int64) int64 {
		q, _ := pos.MulDiv(earned, min(amount, saleTotal), saleTotal)
		return q
	}
	back := upTo(before+int64(refund)) - upTo(before)
	if back <= 0 {
		return nil
	}
	customer, err := customerOf(ctx, tx, pos.CustomerID(src.CustomerID))
	if err != nil {
		return nil // a customer central does not know earned nothing here
	}
	entry := central.LoyaltyEntry{Customer: customer, Points: -back, Kind: "reverse", Event: pos.EventID(event),
		Source: fmt.Sprintf("return %s/%s/%d of %s", r.Store, r.Till, r.ReturnNo, src.Label)}
	if err := addEntries(ctx, tx, []central.LoyaltyEntry{entry}, b.now); err != nil {
		return err
	}
	return touchCustomer(ctx, tx, customer, b.now)
}

// ReturnRecord is a booked return of a purchase, with its refunds, for IT's commands.
type ReturnRecord struct {
	ID, Store, Till, Reason string
	No                      int64
	At                      time.Time
	Total                   pos.Money
	Refunds                 []pos.Tender
}

// ReturnsOf lists the booked returns of a purchase (kind sale or order, by its id), oldest
// first.
func (db *DB) ReturnsOf(ctx context.Context, kind, id string) ([]ReturnRecord, error) {
	var out []ReturnRecord
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, store_id, till_id, reason, return_no, booked_at, total FROM returns
			WHERE source_kind = ? AND source_id = ? AND status = 'booked' ORDER BY booked_at, id`, kind, id)
		if err != nil {
			return fmt.Errorf("returns of %s: %w", id, err)
		}
		for rows.Next() {
			var r ReturnRecord
			var at string
			if err := rows.Scan(&r.ID, &r.Store, &r.Till, &r.Reason, &r.No, &at, &r.Total); err != nil {
				rows.Close()
				return fmt.Errorf("returns of %s: %w", id, err)
			}
			r.At = parseTime(at)
			out = append(out, r)
		}
		rows.Close()
		for i := range out {
			if out[i].Refunds, err = refundsOf(ctx, tx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// keepReturnLine writes a line of a return and, when its goods go back on the shelf
// (stock), their movement into the store, adding it to moves.
func (b *booking) keepReturnLine(event string, r pos.ReturnEvent, l pos.ReturnEventLine, stock bool, moves *[]levelMove) error {
	if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO return_lines (return_id, line_no, sku, qty, amount, resellable) VALUES (?, ?, ?, ?, ?, ?)`,
		r.ReturnID, l.Line, l.SKU, int64(l.Qty), int64(l.Amount), l.Resellable); err != nil {
		return fmt.Errorf("line %d of return %s: %w", l.Line, r.ReturnID, err)
	}
	if !stock {
		return nil
	}
	if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO stock_movements (sku, delta, ref, event_id, at, store_id, reason) VALUES (?, ?, ?, ?, ?, ?, 'return')`,
		l.SKU, int64(l.Qty), r.ReturnID, event, b.nowText, b.till.Store); err != nil {
		return fmt.Errorf("stock back of %s: %w", l.SKU, err)
	}
	*moves = append(*moves, levelMove{Store: b.till.Store, SKU: l.SKU, Delta: l.Qty, At: b.now})
	return nil
}

// keepRefunds writes how a return paid back.
func (b *booking) keepRefunds(event string, r pos.ReturnEvent) error {
	for i, t := range r.Refund {
		if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO return_refunds (return_id, seq, event_id, kind, amount, reference, approval)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ReturnID, i+1, event, t.Kind, int64(t.Amount), t.Reference, t.Approval); err != nil {
			return fmt.Errorf("refund of return %s: %w", r.ReturnID, err)
		}
	}
	return nil
}

// holdQuery names the purchase a reservation is of.
func holdQuery(req wire.ReserveRequest) ReturnableQuery {
	if req.SourceKind == pos.SourceOrder {
		return ReturnableQuery{Order: req.SourceID}
	}
	return ReturnableQuery{Sale: req.SourceID}
}

// renewHold holds a till's reserved return again from now, for the rules' hold time: the
// till asks again when it kept the return longer than a hold lasts (an exchange whose
// customer shopped on). A hold that lapsed meanwhile holds again only what is still left:
// ECONFLICT, saying where the rest went, when another till took its units back.
func renewHold(ctx context.Context, tx *sql.Tx, req wire.ReserveRequest, now time.Time, ans *wire.Reservation) error {
	src, err := returnable(ctx, tx, holdQuery(req), now)
	if err != nil {
		return err
	}
	if err := addReturnedExcept(ctx, tx, &src, req.ReturnID, now); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT line_no, qty FROM return_lines WHERE return_id = ?`, req.ReturnID)
	if err != nil {
		return fmt.Errorf("lines of return %s: %w", req.ReturnID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var line int
		var qty int64
		if err := rows.Scan(&line, &qty); err != nil {
			return fmt.Errorf("lines of return %s: %w", req.ReturnID, err)
		}
		l, ok := lineOf(src, line)
		if left := l.Qty - l.Returned; ok && qty > left {
			return pos.Errorf(pos.ECONFLICT, "%s: %s of %s can go back, not %s; gone back: %s", src.Label,
				pos.Measure{Qty: pos.Qty(max(left, 0)), Unit: pos.Unit(l.Unit)}, l.Name, pos.Measure{Qty: pos.Qty(qty), Unit: pos.Unit(l.Unit)},
				strings.Join(l.Where, "; "))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lines of return %s: %w", req.ReturnID, err)
	}
	rules, err := currentRules(ctx, tx)
	if err != nil {
		return err
	}
	ans.Status, ans.ExpiresAt = "reserved", now.Add(rules.HoldTTL.Duration()).UTC()
	if _, err := tx.ExecContext(ctx, `UPDATE returns SET expires_at = ? WHERE id = ?`, timeText(ans.ExpiresAt), req.ReturnID); err != nil {
		return fmt.Errorf("renew the hold of return %s: %w", req.ReturnID, err)
	}
	return nil
}

// refundsOf reads how a return paid back, in order.
func refundsOf(ctx context.Context, tx *sql.Tx, id string) ([]pos.Tender, error) {
	var out []pos.Tender
	err := scanRows(ctx, tx, `SELECT kind, amount, reference, approval FROM return_refunds WHERE return_id = ? ORDER BY seq`, []any{id},
		func(rows *sql.Rows) error {
			var t pos.Tender
			if err := rows.Scan(&t.Kind, &t.Amount, &t.Reference, &t.Approval); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("refunds of return %s: %w", id, err)
	}
	return out, nil
}
