package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Worker keeps the till and central in step: it pushes the outbox in order, then pulls each
// stream from its cursor. Run it in its own goroutine; it only ever takes short
// transactions, so a sale never waits for the network.
type Worker struct {
	Store   pos.SyncStore // the till's database
	Central *Client
	Log     *slog.Logger
	Batch   int           // events per push
	Page    int           // rows per pulled page
	Every   time.Duration // pause between rounds once everything is in step
	// MinBackoff and MaxBackoff bound the wait after a failed round; it doubles each failure.
	MinBackoff, MaxBackoff time.Duration
	// OnState is told the sync state after each round, from the worker's goroutine (a
	// screen must hand it to its UI thread).
	OnState func(pos.SyncStatus)
	// OnProgress is told, after each page of a snapshot (a stream pulled from cursor 0,
	// first or after central's "reset"), how many of the snapshot's rows are applied: a
	// progress bar's values. The last call of a snapshot has done == total. Called from the
	// worker's goroutine, like OnState.
	OnProgress func(stream pos.Stream, done, total int)
	Now        func() time.Time

	online   atomic.Bool
	kickOnce sync.Once
	kick     chan struct{}
	snapshot atomic.Pointer[Progress]     // the snapshot being pulled, nil when none
	failed   atomic.Pointer[[]pos.Stream] // the streams the last pull could not pull
}

// NewWorker returns a worker with the shop's defaults: batches of 500, a round every 10 s,
// backoff from 1 s to 5 min.
func NewWorker(store pos.SyncStore, central *Client) *Worker {
	return &Worker{
		Store: store, Central: central, Log: slog.Default(),
		Batch: wire.DefaultBatch, Page: wire.DefaultPage, Every: 10 * time.Second,
		MinBackoff: time.Second, MaxBackoff: 5 * time.Minute, Now: time.Now,
	}
}

func (w *Worker) kicks() chan struct{} {
	w.kickOnce.Do(func() { w.kick = make(chan struct{}, 1) })
	return w.kick
}

// Kick starts the next round now (after a sale, say) instead of at the next tick.
func (w *Worker) Kick() {
	select {
	case w.kicks() <- struct{}{}:
	default: // a round is already asked for
	}
}

// Online reports whether the last round reached central.
func (w *Worker) Online() bool { return w.online.Load() }

// State is the till's sync state with the worker's view of the link: a worker runs only
// for a paired till.
func (w *Worker) State(ctx context.Context) (pos.SyncStatus, error) {
	st, err := w.Store.SyncStatus(ctx)
	st.Paired, st.Online = true, w.Online()
	if f := w.failed.Load(); f != nil && len(*f) > 0 {
		st.FailedStreams = append([]pos.Stream(nil), *f...)
	}
	return st, err
}

// Run syncs until ctx is cancelled, retrying a failed round with exponential backoff and
// jitter. It returns ctx's error.
func (w *Worker) Run(ctx context.Context) error {
	failures := 0
	for {
		err := w.SyncOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		wait := w.Every
		if err != nil {
			failures++
			wait = w.backoff(failures)
			w.Log.Warn("sync failed; retrying", "in", wait.Round(time.Millisecond), "err", err)
		} else {
			failures = 0
		}
		if w.OnState != nil {
			if st, err := w.State(ctx); err == nil {
				w.OnState(st)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-w.kicks():
			t.Stop()
		case <-t.C:
		}
	}
}

// backoff is the wait after the n-th failure in a row: MinBackoff doubled each time up to
// MaxBackoff, then a random half of it shaved off so many tills coming back after an outage
// do not all knock at once.
func (w *Worker) backoff(n int) time.Duration {
	d := w.MaxBackoff
	if n < 32 {
		d = min(w.MinBackoff<<(n-1), w.MaxBackoff)
	}
	return d/2 + rand.N(d/2+1)
}

// SyncOnce pushes every waiting event, then pulls every stream to its end, and records the
// round as the last sync when all of it succeeded. A push central refused does not keep
// the streams from being pulled; a central that cannot be reached does.
func (w *Worker) SyncOnce(ctx context.Context) error {
	err := w.PushAll(ctx)
	if err == nil || (answered(err) && ctx.Err() == nil) {
		err = errors.Join(err, w.PullAll(ctx))
	}
	w.online.Store(err == nil || answered(err))
	if err != nil {
		return err
	}
	return w.Store.MarkSynced(ctx, w.Now())
}

// PushAll sends the outbox in batches, oldest first, until it is empty. Each answered batch
// leaves the queue at once: applied and duplicate events as sent, rejected ones as
// exceptions for a manager, so a refusal never holds up the events behind it. A batch
// central refuses whole (400: an event it cannot read; 413: too large) is split in halves
// until the event it cannot take is alone: that one is refused with central's reason, and
// the others go through.
func (w *Worker) PushAll(ctx context.Context) error {
	for {
		events, err := w.Store.PendingEvents(ctx, w.Batch)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return nil
		}
		if err := w.push(ctx, events); err != nil {
			return err
		}
		if len(events) < w.Batch {
			return nil
		}
	}
}

// push sends events and records central's answers, splitting a batch central refuses
// whole.
func (w *Worker) push(ctx context.Context, events []pos.Event) error {
	results, err := w.Central.Push(ctx, events)
	var se *StatusError
	if errors.As(err, &se) && (se.Status == http.StatusBadRequest || se.Status == http.StatusRequestEntityTooLarge) {
		if len(events) == 1 {
			reason := fmt.Sprintf("central cannot take it (%d %s): %s", se.Status, se.Body.Code, se.Body.Message)
			w.Log.Warn("central refused an event whole; it goes to a manager", "event", events[0].ID, "reason", reason)
			return w.Store.MarkEventsSent(ctx, []pos.Delivery{{Event: events[0].ID, Rejected: true, Reason: reason}})
		}
		half := len(events) / 2
		if err := w.push(ctx, events[:half]); err != nil {
			return err
		}
		return w.push(ctx, events[half:])
	}
	if err != nil {
		return fmt.Errorf("push %d events: %w", len(events), err)
	}
	return w.Store.MarkEventsSent(ctx, deliveries(w.Log, results))
}

// deliveries turns central's answers into what the till records.
func deliveries(log *slog.Logger, results []wire.EventResult) []pos.Delivery {
	ds := make([]pos.Delivery, len(results))
	for i, r := range results {
		ds[i] = pos.Delivery{Event: pos.EventID(r.EventID)}
		switch r.Status {
		case wire.StatusRejected:
			ds[i].Rejected, ds[i].Reason = true, r.Reason
			log.Warn("central rejected an event", "event", r.EventID, "reason", r.Reason)
		case wire.StatusConflict:
			// Central has another body under this id: the till's is refused, and a manager
			// at each end sees it.
			ds[i].Rejected, ds[i].Reason = true, "conflict: "+r.Reason
			log.Warn("central has another event under this id", "event", r.EventID, "reason", r.Reason)
		}
	}
	return ds
}
