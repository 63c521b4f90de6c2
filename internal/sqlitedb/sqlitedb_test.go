package sqlitedb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Times kept as text sort as the times do, to the nanosecond: RFC 3339 with a varying
// number of digits does not ("10:00:00.5Z" sorts before "10:00:00Z").
func TestTimeTextSortsAsTime(t *testing.T) {
	base := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	times := []time.Time{base.Add(500 * time.Millisecond), base, base.Add(time.Nanosecond), base.Add(-time.Nanosecond),
		base.Add(time.Second), time.Time{}, base.In(time.FixedZone("CET", 3600)).Add(time.Microsecond)}
	texts := make([]string, len(times))
	for i, tm := range times {
		texts[i] = TimeText(tm)
		if len(texts[i]) != len(TimeFormat) {
			t.Errorf("%v kept as %q: not %d characters", tm, texts[i], len(TimeFormat))
		}
		if back := ParseTime(texts[i]); !back.Equal(tm) {
			t.Errorf("%q reads back as %v, not %v", texts[i], back, tm)
		}
	}
	sort.Strings(texts)
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := range times {
		if ParseTime(texts[i]) != times[i].UTC() {
			t.Fatalf("as text, position %d is %s, as time %v", i, texts[i], times[i])
		}
	}
	if got := ParseTime("2026-12-02T10:00:00.5Z"); !got.Equal(base.Add(500 * time.Millisecond)) {
		t.Errorf("a time kept before the fixed width reads %v", got)
	}
	if !ParseTime("not a time").IsZero() {
		t.Error("text that is no time does not read as the zero time")
	}
}

func TestMigrateAppliesEachOnce(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "sub", "x.db"), Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files := fstest.MapFS{
		"migration/0001_a.sql": {Data: []byte("CREATE TABLE a (n INTEGER); INSERT INTO a VALUES (1);")},
		"migration/0002_b.sql": {Data: []byte("INSERT INTO a VALUES (2);")},
	}
	for range 2 {
		if err := Migrate(ctx, db, files); err != nil {
			t.Fatal(err)
		}
	}
	var n, version int
	db.QueryRow("SELECT SUM(n) FROM a").Scan(&n)
	db.QueryRow("PRAGMA user_version").Scan(&version)
	if n != 3 || version != 2 {
		t.Fatalf("sum %d, version %d: want 3, 2", n, version)
	}
	// A broken migration leaves nothing of itself and the version where it was.
	files["migration/0003_c.sql"] = &fstest.MapFile{Data: []byte("INSERT INTO a VALUES (4); INSERT INTO nowhere VALUES (1);")}
	if err := Migrate(ctx, db, files); err == nil {
		t.Fatal("a broken migration was applied")
	}
	db.QueryRow("SELECT SUM(n) FROM a").Scan(&n)
	db.QueryRow("PRAGMA user_version").Scan(&version)
	if n != 3 || version != 2 {
		t.Fatalf("after a broken migration: sum %d, version %d", n, version)
	}
}

func TestRunTxRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "x.db"), Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE a (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	err = RunTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.Exec("INSERT INTO a VALUES (1)"); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("RunTx returned %v", err)
	}
	var n int
	db.QueryRow("SELECT COUNT(*) FROM a").Scan(&n)
	if n != 0 {
		t.Fatal("a failed transaction kept its row")
	}
	ro, err := Open(filepath.Join(t.TempDir(), "x.db"), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Exec("CREATE TABLE b (n INTEGER)"); err == nil {
		t.Fatal("a read-only pool wrote")
	}
}

// A path is a file's name, taken literally: what a SQLite URI would read as a query ("?"),
// a fragment ("#") or an escape ("%41") opens exactly the file named.
func TestOpenTakesThePathLiterally(t *testing.T) {
	for _, name := range []string{"a?b.db", "my#till.db", "50%41off.db", "x?mode=memory.db", "sp ace&amp=1.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			db, err := Open(path, Options{BusyTimeout: time.Second, Immediate: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("CREATE TABLE a (n INTEGER); INSERT INTO a VALUES (7)"); err != nil {
				t.Fatal(err)
			}
			db.Close()
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if len(names) != 1 || names[0] != name {
				t.Fatalf("the folder holds %q, want only %q", names, name)
			}
			again, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			var n int
			if err := again.QueryRow("SELECT n FROM a").Scan(&n); err != nil || n != 7 {
				t.Fatalf("reopened %s: %d, %v", name, n, err)
			}
		})
	}
	// A relative path and one starting with "//" are files too, never a URI's authority.
	dir := t.TempDir()
	t.Chdir(dir)
	for _, path := range []string{"rel?.db", "//" + filepath.Join(dir, "slashes.db")} {
		db, err := Open(path, Options{BusyTimeout: time.Second, Immediate: true})
		if err == nil {
			_, err = db.Exec("CREATE TABLE a (n INTEGER)")
			db.Close()
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	for _, name := range []string{"rel?.db", "slashes.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// An empty path would be SQLite's temporary database, gone at close: it is refused.
func TestOpenRefusesAnEmptyPath(t *testing.T) {
	if db, err := Open("", Options{BusyTimeout: time.Second}); err == nil {
		db.Close()
		t.Fatal("an empty path was opened")
	}
}

// A database of a newer version is refused with both versions named, and not written:
// not a byte of the file changes.
func TestMigrateRefusesANewerDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	files := fstest.MapFS{
		"migration/0001_a.sql": {Data: []byte("CREATE TABLE a (n INTEGER);")},
		"migration/0002_b.sql": {Data: []byte("INSERT INTO a VALUES (2);")},
	}
	newer, err := Open(path, Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newer.Exec("CREATE TABLE a (n INTEGER); CREATE TABLE later (x); PRAGMA user_version = 7"); err != nil {
		t.Fatal(err)
	}
	newer.Close()
	before, _ := os.ReadFile(path)

	db, err := Open(path, Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	err = Migrate(ctx, db, files)
	db.Close()
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "schema version 7") || !strings.Contains(err.Error(), "up to 2") {
		t.Fatalf("a newer database: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the newer database was written")
	}
}
