// Package sqlitedb is the SQLite plumbing the till's store (pos/sqlite) and central's
// (sync/central/sqlite) share: how a database file is opened, its migrations, one transaction
// runner, and one fixed-width time format. It holds no table and no rule of either store.
package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/omnitill/omnitill/pos"
)

// Options are how a store opens its file. Every store runs WAL with synchronous=FULL (a
// commit that was answered survives a power cut) and enforces foreign keys.
type Options struct {
	BusyTimeout time.Duration // how long a writer waits for another
	// Immediate makes every transaction BEGIN IMMEDIATE: writers queue at BEGIN instead of
	// failing at COMMIT. Readers of a separate pool leave it false.
	Immediate bool
	ReadOnly  bool // a pool of readers: PRAGMA query_only
	StmtCache int  // prepared statements kept per connection; 0 for the driver's default
}

// Open opens the database file at path (creating it and its folder when needed) with opts.
// The path is taken literally: "a?b.db", "my#till.db" and "50%41off.db" open exactly those
// files, never a name SQLite would read as a URI's query, fragment or escape. An empty path
// is refused (SQLite would open a temporary database that vanishes on close).
//
// A database holds what only its own user may read (a till's token with central, sales,
// staff): a new folder is made 0700 and a new file 0600, which SQLite gives to the file's
// -wal and -shm as well; an existing file that others may read is narrowed to its owner.
func Open(path string, opts Options) (*sql.DB, error) {
	if path == "" {
		return nil, errors.New("no database file given: an empty path would open a temporary database")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create folder for %s: %w", path, err)
	}
	if err := ownerOnly(path, !opts.ReadOnly); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10))
	if opts.Immediate {
		q.Set("_txlock", "immediate")
	} else {
		q.Set("_txlock", "deferred")
	}
	if opts.StmtCache > 0 {
		q.Set("_stmt_cache_size", strconv.Itoa(opts.StmtCache))
	}
	if opts.ReadOnly {
		q.Set("_query_only", "true")
	}
	name, err := fileURI(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", name+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// uriPath escapes what a SQLite URI's path would not take literally: "%" starts an escape,
// "?" the query and "#" the fragment. Everything else is the file's name as it is.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")

// fileURI is the SQLite URI of the file at path. The path is made absolute first, so that
// neither a relative name nor one starting with "//" reads as a URI's authority.
func fileURI(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") { // C:/till.db
		abs = "/" + abs
	}
	return "file:" + uriPath.Replace(abs), nil
}

// ownerOnly creates the database file 0600 when create is set and it does not exist yet,
// and narrows an existing one (and its -wal and -shm) that group or others may read. A
// file that is not ours to change is left as it is: opening it says what is wrong.
func ownerOnly(path string, create bool) error {
	if create {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
		} else if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create %s: %w", path, err)
		}
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o077 != 0 {
			os.Chmod(name, st.Mode().Perm()&^0o077)
		}
	}
	return nil
}

// Migrate applies the migrations of files (migration/NNNN_*.sql, in name order) not yet
// applied to db, each in its own transaction; PRAGMA user_version counts those applied.
//
// A database of a newer version (more migrations applied than files has) is refused, with
// both versions named, before anything is written to it: a build that does not know the
// newer tables would write rows that break them.
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
	if version > len(names) {
		return pos.Errorf(pos.ECONFLICT, "The database was written by a newer version of Omnitill (schema version %d); this version knows schema versions up to %d. It was left untouched: open it with the newer version, or update this one.", version, len(names))
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
	return RunTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, body); err != nil {
			if strings.Contains(err.Error(), "fts5") {
				return fmt.Errorf("%s: %w (build with -tags sqlite_fts5, as the Makefile does)", name, err)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	})
}

// Beginner is what a transaction is begun on: the pool, or one connection of it.
type Beginner interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}

// RunTx runs fn in one transaction begun on b, committing when fn returns nil and rolling
// back otherwise.
func RunTx(ctx context.Context, b Beginner, fn func(*sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, nil)
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

// TimeFormat is how both stores keep times as text: UTC, with a fixed width, so SQL
// compares, sorts and MAX()es them as text to the nanosecond.
const TimeFormat = "2006-01-02T15:04:05.000000000Z"

// TimeText is t as the stores keep it.
func TimeText(t time.Time) string { return t.UTC().Format(TimeFormat) }

// ParseTime reads a time the stores kept; rows written before the fixed width (RFC 3339
// with fewer digits) read the same. Text that is no time reads as the zero time.
func ParseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}
