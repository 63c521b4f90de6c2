package sqlite_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/sqlite"
)

var syncStore = pos.StoreInfo{ID: "PL-WAW", Name: "Warszawa Centrum", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT}

var syncCatalog = []pos.Product{
	{SKU: "ZUB-07", Name: "Żubrówka Bison Grass 0,7 l", Barcodes: []string{"5900343000185"}, Price: 4299, VAT: 2300, Unit: pos.UnitPiece},
	{SKU: "SAK-1", Name: "Šakotis su šokoladu", Barcodes: []string{"4770000000019"}, Price: 3499, VAT: 500, Unit: pos.UnitPiece, QuickKey: 3},
	{SKU: "KIE-SL", Name: "Kiełbasa śląska", Price: 2499, VAT: 500, Unit: pos.UnitKg, PLU: "101"},
}

// openSyncTill opens a till database in a new file, set up for store PL-WAW, till 01.
func openSyncTill(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "till.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.SetupStore(tb.Context(), syncStore); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SaveProducts(tb.Context(), syncCatalog); err != nil {
		tb.Fatal(err)
	}
	return db
}

// sellOne commits a sale of one Żubrówka, completed at the given minute of the day.
func sellOne(tb testing.TB, db *sqlite.DB, minute int) pos.Event {
	tb.Helper()
	at := time.Date(2026, 11, 24, 10, minute, 0, 0, time.UTC)
	s := &pos.Sale{
		ID: pos.SaleID(fmt.Sprintf("sale-%03d", minute)), Store: syncStore.ID, Till: syncStore.TillID, Currency: pos.PLN,
		Cashier: pos.Staff{ID: "anna", Name: "Anna"}, StartedAt: at, CompletedAt: at,
		Lines:   []pos.Line{{No: 1, SKU: "ZUB-07", Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(1), VAT: 2300}},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 4299}},
	}
	if err := db.CommitSale(tb.Context(), s); err != nil {
		tb.Fatal(err)
	}
	evs, err := db.PendingEvents(tb.Context(), 1000)
	if err != nil {
		tb.Fatal(err)
	}
	return evs[len(evs)-1]
}

