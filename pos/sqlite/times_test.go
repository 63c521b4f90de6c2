package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/pos"
)

// A till database written before times had a fixed width is padded on upgrade, so its
// online orders sort by time and its promotions are found by time in SQL.
func TestUpgradePadsOldTimes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "till.db")
	old, err := sqlitedb.Open(path, sqlitedb.Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	before := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_sync.sql", "0003_channels.sql"} {
		body, err := fs.ReadFile(migrations, "migration/"+name)
		if err != nil {
			t.Fatal(err)
		}
		before["migration/"+name] = &fstest.MapFile{Data: body}
	}
	if err := sqlitedb.Migrate(ctx, old, before); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		// RFC 3339 as the till wrote it before: "10:00:00Z" sorted after "10:00:00.5Z".
		`INSERT INTO online_orders VALUES ('o1', 'WEB-1', 'web', NULL, 'placed', 1, 'PLN', 100, '2026-11-24T10:00:00Z')`,
		`INSERT INTO online_orders VALUES ('o2', 'WEB-2', 'web', NULL, 'placed', 1, 'PLN', 100, '2026-11-24T10:00:00.5Z')`,
		`INSERT INTO online_order_lines VALUES ('o1', 1, 'S1', 'x', 1000, 100, 0, 100), ('o2', 1, 'S1', 'x', 1000, 100, 0, 100)`,
		`INSERT INTO promotions VALUES ('p1', 'Promo', 'percent', 1000, 0, '[]', '2026-11-24T00:00:00Z', '2026-11-25T00:00:00.25Z')`,
		`INSERT INTO promotion_skus VALUES ('p1', 'S1')`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	old.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	orders, err := db.OrdersToCollect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 2 || orders[0].Number != "WEB-1" || orders[1].Number != "WEB-2" {
		t.Fatalf("orders to collect, oldest first: %+v", orders)
	}
	var created string
	db.db.QueryRow(`SELECT created_at FROM online_orders WHERE id = 'o2'`).Scan(&created)
	if created != "2026-11-24T10:00:00.500000000Z" {
		t.Fatalf("an old time kept as %q after the upgrade", created)
	}
	end := time.Date(2026, 11, 25, 0, 0, 0, 250_000_000, time.UTC)
	for at, want := range map[time.Time]int{end.Add(-time.Nanosecond): 1, end: 0, time.Date(2026, 11, 23, 23, 59, 59, 0, time.UTC): 0} {
		ps, err := db.PromotionsFor(ctx, "S1", pos.StoreID("PL-WAW-01"), at)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != want {
			t.Errorf("promotions at %v: %d, want %d", at, len(ps), want)
		}
	}
}
