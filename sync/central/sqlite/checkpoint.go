package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"time"
)

// SQLite's own checkpoint (wal_autocheckpoint) runs inside the commit that takes the WAL
// past 1,000 pages, on the committing connection: under a chain's load nearly every group
// of tills' pushes waited, after its own pages were written, while pages were copied into
// the database file and that file was synced (17 of a commit's 46 ms). So the writer's
// connection does not checkpoint on its own: a checkpointer does, on a connection of its
// own, after commits, PASSIVE, which waits for neither the writer nor the readers, and
// neither waits for it. What it cannot copy yet (a reader still needs older pages) it
// copies the next time.
//
// The WAL starts again from its beginning only when a write transaction begins with all of
// it copied. The writer begins its next group the moment one is committed, before another
// connection could have copied it, so under load the WAL would never start again and would
// grow by gigabytes. Once it is longer than restartWALFrames the writer copies, after a
// commit, what the checkpointer has not yet (about one group's pages), and its next group
// starts the WAL again.

const (
	// checkpointEvery spaces checkpoints under a stream of commits.
	checkpointEvery = 100 * time.Millisecond
	// restartWALFrames is the WAL's length (pages of 4 KiB: 64 MiB) from which the
	// writer makes it start again.
	restartWALFrames = 16384
)

// checkpointer runs PASSIVE checkpoints on conn after the writer's commits until stop.
type checkpointer struct {
	conn *sql.DB
	w    *writer
	stop chan struct{}
	done chan struct{}
}

func startCheckpointer(conn *sql.DB, w *writer) *checkpointer {
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxIdleTime(0)
	conn.SetConnMaxLifetime(0)
	c := &checkpointer{conn: conn, w: w, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.stop:
			return
		case <-c.w.committed:
		}
		if frames, _, err := checkpoint(c.conn); err != nil {
			slog.Warn("checkpoint", "err", err)
		} else {
			c.w.walFrames.Store(frames)
		}
		select {
		case <-c.stop:
			return
		case <-time.After(checkpointEvery):
		}
	}
}

// checkpoint copies what it can of the WAL into the database and returns the WAL's length
// in pages and whether all of it is copied. A failure only leaves the WAL longer: the next
// checkpoint copies it.
func checkpoint(conn *sql.DB) (frames int64, all bool, err error) {
	var busy, copied int64
	if err := conn.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
		return 0, false, err
	}
	return frames, busy == 0 && copied == frames, nil
}

// letWALRestart copies, on the writer's connection between two groups, what is left of a
// long WAL, so that the next group starts it again. When the checkpointer is copying at
// that moment, it tries again after the next commit.
func (w *writer) letWALRestart() {
	switch frames, all, err := checkpoint(w.db); {
	case err != nil:
		slog.Warn("checkpoint before the WAL starts again", "err", err)
	case all:
		w.walFrames.Store(0)
	default:
		w.walFrames.Store(frames)
	}
}

// close stops the checkpointer; closing the database checkpoints what is left.
func (c *checkpointer) close() error {
	close(c.stop)
	<-c.done
	return c.conn.Close()
}
