package tillcmd

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
)

// syncLink runs the till's sync worker while the till is open: it pushes the outbox to
// central and pulls the catalog and stock, in the background, never holding up a sale.
type syncLink struct {
	running  sync.Mutex // held while the worker is started or stopped: one worker at most
	mu       sync.Mutex
	worker   *client.Worker
	stop     context.CancelFunc
	done     chan struct{}
	onStatus func(pos.SyncStatus)
	last     pos.SyncStatus // the last state told, which a snapshot's progress adds to
}

// StartSync starts syncing when the till is paired; onStatus hears the state after every
// round, from the worker's goroutine. It is safe to call once the till is paired later.
func (t *Till) StartSync(onStatus func(pos.SyncStatus)) error {
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
		t.reportSync(context.Background(), false)
		return nil
	} else if err != nil {
		return err
	}
	w := client.NewWorker(t.DB, client.New(link.Central, link.Token))
	w.OnState = func(s pos.SyncStatus) { t.sendSync(s) }
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
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Printf("sync stopped: %v", err)
		}
	}()
	return nil
}

// reportSync tells the screen the state without waiting for a round (an unpaired till).
func (t *Till) reportSync(ctx context.Context, paired bool) {
	s, err := t.DB.SyncStatus(ctx)
	if err == nil {
		s.Paired = paired
		t.sendSync(s)
	}
}

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

// KickSync asks for a sync round now (after a sale, say); nothing happens when unpaired.
func (t *Till) KickSync() {
	t.sync.mu.Lock()
	w := t.sync.worker
	t.sync.mu.Unlock()
	if w != nil {
		w.Kick()
	} else {
		go t.reportSync(context.Background(), false) // a database read: not on the caller's (UI) thread
	}
}

// Pair pairs the till with central using a one-time code and starts syncing.
func (t *Till) Pair(ctx context.Context, centralURL, code string) error {
	centralURL = strings.TrimRight(strings.TrimSpace(centralURL), "/")
	if !strings.HasPrefix(centralURL, "http://") && !strings.HasPrefix(centralURL, "https://") {
		return pos.Errorf(pos.EINVALID, "central's address starts with http:// or https://, e.g. https://central.example:8420")
	}
	if err := client.PairTill(ctx, t.DB, client.New(centralURL, ""), strings.TrimSpace(code)); err != nil {
		return err
	}
	t.stopSync()
	t.sync.mu.Lock()
	onStatus := t.sync.onStatus
	t.sync.mu.Unlock()
	return t.StartSync(onStatus)
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

// runPair pairs the till from the command line.
func runPair(c *cli, args []string) error {
	fs := newFlagSet("pair")
	url := fs.String("central", "", "central's address, e.g. https://central.example:8420")
	code := fs.String("code", "", "the one-time pairing code from omnitill-central pair")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 || *url == "" || *code == "" {
		return usagef("usage: omnitill pair --central URL --code CODE")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	if err := t.Pair(c.ctx, *url, *code); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "till %s of store %s is paired with %s\n", t.Store.TillID, t.Store.ID, *url)
	return nil
}

// runSync runs one sync round from the command line, for IT.
func runSync(c *cli, args []string) error {
	if len(args) > 0 {
		return usagef("usage: omnitill sync")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	link, err := t.DB.Link(c.ctx)
	if err != nil {
		return err
	}
	w := client.NewWorker(t.DB, client.New(link.Central, link.Token))
	if err := w.SyncOnce(c.ctx); err != nil {
		return err
	}
	s, err := t.DB.SyncStatus(c.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "synced with %s: %d events waiting, %d refused\n", link.Central, s.Pending, s.Rejections)
	return nil
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
	t.KickSync() // the status bar's count follows
	return nil
}
