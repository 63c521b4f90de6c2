package till

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
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
	w, err := t.newWorker(link)
	if err != nil {
		t.log.Error("sync not started", "central", link.Central, "err", err)
		t.reportSync(context.Background())
		return err
	}
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

// newWorker makes the sync worker of the till's link: its address checked (never http://
// to another machine) and its pinned certificate, if any, the only one it accepts.
func (t *Till) newWorker(link pos.CentralLink) (*client.Worker, error) {
	c, err := client.Connect(link)
	if err != nil {
		return nil, linkError(link.Central, err)
	}
	w := client.NewWorker(t.DB, c)
	w.Log = t.log.With("part", "sync")
	return w, nil
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

// Pair pairs the till with central and starts syncing. code is the one-time code from
// `omnitill-central pair`, or the pairing string it prints and puts in its QR
// (wire.PairingPrefix: central's address, the code and its certificate's fingerprint, which
// the till then pins). centralURL may be empty with a pairing string; given, it is used in
// place of the string's address (central reached by another name), the pin still checked.
// A till that has sold nothing yet takes the store and till the code was made for, and
// sells as that store from the next sale on.
func (t *Till) Pair(ctx context.Context, centralURL, code string) error {
	centralURL = strings.TrimRight(strings.TrimSpace(centralURL), "/")
	code = strings.TrimSpace(code)
	var pin string
	if p, ok, err := parsePairing(code); err != nil {
		return err
	} else if ok {
		code, pin = p.code, p.pin
		centralURL = cmp.Or(centralURL, p.url)
	}
	if centralURL == "" {
		return pos.Errorf(pos.EINVALID, "Give central's address, or scan or type the pairing string from omnitill-central pair.")
	}
	if !strings.HasPrefix(centralURL, "http://") && !strings.HasPrefix(centralURL, "https://") {
		return pos.Errorf(pos.EINVALID, "central's address starts with http:// or https://, e.g. https://central.example:8420")
	}
	if err := client.CheckURL(centralURL); err != nil {
		return linkError(centralURL, err)
	}
	if code == "" {
		return pos.Errorf(pos.EINVALID, "Type the pairing code from omnitill-central pair, or scan its QR.")
	}
	c := client.New(centralURL, "")
	if pin != "" {
		var err error
		if c, err = client.NewPinned(centralURL, "", pin); err != nil {
			return linkError(centralURL, err)
		}
	}
	before := t.register.StoreInfo()
	if err := client.PairTill(ctx, t.DB, c, code, before.ID, before.TillID); err != nil {
		t.log.Warn("pairing refused", "central", centralURL, "err", err)
		return linkError(centralURL, err)
	}
	store, err := t.DB.StoreInfo(ctx)
	if err != nil {
		return err
	}
	t.register.SetStore(store, storeWords(store))
	t.devices.SetStore(store.Name, t.register.StoreWords())
	t.Store = store
	t.log.Info("paired with central", "central", centralURL, "store", store.ID, "till", store.TillID, "pinned", pin != "",
		"was", fmt.Sprintf("%s/%s", before.ID, before.TillID))
	t.stopSync()
	t.sync.mu.Lock()
	onStatus := t.sync.onStatus
	t.sync.mu.Unlock()
	return t.WatchSync(onStatus)
}

// pairing is what a pairing string carries.
type pairing struct{ url, code, pin string }

// parsePairing reads a pairing string (wire.PairingPrefix + URL#CODE#SHA256); ok is false
// for anything else, which is a plain code.
func parsePairing(s string) (p pairing, ok bool, err error) {
	if len(s) < len(wire.PairingPrefix) || !strings.EqualFold(s[:len(wire.PairingPrefix)], wire.PairingPrefix) {
		return p, false, nil
	}
	parts := strings.Split(s[len(wire.PairingPrefix):], "#")
	if len(parts) != 3 {
		return p, true, pos.Errorf(pos.EINVALID, "This pairing string is cut short or has more in it than omnitill-central pair prints: scan or copy it again.")
	}
	p = pairing{url: strings.TrimRight(strings.TrimSpace(parts[0]), "/"), code: strings.TrimSpace(parts[1]), pin: strings.ToLower(strings.TrimSpace(parts[2]))}
	if p.url == "" || p.code == "" {
		return p, true, pos.Errorf(pos.EINVALID, "This pairing string is cut short or has more in it than omnitill-central pair prints: scan or copy it again.")
	}
	if b, err := hex.DecodeString(p.pin); p.pin != "" && (err != nil || len(b) != sha256.Size) {
		return p, true, pos.Errorf(pos.EINVALID, "The certificate fingerprint in this pairing string is not 64 hex digits: scan or copy it again.")
	}
	return p, true, nil
}

// linkError gives a person the words for what is wrong with central's address or
// certificate; any other error is returned as it is.
func linkError(centralURL string, err error) error {
	var pe *client.PinError
	switch {
	case errors.As(err, &pe) && pe.Got == "":
		return fmt.Errorf("%w: %w", pos.Errorf(pos.ECONFLICT, "The server at %s shows no certificate, so it is not the central of the pairing string: nothing was sent to it. Ask IT to check central's address.", centralURL), err)
	case errors.As(err, &pe):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.ECONFLICT, "The server at %s is not the central of the pairing string: its certificate's fingerprint starts %s, the pairing string's %s. Nothing was sent to it. Ask IT to check central's address, or for a new pairing string.",
			centralURL, short(pe.Got), short(pe.Want)), err)
	case errors.Is(err, client.ErrPlainHTTP):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "The till sends its sales over http:// only to a central on this very machine, not to %s: use central's https:// address, or its pairing string.", centralURL), err)
	case errors.Is(err, client.ErrBadURL):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "%s is not central's address: give https://HOST:PORT, e.g. https://central.example:8420", centralURL), err)
	case errors.Is(err, client.ErrPinNeedsTLS):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "The pairing string pins central's certificate, so central's address must start with https://, not %s.", centralURL), err)
	case errors.Is(err, client.ErrBadPin):
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "The certificate fingerprint in this pairing string is not 64 hex digits: scan or copy it again."), err)
	}
	return err
}

// short is the start of a fingerprint, enough to compare by eye.
func short(fingerprint string) string {
	if len(fingerprint) > 16 {
		return fingerprint[:16] + "…"
	}
	return fingerprint
}

// SyncOnce pushes every waiting event and pulls every stream now, for IT; it tells where
// the till syncs to and the state after.
func (t *Till) SyncOnce(ctx context.Context) (pos.CentralLink, pos.SyncStatus, error) {
	link, err := t.DB.Link(ctx)
	if err != nil {
		return link, pos.SyncStatus{}, err
	}
	w, err := t.newWorker(link)
	if err != nil {
		return link, pos.SyncStatus{}, err
	}
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
	return t.DB.StockPicture(ctx, t.register.StoreInfo().ID, p)
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
