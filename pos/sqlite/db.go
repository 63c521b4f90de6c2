// Package sqlite keeps the till's data in a local SQLite file: catalog, staff, committed
// sales, stock movements and the outbox. WAL with synchronous=FULL, so a committed sale
// survives a power cut; one transaction per use case.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/pos"
)

//go:embed migration/*.sql
var migrations embed.FS

// DB is an open till database.
type DB struct {
	db   *sql.DB
	path string
	turn turn // a sale's turn before an import's next step
	// Now stamps rows; tests move it.
	Now func() time.Time
}

// Open opens (creating when needed) the database at path and brings its schema up to date.
func Open(path string) (*DB, error) {
	sqldb, err := sqlitedb.Open(path, sqlitedb.Options{BusyTimeout: 5 * time.Second, Immediate: true, StmtCache: 64})
	if err != nil {
		return nil, wrapDiskError(err)
	}
	db := &DB{db: sqldb, path: path, turn: newTurn(path), Now: time.Now}
	if err := wrapDiskError(sqlitedb.Migrate(context.Background(), db.db, migrations)); err != nil {
		sqldb.Close()
		if pos.ErrorCode(err) == pos.ECONFLICT { // a newer version's database: say which file
			return nil, fmt.Errorf("%w: %w", pos.Errorf(pos.ECONFLICT, "%s: %s", path, pos.ErrorMessage(err)), err)
		}
		return nil, fmt.Errorf("prepare database %s: %w", path, err)
	}
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// inTx runs fn in one transaction, committing when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error { return runTx(ctx, db.db, fn) }

// runTx runs fn in one transaction begun on b (the pool, or one connection of it); a full
// or read-only disk comes back in words.
func runTx(ctx context.Context, b sqlitedb.Beginner, fn func(*sql.Tx) error) error {
	return wrapDiskError(sqlitedb.RunTx(ctx, b, fn))
}

// wrapDiskError turns a full or read-only disk into a message for the person at the till.
func wrapDiskError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "database or disk is full"):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The till's disk is full: nothing was saved. Call IT to free space; the sale is still on screen."), err)
	case strings.Contains(msg, "readonly database") || strings.Contains(msg, "unable to open"):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The till cannot write its database: nothing was saved. Call IT; the sale is still on screen."), err)
	}
	return err
}

func timeText(t time.Time) string { return sqlitedb.TimeText(t) }

func parseTime(s string) time.Time { return sqlitedb.ParseTime(s) }
