package tillcmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/till"
)

// --db names a file, literally: "a?b.db" used to open "a", "my#till.db" "my", and
// "50%41off.db" "50Aoff.db".
func TestDBPathIsTakenLiterally(t *testing.T) {
	for _, name := range []string{"a?b.db", "my#till.db", "50%41off.db"} {
		dir := t.TempDir()
		db := filepath.Join(dir, name)
		if code, _, errOut := run(t, db, "config", "set", "store.name", "Sklep "+name); code != 0 {
			t.Fatalf("%s: exit %d, %q", name, code, errOut)
		}
		if code, out, errOut := run(t, db, "config", "get", "store.name"); code != 0 || strings.TrimSpace(out) != "Sklep "+name {
			t.Fatalf("%s read back: exit %d, %q %q", name, code, out, errOut)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != name && e.Name() != "omnitill.log" {
				t.Errorf("--db %s made %s as well", name, e.Name())
			}
		}
		if _, err := os.Stat(db); err != nil {
			t.Errorf("--db %s: %v", name, err)
		}
	}
}

// An empty --db is a usage mistake (exit 2): it used to open a temporary database that
// vanished, and report success.
func TestEmptyDBPathIsRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data")) // where the default database would be
	for _, args := range [][]string{{"--db", "", "config", "set", "store.name", "X"}, {"--db=", "catalog", "export", "x.csv"}, {"config", "list", "-db", ""}} {
		var out, errOut bytes.Buffer
		code := Main(args, &out, &errOut, func(*till.Till, WindowOptions) error { t.Fatal("a command opened the window"); return nil })
		if code != 2 || !strings.Contains(errOut.String(), "--db needs a path") {
			t.Errorf("%q: exit %d, %q", args, code, errOut.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an empty --db left %v", entries)
	}
}

// A database of a newer version is refused with both versions named, and left untouched.
func TestNewerDatabaseIsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "till.db")
	if code, _, errOut := run(t, db, "config", "list"); code != 0 {
		t.Fatal(errOut)
	}
	raw, err := sqlitedb.Open(db, sqlitedb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{{"config", "set", "store.name", "X"}, {"train-sale", "--scan", "5902754113850"}} {
		code, _, errOut := run(t, db, args...)
		if code != 1 || !strings.Contains(errOut, "schema version 99") || !regexp.MustCompile(`up to \d+\.`).MatchString(errOut) ||
			!strings.Contains(errOut, db) || strings.Contains(errOut, "went wrong") {
			t.Fatalf("%v on a newer database: exit %d, %q", args, code, errOut)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("the newer database was written")
	}
}
