package tillcmd

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/omnitill/omnitill/drivers/devices"
	"github.com/omnitill/omnitill/drivers/display"
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/printer"
	"github.com/omnitill/omnitill/drivers/scale"
	"github.com/omnitill/omnitill/drivers/scanner"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// deviceFlags are the flags every device command takes: the port, or else the till's set-up.
type deviceFlags struct {
	port, line, profile, option *string
}

func newDeviceFlags(fs *flag.FlagSet) deviceFlags {
	return deviceFlags{
		port:    fs.String("port", "", "serial port (default: the till's set-up)"),
		line:    fs.String("line", "", "baud and frame, e.g. 9600,8N1"),
		profile: fs.String("profile", "", "printer or display profile"),
		option:  fs.String("suffix", "", "scanner suffix: CR, LF, CRLF or any"),
	}
}

// config is the device's set-up from the flags, or from the till's database when no port is given.
func (f deviceFlags) config(c *cli, kind pos.DeviceKind) (pos.DeviceConfig, error) {
	if *f.port == "" {
		t, err := c.open()
		if err != nil {
			return pos.DeviceConfig{}, err
		}
		defer t.Close()
		cfg, err := t.Devices().Config(c.ctx, kind)
		if err == nil && cfg.Port == "" {
			err = usagef("this till has no %s set up: give --port", kind)
		}
		return cfg, err
	}
	cfg := pos.DeviceConfig{Kind: kind, Port: *f.port, Line: *f.line, Profile: *f.profile, Option: *f.option}
	return cfg, devices.Check(cfg)
}

func (f deviceFlags) link(c *cli, kind pos.DeviceKind) (*serialport.Link, pos.DeviceConfig, error) {
	cfg, err := f.config(c, kind)
	if err != nil {
		return nil, cfg, err
	}
	s, err := devices.SerialSettings(cfg)
	if err != nil {
		return nil, cfg, err
	}
	return serialport.NewLink(s, nil), cfg, nil
}

// untilInterrupted is a context that ends on Ctrl-C or SIGTERM.
func untilInterrupted() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func runDevice(c *cli, args []string) error {
	if len(args) < 2 {
		return usagef("usage: omnitill device test printer|display, device listen scanner, device read scale [--port P] ...")
	}
	fs := flag.NewFlagSet("device", flag.ContinueOnError)
	f := newDeviceFlags(fs)
	drawer := fs.Bool("drawer", false, "also kick the cash drawer")
	if rest, err := parseFlags(fs, args[2:]); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected %q", rest[0])
	}
	switch args[0] + " " + args[1] {
	case "test printer":
		return testPrinter(c, f, *drawer)
	case "listen scanner":
		return listenScanner(c, f)
	case "test display":
		return testDisplay(c, f)
	case "read scale":
		return readScale(c, f)
	}
	return usagef("unknown device command %q: test printer, listen scanner, test display, read scale", args[0]+" "+args[1])
}

