package client

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Progress is how far a stream's snapshot is applied.
type Progress struct {
	Stream      pos.Stream
	Done, Total int // rows applied, rows in the snapshot
}

// Snapshot returns the snapshot being pulled now, for a screen that polls rather than
// listens to OnProgress; false when no snapshot is under way.
func (w *Worker) Snapshot() (Progress, bool) {
	if p := w.snapshot.Load(); p != nil {
		return *p, true
	}
	return Progress{}, false
}

// PullAll pulls every stream, each to its end, in the order of pos.Streams. A stream that
// fails (central refuses it, or the till refuses a page) does not hold up the others: they
// are pulled all the same, the failed ones are named in the worker's state (State) and the
// error joins their failures. Only when central cannot be reached at all does it stop.
func (w *Worker) PullAll(ctx context.Context) error {
	pages := map[pos.Stream]pageFunc{
		pos.StreamProducts:   w.pullProducts,
		pos.StreamStock:      w.pullStock,
		pos.StreamPromotions: w.pullPromotions,
		pos.StreamLoyalty:    w.pullLoyalty,
		pos.StreamCoupons:    w.pullCoupons,
		pos.StreamReturns:    w.pullReturnsPolicy,
		pos.StreamCustomers:  w.pullCustomers,
		pos.StreamOrders:     w.pullOrders,
	}
	var errs []error
	var failed []pos.Stream
	for _, s := range pos.Streams {
		err := w.pull(ctx, s, pages[s])
		if err == nil {
			continue
		}
		if !answered(err) || ctx.Err() != nil {
			return err // no answer from central: the state says offline, not a stream
		}
		w.Log.Warn("a stream could not be pulled; pulling the others", "stream", s, "err", err)
		errs, failed = append(errs, err), append(failed, s)
	}
	w.failed.Store(&failed)
	return errors.Join(errs...)
}

