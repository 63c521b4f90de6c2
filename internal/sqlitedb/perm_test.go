//go:build unix

package sqlitedb

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A database is its owner's alone: a new folder 0700, the file and its -wal and -shm 0600,
// under the usual umask (022) that would leave them readable by everyone.
func TestNewDatabaseIsItsOwnersAlone(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "state", "omnitill")
	path := filepath.Join(dir, "till.db")
	db, err := Open(path, Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE a (n INTEGER); INSERT INTO a VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	wantMode(t, dir, 0o700|fs.ModeDir)
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, name, 0o600)
	}
}

// A database an older version left readable by others is narrowed to its owner.
func TestOpenNarrowsAReadableDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "till.db")
	db, err := Open(path, Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Exec("CREATE TABLE a (n INTEGER)")
	db.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{BusyTimeout: time.Second, Immediate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wantMode(t, path, 0o600)
}

func wantMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode() & (fs.ModePerm | fs.ModeDir); got != want {
		t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
	}
}