func testPrinter(c *cli, f deviceFlags, drawer bool) error {
	cfg, err := f.config(c, pos.DevicePrinter)
	if err != nil {
		return err
	}
	// The same test page and checks as the Devices screen's Test, through a hub of this
	// one printer: the paper and cover are asked first, a warning is said.
	hub, err := devices.New([]pos.DeviceConfig{cfg}, "Omnitill", lang.MustNew(lang.English, ""), nil, c.log)
	if err != nil {
		return err
	}
	defer hub.Close()
	ctx, cancel := context.WithTimeout(c.ctx, 60*time.Second)
	defer cancel()
	said, err := hub.Test(ctx, pos.DevicePrinter)
	if err != nil {
		return err
	}
	if drawer {
		if err := hub.OpenDrawer(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "%s Port %s, profile %s.\n", said, cfg.Port, cmp.Or(cfg.Profile, escpos.DefaultProfile.Name))
	return nil
}

func listenScanner(c *cli, f deviceFlags) error {
	link, cfg, err := f.link(c, pos.DeviceScanner)
	if err != nil {
		return err
	}
	defer link.Close()
	suffix, err := scanner.ParseSuffix(cfg.Option)
	if err != nil {
		return err
	}
	link.OnState = func(connected bool, err error) {
		if connected {
			fmt.Fprintf(c.stderr, "listening on %s (Ctrl-C to stop)\n", link.Settings)
		} else {
			fmt.Fprintf(c.stderr, "scanner disconnected: %v\n", err)
		}
	}
	ctx, stop := untilInterrupted()
	defer stop()
	s := &scanner.Scanner{Link: link, Framer: scanner.Framer{Suffix: suffix},
		OnScan:  func(code string) { fmt.Fprintln(c.stdout, scanner.Describe(code)) },
		OnError: func(err error) { fmt.Fprintln(c.stderr, err) }}
	s.Run(ctx)
	return nil
}

func testDisplay(c *cli, f deviceFlags) error {
	link, cfg, err := f.link(c, pos.DeviceDisplay)
	if err != nil {
		return err
	}
	defer link.Close()
	profile, err := display.ParseProfile(cmp.Or(cfg.Profile, "epson"))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.ctx, 5*time.Second)
	defer cancel()
	line1, line2 := "Omnitill display test", "ĄČĘĖĮŠŲŪŽ ŁŃÓŚŹŻ €"
	if err := (&display.Display{Link: link, Profile: profile}).Show(ctx, line1, line2); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "sent to %s (%s): %q / %q\n", link.Settings, profile, line1, line2)
	return nil
}

func readScale(c *cli, f deviceFlags) error {
	link, _, err := f.link(c, pos.DeviceScale)
	if err != nil {
		return err
	}
	defer link.Close()
	ctx, cancel := context.WithTimeout(c.ctx, 5*time.Second)
	defer cancel()
	r, err := (&scale.Scale{Link: link}).Read(ctx)
	if err != nil {
		return err
	}
	state := "steady"
	if !r.Stable {
		state = "NOT steady"
	}
	fmt.Fprintf(c.stdout, "%s kg, %s\n", pos.Grams(r.Grams).Format(pos.UnitKg), state)
	return nil
}

// runSimulate acts as a device on a new pseudo-terminal, for demos and for IT to try the
// till's set-up without hardware.
func runSimulate(c *cli, args []string) error {
	if len(args) < 1 {
		return usagef("usage: omnitill simulate scanner|printer|display|scale [--link PATH] [--save FILE] [--profile P] [--suffix S]")
	}
	kind := args[0]
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	link := fs.String("link", filepath.Join(os.TempDir(), "omnitill-"+kind), "symlink the till is configured with")
	save := fs.String("save", "printer-sim.bin", "printer: file that keeps every byte received")
	profile := fs.String("profile", "epson", "display: epson or cd5220")
	suffix := fs.String("suffix", "CR", "scanner: CR, LF or CRLF")
	if rest, err := parseFlags(fs, args[1:]); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("unexpected %q", rest[0])
	}
	dev, err := serialport.NewPTY(*link)
	if err != nil {
		return err
	}
	defer dev.Remove()
	ctx, stop := untilInterrupted()
	defer stop()
	fmt.Fprintf(c.stderr, "simulated %s at %s (%s); set it up with: omnitill config set device.%s.port %s\n",
		kind, dev.Path, dev.TTYName(), kind, dev.Path)
	switch kind {
	case "scanner":
		sfx, err := scanner.ParseSuffix(*suffix)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stderr, "type a code and Enter to scan it; Ctrl-D ends")
		return scanner.Simulate(ctx, dev, os.Stdin, sfx)
	case "printer":
		f, err := os.OpenFile(*save, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(c.stderr, "saving what is printed to %s; type: paper out, paper near end, paper ok, cover open, cover closed, offline, online\n", *save)
		return printer.Simulate(ctx, dev, f, os.Stdin, c.stdout)
	case "display":
		p, err := display.ParseProfile(*profile)
		if err != nil {
			return err
		}
		return display.Simulate(ctx, dev, p, c.stdout)
	case "scale":
		fmt.Fprintln(c.stderr, `type a weight in kg ("1.234"), "u 1.234" for an unsteady one, or "0"`)
		return scale.Simulate(ctx, dev, os.Stdin, c.stdout)
	}
	return usagef("simulate scanner, printer, display or scale, not %q", kind)
}