// answered says whether an error came with central's answer (or from the till's own
// database), rather than from a link that reached nothing or a round cut short.
func answered(err error) bool {
	var se *StatusError
	var ue *url.Error
	switch {
	case errors.As(err, &se):
		return true
	case errors.As(err, &ue), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	return true
}

// pageResult is what pulling and applying one page gave.
type pageResult struct {
	next  int64 // the cursor after the page
	more  bool  // more pages follow
	rows  int   // rows the page carried
	total int64 // rows of the whole snapshot, on a page from cursor 0
}

// pageFunc pulls and applies one page after cursor.
type pageFunc func(ctx context.Context, cursor int64) (pageResult, error)

// pull pages through one stream from the till's cursor. On "reset" it starts again from 0,
// once: a full snapshot. A snapshot reports its progress after each page.
func (w *Worker) pull(ctx context.Context, stream pos.Stream, page pageFunc) error {
	cursor, err := w.Store.Cursor(ctx, stream)
	if err != nil {
		return err
	}
	defer w.snapshot.Store(nil)
	snap := progressOf(stream, cursor)
	reset := false
	for {
		res, err := page(ctx, cursor)
		if errors.Is(err, ErrReset) && !reset {
			w.Log.Info("central reset the stream; pulling it whole", "stream", stream, "cursor", cursor)
			if err := w.Store.ResetCursor(ctx, stream); err != nil {
				return err
			}
			cursor, reset, snap = 0, true, progressOf(stream, 0)
			continue
		}
		if err != nil {
			return fmt.Errorf("pull %s from %d: %w", stream, cursor, err)
		}
		if snap != nil {
			w.report(snap, cursor, res)
		}
		cursor = res.next
		if !res.more {
			return nil
		}
	}
}

// progressOf starts a snapshot's progress when the pull starts from 0; nil otherwise.
func progressOf(stream pos.Stream, cursor int64) *Progress {
	if cursor != 0 {
		return nil
	}
	return &Progress{Stream: stream}
}

// report adds an applied page to the snapshot's progress and tells it.
func (w *Worker) report(p *Progress, cursor int64, res pageResult) {
	if cursor == 0 {
		p.Total = int(res.total)
	}
	p.Done += res.rows
	// A row changed during the pull comes again later, and the last page ends the
	// snapshot whatever central counted at its start: the bar never passes or misses 100 %.
	if p.Done > p.Total || !res.more {
		p.Total = p.Done
	}
	if p.Total == 0 {
		return // an empty stream: nothing to show
	}
	cp := *p
	w.snapshot.Store(&cp)
	if w.OnProgress != nil {
		w.OnProgress(p.Stream, p.Done, p.Total)
	}
}

func (w *Worker) pullProducts(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.Products(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	ps := make([]pos.Product, len(page.Products))
	for i, p := range page.Products {
		ps[i] = pos.Product{SKU: pos.SKU(p.SKU), Name: p.Name, Barcodes: p.Barcodes, Price: pos.Money(p.Price),
			VAT: pos.VATRate(p.VAT), Unit: pos.Unit(p.Unit), PLU: p.PLU, QuickKey: p.QuickKey}
	}
	res := pageResult{next: page.NextCursor, more: page.More, rows: len(ps), total: page.Total}
	return res, w.Store.ApplyProductPage(ctx, ps, page.NextCursor)
}

func (w *Worker) pullStock(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.StockChanges(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	ls := make([]pos.StockLevel, len(page.Levels))
	for i, l := range page.Levels {
		ls[i] = pos.StockLevel{Store: pos.StoreID(l.StoreID), SKU: pos.SKU(l.SKU), OnHand: pos.Qty(l.OnHand), AsOf: l.AsOf}
	}
	res := pageResult{next: page.NextCursor, more: page.More, rows: len(ls), total: page.Total}
	return res, w.Store.ApplyStockPage(ctx, ls, page.NextCursor)
}

func (w *Worker) pullPromotions(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.Promotions(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	ps := make([]pos.Promotion, len(page.Promotions))
	for i, p := range page.Promotions {
		ps[i] = promotionOf(p)
	}
	res := pageResult{next: page.NextCursor, more: page.More, rows: len(ps), total: page.Total}
	return res, w.Store.ApplyPromotionPage(ctx, ps, page.NextCursor)
}

func (w *Worker) pullCustomers(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.Customers(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	cs := make([]pos.CustomerChange, len(page.Customers))
	for i, c := range page.Customers {
		cs[i] = pos.CustomerChange{Erased: c.Erased, Customer: pos.Customer{ID: pos.CustomerID(c.ID), Card: c.Card, Name: c.Name,
			Email: c.Email, Phone: c.Phone, Points: c.Points}}
	}
	res := pageResult{next: page.NextCursor, more: page.More, rows: len(cs), total: page.Total}
	return res, w.Store.ApplyCustomerPage(ctx, cs, page.NextCursor)
}

func (w *Worker) pullOrders(ctx context.Context, cursor int64) (pageResult, error) {
	page, err := w.Central.Orders(ctx, cursor, w.Page)
	if err != nil {
		return pageResult{}, err
	}
	os := make([]pos.OnlineOrder, len(page.Orders))
	for i, o := range page.Orders {
		os[i] = OnlineOrder(o)
	}
	res := pageResult{next: page.NextCursor, more: page.More, rows: len(os), total: page.Total}
	return res, w.Store.ApplyOrderPage(ctx, os, page.NextCursor)
}

// OnlineOrder is an order as the till keeps it.
func OnlineOrder(o wire.Order) pos.OnlineOrder {
	out := pos.OnlineOrder{ID: o.ID, Number: o.Number, Channel: o.Channel, Customer: pos.CustomerID(o.CustomerID),
		Status: pos.OrderStatus(o.Status), Paid: o.Paid, Currency: pos.Currency(o.Currency), Total: pos.Money(o.Total),
		CreatedAt: o.CreatedAt, Lines: make([]pos.OrderLine, len(o.Lines))}
	for i, l := range o.Lines {
		out.Lines[i] = pos.OrderLine{Line: l.Line, SKU: pos.SKU(l.SKU), Name: l.Name, Qty: pos.Qty(l.Qty), Price: pos.Money(l.Price),
			Discount: pos.Money(l.Discount), Amount: pos.Money(l.Amount)}
	}
	return out
}

// promotionOf is a promotion as the till keeps it.
func promotionOf(p wire.Promotion) pos.Promotion {
	out := pos.Promotion{ID: p.ID, Name: p.Name, Kind: pos.PromoKind(p.Kind), Value: p.Value, MinQty: p.MinQty,
		Starts: p.Starts, Ends: p.Ends, Withdrawn: p.Withdrawn, Members: p.Members}
	for _, sku := range p.SKUs {
		out.SKUs = append(out.SKUs, pos.SKU(sku))
	}
	for _, store := range p.Stores {
		out.Stores = append(out.Stores, pos.StoreID(store))
	}
	return out
}
