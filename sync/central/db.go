// Package central is the chain's central store service: it pairs tills, takes their events
// into an inbox and applies each once, and publishes the catalog and stock as pull streams.
// db.go opens its SQLite file; http.go serves the /v1 API over it.
package central

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/omnitill/omnitill/pos/sqlite"
)

//go:embed migration/*.sql
var migrations embed.FS

// DB is central's database.
type DB struct {
	db *sql.DB // writers: BEGIN IMMEDIATE, so they queue instead of failing at COMMIT
	ro *sql.DB // readers: plain BEGIN, a snapshot that never waits for a writer
	// Now stamps rows and expires pairing codes; tests move it.
	Now func() time.Time
}

// Open opens (creating when needed) central's database at path and brings its schema up
// to date. WAL with synchronous=FULL: an event answered "applied" survives a power cut.
func Open(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create folder for %s: %w", path, err)
	}
	sqldb, err := sql.Open("sqlite3", dsn(path, "immediate", false))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sqldb, Now: time.Now}
	if err := sqlite.Migrate(context.Background(), db.db, migrations); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("prepare central database %s: %w", path, err)
	}
	if db.ro, err = sql.Open("sqlite3", dsn(path, "deferred", true)); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	return db, nil
}

func dsn(path, txlock string, queryOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", txlock)
	q.Set("_stmt_cache_size", "64") // applying an event runs the same dozen statements again
	if queryOnly {
		q.Set("_query_only", "true")
	}
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	return errors.Join(db.ro.Close(), db.db.Close())
}

// readTx runs fn in a read-only snapshot.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.ro.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin reading: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// inTx runs fn in one transaction, committing when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// nextSeq moves a pull stream on by one change and returns the change's position.
func nextSeq(ctx context.Context, tx *sql.Tx, stream string) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `UPDATE streams SET last_seq = last_seq + 1 WHERE name = ? RETURNING last_seq`, stream).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("next change of stream %s: %w", stream, err)
	}
	return seq, nil
}

// timeFormat has a fixed width, so SQL compares and MAX()es times as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z"

func timeText(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}
