package till

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
)

// syncLink runs the till's sync worker while the till is open: it pushes the outbox to
// central and pulls the streams, in the background, never holding up a sale.
type syncLink struct {
	running  sync.Mutex // held while the worker is started or stopped: one worker at most
	mu       sync.Mutex // guards the fields below
	worker   *client.Worker
	stop     context.CancelFunc
	done     chan struct{}
	onStatus func(pos.SyncStatus)
	last     pos.SyncStatus // the last state told, which a snapshot's progress adds to
}

// WatchSync starts syncing when the till is paired; onStatus hears the state after every
// round, from the worker's goroutine. It is safe to call once the till is paired later.
func (t *Till) WatchSync(onStatus func(pos.SyncStatus)) error {
	t.sync.running.Lock()
	defer t.sync.running.Unlock()
	t.sync.mu.Lock()
	t.sync.onStatus = onStatus
	running := t.sync.worker != nil
	t.sync.mu.Unlock()
	if running {
		return nil
	}
	link, err := t.DB.Link(context.Background())
	if pos.ErrorCode(err) == pos.ENOTFOUND {
		t.reportSync(context.Background())
		return nil
	} else if err != nil {
		return err
	}
	w := t.newWorker(link)
	w.OnState = t.sendSync
	w.OnProgress = func(stream pos.Stream, done, total int) {
		t.sendStatus(func(st *pos.SyncStatus) {
			st.Online, st.Download = true, pos.Download{Stream: stream, Done: done, Total: total}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	t.sync.mu.Lock()
	t.sync.worker, t.sync.stop, t.sync.done = w, cancel, done
	t.sync.mu.Unlock()
	t.log.Info("sync started", "central", link.Central)
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.log.Error("sync stopped", "err", err)
		}
	}()
	return nil
}

func (t *Till) newWorker(link pos.CentralLink) *client.Worker {
	w := client.NewWorker(t.DB, client.New(link.Central, link.Token))
	w.Log = t.log.With("part", "sync")
	return w
}

// reportSync tells the screen the state of an unpaired till, without a round.
func (t *Till) reportSync(ctx context.Context) {
	s, err := t.DB.SyncStatus(ctx)
	if err != nil {
		t.log.Error("read the sync state", "err", err)
		return
	}
	t.sendSync(s)
}

// sendSync tells the screen a new state; a snapshot's progress starts again from it.
func (t *Till) sendSync(s pos.SyncStatus) {
	t.sendStatus(func(st *pos.SyncStatus) { *st = s })
}

// sendStatus changes the last state told and tells the screen.
func (t *Till) sendStatus(change func(*pos.SyncStatus)) {
	t.sync.mu.Lock()
	change(&t.sync.last)
	cb, st := t.sync.onStatus, t.sync.last
	t.sync.mu.Unlock()
	if cb != nil {
		cb(st)
	}
}

// KickSync asks for a sync round now (after a sale, say); an unpaired till just tells its
// state.
func (t *Till) KickSync() {
	t.sync.mu.Lock()
	w := t.sync.worker
	t.sync.mu.Unlock()
	if w != nil {
		w.Kick()
	} else {
		go t.reportSync(context.Background()) // a database read: not on the caller's (UI) thread
	}
}

// Pair pairs the till with central using a one-time code and starts syncing.
func (t *Till) Pair(ctx context.Context, centralURL, code string) error {
	centralURL = strings.TrimRight(strings.TrimSpace(centralURL), "/")
	if !strings.HasPrefix(centralURL, "http://") && !strings.HasPrefix(centralURL, "https://") {
		return pos.Errorf(pos.EINVALID, "central's address starts with http:// or https://, e.g. https://central.example:8420")
	}
	if err := client.PairTill(ctx, t.DB, client.New(centralURL, ""), strings.TrimSpace(code), t.Store.ID, t.Store.TillID); err != nil {
		t.log.Warn("pairing refused", "central", centralURL, "err", err)
		return err
	}
	t.log.Info("paired with central", "central", centralURL, "store", t.Store.ID, "till", t.Store.TillID)
	t.stopSync()
	t.sync.mu.Lock()
	onStatus := t.sync.onStatus
	t.sync.mu.Unlock()
	return t.WatchSync(onStatus)
}

// SyncOnce pushes every waiting event and pulls every stream now, for IT; it tells where
// the till syncs to and the state after.
func (t *Till) SyncOnce(ctx context.Context) (pos.CentralLink, pos.SyncStatus, error) {
	link, err := t.DB.Link(ctx)
	if err != nil {
		return link, pos.SyncStatus{}, err
	}
	w := t.newWorker(link)
	if err := w.SyncOnce(ctx); err != nil {
		return link, pos.SyncStatus{}, err
	}
	st, err := w.State(ctx)
	return link, st, err
}

func (t *Till) stopSync() {
	t.sync.running.Lock()
	defer t.sync.running.Unlock()
	t.sync.mu.Lock()
	stop, done := t.sync.stop, t.sync.done
	t.sync.worker, t.sync.stop, t.sync.done = nil, nil, nil
	t.sync.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// StockOf tells an article's stock here and in other stores.
func (t *Till) StockOf(ctx context.Context, p pos.Product) (pos.StockPicture, error) {
	return t.DB.StockPicture(ctx, t.Store.ID, p)
}

// Exceptions lists the events central refused that no manager has handled yet.
func (t *Till) Exceptions(ctx context.Context) ([]pos.SyncException, error) {
	return t.DB.Rejections(ctx)
}

// ResolveException records that a manager handled a refused event.
func (t *Till) ResolveException(ctx context.Context, id pos.EventID, manager pos.Staff) error {
	if !manager.IsManager() {
		return pos.Errorf(pos.EFORBIDDEN, "only a manager can mark a refused event as handled")
	}
	if err := t.DB.ResolveRejection(ctx, id, manager.ID); err != nil {
		return err
	}
	t.log.Info("refused event handled", "event", id, "manager", manager.ID)
	t.KickSync() // the status bar's count follows
	return nil
}

// ResendException puts a refused event back in the queue for central, once a manager had
// its cause set right (central lacked the article, or the store's VAT classes): central
// books it anew at the next round, which starts now. Refused again, it comes back to the
// list with central's new reason.
func (t *Till) ResendException(ctx context.Context, id pos.EventID, manager pos.Staff) error {
	if !manager.IsManager() {
		return pos.Errorf(pos.EFORBIDDEN, "only a manager can send a refused event again")
	}
	if err := t.DB.ResendRejection(ctx, id, manager.ID); err != nil {
		return err
	}
	t.log.Info("refused event sent again", "event", id, "manager", manager.ID)
	t.KickSync()
	return nil
}
