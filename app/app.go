// Package app is the till's Fyne front end: screens only. Every rule lives in pos.Register;
// a screen turns a tap or a key into one Register call and shows what came back.
package app

import (
	"context"
	"image"
	"log"
	"time"

	"fyne.io/fyne/v2"

	"github.com/omnitill/omnitill/pos"
)

// Backend is what the screens use of the till.
type Backend struct {
	Register *pos.Register
	// ReceiptImage renders a committed sale's receipt as printed, for the preview.
	ReceiptImage func(context.Context, *pos.Sale) (image.Image, error)
	// Print sends a committed sale's receipt to the printer; the warning is for a printer
	// that printed but needs attention soon.
	Print func(context.Context, *pos.Sale) (warning string, err error)
	// Devices are the till's serial devices (scanner, printer and drawer, display, scale).
	Devices pos.Devices
	// WatchSync starts the link with central (when paired) and reports its state from the
	// sync worker's goroutine; KickSync asks for a round now; Pair pairs the till.
	WatchSync func(func(pos.SyncStatus)) error
	KickSync  func()
	Pair      func(ctx context.Context, centralURL, code string) error
	// StockOf tells an article's stock here (live) and in other stores (as of their sync).
	StockOf func(context.Context, pos.Product) (pos.StockPicture, error)
	// Exceptions lists events central refused; ResolveException marks one handled.
	Exceptions       func(context.Context) ([]pos.SyncException, error)
	ResolveException func(context.Context, pos.EventID, pos.Staff) error
	// SetTraining switches training mode and remembers it.
	SetTraining func(context.Context, bool, pos.Staff) error
}

// UI is the till's window and its screens.
type UI struct {
	app     fyne.App
	win     fyne.Window
	b       Backend
	ctx     context.Context
	login   *loginScreen
	sale    *saleScreen
	devices *devicesScreen
	// do runs a function on Fyne's UI thread; every update from a goroutine goes through it.
	// Tests replace it with a queue they run themselves.
	do func(func())
}

// New builds the till's window on a Fyne app (the real one, or fyne's test app in tests)
// and shows the login screen.
func New(a fyne.App, b Backend) *UI {
	a.Settings().SetTheme(newTillTheme())
	u := &UI{app: a, b: b, ctx: context.Background(), win: a.NewWindow("Omnitill"), do: fyne.Do}
	u.sale = newSaleScreen(u)
	u.login = newLoginScreen(u)
	u.devices = newDevicesScreen(u, u.showSale)
	// Scans of a serial scanner, its problems and device state changes arrive on the devices'
	// goroutines; each is handed to the UI thread.
	b.Devices.Listen(
		func(code string) { u.do(func() { u.sale.serialScan(code) }) },
		func(err error) { u.do(func() { u.sale.fail("scanner", err) }) },
		func() { u.do(u.sale.refreshDevices) })
	if b.WatchSync != nil {
		if err := b.WatchSync(func(st pos.SyncStatus) { u.do(func() { u.sale.status.showSync(st) }) }); err != nil {
			logError("sync", err)
		}
		// The oldest waiting event's age keeps growing while the till is offline.
		stop := make(chan struct{})
		u.win.SetOnClosed(func() { close(stop) })
		go func() {
			tick := time.NewTicker(15 * time.Second)
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
	u.win.Resize(fyne.NewSize(1024, 768))
	u.showLogin()
	return u
}

// Window is the till's window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) showLogin() {
	u.b.Register.Logout()
	u.sale.pending = nil // scans kept for this cashier's sale are not the next one's
	u.win.Canvas().SetOnTypedRune(nil)
	u.win.Canvas().SetOnTypedKey(nil)
	u.win.SetContent(u.login.content)
	u.login.reset()
}

func (u *UI) showSale() {
	u.win.SetContent(u.sale.content)
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
	u.win.SetContent(u.devices.content)
	u.devices.show()
}

// logError records a failure once; the person at the till sees it in words on screen.
func logError(what string, err error) {
	if pos.ErrorCode(err) == pos.EINTERNAL {
		log.Printf("%s: %v", what, err)
	}
}
