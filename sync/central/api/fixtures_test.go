package api

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/central/sqlite"
	"github.com/omnitill/omnitill/sync/wire"
)

// The API is tested over central's real database, loaded as central's own tests load it.

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

const (
	ev1 = "0190aaaa-0000-7000-8000-000000000001"
	ev2 = "0190aaaa-0000-7000-8000-000000000002"
)

// testDB is central's database with a reader of the tests' own, to count what was stored.
type testDB struct {
	*sqlite.DB
	rows *sql.DB
}

// mustOpen opens a central database in a new file with two stores and the catalog.
func mustOpen(tb testing.TB) *testDB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "central.db")
	db, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }
	if err := db.SaveStores(ctx, []central.Store{waw, vno}); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SaveProducts(ctx, catalog); err != nil {
		tb.Fatal(err)
	}
	rows, err := sqlitedb.Open(path, sqlitedb.Options{BusyTimeout: 5 * time.Second, ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { rows.Close() })
	return &testDB{DB: db, rows: rows}
}

func count(tb testing.TB, db *testDB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.rows.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// serve starts the API over db on an in-process test server.
func serve(tb testing.TB, db *testDB) string {
	tb.Helper()
	return serveLogging(tb, db, io.Discard)
}

// serveLogging starts the API over db, writing its log to log.
func serveLogging(tb testing.TB, db *testDB, log io.Writer) string {
	tb.Helper()
	// One turn at the gate, as central runs on two cores: every test goes through it.
	srv := httptest.NewServer((&Server{Central: db, Log: slog.New(slog.NewTextHandler(log, nil)), Gate: central.NewGate(1)}).Handler())
	tb.Cleanup(srv.Close)
	return srv.URL
}

// logBuffer is central's log as a test reads it, written by the server's goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// take returns what was logged since the last take.
func (l *logBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.b.Reset()
	return l.b.String()
}

// mustPair pairs a till and returns it with its token.
func mustPair(tb testing.TB, db *testDB, store pos.StoreID, till pos.TillID) (central.Till, string) {
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

func mustAddStock(tb testing.TB, db *testDB, store pos.StoreID, sku pos.SKU, pieces int64) {
	tb.Helper()
	if err := db.AddStock(ctx, "delivery", "test", []central.Movement{{Store: store, SKU: sku, Delta: pos.Pieces(pieces)}}); err != nil {
		tb.Fatal(err)
	}
}

func mustAddWebShop(tb testing.TB, db *testDB, name string) string {
	tb.Helper()
	key, err := db.AddWebShop(ctx, name)
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

// newOrder is a web shop's order whose id is made from its number.
func newOrder(number string, store pos.StoreID, lines ...wire.NewOrderLine) wire.NewOrder {
	return wire.NewOrder{ID: "id-" + number, Number: number, StoreID: string(store), Lines: lines}
}

func pieces(sku string, n int64) wire.NewOrderLine { return wire.NewOrderLine{SKU: sku, Qty: n * 1000} }

const promotionsFile = `id,name,kind,skus,value,min_qty,stores,starts,ends,withdrawn
BW-15,Black week -15 %,percent,ZUB-07 SAK-1,15,,,2026-11-23,2026-11-29,
KIE-PR,Kiełbasa 19.99,price,KIE-SL,19.99,,PL-WAW,2026-11-01T00:00:00+01:00,2026-12-01T00:00:00+01:00,no
ZUB-3,3 for 100,multibuy,ZUB-07,100.00,3,PL-WAW LT-VNO,2026-11-01,2026-11-30,
`

const customersFile = `id,name,card,email,phone,points
C-1,Anna Nowak,2900000000017,anna@example.com,+48 600 000 001,100
C-2,Jonas Jonaitis,,,,
`

// mustSavePromotions reads a promotions file and saves it.
func mustSavePromotions(tb testing.TB, db *testDB, file string) {
	tb.Helper()
	promos, err := imports.ReadPromotions(strings.NewReader(file))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SavePromotions(ctx, promos); err != nil {
		tb.Fatal(err)
	}
}

// mustSaveCustomers reads a customers file and saves it.
func mustSaveCustomers(tb testing.TB, db *testDB, file string) {
	tb.Helper()
	rows, err := imports.ReadCustomers(strings.NewReader(file))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SaveCustomers(ctx, rows, "import test.csv"); err != nil {
		tb.Fatal(err)
	}
}
