// Omnitill is an offline-first point-of-sale till. Without arguments it opens the till's
// window; `omnitill help` lists the commands for IT.
package main

import (
	"os"
	"runtime/debug"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/omnitill/omnitill/app"
	"github.com/omnitill/omnitill/cmd/tillcmd"
	"github.com/omnitill/omnitill/till"
)

func main() {
	os.Exit(tillcmd.Main(os.Args[1:], os.Stdout, os.Stderr, openWindow))
}

// windowMemoryLimit is the Go heap the till's window aims to keep under (GOMEMLIMIT sets
// another): a till is on all day, and without it a day's garbage of screens and receipts
// waits for the heap to double before it is collected. RSS after 100 sales: 210 MB with
// none, 204 MB at 64 MiB, 190 MB at 48 MiB (the rest is Mesa's software GL); a catalog
// import of 1,000,000 articles peaks at 42 MB, so it does not run against the limit.
const windowMemoryLimit = 48 << 20

func openWindow(t *till.Till, opt tillcmd.WindowOptions) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(windowMemoryLimit)
	}
	ui := app.New(fyneapp.NewWithID("eu.omnitill.till"), t)
	ui.Window().SetMaster()
	ui.Window().SetFullScreen(opt.Fullscreen)
	ui.Window().ShowAndRun()
	ui.Wait() // a receipt still printing finishes before the till closes
	return nil
}
