package sqlite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/wire"
)

func mustAddStock(tb testing.TB, db *DB, store pos.StoreID, sku pos.SKU, pieces int64) {
	tb.Helper()
	if err := db.AddStock(ctx, "delivery", "test", []central.Movement{{Store: store, SKU: sku, Delta: pos.Pieces(pieces)}}); err != nil {
		tb.Fatal(err)
	}
}

// newOrder is a web shop's order whose id is made from its number.
func newOrder(number string, store pos.StoreID, lines ...wire.NewOrderLine) wire.NewOrder {
	return wire.NewOrder{ID: "id-" + number, Number: number, StoreID: string(store), Lines: lines}
}

func pieces(sku string, n int64) wire.NewOrderLine { return wire.NewOrderLine{SKU: sku, Qty: n * 1000} }

// availableAt is an article's line of availability in one store; ok false when unlisted.
func availableAt(tb testing.TB, db *DB, sku pos.SKU, store pos.StoreID) (wire.StoreAvailability, bool) {
	tb.Helper()
	a, err := db.Availability(ctx, sku)
	if err != nil {
		tb.Fatal(err)
	}
	for _, s := range a.Stores {
		if s.StoreID == string(store) {
			return s, true
		}
	}
	return wire.StoreAvailability{}, false
}

func wantAvailable(tb testing.TB, db *DB, sku pos.SKU, store pos.StoreID, onHand, reserved, available int64) {
	tb.Helper()
	s, ok := availableAt(tb, db, sku, store)
	if !ok || s.OnHand != onHand || s.Reserved != reserved || s.Available != available {
		tb.Fatalf("availability of %s at %s: %+v (listed %v), want on hand %d, reserved %d, available %d", sku, store, s, ok, onHand, reserved, available)
	}
}

