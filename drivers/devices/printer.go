package devices

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/printer"
	"github.com/omnitill/omnitill/pos"
)

// Print sends receipt bytes to the printer: a file, or a serial printer whose status is
// read before and after. The warning is for a printer that printed but needs attention soon.
func (d *Hub) Print(ctx context.Context, data []byte) (warning string, err error) {
	link, c := d.link(pos.DevicePrinter)
	if link == nil {
		return "", sendToFile(c.Port, data)
	}
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout+link.Settings.WireTime(len(data)))
	defer cancel()
	p := &printer.Serial{Link: link}
	warning, err = p.Print(ctx, data)
	err = inWords(err, pos.DevicePrinter.Name())
	problem := pos.Phrasef(warning) // a fixed message, its own key
	if err != nil {
		problem = pos.PhraseOf(err)
		d.log.Warn("printing failed", "port", link.Settings.Path, "err", err)
	}
	d.setProblem(pos.DevicePrinter, problem)
	return warning, err
}

// sendToFile writes to a printer that is a file, saying in words what went wrong.
func sendToFile(port string, data []byte) error {
	t, err := printer.ParseTarget(port)
	if err == nil {
		err = printer.Send(t, data)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The printer file %s cannot be written: ask IT to check it.", strings.TrimPrefix(port, "file:")), err)
	}
	return nil
}

// DrawerKick reads the drawer's set-up, "PIN[,PULSE_MS]" (default "2,100") or "none": the
// pin the drawer hangs on and how long its solenoid is driven. Pin 0 means no drawer.
func DrawerKick(option string) (pin int, pulse time.Duration, err error) {
	if option == "none" {
		return 0, 0, nil
	}
	p, ms, _ := strings.Cut(cmp.Or(option, "2"), ",")
	pulse = 100 * time.Millisecond
	if ms != "" {
		n, perr := strconv.Atoi(strings.TrimSpace(ms))
		if perr != nil || n < 10 || n > 500 {
			return 0, 0, pos.Errorf(pos.EINVALID, "the drawer pulse is 10 to 500 ms, not %q", ms)
		}
		pulse = time.Duration(n) * time.Millisecond
	}
	switch strings.TrimSpace(p) {
	case "2":
		return 2, pulse, nil
	case "5":
		return 5, pulse, nil
	}
	return 0, 0, pos.Errorf(pos.EINVALID, "the drawer is on pin 2 or 5 (e.g. \"2,100\" for a 100 ms pulse) or none, not %q", option)
}

// OpenDrawer kicks the cash drawer through the printer, on its pin with its pulse.
func (d *Hub) OpenDrawer(ctx context.Context) error {
	link, c := d.link(pos.DevicePrinter)
	pin, pulse, err := DrawerKick(c.Option)
	if err != nil || pin == 0 {
		return err
	}
	if link == nil {
		return sendToFile(c.Port, escpos.DrawerKick(pin, pulse, 2*pulse))
	}
	// A receipt may be printing: the drawer waits for the printer, then has its own time.
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout+link.Settings.WireTime(4096))
	defer cancel()
	return inWords((&printer.Serial{Link: link}).OpenDrawer(ctx, pin, pulse, 2*pulse), pos.Phrasef("cash drawer (through the printer)"))
}

// Beep sounds the printer's buzzer where its profile has one (a generic ESC/POS printer's
// ESC B); false when it has none. The cashier then hears that something needs a look.
func (d *Hub) Beep(ctx context.Context) (bool, error) {
	link, c := d.link(pos.DevicePrinter)
	profile, err := escpos.ProfileByName(cmp.Or(c.Profile, escpos.DefaultProfile.Name))
	if err != nil || !profile.Buzzer {
		return false, nil
	}
	if link == nil {
		return true, sendToFile(c.Port, escpos.Beep(2, 1))
	}
	ctx, cancel := context.WithTimeout(ctx, deviceTimeout)
	defer cancel()
	return true, inWords((&printer.Serial{Link: link}).Beep(ctx, 2, 1), pos.Phrasef("printer's buzzer"))
}
