package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// booking is one batch of a till's events on its way into central's database: what central
// has that the batch's events touch, read in a few statements for the whole batch, and the
// rows the batch leaves, written in a few more (save). Each event is decided in Go from
// these, in order, each seeing what the events before it booked.
type booking struct {
	ctx   context.Context
	tx    *sql.Tx
	till  central.Till
	now   time.Time
	store central.Store
	rates []pos.VATRate // the VAT rates of the store's country

	// The till's store and id and the booking's time, as the rows carry them.
	storeID, tillID, nowText string

	seen     map[string]*inboxRow         // by event id: the inbox's, then the batch's own
	known    map[pos.SKU]bool             // the batch's articles central knows
	sales    map[pos.SaleID]string        // sale id → the event that recorded it
	receipts map[pos.ReceiptNo]pos.SaleID // the till's receipt numbers the batch uses
	levels   map[pos.SKU]level            // the store's on-hand of the batch's articles, as booked

	// The rows to write, in the order of the statements in save.
	inbox      rowValues
	rebooked   []rebooked
	saleRows   rowValues
	lineRows   rowValues
	tenderRows rowValues
	moveRows   rowValues
	moved      []pos.SKU // levels moved, in the order first moved
	exceptions []central.Exception
	conflicts  []*incoming
	failed     error // central's own failure while booking (joined.go)
}

// level is a store's on-hand of an article as the booking goes. ok is false for a level
// central cannot add to (not a whole number: a database from before the bounds).
type level struct {
	qty, delta pos.Qty
	ok         bool      // the level is a whole number central can add to
	moved      bool      // the batch moves it
	at         time.Time // the latest movement's time
}

// newBooking reads what the events touch: their inbox rows, the till's store and its VAT
// rates, and of their sales the articles, sale ids, receipt numbers and stock levels.
func newBooking(ctx context.Context, tx *sql.Tx, till central.Till, in []*incoming, now time.Time) (*booking, error) {
	b := &booking{ctx: ctx, tx: tx, till: till, now: now, storeID: string(till.Store), tillID: string(till.ID), nowText: timeText(now),
		known: map[pos.SKU]bool{}, sales: make(map[pos.SaleID]string, len(in)), receipts: make(map[pos.ReceiptNo]pos.SaleID, len(in)),
		levels: map[pos.SKU]level{}}
	lines := 0
	for _, e := range in {
		lines += len(e.sale.Lines)
	}
	b.inbox = newRowValues(10, len(in))
	b.saleRows = newRowValues(12, len(in))
	b.lineRows = newRowValues(15, lines)
	b.tenderRows = newRowValues(6, len(in))
	b.moveRows = newRowValues(7, lines)
	var err error
	if b.seen, err = seenEvents(ctx, tx, in); err != nil {
		return nil, err
	}
	if b.store, err = findStore(ctx, tx, till.Store); err != nil {
		return nil, err
	}
	if b.rates, err = countryRates(ctx, tx, b.store.Country); err != nil {
		return nil, err
	}
	var skus []pos.SKU
	var saleIDs []pos.SaleID
	var receipts []pos.ReceiptNo
	for _, e := range in {
		if e.refused != nil || e.Type != pos.EventSaleCompleted {
			continue
		}
		saleIDs = append(saleIDs, e.sale.SaleID)
		receipts = append(receipts, e.sale.ReceiptNo)
		for _, l := range e.sale.Lines {
			skus = append(skus, l.SKU)
		}
	}
	if len(saleIDs) == 0 {
		return b, nil
	}
	steps := []struct {
		what, query string
		list        any
		scan        func(*sql.Rows) error
		args        []any
	}{
		{"the batch's articles", `SELECT sku FROM products WHERE sku IN (SELECT value FROM json_each(?1))`, skus,
			func(rows *sql.Rows) error {
				var sku pos.SKU
				err := rows.Scan(&sku)
				b.known[sku] = true
				return err
			}, nil},
		{"the batch's sales", `SELECT id, event_id FROM sales WHERE id IN (SELECT value FROM json_each(?1))`, saleIDs,
			func(rows *sql.Rows) error {
				var id pos.SaleID
				var event string
				err := rows.Scan(&id, &event)
				b.sales[id] = event
				return err
			}, nil},
		{"the batch's receipt numbers", `SELECT receipt_no, id FROM sales WHERE store_id = ?2 AND till_id = ?3
			AND receipt_no IN (SELECT value FROM json_each(?1))`, receipts,
			func(rows *sql.Rows) error {
				var no pos.ReceiptNo
				var id pos.SaleID
				err := rows.Scan(&no, &id)
				b.receipts[no] = id
				return err
			}, []any{till.Store, till.ID}},
		{"the batch's stock levels", `SELECT sku, on_hand, as_of FROM stock_levels WHERE store_id = ?2
			AND sku IN (SELECT value FROM json_each(?1))`, skus,
			func(rows *sql.Rows) error {
				var sku pos.SKU
				var onHand any
				var at string
				if err := rows.Scan(&sku, &onHand, &at); err != nil {
					return err
				}
				qty, ok := onHand.(int64)
				b.levels[sku] = level{qty: pos.Qty(qty), ok: ok, at: parseTime(at)}
				return nil
			}, []any{till.Store}},
	}
	for _, s := range steps {
		if err := eachJSONRow(ctx, tx, s.query, s.list, s.scan, s.args...); err != nil {
			return nil, fmt.Errorf("read %s: %w", s.what, err)
		}
	}
	return b, nil
}

