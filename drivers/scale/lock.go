package scale

import (
	"context"
	"runtime"
	"sync"
	"weak"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// One question at a time per link, even when callers make a new Scale for each weighing:
// an answer read by the wrong caller is lost to the one that asked.
var linkLocks sync.Map // weak.Pointer[serialport.Link] → chan struct{}

// lockLink waits for the link to be free (or ctx to end) and returns the unlock function.
func lockLink(ctx context.Context, l *serialport.Link) (func(), error) {
	key := weak.Make(l)
	v, loaded := linkLocks.LoadOrStore(key, make(chan struct{}, 1))
	if !loaded {
		// Forget the lock with its link, so links made per call do not pile up.
		runtime.AddCleanup(l, func(k weak.Pointer[serialport.Link]) { linkLocks.Delete(k) }, key)
	}
	sem := v.(chan struct{})
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
