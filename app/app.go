// Package app is the till's Fyne front end: screens only. Every rule lives in pos.Register;
// a screen turns a tap or a key into one Register call and shows what came back.
package app

import (
	"context"
	"image"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// Till is what the screens use of the till; till.Till is the one the binary runs. Every
// method returns within a bounded time except HandOver, which waits for the drawer and the
// printer and is called off the UI thread.
type Till interface {
	// Register is the selling session the sale screen drives.
	Register() *pos.Register
	// Devices are the till's serial devices (scanner, printer and drawer, display, scale).
	Devices() pos.Devices
	// Log is the till's one log: screens write the failures they show there.
	Log() *slog.Logger
	// Language is the language the screens speak until a cashier chooses another at login.
	Language() lang.Language
	// ReceiptImage renders a committed sale's receipt as printed, for the preview.
	ReceiptImage(context.Context, *pos.Sale) (image.Image, error)
	// HandOver does what follows a committed sale: the customer display, the drawer for
	// cash, the receipt.
	HandOver(context.Context, *pos.Sale) pos.Handover
	// Alert calls the cashier's attention: a tone, or the printer's buzzer. It never waits.
	Alert()
	// Print prints a committed sale's receipt again.
	Print(context.Context, *pos.Sale) (warning string, err error)
	// NoSale opens the drawer outside a sale, approved by a manager, recorded with why.
	NoSale(ctx context.Context, manager pos.Staff, reason string) error
	// SetTraining switches training mode and remembers it.
	SetTraining(context.Context, bool, pos.Staff) error
	// WatchSync starts the link with central (when paired) and reports its state from the
	// sync worker's goroutine; KickSync asks for a round now; Pair pairs the till.
	WatchSync(func(pos.SyncStatus)) error
	KickSync()
	Pair(ctx context.Context, centralURL, code string) error
	// StockOf tells an article's stock here (live) and in other stores (as of their sync).
	StockOf(context.Context, pos.Product) (pos.StockPicture, error)
	// Exceptions lists events central refused; ResolveException marks one handled, and
	// ResendException sends it again once its cause is set right.
	Exceptions(context.Context) ([]pos.SyncException, error)
	ResolveException(context.Context, pos.EventID, pos.Staff) error
	ResendException(context.Context, pos.EventID, pos.Staff) error
	// FindReturnable finds a purchase to take goods back from, by what the cashier scanned
	// or typed (a receipt's QR, STORE/TILL/NO, an online order's number); online it asks
	// central, for seconds: called off the UI thread.
	FindReturnable(ctx context.Context, input string) (pos.Returnable, error)
	// Returns is the till's return desk: its policy, and Return, which may ask central for
	// seconds (off the UI thread).
	Returns() *pos.ReturnDesk
	// HandOverReturn does what follows a committed return: the drawer for a cash refund,
	// the return receipt. Called off the UI thread.
	HandOverReturn(ctx context.Context, r *pos.Return) (warning string, err error)
}

// UI is the till's window and its screens.
type UI struct {
	app  fyne.App
	win  fyne.Window
	till Till
	log  *slog.Logger
	ctx  context.Context
	// w are the words of the language shown, the till's or the one a cashier chose at login
	// for the session; numbers are written as the store's country writes them.
	w       *lang.Words
	login   *loginScreen
	sale    *saleScreen
	devices *devicesScreen
	// builtFor is the store the screens were built for: pairing may make the till another
	// store's, and the login screen names it.
	builtFor pos.StoreInfo
	// do runs a function on Fyne's UI thread; every update from a goroutine goes through it.
	// Tests replace it with a queue they run themselves.
	do func(func())
	// root holds the screen shown; its layout tells the window's size, which sets the scale
	// everything is drawn at (scale.go).
	root         *fyne.Container
	screen       fyne.CanvasObject
	scale        float32
	pendingScale float32
	sizers       []func()
	// touch is set by a tap on a key and cleared by a key typed: the search offers its
	// on-screen keyboard to a finger, not to a keyboard.
	touch bool
	// missing are the texts logged as having no translation.
	missing sync.Map
	// work counts what runs in the background for the screens (printing, the drawer, a
	// device test), so the till is closed only once they are done.
	work sync.WaitGroup
}

// typed is told of a key typed: the keyboard is at work, not a finger.
func (u *UI) typed() { u.touch = false }

// background runs f off the UI thread, counted until it returns.
func (u *UI) background(f func()) {
	u.work.Add(1)
	go func() {
		defer u.work.Done()
		f()
	}()
}

// Wait waits for the screens' background work (a receipt being printed, say) to end: call
// it after the window closed, before the till is closed.
func (u *UI) Wait() { u.work.Wait() }

// New builds the till's window on a Fyne app (the real one, or fyne's test app in tests)
// and shows the login screen.
func New(a fyne.App, t Till) *UI {
	a.Settings().SetTheme(newTillTheme(1))
	u := &UI{app: a, till: t, log: t.Log().With("part", "screens"), ctx: context.Background(), win: a.NewWindow("Omnitill"), do: fyne.Do, scale: 1}
	u.root = container.New(rootLayout{u})
	u.win.SetContent(u.root)
	u.build(t.Language())
	// Scans of a serial scanner, its problems and device state changes arrive on the devices'
	// goroutines; each is handed to the UI thread.
	t.Devices().Listen(
		func(code string) { u.do(func() { u.sale.serialScan(code) }) },
		func(err error) { u.do(func() { u.sale.fail("scanner", err) }) },
		func() { u.do(u.sale.refreshDevices) })
	if err := t.WatchSync(func(st pos.SyncStatus) { u.do(func() { u.sale.status.showSync(st) }) }); err != nil {
		u.report("sync", err)
	}
	u.ageSyncEvery(15 * time.Second)
	u.win.Resize(fyne.NewSize(1024, 768))
	u.showLogin()
	return u
}

// ageSyncEvery redraws the sync state's age, which keeps growing while the till is offline,
// until the window closes.
func (u *UI) ageSyncEvery(d time.Duration) {
	stop := make(chan struct{})
	u.win.SetOnClosed(func() { close(stop) })
	go func() {
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				u.do(u.sale.status.ageSync)
			}
		}
	}()
}

