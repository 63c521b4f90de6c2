//go:build unix

package sqlite

import (
	"context"
	"os"
	"syscall"
)

// turn puts a sale before the next step of an import, across processes (the till's window
// and `omnitill catalog import` run apart). SQLite has no queue for writers: a sale waiting
// for the write lock polls for it, and an import that takes its next step at once could
// keep it waiting for seconds. So a sale holds the turn file shared while it commits, and
// an import takes it exclusively, for a moment, before each step: it never starts one
// while a sale waits, which thus waits for one step at most.
//
// An import also holds the import file locked while it runs, so that the next one knows at
// once whether an import it finds staging is under way or was killed.
type turn struct{ path, importPath string }

func newTurn(dbPath string) turn { return turn{path: dbPath + "-turn", importPath: dbPath + "-import"} }

// sale holds the turn until release is called. A turn file that cannot be opened (a
// read-only folder) leaves the sale as it was: it never fails a sale.
func (t turn) sale() (release func()) {
	f, err := os.OpenFile(t.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return func() {}
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_SH) != nil {
		f.Close()
		return func() {}
	}
	return func() { f.Close() } // closing the file lets the turn go
}

// step waits until no sale holds the turn.
func (t turn) step(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.OpenFile(t.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil // as for a sale: the import goes on, sales wait for a step
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}

// lockImport holds the import lock until release. sure says that no other import runs: one
// found staging was killed. Another import holding it is ECONFLICT.
func (t turn) lockImport() (release func(), sure bool, err error) {
	f, err := os.OpenFile(t.importPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return func() {}, false, nil // the heartbeat tells, as without flock
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if err == syscall.EWOULDBLOCK {
			return nil, false, errImportUnderway
		}
		return func() {}, false, nil
	}
	return func() { f.Close() }, true, nil
}