func syncState(tb testing.TB, db *sqlite.DB) pos.SyncStatus {
	tb.Helper()
	st, err := db.SyncStatus(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestMarkEventsSent(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	e1, e2, e3 := sellOne(t, db, 1), sellOne(t, db, 2), sellOne(t, db, 3)
	if st := syncState(t, db); st.Pending != 3 || !st.Oldest.Equal(e1.At) || st.Rejections != 0 {
		t.Fatalf("state before sync: %+v", st)
	}
	answers := []pos.Delivery{{Event: e1.ID}, {Event: e2.ID, Rejected: true, Reason: "receipt 2 is already sale X"}}
	if err := db.MarkEventsSent(ctx, answers); err != nil {
		t.Fatal(err)
	}
	st := syncState(t, db)
	if st.Pending != 1 || !st.Oldest.Equal(e3.At) || st.Rejections != 1 {
		t.Fatalf("state after one applied and one rejected: %+v", st)
	}
	if evs, _ := db.PendingEvents(ctx, 10); len(evs) != 1 || evs[0].ID != e3.ID {
		t.Fatalf("pending %v, want only %s", evs, e3.ID)
	}
	// The same answers again (a batch answered twice) change nothing.
	if err := db.MarkEventsSent(ctx, answers); err != nil {
		t.Fatal(err)
	}
	rs, err := db.Rejections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Event != e2.ID || rs[0].Reason != "receipt 2 is already sale X" || rs[0].Type != pos.EventSaleCompleted || rs[0].About != e2.Aggregate {
		t.Fatalf("rejections %+v", rs)
	}
	if err := db.ResolveRejection(ctx, e2.ID, "boss"); err != nil {
		t.Fatal(err)
	}
	if st := syncState(t, db); st.Rejections != 0 {
		t.Fatalf("rejections after resolving: %d", st.Rejections)
	}
	if err := db.ResolveRejection(ctx, e2.ID, "boss"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("resolve twice: %v", err)
	}
	if err := db.MarkEventsSent(ctx, []pos.Delivery{{Event: e3.ID}}); err != nil {
		t.Fatal(err)
	}
	if st := syncState(t, db); st.Pending != 0 || !st.Oldest.IsZero() {
		t.Fatalf("state with nothing pending: %+v", st)
	}
}

func TestApplyProductPage(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	if c, err := db.Cursor(ctx, pos.StreamProducts); err != nil || c != 0 {
		t.Fatalf("cursor before the first pull: %d %v", c, err)
	}
	cheaper := syncCatalog[0]
	cheaper.Price = 3999
	// The new article takes quick key 3 from SAK-1, PLU 101 from KIE-SL and SAK-1's barcode:
	// central owns the catalog, so its word wins.
	newcomer := pos.Product{SKU: "PIE-1", Name: "Pierniki toruńskie", Barcodes: []string{"4770000000019"}, Price: 1299, VAT: 500,
		Unit: pos.UnitPiece, QuickKey: 3, PLU: "0101"}
	if err := db.ApplyProductPage(ctx, []pos.Product{cheaper, newcomer}, 42); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Cursor(ctx, pos.StreamProducts); c != 42 {
		t.Fatalf("cursor %d, want 42", c)
	}
	if p, _ := db.ProductBySKU(ctx, "ZUB-07"); p.Price != 3999 {
		t.Fatalf("price %d, want 3999", p.Price)
	}
	if p, err := db.ProductByGTIN(ctx, barcode.NormalizeGTIN("4770000000019")); err != nil || p.SKU != "PIE-1" {
		t.Fatalf("barcode now finds %v %v, want PIE-1", p.SKU, err)
	}
	if p, err := db.ProductByPLU(ctx, "101"); err != nil || p.SKU != "PIE-1" {
		t.Fatalf("PLU now finds %v %v", p.SKU, err)
	}
	if keys, _ := db.QuickKeys(ctx); len(keys) != 1 || keys[0].SKU != "PIE-1" {
		t.Fatalf("quick keys %v", keys)
	}
	if found, _ := db.SearchProducts(ctx, "torunskie", 10); len(found) != 1 {
		t.Fatalf("search finds %v", found)
	}

	t.Run("WithinAPage", func(t *testing.T) {
		// Within a page the later product wins a code two claim, and the last copy of a SKU
		// sent twice is the one kept, as if they were saved one by one.
		first := pos.Product{SKU: "CUK-1", Name: "Cukierki krówki", Barcodes: []string{"4770000000026"}, Price: 500, VAT: 500,
			Unit: pos.UnitPiece, PLU: "202", QuickKey: 5}
		later := pos.Product{SKU: "CUK-2", Name: "Saldainiai karvutės", Barcodes: []string{"4770000000026"}, Price: 600, VAT: 500,
			Unit: pos.UnitPiece, PLU: "202", QuickKey: 5}
		renamed := newcomer
		renamed.Name, renamed.Barcodes = "Pierniki z Torunia", nil
		again := renamed
		again.Price = 1399
		if err := db.ApplyProductPage(ctx, []pos.Product{first, later, renamed, again}, 43); err != nil {
			t.Fatal(err)
		}
		if p, err := db.ProductByGTIN(ctx, barcode.NormalizeGTIN("4770000000026")); err != nil || p.SKU != "CUK-2" {
			t.Fatalf("the shared barcode finds %v %v, want CUK-2", p.SKU, err)
		}
		if p, err := db.ProductByPLU(ctx, "202"); err != nil || p.SKU != "CUK-2" {
			t.Fatalf("the shared PLU finds %v %v, want CUK-2", p.SKU, err)
		}
		if p, _ := db.ProductBySKU(ctx, "CUK-1"); p.PLU != "" || p.QuickKey != 0 || len(p.Barcodes) != 0 {
			t.Fatalf("CUK-1 kept codes the later product took: %+v", p)
		}
		if p, _ := db.ProductBySKU(ctx, "PIE-1"); p.Price != 1399 || len(p.Barcodes) != 0 {
			t.Fatalf("PIE-1 sent twice is %+v, want the last copy without its barcode", p)
		}
		if _, err := db.ProductByGTIN(ctx, barcode.NormalizeGTIN("4770000000019")); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("the barcode central took away still finds a product: %v", err)
		}
		if found, _ := db.SearchProducts(ctx, "z torunia", 10); len(found) != 1 || found[0].SKU != "PIE-1" {
			t.Fatalf("search for the new name finds %v", found)
		}
		if found, _ := db.SearchProducts(ctx, "torunskie", 10); len(found) != 0 {
			t.Fatalf("search for the old name still finds %v", found)
		}
		if found, _ := db.SearchProducts(ctx, "karvutes", 10); len(found) != 1 {
			t.Fatalf("search in Lithuanian finds %v", found)
		}
	})
	t.Run("PageIsAllOrNothing", func(t *testing.T) {
		dearer := syncCatalog[0]
		dearer.Price = 9999
		bad := pos.Product{SKU: "BOX-1", Name: "Box", Price: 100, Unit: "box"}
		if err := db.ApplyProductPage(ctx, []pos.Product{dearer, bad}, 50); err == nil {
			t.Fatal("a page with a bad product was applied")
		}
		if c, _ := db.Cursor(ctx, pos.StreamProducts); c != 43 {
			t.Fatalf("cursor moved to %d by a failed page", c)
		}
		if p, _ := db.ProductBySKU(ctx, "ZUB-07"); p.Price != 3999 {
			t.Fatalf("price %d after a failed page, want 3999", p.Price)
		}
	})
	t.Run("Reset", func(t *testing.T) {
		if err := db.ResetCursor(ctx, pos.StreamProducts); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.Cursor(ctx, pos.StreamProducts); c != 0 {
			t.Fatalf("cursor after reset %d", c)
		}
	})
}

func TestApplyStockPage(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	page := []pos.StockLevel{{Store: "PL-WAW", SKU: "ZUB-07", OnHand: 8000, AsOf: at}, {Store: "LT-VNO", SKU: "ZUB-07", OnHand: 4000, AsOf: at}}
	if err := db.ApplyStockPage(ctx, page, 7); err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyStockPage(ctx, []pos.StockLevel{{Store: "LT-VNO", SKU: "ZUB-07", OnHand: 3000, AsOf: at.Add(time.Hour)}}, 8); err != nil {
		t.Fatal(err)
	}
	got, err := db.CentralStockOf(ctx, "ZUB-07")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Store != "LT-VNO" || got[0].OnHand != 3000 || !got[0].AsOf.Equal(at.Add(time.Hour)) || got[1].OnHand != 8000 {
		t.Fatalf("central stock %+v", got)
	}
	if c, _ := db.Cursor(ctx, pos.StreamStock); c != 8 {
		t.Fatalf("stock cursor %d", c)
	}
	// Central's picture never becomes this till's own stock.
	if q, _ := db.OnHand(ctx, "PL-WAW", "ZUB-07"); q != 0 {
		t.Fatalf("own stock %d after pulling central's", q)
	}
}

// A reinstalled till is paired again and told the last receipt central has from it: its
// receipts continue after it, never from 1 again, and never go back.
func TestPairingContinuesReceipts(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	link := pos.CentralLink{Central: "http://central", Token: "secret"}
	if err := db.SaveLink(ctx, link, "PL-WAW", "01", 41, nil); err != nil {
		t.Fatal(err)
	}
	sellOne(t, db, 1)
	if err := db.SaveLink(ctx, link, "PL-WAW", "01", 7, nil); err != nil { // an older answer moves nothing back
		t.Fatal(err)
	}
	sellOne(t, db, 2)
	var got []pos.ReceiptNo
	for _, id := range []pos.SaleID{"sale-001", "sale-002"} {
		s, err := db.SaleByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.ReceiptNo)
	}
	if got[0] != 42 || got[1] != 43 {
		t.Fatalf("receipts %v, want 42 and 43", got)
	}
	if err := db.SaveLink(ctx, link, "PL-WAW", "02", 99, nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("another till's pairing: %v", err)
	}
	sellOne(t, db, 3)
	if s, _ := db.SaleByID(ctx, "sale-003"); s == nil || s.ReceiptNo != 44 {
		t.Fatalf("receipt %d after a refused pairing, want 44", s.ReceiptNo)
	}
}