func TestPlaceOrder(t *testing.T) {
	db, _ := mustOpen(t)
	mustSavePromotions(t, db, promotionsFile)
	mustSaveCustomers(t, db, customersFile)
	mustAddStock(t, db, waw.ID, "ZUB-07", 10)
	first := newOrder("WEB-1", waw.ID, pieces("ZUB-07", 2))
	first.CustomerID, first.Paid = "C-1", true

	o, created, err := db.PlaceOrder(ctx, "shop", first)
	if err != nil || !created {
		t.Fatalf("place: %v (created %v)", err, created)
	}
	// 2 × 42,99 = 85,98 less Black week's 15 % (12,897, so 12,90); 3 for 100 needs 3.
	if o.Total != 7308 || o.Status != wire.OrderPlaced || o.Currency != "PLN" || o.Channel != "web" || o.CustomerID != "C-1" || !o.Paid {
		t.Fatalf("order %+v", o)
	}
	if l := o.Lines[0]; l.Line != 1 || l.SKU != "ZUB-07" || l.Price != 4299 || l.Qty != 2000 || l.Name != catalog[0].Name {
		t.Fatalf("line %+v", l)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM order_lines WHERE discount = 1290 AND amount = 7308 AND promotion_id = 'BW-15'`); n != 1 {
		t.Fatal("the line's discount and promotion are not kept")
	}
	wantAvailable(t, db, "ZUB-07", waw.ID, 10000, 2000, 8000)
	seq := count(t, db, `SELECT last_seq FROM streams WHERE name = 'orders'`)

	t.Run("SameOrderAgain", func(t *testing.T) {
		again, created, err := db.PlaceOrder(ctx, "shop", first)
		if err != nil || created || again.ID != o.ID || again.Total != o.Total || !again.CreatedAt.Equal(o.CreatedAt) {
			t.Fatalf("again: %+v created %v, %v", again, created, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders`); n != 1 {
			t.Fatalf("%d orders after sending one twice", n)
		}
		if now := count(t, db, `SELECT last_seq FROM streams WHERE name = 'orders'`); now != seq {
			t.Fatal("sending an order again moved the stream")
		}
		wantAvailable(t, db, "ZUB-07", waw.ID, 10000, 2000, 8000)
	})
	t.Run("SameIDOtherBody", func(t *testing.T) {
		other := first
		other.Lines = []wire.NewOrderLine{pieces("ZUB-07", 3)}
		if _, _, err := db.PlaceOrder(ctx, "shop", other); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "new order needs a new id") {
			t.Fatalf("same id, other lines: %v", err)
		}
	})
	t.Run("SameNumberOtherID", func(t *testing.T) {
		other := first
		other.ID = "another"
		if _, _, err := db.PlaceOrder(ctx, "shop", other); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "number WEB-1") {
			t.Fatalf("same number, other id: %v", err)
		}
	})
	t.Run("Short", func(t *testing.T) {
		_, _, err := db.PlaceOrder(ctx, "shop", newOrder("WEB-2", waw.ID, pieces("ZUB-07", 9)))
		if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "ZUB-07") || !strings.Contains(err.Error(), "8 can be promised at PL-WAW") {
			t.Fatalf("more than available: %v", err)
		}
		if _, _, err := db.PlaceOrder(ctx, "shop", newOrder("WEB-3", vno.ID, pieces("SAK-1", 1))); pos.ErrorCode(err) != pos.ECONFLICT ||
			!strings.Contains(err.Error(), "0 can be promised at LT-VNO") {
			t.Fatalf("a store without stock: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders`); n != 1 {
			t.Fatalf("%d orders after refusals", n)
		}
		// Exactly what is left can be promised.
		if _, _, err := db.PlaceOrder(ctx, "shop", newOrder("WEB-4", waw.ID, pieces("ZUB-07", 8))); err != nil {
			t.Fatal(err)
		}
		wantAvailable(t, db, "ZUB-07", waw.ID, 10000, 10000, 0)
	})
	t.Run("CancelReleases", func(t *testing.T) {
		if _, changed, err := db.SetOrderStatus(ctx, "WEB-4", wire.OrderCancelled); err != nil || !changed {
			t.Fatalf("cancel: %v %v", changed, err)
		}
		wantAvailable(t, db, "ZUB-07", waw.ID, 10000, 2000, 8000)
		if _, changed, err := db.SetOrderStatus(ctx, "WEB-4", wire.OrderCancelled); err != nil || changed {
			t.Fatalf("cancel again: %v %v", changed, err)
		}
		if _, _, err := db.SetOrderStatus(ctx, "WEB-4", wire.OrderReady); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("a cancelled order made ready: %v", err)
		}
	})
	t.Run("ReadyStillHolds", func(t *testing.T) {
		if _, _, err := db.SetOrderStatus(ctx, "WEB-1", wire.OrderReady); err != nil {
			t.Fatal(err)
		}
		wantAvailable(t, db, "ZUB-07", waw.ID, 10000, 2000, 8000)
	})
	t.Run("CollectTakesTheStock", func(t *testing.T) {
		o, changed, err := db.SetOrderStatus(ctx, "WEB-1", wire.OrderCollected)
		if err != nil || !changed || o.Status != wire.OrderCollected {
			t.Fatalf("collect: %+v %v %v", o, changed, err)
		}
		wantAvailable(t, db, "ZUB-07", waw.ID, 8000, 0, 8000)
		if n := count(t, db, `SELECT COUNT(*) FROM stock_movements WHERE reason = 'collected' AND ref = 'WEB-1' AND delta = -2000`); n != 1 {
			t.Fatal("collecting did not take the stock out")
		}
		if _, _, err := db.SetOrderStatus(ctx, "WEB-1", wire.OrderCancelled); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("a collected order cancelled: %v", err)
		}
	})
	t.Run("StatusErrors", func(t *testing.T) {
		if _, _, err := db.SetOrderStatus(ctx, "WEB-404", wire.OrderReady); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("unknown order: %v", err)
		}
		if _, _, err := db.SetOrderStatus(ctx, "WEB-1", "lost"); pos.ErrorCode(err) != pos.EINVALID {
			t.Fatalf("unknown status: %v", err)
		}
	})
	t.Run("ByNumber", func(t *testing.T) {
		got, err := db.OrderForWebShop(ctx, "shop", "WEB-1")
		if err != nil || got.ID != "id-WEB-1" || got.Status != wire.OrderCollected || len(got.Lines) != 1 || got.CustomerID != "C-1" || got.Customer != nil {
			t.Fatalf("the shop reads its order: %+v %v", got, err)
		}
		if _, err := db.OrderForWebShop(ctx, "shop", "WEB-404"); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("unknown number: %v", err)
		}
		// Another shop is told what it is told of a number central lacks.
		_, err = db.OrderForWebShop(ctx, "other", "WEB-1")
		if pos.ErrorCode(err) != pos.ENOTFOUND || err.Error() != "central has no order WEB-1" {
			t.Fatalf("another shop reads WEB-1: %v", err)
		}
		till, err := db.OrderForTill(ctx, "WEB-1")
		if err != nil || till.ID != "id-WEB-1" || till.Customer == nil || *till.Customer != (wire.OrderCustomer{ID: "C-1", Name: "Anna Nowak"}) {
			t.Fatalf("a till reads WEB-1: %+v %v", till, err)
		}
		if _, err := db.OrderForTill(ctx, "WEB-404"); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("a till asks an unknown number: %v", err)
		}
	})
	t.Run("AnotherShopsIDOrNumber", func(t *testing.T) {
		// The very body shop placed, sent by another shop: refused, and nothing of the order
		// (its number, status, total) is answered.
		if o, _, err := db.PlaceOrder(ctx, "other", first); pos.ErrorCode(err) != pos.ECONFLICT ||
			err.Error() != "order id id-WEB-1 is taken by an order this shop did not place: a new order needs a new id" || o.Number != "" {
			t.Fatalf("another shop sends shop's order again: %+v %v", o, err)
		}
		sameNumber := newOrder("WEB-1", waw.ID, pieces("ZUB-07", 1))
		sameNumber.ID = "other-1"
		if _, _, err := db.PlaceOrder(ctx, "other", sameNumber); pos.ErrorCode(err) != pos.ECONFLICT ||
			err.Error() != "order number WEB-1 is taken by another order" {
			t.Fatalf("another shop uses shop's number: %v", err)
		}
	})
	t.Run("Weighed", func(t *testing.T) {
		mustAddStock(t, db, waw.ID, "KIE-SL", 2)
		// KIE-PR: 19,99 a kg in PL-WAW instead of 24,99: 0,250 kg is 5,00 (6,25 without).
		o, _, err := db.PlaceOrder(ctx, "shop", newOrder("WEB-5", waw.ID, wire.NewOrderLine{SKU: "KIE-SL", Qty: 250}))
		if err != nil || o.Total != 500 || o.Lines[0].Price != 2499 {
			t.Fatalf("weighed order: %+v %v", o, err)
		}
	})
}