// countryRates lists the VAT rates central knows for a country; a store without a country
// sells in the catalog country's.
func countryRates(ctx context.Context, tx *sql.Tx, country string) ([]pos.VATRate, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rate_bp FROM vat_classes WHERE country =
		CASE WHEN ?1 = '' THEN (SELECT value FROM settings WHERE name = 'catalog_country') ELSE ?1 END`, country)
	if err != nil {
		return nil, fmt.Errorf("VAT rates of %q: %w", country, err)
	}
	defer rows.Close()
	var rates []pos.VATRate
	for rows.Next() {
		var r pos.VATRate
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		rates = append(rates, r)
	}
	return rates, rows.Err()
}

// book decides one event: applied, perhaps with exceptions for a manager, or rejected with
// the reason. waive books a sale IT released: past the rules a person can judge, never past
// central.CheckSaleSums.
func (b *booking) book(e *incoming, waive bool) (status, reason string) {
	if e.refused != nil {
		b.exception(e.EventID, central.ExceptionRejected, e.refused.Error())
		return wire.StatusRejected, e.refused.Error()
	}
	switch e.Type {
	case pos.EventCustomerCreated:
		return b.bookCustomer(e)
	case pos.EventReturnCompleted:
		return b.bookReturn(e)
	}
	s := e.sale
	check := central.CheckSale(s, e.Aggregate, b.till, b.store, b.rates)
	if waive {
		check = central.CheckSaleSums(s, e.Aggregate, b.till)
	}
	if check != nil {
		b.exception(e.EventID, central.ExceptionRejected, check.Error())
		return wire.StatusRejected, check.Error()
	}
	if other, ok := b.sales[s.SaleID]; ok {
		reason := fmt.Sprintf("sale %s was already recorded from event %s", s.SaleID, other)
		b.exception(e.EventID, central.ExceptionRejected, reason)
		return wire.StatusRejected, reason
	}
	// The stock it moves, checked before anything is kept: no level passes the bounds.
	moves := map[pos.SKU]level{}
	for _, l := range s.Lines {
		if l.Voided || !b.known[l.SKU] {
			continue
		}
		lv, seen := moves[l.SKU]
		if !seen {
			lv = b.levelOf(l.SKU)
		}
		q, ok := pos.CheckedAdd(int64(lv.qty), -int64(l.Qty))
		if !lv.ok || !ok || q < -int64(central.MaxStock) || q > int64(central.MaxStock) {
			reason := fmt.Sprintf("line %d of sale %s would take the stock of %s in %s beyond what central can hold (±%d thousandths)",
				l.No, s.SaleID, l.SKU, b.till.Store, central.MaxStock)
			b.exception(e.EventID, central.ExceptionRejected, reason)
			return wire.StatusRejected, reason
		}
		lv.qty, lv.delta, lv.moved = pos.Qty(q), lv.delta-l.Qty, true
		lv.at = later(lv.at, s.CompletedAt)
		moves[l.SKU] = lv
	}

	if other, ok := b.receipts[s.ReceiptNo]; ok {
		b.exception(e.EventID, central.ExceptionReceiptClash, central.ReceiptClash(s, other))
	} else {
		b.receipts[s.ReceiptNo] = s.SaleID
	}
	b.sales[s.SaleID] = e.EventID
	// The rows' values in the driver's own types (string, int64, bool): database/sql
	// converts any other type by reflection, value by value.
	saleID, completed := string(s.SaleID), timeText(s.CompletedAt)
	b.saleRows.add(saleID, e.EventID, int64(s.ReceiptNo), string(s.Cashier), string(s.Currency),
		timeText(s.StartedAt), completed, int64(s.Total), int64(s.BasketDiscount), string(s.Customer), b.storeID, b.tillID)
	for _, l := range s.Lines {
		b.lineRows.add(saleID, int64(l.No), e.EventID, string(l.SKU), l.Code, int64(l.Qty), int64(l.UnitPrice),
			int64(l.VAT), int64(l.FixedAmount), int64(l.Amount), int64(l.LineDiscount), int64(l.BasketShare), l.Voided, l.Promotion,
			int64(l.PromotionDiscount))
		switch {
		case l.Voided:
		case !b.known[l.SKU]:
			b.exception(e.EventID, central.ExceptionUnknownSKU, central.UnknownSKU(s, l))
		default:
			b.moveRows.add(string(l.SKU), -int64(l.Qty), saleID, e.EventID, completed, b.storeID, "sale")
		}
	}
	for _, l := range s.Lines { // in line order, so the stream's order does not depend on a map's
		lv, ok := moves[l.SKU]
		if !ok {
			continue
		}
		if !b.levels[l.SKU].moved {
			b.moved = append(b.moved, l.SKU)
		}
		b.levels[l.SKU] = lv
		delete(moves, l.SKU)
	}
	for i, t := range s.Tenders {
		b.tenderRows.add(saleID, int64(i+1), e.EventID, string(t.Kind), int64(t.Amount), t.Reference)
	}
	if err := b.spendVouchers(e.EventID, s); err != nil {
		b.failed = err
		return wire.StatusRejected, "central failed"
	}
	if err := b.bookExchange(e.EventID, s); err != nil {
		b.failed = err
		return wire.StatusRejected, "central failed"
	}
	if err := b.bookCoupon(e.EventID, s); err != nil {
		b.failed = err
		return wire.StatusRejected, "central failed"
	}
	if err := b.bookPoints(e.EventID, s); err != nil {
		b.failed = err
		return wire.StatusRejected, "central failed"
	}
	return wire.StatusApplied, ""
}

// levelOf is the store's level of an article as booked so far; an article without stock
// yet starts at 0.
func (b *booking) levelOf(sku pos.SKU) level {
	if lv, ok := b.levels[sku]; ok {
		return lv
	}
	return level{ok: true}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// The tables a booking inserts into, and their columns, in the order of the rows queued.
const (
	insertInbox = `INSERT INTO inbox (event_id, type, aggregate, payload, created_at, status, reason, store_id, till_id, received_at)`
	insertSales = `INSERT INTO sales (id, event_id, receipt_no, cashier_id, currency, started_at, completed_at, total, basket_discount, customer_id, store_id, till_id)`
	insertLines = `INSERT INTO sale_lines (sale_id, line_no, event_id, sku, code, qty, unit_price, vat_bp, fixed_amount, amount, line_discount, basket_share, voided,
		promotion_id, promotion_discount)`
	insertTenders = `INSERT INTO tenders (sale_id, seq, event_id, kind, amount, reference)`
	insertMoves   = `INSERT INTO stock_movements (sku, delta, ref, event_id, at, store_id, reason)`
)

// flush writes the rows queued so far and starts the queues afresh, so what is booked next
// sees them: a return sees the sale it takes back when both came in one batch (a till
// that sold and took back offline).
func (b *booking) flush() error {
	if err := b.save(); err != nil {
		return err
	}
	b.inbox.vals, b.saleRows.vals, b.lineRows.vals = b.inbox.vals[:0], b.saleRows.vals[:0], b.lineRows.vals[:0]
	b.tenderRows.vals, b.moveRows.vals = b.tenderRows.vals[:0], b.moveRows.vals[:0]
	b.rebooked, b.exceptions, b.conflicts = nil, nil, nil
	for _, sku := range b.moved {
		lv := b.levels[sku]
		lv.delta, lv.moved = 0, false
		b.levels[sku] = lv
	}
	b.moved = nil
	return nil
}

// save writes the booking's rows, each table in a statement or a few.
func (b *booking) save() error {
	ctx, tx := b.ctx, b.tx
	now := b.nowText
	if _, err := insertValues(ctx, tx, "take events into the inbox", insertInbox, "", b.inbox); err != nil {
		return err
	}
	for _, r := range b.rebooked {
		if _, err := tx.ExecContext(ctx, `UPDATE inbox SET status = ?, reason = ?, received_at = ? WHERE event_id = ?`,
			r.status, r.reason, now, r.event); err != nil {
			return fmt.Errorf("book event %s again: %w", r.event, err)
		}
		if r.status == wire.StatusApplied {
			if _, err := resolveException(ctx, tx, r.event, central.ExceptionRejected, r.by, r.how, b.now); err != nil {
				return err
			}
		}
	}
	for _, s := range []struct {
		what, head string
		rows       rowValues
	}{
		{"record sales", insertSales, b.saleRows},
		{"record sale lines", insertLines, b.lineRows},
		{"record tenders", insertTenders, b.tenderRows},
		{"record stock movements", insertMoves, b.moveRows},
	} {
		if _, err := insertValues(ctx, tx, s.what, s.head, "", s.rows); err != nil {
			return err
		}
	}
	var moves []levelMove
	for _, sku := range b.moved {
		lv := b.levels[sku]
		moves = append(moves, levelMove{Store: b.till.Store, SKU: sku, Delta: lv.delta, At: lv.at})
	}
	if err := moveLevels(ctx, tx, moves); err != nil {
		return err
	}
	if err := saveExceptions(ctx, tx, b.exceptions, b.now); err != nil {
		return err
	}
	for _, e := range b.conflicts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_conflicts (event_id, body_hash, store_id, till_id, type, aggregate, payload,
			created_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, e.EventID, bodyHash(e.Event),
			b.till.Store, b.till.ID, e.Type, e.Aggregate, string(e.Payload), timeText(e.CreatedAt), now); err != nil {
			return fmt.Errorf("keep the other body of event %s: %w", e.EventID, err)
		}
	}
	return nil
}
