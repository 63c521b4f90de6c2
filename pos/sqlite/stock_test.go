package sqlite_test

import (
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

func TestStockPictureIsLiveHereAndAsOfElsewhere(t *testing.T) {
	db := mustOpen(t)
	zub, _ := db.ProductBySKU(ctx, "ZUB-07")
	// Never synced: this store's stock is the till's own movements.
	db.AddStock(ctx, testStore.ID, "count", map[pos.SKU]pos.Qty{"ZUB-07": pos.Pieces(7)})
	if pic, err := db.StockPicture(ctx, testStore.ID, zub); err != nil || pic.Here != pos.Pieces(7) || len(pic.Elsewhere) != 0 {
		t.Fatalf("unsynced: %+v, %v", pic, err)
	}
	at := time.Date(2026, 11, 24, 12, 30, 0, 0, time.Local)
	if err := db.ApplyStockPage(ctx, []pos.StockLevel{
		{Store: testStore.ID, SKU: "ZUB-07", OnHand: pos.Pieces(10), AsOf: at},
		{Store: "LT-VNO", SKU: "ZUB-07", OnHand: pos.Pieces(4), AsOf: at},
	}, 1); err != nil {
		t.Fatal(err)
	}
	sale := testSale(1) // sells 2 Żubrówka
	if err := db.CommitSale(ctx, sale); err != nil {
		t.Fatal(err)
	}
	pic, err := db.StockPicture(ctx, testStore.ID, zub)
	if err != nil || pic.Here != pos.Pieces(8) || len(pic.Elsewhere) != 1 || pic.Elsewhere[0].OnHand != pos.Pieces(4) {
		t.Fatalf("central's 10 less the unsent sale's 2: %+v, %v", pic, err)
	}
	if got := pic.Describe(lang.MustNew(lang.English, "PL")); got != "this store: 8 pcs (live) · LT-VNO: 4 pcs, as of 12:30" {
		t.Fatalf("Describe = %q", got)
	}
	// Once central has the sale, its level counts it: the till no longer subtracts it itself.
	evs, _ := db.PendingEvents(ctx, 10)
	if err := db.MarkEventsSent(ctx, []pos.Delivery{{Event: evs[0].ID}}); err != nil {
		t.Fatal(err)
	}
	db.ApplyStockPage(ctx, []pos.StockLevel{{Store: testStore.ID, SKU: "ZUB-07", OnHand: pos.Pieces(8), AsOf: at}}, 2)
	if pic, _ := db.StockPicture(ctx, testStore.ID, zub); pic.Here != pos.Pieces(8) {
		t.Fatalf("after sync: %+v", pic)
	}
}