func TestNewOrderRefused(t *testing.T) {
	db, _ := mustOpen(t)
	mustAddStock(t, db, waw.ID, "ZUB-07", 10)
	many := newOrder("WEB-9", waw.ID)
	for i := range central.MaxOrderLines + 1 {
		many.Lines = append(many.Lines, wire.NewOrderLine{SKU: fmt.Sprint("SKU-", i), Qty: 1000})
	}
	erased := newOrder("WEB-9", waw.ID, pieces("ZUB-07", 1))
	erased.CustomerID = "C-1"
	mustSaveCustomers(t, db, "id,name,erased\nC-1,Anna,\n")
	mustSaveCustomers(t, db, "id,name,erased\nC-1,,yes\n")
	tests := map[string]struct {
		order wire.NewOrder
		want  string
	}{
		"NoID":         {wire.NewOrder{Number: "WEB-9", StoreID: "PL-WAW", Lines: []wire.NewOrderLine{pieces("ZUB-07", 1)}}, "id is required"},
		"NoNumber":     {wire.NewOrder{ID: "x", StoreID: "PL-WAW", Lines: []wire.NewOrderLine{pieces("ZUB-07", 1)}}, "number is required"},
		"NoStore":      {newOrder("WEB-9", "", pieces("ZUB-07", 1)), "store_id is required"},
		"UnknownStore": {newOrder("WEB-9", "XX-NONE", pieces("ZUB-07", 1)), "central knows no store XX-NONE"},
		"NoLines":      {newOrder("WEB-9", waw.ID), "has no lines"},
		"TooManyLines": {many, "at most 200"},
		"UnknownSKU":   {newOrder("WEB-9", waw.ID, pieces("ZUB-07", 1), pieces("NOPE", 1)), "line 2 of order WEB-9: central knows no SKU NOPE"},
		"ZeroQty":      {newOrder("WEB-9", waw.ID, wire.NewOrderLine{SKU: "ZUB-07"}), "ZUB-07 has qty_milli 0"},
		"HugeQty":      {newOrder("WEB-9", waw.ID, wire.NewOrderLine{SKU: "ZUB-07", Qty: 1 << 60}), "from 1 to"},
		"HalfAPiece":   {newOrder("WEB-9", waw.ID, wire.NewOrderLine{SKU: "ZUB-07", Qty: 500}), "sold per piece"},
		"SKUTwice":     {newOrder("WEB-9", waw.ID, pieces("ZUB-07", 1), pieces("ZUB-07", 1)), "also on line 1"},
		"UnknownCustomer": {func() wire.NewOrder {
			o := newOrder("WEB-9", waw.ID, pieces("ZUB-07", 1))
			o.CustomerID = "C-404"
			return o
		}(), "no customer C-404"},
		"ErasedCustomer": {erased, "customer C-1 was erased"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, _, err := db.PlaceOrder(ctx, "shop", tt.order)
			if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want invalid with %q", err, tt.want)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM orders`); n != 0 {
				t.Fatalf("%d orders stored", n)
			}
		})
	}
}

