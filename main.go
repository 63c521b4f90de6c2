// Omnitill is an offline-first point-of-sale till. Without arguments it opens the till's
// window; `omnitill help` lists the commands for IT.
package main

import (
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/omnitill/omnitill/app"
	"github.com/omnitill/omnitill/cmd/tillcmd"
	"github.com/omnitill/omnitill/till"
)

func main() {
	os.Exit(tillcmd.Main(os.Args[1:], os.Stdout, os.Stderr, openWindow))
}

func openWindow(t *till.Till, opt tillcmd.WindowOptions) error {
	ui := app.New(fyneapp.NewWithID("eu.omnitill.till"), t)
	ui.Window().SetMaster()
	ui.Window().SetFullScreen(opt.Fullscreen)
	ui.Window().ShowAndRun()
	ui.Wait() // a receipt still printing finishes before the till closes
	return nil
}
