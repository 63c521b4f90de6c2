//go:build unix

package tillcmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A till's database holds its token with central, its sales and staff; its log names
// them too. Under the usual umask (022) both used to be readable by every local user.
func TestTillFilesAreItsOwnersAlone(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "omnitill")
	db := filepath.Join(dir, "till.db")
	if code, _, errOut := run(t, db, "config", "list"); code != 0 { // a first start: it logs
		t.Fatal(errOut)
	}
	for path, want := range map[string]fs.FileMode{dir: fs.ModeDir | 0o700, db: 0o600, filepath.Join(dir, "omnitill.log"): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode() & (fs.ModeDir | fs.ModePerm); got != want {
			t.Errorf("%s: %v, want %v", filepath.Base(path), got, want)
		}
	}

	// A log an older version left readable by others is narrowed at its next line.
	logPath := filepath.Join(dir, "omnitill.log")
	os.Chmod(logPath, 0o644)
	if code, _, errOut := run(t, db, "train-sale", "--scan", "5902754113850"); code != 0 { // it logs the sale
		t.Fatal(errOut)
	}
	if st, _ := os.Stat(logPath); st.Mode().Perm() != 0o600 {
		t.Errorf("the old log stays %v", st.Mode().Perm())
	}
}