func TestOrderStreamIsPerStore(t *testing.T) {
	db, _ := mustOpen(t)
	wawTill, _ := mustPair(t, db, waw.ID, "01")
	vnoTill, _ := mustPair(t, db, vno.ID, "01")
	mustAddStock(t, db, waw.ID, "ZUB-07", 10)
	mustAddStock(t, db, vno.ID, "SAK-1", 10)
	for _, o := range []wire.NewOrder{
		newOrder("WEB-1", waw.ID, pieces("ZUB-07", 1)),
		newOrder("WEB-2", vno.ID, pieces("SAK-1", 2)),
		newOrder("WEB-3", waw.ID, pieces("ZUB-07", 2)),
		newOrder("WEB-4", waw.ID, pieces("ZUB-07", 3)),
	} {
		if _, _, err := db.PlaceOrder(ctx, "shop", o); err != nil {
			t.Fatal(err)
		}
	}
	page, err := db.OrderChanges(ctx, wawTill, 0, 2)
	if err != nil || len(page.Orders) != 2 || !page.More || page.Total != 3 {
		t.Fatalf("first page of PL-WAW: %+v %v", page, err)
	}
	if page.Orders[0].Number != "WEB-1" || page.Orders[1].Number != "WEB-3" || page.Orders[1].Lines[0].Qty != 2000 {
		t.Fatalf("PL-WAW's orders: %+v", page.Orders)
	}
	page, err = db.OrderChanges(ctx, wawTill, page.NextCursor, 2)
	if err != nil || len(page.Orders) != 1 || page.More || page.Orders[0].Number != "WEB-4" || page.Total != 0 {
		t.Fatalf("last page of PL-WAW: %+v %v", page, err)
	}
	cursor := page.NextCursor
	vnoPage, err := db.OrderChanges(ctx, vnoTill, 0, 10)
	if err != nil || len(vnoPage.Orders) != 1 || vnoPage.Orders[0].Number != "WEB-2" || vnoPage.Total != 1 {
		t.Fatalf("LT-VNO's orders: %+v %v", vnoPage, err)
	}
	// A status change reaches the store's tills, and only theirs.
	if _, _, err := db.SetOrderStatus(ctx, "WEB-1", wire.OrderReady); err != nil {
		t.Fatal(err)
	}
	page, err = db.OrderChanges(ctx, wawTill, cursor, 10)
	if err != nil || len(page.Orders) != 1 || page.Orders[0].Status != wire.OrderReady {
		t.Fatalf("PL-WAW after a status change: %+v %v", page, err)
	}
	if p, err := db.OrderChanges(ctx, vnoTill, vnoPage.NextCursor, 10); err != nil || len(p.Orders) != 0 {
		t.Fatalf("LT-VNO got PL-WAW's change: %+v %v", p, err)
	}
}

const ordersFile = `number,store_id,sku,qty,channel,customer_id,paid
CC-1,PL-WAW,ZUB-07,2,phone,C-1,yes
CC-2,LT-VNO,SAK-1,1,phone,,no
CC-1,PL-WAW,KIE-SL,"0,5",phone,C-1,yes
`

func mustReadOrders(tb testing.TB, file string) []central.OrderImport {
	tb.Helper()
	orders, err := imports.ReadOrders(strings.NewReader(file))
	if err != nil {
		tb.Fatal(err)
	}
	return orders
}

