// Omnitill is an offline-first point-of-sale till. Without arguments it opens the till's
// window; `omnitill help` lists the commands for IT.
package main

import (
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/omnitill/omnitill/app"
	"github.com/omnitill/omnitill/cmd/tillcmd"
)

func main() {
	os.Exit(tillcmd.Main(os.Args[1:], os.Stdout, os.Stderr, openWindow))
}

func openWindow(t *tillcmd.Till, opt tillcmd.WindowOptions) error {
	a := fyneapp.NewWithID("eu.omnitill.till")
	ui := app.New(a, app.Backend{
		Register: t.Register, ReceiptImage: t.ReceiptImage, Print: t.Print, SetTraining: t.SetTraining, Devices: t.Devices,
		WatchSync: t.StartSync, KickSync: t.KickSync, Pair: t.Pair,
		StockOf: t.StockOf, Exceptions: t.Exceptions, ResolveException: t.ResolveException,
	})
	ui.Window().SetMaster()
	ui.Window().SetFullScreen(opt.Fullscreen)
	ui.Window().ShowAndRun()
	return nil
}
