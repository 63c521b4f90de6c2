// Package sqlite is central's database: every SQL statement of central lives here. It pairs
// tills, takes their events into an inbox and applies each once, keeps what imports and web
// shops bring, and publishes the catalog, stock, promotions, customers and orders as pull
// streams, one transaction per use case. It implements central.Service, which the /v1 API
// (sync/central/api) asks.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/omnitill/omnitill/internal/sqlitedb"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

//go:embed migration/*.sql
var migrations embed.FS

// DB is central's database.
type DB struct {
	db *sql.DB // the one connection that writes, BEGIN IMMEDIATE: the writer's (w)
	w  *writer // every write transaction of this process, in turn (writer.go)
	ro *sql.DB // readers: plain BEGIN, a snapshot that never waits for a writer
	// Now stamps rows and expires pairing codes; tests move it.
	Now func() time.Time
	// Gate is where pushed events are read, in turn beside the writer (central.Gate);
	// nil reads them at once.
	Gate *central.Gate
}

// DB answers what central's HTTP API asks.
var _ central.Service = (*DB)(nil)

// Open opens (creating when needed) central's database at path and brings its schema up
// to date. WAL with synchronous=FULL: an event answered "applied" survives a power cut.
func Open(path string) (*DB, error) {
	// Applying a batch runs the same statements again: keep them prepared.
	sqldb, err := sqlitedb.Open(path, sqlitedb.Options{BusyTimeout: writeBusyTimeout, Immediate: true, StmtCache: 64})
	if err != nil {
		return nil, err
	}
	db := &DB{db: sqldb, Now: time.Now}
	if err := sqlitedb.Migrate(context.Background(), db.db, migrations); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("prepare central database %s: %w", path, err)
	}
	if db.ro, err = sqlitedb.Open(path, sqlitedb.Options{BusyTimeout: 10 * time.Second, ReadOnly: true, StmtCache: 64}); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	db.w = newWriter(sqldb)
	return db, nil
}

// Close closes the database once the writes under way are committed.
func (db *DB) Close() error {
	db.w.close()
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

// inTx runs fn in one write transaction of the writer, committed when fn returns nil. fn
// is given the context to run its statements with: the caller's values without its
// cancellation, for a statement interrupted halfway would roll back the writer's whole
// group with it.
func (db *DB) inTx(ctx context.Context, fn func(context.Context, *sql.Tx) error) error {
	return db.w.write(ctx, 0, func(tx *sql.Tx) error { return fn(context.WithoutCancel(ctx), tx) })
}

// nextSeq moves a pull stream on by one change and returns the change's position.
func nextSeq(ctx context.Context, tx *sql.Tx, stream pos.Stream) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, `UPDATE streams SET last_seq = last_seq + 1 WHERE name = ? RETURNING last_seq`, stream).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("next change of stream %s: %w", stream, err)
	}
	return seq, nil
}

func timeText(t time.Time) string { return sqlitedb.TimeText(t) }

func parseTime(s string) time.Time { return sqlitedb.ParseTime(s) }