func TestImportOrders(t *testing.T) {
	db, _ := mustOpen(t)
	mustSaveCustomers(t, db, customersFile)
	orders := mustReadOrders(t, ordersFile)
	if len(orders) != 2 || len(orders[0].Order.Lines) != 2 || orders[0].Rows[1] != 4 || orders[0].Order.Lines[1].Qty != 500 {
		t.Fatalf("read: %+v", orders)
	}
	res, err := db.SaveOrders(ctx, orders, "import orders.csv")
	if err != nil || res.Added != 2 {
		t.Fatalf("import: %+v %v", res, err)
	}
	o, err := db.OrderForTill(ctx, "CC-1")
	if err != nil || o.Channel != "phone" || !o.Paid || o.CustomerID != "C-1" || o.Total != 2*4299+1250 || len(o.ID) != 36 {
		t.Fatalf("imported order: %+v %v", o, err)
	}
	// No web shop placed it, so none reads it.
	if _, err := db.OrderForWebShop(ctx, "shop", "CC-1"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a web shop reads an imported order: %v", err)
	}
	// Imported orders were promised elsewhere: they hold stock the store does not have.
	wantAvailable(t, db, "SAK-1", vno.ID, 0, 1000, -1000)
	seq := count(t, db, `SELECT last_seq FROM streams WHERE name = 'orders'`)

	t.Run("ImportAgainChangesNothing", func(t *testing.T) {
		res, err := db.SaveOrders(ctx, mustReadOrders(t, ordersFile), "import orders.csv")
		if err != nil || res.Unchanged != 2 {
			t.Fatalf("import again: %+v %v", res, err)
		}
		if now := count(t, db, `SELECT last_seq FROM streams WHERE name = 'orders'`); now != seq {
			t.Fatal("importing the same file again moved the stream")
		}
	})
	t.Run("ChangedOrderRefused", func(t *testing.T) {
		file := strings.Replace(ordersFile, `"0,5"`, "1", 1) + "CC-3,PL-WAW,ZUB-07,1,,,\n"
		_, err := db.SaveOrders(ctx, mustReadOrders(t, file), "x")
		if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "line 2: order CC-1 is already at central") {
			t.Fatalf("changed order: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders WHERE number = 'CC-3'`); n != 0 {
			t.Fatal("an order of a refused file was stored")
		}
	})
	t.Run("UnknownSKUNamesItsRow", func(t *testing.T) {
		file := "number,store_id,sku,qty\nCC-4,PL-WAW,ZUB-07,1\nCC-4,PL-WAW,NOPE,1\n"
		_, err := db.SaveOrders(ctx, mustReadOrders(t, file), "x")
		if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "line 3: order CC-4: central knows no SKU NOPE") {
			t.Fatalf("unknown SKU: %v", err)
		}
	})
	t.Run("HalfAPieceNamesItsRow", func(t *testing.T) {
		file := "number,store_id,sku,qty\nCC-4,PL-WAW,KIE-SL,1\nCC-4,PL-WAW,ZUB-07,\"1,5\"\n"
		_, err := db.SaveOrders(ctx, mustReadOrders(t, file), "x")
		if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "line 3: order CC-4: ZUB-07 is sold per piece") {
			t.Fatalf("half a piece: %v", err)
		}
	})
}

// TestPlaceOrderConcurrently checks the last pieces are promised once: orders placed at the
// same moment each see what the others hold.
func TestPlaceOrderConcurrently(t *testing.T) {
	db, _ := mustOpen(t)
	mustAddStock(t, db, waw.ID, "ZUB-07", 3)
	errs := make(chan error, 10)
	for i := range 10 {
		go func() {
			_, _, err := db.PlaceOrder(ctx, "shop", newOrder(fmt.Sprint("WEB-", i), waw.ID, pieces("ZUB-07", 1)))
			errs <- err
		}()
	}
	placed := 0
	for range 10 {
		switch err := <-errs; {
		case err == nil:
			placed++
		case pos.ErrorCode(err) != pos.ECONFLICT:
			t.Fatal(err)
		}
	}
	if placed != 3 {
		t.Fatalf("%d orders placed for 3 pieces", placed)
	}
	wantAvailable(t, db, "ZUB-07", waw.ID, 3000, 3000, 0)
}
