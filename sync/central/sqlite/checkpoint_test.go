package sqlite

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/omnitill/omnitill/sync/wire"
)

// TestWALStartsAgainUnderLoad: batches applied back to back while readers read without a
// pause. The checkpointer copies the WAL into the database beside the writer, and a long
// WAL starts again from its beginning, so it stays short instead of growing with every
// commit (with the writer never checkpointing and no restart, it grew past 450 MB in 20 s
// of the load benchmark).
func TestWALStartsAgainUnderLoad(t *testing.T) {
	db, _ := mustOpen(t)
	db.w.restartFrames = 100 // 400 KiB of pages, so a test's load crosses it many times
	till, _ := mustPair(t, db, waw.ID, "01")
	var path string
	var seq int
	if err := db.ro.QueryRow(`PRAGMA database_list`).Scan(&seq, new(string), &path); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.Availability(ctx, "ZUB-07"); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	n := 0
	batch := make([]wire.Event, 100)
	var longest int64
	for range 80 {
		for i := range batch {
			n++
			batch[i] = saleEvent(t, till, fmt.Sprintf("0190aaaa-0000-7000-8000-%012d", n), int64(n), 1)
		}
		if _, err := db.Apply(ctx, till, batch); err != nil {
			t.Fatal(err)
		}
		if info, err := os.Stat(path + "-wal"); err == nil {
			longest = max(longest, info.Size())
		}
	}
	close(stop)
	readers.Wait()
	// A batch of 100 sales writes some 300 pages: the WAL starts again within a batch or
	// two of passing 100 pages, so it holds a few batches at most (23 MB without starting again).
	if limit := int64(8 << 20); longest > limit {
		t.Errorf("the WAL grew to %d bytes under load, more than %d: it never started again", longest, limit)
	}
	t.Logf("8,000 sales in 80 commits: the WAL at most %d KiB", longest>>10)
}
