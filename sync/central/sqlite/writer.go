package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Central writes through one writer: a goroutine that owns the only connection allowed to
// write and runs every write transaction of this process in the order asked. Tills' pushes
// queue behind it instead of meeting at SQLite's write lock, where each would wait its
// busy timeout and then fail with "database is locked". Readers never wait for it: they
// read WAL snapshots on a pool of their own (DB.ro).
//
// Group commit: what queued while one transaction ran is applied together in the next,
// each request in a savepoint of its own, and the whole group costs one commit (one fsync).
// A request that fails is rolled back to its savepoint alone; the others of its group go
// on. Every caller is answered only once its group is on disk.

// maxGroup bounds the requests of one group, so the first in line is answered soon even
// when many queue behind it; maxGroupEvents bounds the events a group applies.
const (
	maxGroup       = 16
	maxGroupEvents = 4000
)

// writeBusyTimeout is how long the writer waits for another process's write (an import by
// IT, a pairing code) before it gives up on a group. An import takes the write lock for
// the moment it saves (seconds for 200,000 products); a till's push waits that long,
// queued, and never fails for it.
const writeBusyTimeout = 2 * time.Minute

// writeJob is one write transaction asked of the writer.
type writeJob struct {
	ctx    context.Context
	fn     func(*sql.Tx) error
	weight int // events it applies, for maxGroupEvents
	done   chan error
}

// writer runs write transactions one group at a time on db, its one connection.
type writer struct {
	db   *sql.DB
	jobs chan *writeJob
	stop chan struct{}
	done chan struct{}
}

// writerCacheKiB is the page cache of the writer's connection. A group of 4,000 sales
// dirties some 8 MiB of pages; in SQLite's default 2 MiB cache most of them would be
// spilled to the WAL before the commit, then read back and written again as the group goes
// on. The cache is memory kept while central runs, at most this much.
const writerCacheKiB = 32 << 10

func newWriter(db *sql.DB) *writer {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	// The pool keeps its one connection for good, so the setting stays with it. (Were
	// the connection ever replaced, the new one would only be slower.)
	db.Exec(fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB))
	w := &writer{db: db, jobs: make(chan *writeJob), stop: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

// close stops the writer once the group under way is committed; later writes fail.
func (w *writer) close() {
	close(w.stop)
	<-w.done
}

var errClosed = errors.New("central's database is closed")

// write runs fn in a transaction of the writer and returns once it is committed (nil) or
// rolled back (fn's error, or the commit's). weight is the events fn applies. A caller that
// gives up (ctx) before its turn is skipped; once its turn came, fn runs to the end and is
// committed with its group whatever the caller does, so a till that hung up finds its
// events applied when it sends them again.
func (w *writer) write(ctx context.Context, weight int, fn func(*sql.Tx) error) error {
	j := &writeJob{ctx: ctx, fn: fn, weight: weight, done: make(chan error, 1)}
	select {
	case w.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-w.stop:
		return errClosed
	}
	return <-j.done
}

func (w *writer) run() {
	defer close(w.done)
	for {
		var first *writeJob
		select {
		case first = <-w.jobs:
		case <-w.stop:
			return
		}
		group, events := []*writeJob{first}, first.weight
	gather:
		for len(group) < maxGroup && events < maxGroupEvents {
			select {
			case j := <-w.jobs:
				group = append(group, j)
				events += j.weight
			default:
				break gather
			}
		}
		w.commit(group)
	}
}

// commit runs a group in one transaction. The transaction and its statements run under a
// context no caller can cancel: cancelling one statement would roll back the whole group.
func (w *writer) commit(group []*writeJob) {
	results := make([]error, len(group))
	err := func() error {
		ctx := context.Background()
		tx, err := w.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin writing: %w", err)
		}
		defer tx.Rollback()
		ran := 0
		for i, j := range group {
			if err := j.ctx.Err(); err != nil {
				results[i] = err // its caller has gone before its turn: skip it
				continue
			}
			if _, err := tx.ExecContext(ctx, `SAVEPOINT request`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			if results[i] = runJob(j, tx); results[i] != nil {
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO request`); err != nil {
					return fmt.Errorf("undo a failed request: %w", err)
				}
			} else {
				ran++
			}
			if _, err := tx.ExecContext(ctx, `RELEASE request`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		if ran == 0 {
			return nil // nothing to keep: the deferred rollback ends it
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	}()
	for i, j := range group {
		if err != nil && results[i] == nil {
			results[i] = err // the group failed: nothing of it was kept
		}
		j.done <- results[i]
	}
}

// runJob runs one request's function; a panic in it fails that request, not the writer.
func runJob(j *writeJob, tx *sql.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("write panicked: %v", p)
		}
	}()
	return j.fn(tx)
}
