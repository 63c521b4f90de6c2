package sqlite

import (
	"errors"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

func TestProductChanges(t *testing.T) {
	db, _ := mustOpen(t)
	page, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Products) != 2 || !page.More || page.NextCursor != 2 || page.Total != 3 {
		t.Fatalf("first page: %d products, more %v, next %d, total %d", len(page.Products), page.More, page.NextCursor, page.Total)
	}
	if p := page.Products[0]; p.SKU != "ZUB-07" || p.Price != 4299 || p.VAT != 2300 || p.Unit != "pcs" || p.QuickKey != 1 || p.Barcodes[0] != "5900343000185" {
		t.Fatalf("first product %+v", p)
	}
	if p := page.Products[1]; p.PLU != "101" || p.Unit != "kg" {
		t.Fatalf("second product %+v (PLU kept canonical)", p)
	}
	page, err = db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, page.NextCursor, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Products) != 1 || page.More || page.NextCursor != 3 || page.Total != 0 {
		t.Fatalf("last page: %+v (a total only on snapshots)", page)
	}

	t.Run("ImportAgainChangesNothing", func(t *testing.T) {
		res, err := db.SaveProducts(ctx, catalog)
		if err != nil || res.Unchanged != 3 {
			t.Fatalf("import again: %+v %v", res, err)
		}
		if p, _ := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 3, 10); len(p.Products) != 0 || p.NextCursor != 3 {
			t.Fatalf("changes after an unchanged import: %+v", p)
		}
	})
	t.Run("NewPriceIsOneChange", func(t *testing.T) {
		changed := catalog[0]
		changed.Price = 3999
		if _, err := db.SaveProducts(ctx, []pos.Product{changed}); err != nil {
			t.Fatal(err)
		}
		p, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 3, 10)
		if err != nil || len(p.Products) != 1 || p.Products[0].Price != 3999 || p.NextCursor != 4 {
			t.Fatalf("changes after a new price: %+v %v", p, err)
		}
	})
	t.Run("MixedImport", func(t *testing.T) {
		db, _ := mustOpen(t)
		added := pos.Product{SKU: "NEW-1", Name: "Nowy", Price: 100, VAT: 2300, Unit: pos.UnitPiece}
		renamed := catalog[2]
		renamed.Name = "Šakotis"
		again := renamed
		again.Price = 3599 // the same SKU twice in one call: the later one stands
		res, err := db.SaveProducts(ctx, []pos.Product{added, catalog[1], renamed, again})
		if err != nil || res.Added != 1 || res.Changed != 2 || res.Unchanged != 1 {
			t.Fatalf("mixed import: %+v %v", res, err)
		}
		if page, _ := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 0, 1); page.Total != 4 {
			t.Fatalf("%d products", page.Total)
		}
		p, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 3, 10)
		if err != nil || len(p.Products) != 2 || p.Products[0].SKU != "NEW-1" || p.Products[1].Name != "Šakotis" || p.Products[1].Price != 3599 || p.NextCursor != 5 {
			t.Fatalf("changes after a mixed import: %+v %v", p, err)
		}
	})
	t.Run("CursorFromTheFuture", func(t *testing.T) {
		if _, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 99, 10); !errors.Is(err, central.ErrReset) {
			t.Fatalf("cursor beyond the stream: %v", err)
		}
	})
	t.Run("Resend", func(t *testing.T) {
		if err := db.ResendStream(ctx, "products"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 4, 10); !errors.Is(err, central.ErrReset) {
			t.Fatalf("old cursor after resend: %v", err)
		}
		snap, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, 0, 10)
		if err != nil || len(snap.Products) != 3 || snap.NextCursor <= 4 {
			t.Fatalf("snapshot: %+v %v", snap, err)
		}
		// The snapshot's cursor is good to continue from.
		if p, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, snap.NextCursor, 10); err != nil || len(p.Products) != 0 {
			t.Fatalf("after the snapshot: %+v %v", p, err)
		}
		// So is the cursor of each page of a snapshot larger than one page.
		var skus []string
		for cursor, more := int64(0), true; more; {
			p, err := db.ProductChanges(ctx, central.Till{Store: waw.ID, ID: "01"}, cursor, 1)
			if err != nil {
				t.Fatalf("snapshot page after %d: %v", cursor, err)
			}
			for _, pr := range p.Products {
				skus = append(skus, pr.SKU)
			}
			cursor, more = p.NextCursor, p.More
		}
		if len(skus) != 3 {
			t.Fatalf("paged snapshot after resend: %v", skus)
		}
		if err := db.ResendStream(ctx, "prices"); err == nil {
			t.Fatal("resend of an unknown stream worked")
		}
	})
}

func TestStockChanges(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	if err := db.AddStock(ctx, "delivery", "test", []central.Movement{{Store: waw.ID, SKU: "ZUB-07", Delta: pos.Pieces(10)}, {Store: vno.ID, SKU: "ZUB-07", Delta: pos.Pieces(4)}}); err != nil {
		t.Fatal(err)
	}
	page, err := db.StockChanges(ctx, 0, 10)
	if err != nil || len(page.Levels) != 2 || page.NextCursor != 2 || page.Total != 2 {
		t.Fatalf("stock snapshot: %+v %v", page, err)
	}
	mustApply(t, db, till, saleEvent(t, till, ev1, 1, 3), "applied")
	page, err = db.StockChanges(ctx, 2, 10)
	if err != nil || len(page.Levels) != 1 || page.Levels[0].OnHand != 7000 || page.Levels[0].StoreID != "PL-WAW" {
		t.Fatalf("stock change after a sale: %+v %v", page, err)
	}
	if err := db.AddStock(ctx, "delivery", "test", []central.Movement{{Store: "XX", SKU: "ZUB-07", Delta: 1}}); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("stock of an unknown store: %v", err)
	}
}
