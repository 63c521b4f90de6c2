// Package sqlite keeps the till's data in a local SQLite file: catalog, staff, committed
// sales, stock movements and the outbox. WAL with synchronous=FULL, so a committed sale
// survives a power cut; one transaction per use case.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/omnitill/omnitill/pos"
)

//go:embed migration/*.sql
var migrations embed.FS

// DB is an open till database.
type DB struct {
	db   *sql.DB
	path string
	// Now stamps rows; tests move it.
	Now func() time.Time
}

// Open opens (creating when needed) the database at path and brings its schema up to date.
func Open(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create folder for %s: %w", path, err)
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate") // writers queue at BEGIN instead of failing at COMMIT
	sqldb, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, Now: time.Now}
	if err := wrapDiskError(Migrate(context.Background(), db.db, migrations)); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("prepare database %s: %w", path, err)
	}
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// Migrate applies the migrations of files (migration/NNNN_*.sql, in name order) not yet
// applied to db, each in its own transaction; PRAGMA user_version counts those applied.
// The till's database and central's share it.
func Migrate(ctx context.Context, db *sql.DB, files fs.FS) error {
	names, err := fs.Glob(files, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	for i := version; i < len(names); i++ {
		body, err := fs.ReadFile(files, names[i])
		if err != nil {
			return err
		}
		if err := migrateOne(ctx, db, names[i], string(body), i+1); err != nil {
			return err
		}
	}
	return nil
}

func migrateOne(ctx context.Context, db *sql.DB, name, body string, version int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		if strings.Contains(err.Error(), "fts5") {
			return fmt.Errorf("%s: %w (build with -tags sqlite_fts5, as the Makefile does)", name, err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// inTx runs fn in one transaction, committing when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error { return runTx(ctx, db.db, fn) }

// runTx runs fn in one transaction begun on b (the pool, or one connection of it).
func runTx(ctx context.Context, b interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}, fn func(*sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return wrapDiskError(fmt.Errorf("begin transaction: %w", err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return wrapDiskError(err)
	}
	return wrapDiskError(tx.Commit())
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

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
