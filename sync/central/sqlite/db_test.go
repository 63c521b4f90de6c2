package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

var ctx = context.Background()

var (
	waw = central.Store{ID: "PL-WAW", Name: "Warszawa Centrum", Currency: pos.PLN}
	vno = central.Store{ID: "LT-VNO", Name: "Vilnius Akropolis", Currency: pos.EUR}
)

var catalog = []pos.Product{
	{SKU: "ZUB-07", Name: "Żubrówka Bison Grass 0,7 l", Barcodes: []string{"5900343000185"}, Price: 4299, VAT: 2300, Unit: pos.UnitPiece, QuickKey: 1},
	{SKU: "KIE-SL", Name: "Kiełbasa śląska", Price: 2499, VAT: 500, Unit: pos.UnitKg, PLU: "00101"},
	{SKU: "SAK-1", Name: "Šakotis su šokoladu", Barcodes: []string{"4770000000019"}, Price: 3499, VAT: 500, Unit: pos.UnitPiece},
}

// clock is a movable time for pairing codes.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// mustOpen opens a central database in a new file with two stores and the catalog.
func mustOpen(tb testing.TB) (*DB, *clock) {
	tb.Helper()
	db, err := Open(filepath.Join(tb.TempDir(), "central.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	c := &clock{time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	db.Now = c.now
	if err := db.SaveStores(ctx, []central.Store{waw, vno}); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SaveProducts(ctx, catalog); err != nil {
		tb.Fatal(err)
	}
	return db, c
}

// mustPair pairs a till and returns it with its token.
func mustPair(tb testing.TB, db *DB, store pos.StoreID, till pos.TillID) (central.Till, string) {
	tb.Helper()
	code, err := db.NewPairingCode(ctx, store, till, time.Minute)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: string(store), TillID: string(till)})
	if err != nil {
		tb.Fatal(err)
	}
	return central.Till{Store: store, ID: till}, res.Token
}

// saleEvent is the event a till sends for selling qty pieces of ZUB-07 at 42,99.
func saleEvent(tb testing.TB, t central.Till, id string, receipt int64, qty int64) wire.Event {
	tb.Helper()
	saleID := "sale-" + id
	amount := 4299 * qty
	s := pos.SaleEvent{SaleID: pos.SaleID(saleID), Store: t.Store, Till: t.ID, ReceiptNo: pos.ReceiptNo(receipt), Cashier: "anna",
		Currency: "PLN", Total: pos.Money(amount),
		Lines:   []pos.SaleEventLine{{No: 1, SKU: "ZUB-07", Qty: pos.Pieces(qty), UnitPrice: 4299, VAT: 2300, Amount: pos.Money(amount)}},
		Tenders: []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: pos.Money(amount)}}}
	b, err := json.Marshal(s)
	if err != nil {
		tb.Fatal(err)
	}
	return wire.Event{EventID: id, Type: pos.EventSaleCompleted, Aggregate: saleID, Payload: b, CreatedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
}