func TestLink(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	if _, err := db.Link(ctx); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("link before pairing: %v", err)
	}
	if err := db.SaveLink(ctx, pos.CentralLink{Central: "http://central", Token: "secret"}, "PL-WAW", "02", 0, nil); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("pairing meant for till 02: %v", err)
	}
	if err := db.SaveLink(ctx, pos.CentralLink{Central: "http://central", Token: "secret"}, "PL-WAW", "01", 0, nil); err != nil {
		t.Fatal(err)
	}
	l, err := db.Link(ctx)
	if err != nil || l.Central != "http://central" || l.Token != "secret" {
		t.Fatalf("link %+v %v", l, err)
	}
	if settings, _ := db.Settings(ctx); len(settings) > 0 {
		for k, v := range settings {
			if v == "secret" {
				t.Fatalf("the token is in setting %s", k)
			}
		}
	}
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if err := db.MarkSynced(ctx, at); err != nil {
		t.Fatal(err)
	}
	if st := syncState(t, db); !st.LastSync.Equal(at) {
		t.Fatalf("last sync %v, want %v", st.LastSync, at)
	}
}

// A till that has sold nothing takes the store and till central paired it as, in one
// transaction with its link: its pinned certificate kept, the old store's online orders
// dropped and the orders stream pulled again from its start. Once it has sold, it keeps
// its ids and nothing of the pairing is saved.
func TestSaveLinkAsTakesTheCodesTill(t *testing.T) {
	db := openSyncTill(t)
	ctx := t.Context()
	if fresh, err := db.Fresh(ctx); err != nil || !fresh {
		t.Fatalf("a till that never sold: fresh %v, %v", fresh, err)
	}
	order := pos.OnlineOrder{ID: "o-1", Number: "WEB-1", Channel: "web", Status: pos.OrderPlaced, Currency: pos.PLN, Total: 4299,
		Lines: []pos.OrderLine{{Line: 1, SKU: "ZUB-07", Name: "Żubrówka", Qty: pos.Pieces(1), Price: 4299, Amount: 4299}}, CreatedAt: time.Now()}
	if err := db.ApplyOrderPage(ctx, []pos.OnlineOrder{order}, 5); err != nil {
		t.Fatal(err)
	}
	pin := strings.Repeat("ab", 32)
	link := pos.CentralLink{Central: "https://central.example:8420", Token: "secret", Pin: pin}
	header := &pos.StoreInfo{Name: "Kraków Rynek", Address: []string{"Rynek Główny 1"}, TaxID: "6750001234", Country: "PL", Currency: pos.PLN, VAT: pos.PolishVAT}
	if err := db.SaveLink(ctx, link, "PL-KRK", "07", 0, header); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("another till's pairing without asking to become it: %v", err)
	}
	if err := db.SaveLinkAs(ctx, link, "PL-KRK", "07", 12, header); err != nil {
		t.Fatal(err)
	}
	info, err := db.StoreInfo(ctx)
	if err != nil || info.ID != "PL-KRK" || info.TillID != "07" || info.Name != "Kraków Rynek" || info.TaxID != "6750001234" {
		t.Fatalf("store after pairing as PL-KRK/07: %+v %v", info, err)
	}
	if l, err := db.Link(ctx); err != nil || l.Pin != pin || l.Central != link.Central {
		t.Fatalf("link %+v %v", l, err)
	}
	if list, _ := db.OrdersToCollect(ctx); len(list) != 0 {
		t.Fatalf("the old store's orders stayed: %+v", list)
	}
	if c, _ := db.Cursor(ctx, pos.StreamOrders); c != 0 {
		t.Fatalf("orders cursor %d, want 0: the new store's orders from the start", c)
	}
	// Its first receipt follows the last central has from till 07.
	s := &pos.Sale{ID: "sale-krk", Store: "PL-KRK", Till: "07", Currency: pos.PLN, Cashier: pos.Staff{ID: "anna", Name: "Anna"},
		StartedAt: time.Now(), CompletedAt: time.Now(),
		Lines:   []pos.Line{{No: 1, SKU: "ZUB-07", Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(1), VAT: 2300}},
		Tenders: []pos.Tender{{Kind: pos.TenderCash, Amount: 4299}}}
	if err := db.CommitSale(ctx, s); err != nil {
		t.Fatal(err)
	}
	if s.ReceiptNo != 13 {
		t.Fatalf("first receipt as PL-KRK/07: %d, want 13", s.ReceiptNo)
	}
	if fresh, _ := db.Fresh(ctx); fresh {
		t.Fatal("a till with a sale is fresh")
	}
	other := pos.CentralLink{Central: "https://other.example", Token: "other"}
	if err := db.SaveLinkAs(ctx, other, "PL-GDA", "02", 0, nil); pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "has sold") {
		t.Fatalf("a till that sold became another: %v", err)
	}
	if info, _ := db.StoreInfo(ctx); info.ID != "PL-KRK" || info.TillID != "07" {
		t.Fatalf("a refused pairing changed the ids: %+v", info)
	}
	if l, _ := db.Link(ctx); l.Token != "secret" {
		t.Fatalf("a refused pairing replaced the link: %+v", l)
	}
}
