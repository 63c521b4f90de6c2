package sqlite

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/wire"
)

const promotionsFile = `id,name,kind,skus,value,min_qty,stores,starts,ends,withdrawn
BW-15,Black week -15 %,percent,ZUB-07 SAK-1,15,,,2026-11-23,2026-11-29,
KIE-PR,Kiełbasa 19.99,price,KIE-SL,19.99,,PL-WAW,2026-11-01T00:00:00+01:00,2026-12-01T00:00:00+01:00,no
ZUB-3,3 for 100,multibuy,ZUB-07,100.00,3,PL-WAW LT-VNO,2026-11-01,2026-11-30,
`

// mustSavePromotions reads a promotions file and saves it.
func mustSavePromotions(tb testing.TB, db *DB, file string) central.ImportResult {
	tb.Helper()
	promos, err := imports.ReadPromotions(strings.NewReader(file))
	if err != nil {
		tb.Fatal(err)
	}
	res, err := db.SavePromotions(ctx, promos)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func TestPromotions(t *testing.T) {
	db, _ := mustOpen(t)
	if res := mustSavePromotions(t, db, promotionsFile); res.Added != 3 {
		t.Fatalf("first import: %+v", res)
	}
	page, err := db.PromotionChanges(ctx, 0, 2)
	if err != nil || len(page.Promotions) != 2 || !page.More || page.Total != 3 || page.NextCursor != 2 {
		t.Fatalf("first page: %+v %v", page, err)
	}
	bw := page.Promotions[0]
	wantEnd := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC) // a day as the end: the whole day counts
	if bw.ID != "BW-15" || bw.Kind != wire.PromoPercent || bw.Value != 1500 || len(bw.SKUs) != 2 || bw.Stores != nil || !bw.Ends.Equal(wantEnd) {
		t.Fatalf("percent promotion %+v", bw)
	}
	if kie := page.Promotions[1]; kie.Value != 1999 || kie.Stores[0] != "PL-WAW" || !kie.Starts.Equal(time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC)) {
		t.Fatalf("price promotion %+v", kie)
	}
	page, err = db.PromotionChanges(ctx, 2, 2)
	if err != nil || len(page.Promotions) != 1 || page.More || page.Total != 0 || page.Promotions[0].MinQty != 3 {
		t.Fatalf("last page: %+v %v", page, err)
	}

	t.Run("ImportAgainChangesNothing", func(t *testing.T) {
		if res := mustSavePromotions(t, db, promotionsFile); res.Unchanged != 3 {
			t.Fatalf("import again: %+v", res)
		}
		if p, err := db.PromotionChanges(ctx, 3, 10); err != nil || len(p.Promotions) != 0 || p.NextCursor != 3 {
			t.Fatalf("changes after an unchanged import: %+v %v", p, err)
		}
	})
	t.Run("WithdrawnStaysInTheStream", func(t *testing.T) {
		file := strings.Replace(promotionsFile, "2026-11-29,\n", "2026-11-29,yes\n", 1)
		if res := mustSavePromotions(t, db, file); res.Changed != 1 || res.Unchanged != 2 {
			t.Fatalf("withdraw: %+v", res)
		}
		p, err := db.PromotionChanges(ctx, 3, 10)
		if err != nil || len(p.Promotions) != 1 || p.Promotions[0].ID != "BW-15" || !p.Promotions[0].Withdrawn {
			t.Fatalf("changes after withdrawing: %+v %v", p, err)
		}
		if snap, _ := db.PromotionChanges(ctx, 0, 10); snap.Total != 3 {
			t.Fatalf("a withdrawn promotion left the snapshot: %+v", snap)
		}
	})
	t.Run("UnknownSKUStoresNothing", func(t *testing.T) {
		before := count(t, db, `SELECT last_seq FROM streams WHERE name = 'promotions'`)
		file := promotionsFile + "NEW,New,percent,ZUB-07,10,,,2026-12-01,2026-12-02,\nBAD,Bad,percent,NOPE-1,10,,,2026-12-01,2026-12-02,\n"
		promos, err := imports.ReadPromotions(strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.SavePromotions(ctx, promos)
		if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "line 6:") || !strings.Contains(err.Error(), "NOPE-1") {
			t.Fatalf("unknown SKU: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM promotions WHERE id = 'NEW'`); n != 0 {
			t.Fatal("a promotion of a refused file was stored")
		}
		if after := count(t, db, `SELECT last_seq FROM streams WHERE name = 'promotions'`); after != before {
			t.Fatalf("a refused file moved the stream from %d to %d", before, after)
		}
	})
	t.Run("UnknownStore", func(t *testing.T) {
		promos, err := imports.ReadPromotions(strings.NewReader("id,name,kind,skus,value,stores,starts,ends\nX,X,percent,ZUB-07,10,XX-NONE,2026-12-01,2026-12-02\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SavePromotions(ctx, promos); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "line 2: promotion X:") {
			t.Fatalf("unknown store: %v", err)
		}
	})
}

// TestResendNewStreams checks every stream added after products and stock can be resent:
// old cursors get ErrReset and the snapshot pages one by one.
func TestResendNewStreams(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	mustSavePromotions(t, db, promotionsFile)
	mustSaveCustomers(t, db, customersFile)
	mustAddStock(t, db, waw.ID, "ZUB-07", 10)
	for _, n := range []string{"WEB-1", "WEB-2"} {
		if _, _, err := db.PlaceOrder(ctx, "shop", newOrder(n, waw.ID, wire.NewOrderLine{SKU: "ZUB-07", Qty: 1000})); err != nil {
			t.Fatal(err)
		}
	}
	pull := map[pos.Stream]func(cursor int64, limit int) (rows int, next int64, more bool, err error){
		pos.StreamPromotions: func(c int64, l int) (int, int64, bool, error) {
			p, err := db.PromotionChanges(ctx, c, l)
			return len(p.Promotions), p.NextCursor, p.More, err
		},
		pos.StreamCustomers: func(c int64, l int) (int, int64, bool, error) {
			p, err := db.CustomerChanges(ctx, c, l)
			return len(p.Customers), p.NextCursor, p.More, err
		},
		pos.StreamOrders: func(c int64, l int) (int, int64, bool, error) {
			p, err := db.OrderChanges(ctx, till, c, l)
			return len(p.Orders), p.NextCursor, p.More, err
		},
	}
	for stream, page := range pull {
		t.Run(string(stream), func(t *testing.T) {
			_, old, _, err := page(0, 100)
			if err != nil || old == 0 {
				t.Fatalf("snapshot before: cursor %d, %v", old, err)
			}
			if err := db.ResendStream(ctx, stream); err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := page(old, 100); !errors.Is(err, central.ErrReset) {
				t.Fatalf("old cursor after resend: %v", err)
			}
			rows := 0
			for cursor, more := int64(0), true; more; {
				n, next, m, err := page(cursor, 1)
				if err != nil {
					t.Fatalf("snapshot page after %d: %v", cursor, err)
				}
				rows, cursor, more = rows+n, next, m
			}
			if rows < 2 {
				t.Fatalf("paged snapshot after resend: %d rows", rows)
			}
		})
	}
}