func count(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.ro.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestPairing(t *testing.T) {
	db, clk := mustOpen(t)
	t.Run("CodeWorksOnce", func(t *testing.T) {
		code, err := db.NewPairingCode(ctx, waw.ID, "01", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "01"})
		if err != nil {
			t.Fatal(err)
		}
		if res.StoreID != "PL-WAW" || res.TillID != "01" || len(res.Token) < 40 {
			t.Fatalf("pairing answer %+v", res)
		}
		if _, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "01"}); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			t.Fatalf("second use of a code: %v, want unauthorized", err)
		}
		till, err := db.TillByToken(ctx, res.Token)
		if err != nil || till != (central.Till{Store: "PL-WAW", ID: "01"}) {
			t.Fatalf("till by token: %v, %v", till, err)
		}
		// Only hashes are kept: neither the token nor the code is in the database.
		if n := count(t, db, `SELECT COUNT(*) FROM tills WHERE token_hash = ?`, res.Token); n != 0 {
			t.Fatal("the token is stored in clear")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM pairing_codes WHERE code_hash = ?`, central.NormalizeCode(code)); n != 0 {
			t.Fatal("the code is stored in clear")
		}
	})
	t.Run("CodeAsTyped", func(t *testing.T) {
		code, err := db.NewPairingCode(ctx, waw.ID, "02", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		typed := " " + string([]byte{code[0] | 0x20}) + code[1:5] + " " + code[6:] // lower case, space for the dash
		if _, err := db.Pair(ctx, wire.PairRequest{Code: typed, StoreID: "PL-WAW", TillID: "02"}); err != nil {
			t.Fatalf("code typed as %q: %v", typed, err)
		}
	})
	t.Run("CodeExpires", func(t *testing.T) {
		code, err := db.NewPairingCode(ctx, waw.ID, "03", 15*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(15 * time.Minute)
		if _, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "03"}); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			t.Fatalf("expired code: %v, want unauthorized", err)
		}
	})
	t.Run("UnknownStore", func(t *testing.T) {
		if _, err := db.NewPairingCode(ctx, "XX-NONE", "01", time.Minute); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("code for an unknown store: %v", err)
		}
	})
	t.Run("RepairReplacesToken", func(t *testing.T) {
		_, old := mustPair(t, db, vno.ID, "05")
		_, fresh := mustPair(t, db, vno.ID, "05")
		if _, err := db.TillByToken(ctx, old); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			t.Fatalf("old token after pairing again: %v", err)
		}
		if _, err := db.TillByToken(ctx, fresh); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Revoke", func(t *testing.T) {
		_, token := mustPair(t, db, vno.ID, "06")
		code, err := db.NewPairingCode(ctx, vno.ID, "06", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Revoke(ctx, "", "06"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TillByToken(ctx, token); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			t.Fatalf("revoked token: %v", err)
		}
		if _, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "LT-VNO", TillID: "06"}); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			t.Fatalf("code made before the revocation: %v", err)
		}
	})
	t.Run("CodeOfAnotherTill", func(t *testing.T) {
		till, token := mustPair(t, db, waw.ID, "11")
		code, err := db.NewPairingCode(ctx, waw.ID, "11", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		// Till 12 tries till 11's code: refused before anything is spent or replaced.
		_, err = db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "12"})
		if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "for till 11 of store PL-WAW, but this till is 12") {
			t.Fatalf("another till's code: %v", err)
		}
		if got, err := db.TillByToken(ctx, token); err != nil || got != till {
			t.Fatalf("till 11 was logged out: %v %v", got, err)
		}
		if _, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "11"}); err != nil {
			t.Fatalf("the code was spent by the wrong till: %v", err)
		}
	})
	t.Run("NewCodeCancelsOthers", func(t *testing.T) {
		first, err := db.NewPairingCode(ctx, waw.ID, "13", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		second, err := db.NewPairingCode(ctx, waw.ID, "13", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.NewPairingCode(ctx, waw.ID, "14", time.Hour) // another till's codes stay
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pair(ctx, wire.PairRequest{Code: first, StoreID: "PL-WAW", TillID: "13"}); pos.ErrorCode(err) != pos.EUNAUTHORIZED {
			t.Fatalf("the earlier code still works: %v", err)
		}
		for till, code := range map[pos.TillID]string{"13": second, "14": other} {
			if _, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: string(till)}); err != nil {
				t.Fatalf("till %s: %v", till, err)
			}
		}
	})
	t.Run("CodeLifetime", func(t *testing.T) {
		for _, ttl := range []time.Duration{59 * time.Second, 7*24*time.Hour + time.Second, -time.Hour} {
			if _, err := db.NewPairingCode(ctx, waw.ID, "15", ttl); pos.ErrorCode(err) != pos.EINVALID {
				t.Errorf("a code for %s: %v", ttl, err)
			}
		}
		for _, ttl := range []time.Duration{time.Minute, 7 * 24 * time.Hour} {
			if _, err := db.NewPairingCode(ctx, waw.ID, "15", ttl); err != nil {
				t.Errorf("a code for %s: %v", ttl, err)
			}
		}
	})
	t.Run("LastReceipt", func(t *testing.T) {
		till, _ := mustPair(t, db, waw.ID, "16")
		mustApply(t, db, till, saleEvent(t, till, "0190aaaa-0000-7000-8000-000000000161", 41, 1), wire.StatusApplied)
		mustApply(t, db, till, unknownRate(t, till, "0190aaaa-0000-7000-8000-000000000162", 42), wire.StatusRejected)
		code, err := db.NewPairingCode(ctx, waw.ID, "16", time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "16"})
		if err != nil || res.LastReceiptNo != 42 {
			t.Fatalf("pairing again: %+v %v, want the last receipt 42 (a refused sale's)", res, err)
		}
	})
	t.Run("RevokeAmbiguous", func(t *testing.T) {
		mustPair(t, db, waw.ID, "09")
		mustPair(t, db, vno.ID, "09")
		if _, err := db.Revoke(ctx, "", "09"); pos.ErrorCode(err) != pos.ECONFLICT {
			t.Fatalf("revoke a till id two stores have: %v", err)
		}
		if got, err := db.Revoke(ctx, vno.ID, "09"); err != nil || got.Store != vno.ID {
			t.Fatalf("revoke with --store: %v %v", got, err)
		}
		if _, err := db.Revoke(ctx, "", "nope"); pos.ErrorCode(err) != pos.ENOTFOUND {
			t.Fatalf("revoke an unknown till: %v", err)
		}
	})
}
