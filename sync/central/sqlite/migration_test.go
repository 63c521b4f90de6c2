package sqlite

import (
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/sync/wire"
)

// A central database from before migration 0004 keeps its sales, lines and tenders, and
// takes a second sale under a receipt number its till used (both kept).
func TestMigrationKeepsSales(t *testing.T) {
	path := filepath.Join(t.TempDir(), "central.db")
	old := fstest.MapFS{}
	for _, name := range []string{"0001_central.sql", "0002_omnichannel.sql", "0003_vat_classes.sql"} {
		body, err := fs.ReadFile(migrations, "migration/"+name)
		if err != nil {
			t.Fatal(err)
		}
		old["migration/"+name] = &fstest.MapFile{Data: body}
	}
	raw, err := sqlitedb.Open(path, sqlitedb.Options{BusyTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlitedb.Migrate(ctx, raw, old); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO stores (id, name) VALUES ('PL-WAW', 'Warszawa')`,
		`INSERT INTO inbox VALUES ('e1', 'PL-WAW', '01', 'sale.completed', 's1', '{}', 't', 't', 'applied', '')`,
		`INSERT INTO sales VALUES ('s1', 'e1', 'PL-WAW', '01', 1, 'anna', 'PLN', 't', 't', 4299, 0)`,
		`INSERT INTO sale_lines VALUES ('s1', 1, 'e1', 'ZUB-07', '', 1000, 4299, 2300, 4299, 0, 0, 0)`,
		`INSERT INTO tenders VALUES ('s1', 1, 'e1', 'cash', 5000, '')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for table, want := range map[string]int{"sales": 1, "sale_lines": 1, "tenders": 1, "exceptions": 0} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+table); n != want {
			t.Errorf("%s has %d rows after the migration, want %d", table, n, want)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Fatalf("%d rows break a foreign key", n)
	}
	db.Now = func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }
	if _, err := db.SaveProducts(ctx, catalog); err != nil {
		t.Fatal(err)
	}
	till, _ := mustPair(t, db, "PL-WAW", "01")
	mustApply(t, db, till, saleEvent(t, till, ev1, 1, 1), wire.StatusApplied)
	if n := count(t, db, `SELECT COUNT(*) FROM sales WHERE receipt_no = 1`); n != 2 {
		t.Fatalf("%d sales of receipt 1, want both", n)
	}
}
