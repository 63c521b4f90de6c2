package central

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

var zubrowka = pos.Product{SKU: "ZUB-07", Name: "Żubrówka Bison Grass 0,7 l", Price: 4299, VAT: 2300, Unit: pos.UnitPiece}

func TestPriceOrder(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	blackWeek := pos.Promotion{ID: "BW-15", Name: "Black week", Kind: pos.PromoPercent, SKUs: []pos.SKU{"ZUB-07"}, Value: 1500,
		Starts: now.AddDate(0, 0, -1), Ends: now.AddDate(0, 0, 5)}
	n := wire.NewOrder{ID: "id-1", Number: "WEB-1", StoreID: "PL-WAW", Lines: []wire.NewOrderLine{{SKU: "ZUB-07", Qty: 2000}}}
	o := PriceOrder(n, Store{ID: "PL-WAW", Currency: pos.PLN}, []pos.Product{zubrowka}, []pos.Promotion{blackWeek}, now)
	// 2 × 42,99 = 85,98 less 15 % (12,897, so 12,90).
	if o.Total != 7308 || o.Currency != "PLN" || o.Status != wire.OrderPlaced || !o.CreatedAt.Equal(now) {
		t.Fatalf("order %+v", o)
	}
	if l := o.Lines[0]; l.Line != 1 || l.Name != zubrowka.Name || l.Price != 4299 || l.Discount != 1290 || l.Amount != 7308 || l.Promotion != "BW-15" {
		t.Fatalf("line %+v", l)
	}
}

func TestCheckPromise(t *testing.T) {
	if err := CheckPromise("PL-WAW", zubrowka, 8000, 10000, 2000); err != nil {
		t.Fatalf("exactly what is left: %v", err)
	}
	err := CheckPromise("PL-WAW", zubrowka, 9000, 10000, 2000)
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "ZUB-07 (Żubrówka Bison Grass 0,7 l): 8 can be promised at PL-WAW (10 on hand, 2 held by open orders), not 9") {
		t.Fatalf("more than is left: %v", err)
	}
	if err := CheckPromise("PL-WAW", zubrowka, 1000, 1000, 3000); err == nil || !strings.Contains(err.Error(), ": 0 can be promised") {
		t.Fatalf("a store whose orders hold more than it has: %v", err)
	}
}

func TestMoveOrder(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		changed  bool
		code     string
	}{
		{wire.OrderPlaced, wire.OrderReady, true, ""},
		{wire.OrderReady, wire.OrderPlaced, true, ""},
		{wire.OrderReady, wire.OrderReady, false, ""},
		{wire.OrderCancelled, wire.OrderCancelled, false, ""},
		{wire.OrderCollected, wire.OrderCancelled, false, pos.ECONFLICT},
		{wire.OrderCancelled, wire.OrderReady, false, pos.ECONFLICT},
	} {
		changed, err := MoveOrder(wire.Order{Number: "WEB-1", Status: tt.from}, tt.to)
		if changed != tt.changed || pos.ErrorCode(err) != tt.code {
			t.Errorf("%s to %s: %v %v, want %v %q", tt.from, tt.to, changed, err, tt.changed, tt.code)
		}
	}
	if err := CheckOrderStatus("lost"); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("unknown status: %v", err)
	}
	moves := Collected(wire.Order{StoreID: "PL-WAW", Lines: []wire.OrderLine{{SKU: "ZUB-07", Qty: 2000}}})
	if len(moves) != 1 || moves[0] != (Movement{Store: "PL-WAW", SKU: "ZUB-07", Delta: -2000}) {
		t.Errorf("collecting moves %+v", moves)
	}
}

func TestOrderAtLine(t *testing.T) {
	rows := []int{2, 5}
	if err := OrderAtLine(rows, OrderLineErrorf("CC-1", 2, "central knows no SKU NOPE")); err.Error() != "line 5: order CC-1: central knows no SKU NOPE" {
		t.Errorf("a line's refusal: %v", err)
	}
	err := OrderAtLine(rows, pos.Errorf(pos.ECONFLICT, "order CC-1 is already at central"))
	if err.Error() != "line 2: order CC-1 is already at central" || pos.ErrorCode(err) != pos.ECONFLICT {
		t.Errorf("the order's refusal: %v", err)
	}
}

func TestForTill(t *testing.T) {
	o := wire.Order{ID: "id-1", Number: "WEB-1", CustomerID: "C-1", Lines: []wire.OrderLine{{Line: 1, SKU: "ZUB-07"}}}
	anna := &Customer{Customer: pos.Customer{ID: "C-1", Card: "2900000000017", Name: "Anna Nowak", Email: "anna@example.com", Phone: "+48 600 000 001", Points: 120}}
	got := ForTill(o, anna)
	if got.Customer == nil || *got.Customer != (wire.OrderCustomer{ID: "C-1", Name: "Anna Nowak"}) || got.Number != "WEB-1" || len(got.Lines) != 1 {
		t.Fatalf("a till's view: %+v", got)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, private := range []string{"anna@example.com", "600 000 001", "2900000000017", "points"} {
		if strings.Contains(string(b), private) {
			t.Errorf("a till is told %q: %s", private, b)
		}
	}
	erased := &Customer{Customer: pos.Customer{ID: "C-1"}, Erased: true}
	if got := ForTill(o, erased); got.Customer != nil || got.CustomerID != "C-1" {
		t.Errorf("an erased customer: %+v", got)
	}
	if got := ForTill(wire.Order{Number: "WEB-2"}, nil); got.Customer != nil {
		t.Errorf("a guest's order: %+v", got)
	}
	if got := ForTill(o, &Customer{Customer: pos.Customer{ID: "C-2", Name: "Jonas Jonaitis"}}); got.Customer != nil {
		t.Errorf("another customer than the order's: %+v", got)
	}
}

func TestPlacedBy(t *testing.T) {
	if !PlacedBy(WebShopSource("shop.example"), "shop.example") {
		t.Error("a shop does not read its own order")
	}
	for _, source := range []string{WebShopSource("other.example"), "import orders.csv", "webshop shop.example.evil", ""} {
		if PlacedBy(source, "shop.example") {
			t.Errorf("shop.example reads an order of %q", source)
		}
	}
}
