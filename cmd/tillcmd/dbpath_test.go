package tillcmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