// show puts a screen in the window.
func (u *UI) show(screen fyne.CanvasObject) {
	u.screen = screen
	u.root.Objects = []fyne.CanvasObject{screen}
	u.root.Refresh()
	u.log.Debug("screen shown", "screen", u.screenName())
}

// build makes the screens in language l. They are made again when a cashier chooses
// another language at login; what they show lives in the register, not in them.
func (u *UI) build(l lang.Language) {
	store := u.till.Register().StoreInfo()
	u.builtFor = store
	w, err := lang.New(l, store.Country, u.untranslated)
	if err != nil {
		u.log.Error("the translations cannot be read: the screens speak English", "lang", l, "err", err)
		w = lang.MustNew(lang.English, store.Country)
	}
	u.w = w
	u.sale = newSaleScreen(u)
	u.login = newLoginScreen(u)
	u.devices = newDevicesScreen(u, u.showSale)
}

// untranslated writes a text shown without its translation to the log, once.
func (u *UI) untranslated(msg string) {
	if _, logged := u.missing.LoadOrStore(msg, true); !logged {
		u.log.Warn("a text has no translation: it is shown in English", "lang", u.w.Lang, "text", msg)
	}
}

// T is u.w.T: msg in the language shown.
func (u *UI) T(msg string, args ...any) string { return u.w.T(msg, args...) }

// N is u.w.N: msg in the plural form for n, in the language shown.
func (u *UI) N(msg string, n int, args ...any) string { return u.w.N(msg, n, args...) }

// money writes an amount in the store's currency: "1 234,56 zł".
func (u *UI) money(m pos.Money) string { return u.w.Money(m, u.till.Register().StoreInfo().Currency) }

// screenName names the screen shown, for the log.
func (u *UI) screenName() string {
	switch u.screen {
	case u.login.content:
		return "login"
	case u.sale.content:
		return "sale"
	case u.devices.content:
		return "devices"
	}
	return "?"
}

// Window is the till's window.
func (u *UI) Window() fyne.Window { return u.win }

// chooseLanguage shows the screens in l until the next logout.
func (u *UI) chooseLanguage(l lang.Language) {
	if l == u.w.Lang {
		return
	}
	u.log.Debug("language chosen", "lang", l)
	u.build(l)
	u.openLogin()
}

// showLogin ends the session: the next cashier starts in the till's language.
func (u *UI) showLogin() {
	store := u.till.Register().StoreInfo()
	if l := u.till.Language(); l != u.w.Lang || store.ID != u.builtFor.ID || store.TillID != u.builtFor.TillID || store.Name != u.builtFor.Name {
		u.build(l)
	}
	u.openLogin()
}

func (u *UI) openLogin() {
	u.till.Register().Logout()
	u.sale.pending = nil // scans kept for this cashier's sale are not the next one's
	u.win.Canvas().SetOnTypedRune(nil)
	u.win.Canvas().SetOnTypedKey(nil)
	u.show(u.login.content)
	u.login.reset()
}

func (u *UI) showSale() {
	u.show(u.sale.content)
	u.sale.activate()
}

func (u *UI) showDevices(manager pos.Staff) {
	u.devices.manager = manager
	c := u.win.Canvas()
	c.SetOnTypedRune(nil)
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			u.showSale()
		}
	})
	u.show(u.devices.content)
	u.devices.show()
}

// report writes a failure about to be shown to the log, once, and returns it ready for
// u.w.Error: an internal failure carries the reference the person reads to IT.
func (u *UI) report(what string, err error) error { return pos.Report(u.log, what, err) }

// explain is the message for a failure shown on screen, in the language shown, reported
// to the log first.
func (u *UI) explain(what string, err error) string { return u.w.Error(u.report(what, err)) }
