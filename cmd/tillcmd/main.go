// Package tillcmd is the till binary's command line: flags, output and wiring. The till
// itself (its database, set-up, devices, sync, printing) is package till; main.go hands this
// package the function that opens the window, so it links no GUI.
package tillcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/omnitill/omnitill/cmd/internal/cliflag"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// Version is set at build time (-ldflags "-X .../tillcmd.Version=1.2.3"); otherwise the
// module's build information is used.
var Version = ""

// OpenGUI opens the till's window; main.go supplies it so this package links no GUI.
type OpenGUI func(t *till.Till, opt WindowOptions) error

// WindowOptions are the run command's flags.
type WindowOptions struct {
	Fullscreen bool // a kiosk's till fills its screen
}

// command is one IT command of the till binary.
type command struct {
	name, args, help string
	run              func(c *cli, args []string) error
}

type cli struct {
	stdout, stderr io.Writer
	dbPath         string
	ctx            context.Context
	log            *slog.Logger // the till's one log, beside its database
}

func commands() []command {
	return []command{
		{"run", "[--fullscreen] [--demo pl|lt]", "open the till (the default when no command is given); a new database starts as the Polish or the Lithuanian demo store", nil},
		{"version", "", "print the version", runVersion},
		{"ports", "", "list serial ports with USB VID/PID", runPorts},
		{"barcode", "CODE", "show how the till reads a code", runBarcode},
		{"receipt", "N --escpos FILE --png FILE [--profile NAME] [--training]", "re-render a stored receipt", runReceipt},
		{"catalog", "import FILE.csv | export FILE.csv | generate N FILE.csv", "load or save the catalog as CSV", runCatalog},
		{"sale", "--pin PIN --scan CODE [--scan CODE ...] [--customer CARD] [--coupon CODE] [--redeem POINTS] [--pay cash|card]", "ring a real sale (points earned and redeemed too) and print its receipt number", runSale},
		{"return", "--order NUMBER | --receipt STORE/TILL/NO --line SKU:QTY[:damaged] [--line ...] --reason CODE [--refund original|credit] [--pin MANAGER_PIN]", "take goods back and refund them the way they were paid, or as store credit; prints the return's number", runReturn},
		{"train-sale", "--scan CODE [--scan CODE ...] [--pay cash|card]", "ring one training sale and print its receipt number", runTrainSale},
		{"config", "list | get KEY | set KEY VALUE", "read or change the till's settings", runConfig},
		{"device", "test printer|test display|listen scanner|read scale [--port P] [--line 9600,8N1] [--profile X] [--suffix CR] [--drawer]", "try a device (the till's own set-up when no --port)", runDevice},
		{"simulate", "scanner|printer|display|scale [--link PATH]", "act as a device on a pseudo-terminal", runSimulate},
		{"pair", "--central URL --code CODE | --code PAIRING-STRING", "pair the till with the central store (a till that has sold nothing takes the code's store and till)", runPair},
		{"sync", "", "push waiting events and pull changes once, now", runSync},
		{"staff", "add --id ID --name NAME --role cashier|manager --pin PIN", "add or change a member of staff", runStaff},
		{"reasons", "list | export FILE.csv | import FILE.csv --pin MANAGER_PIN", "the store's discount, void, no-sale and return reasons", runReasons},
	}
}

// Main runs the till binary with its arguments and returns the exit code. Every command
// accepts --db PATH; without a command it opens the till's window.
func Main(args []string, stdout, stderr io.Writer, gui OpenGUI) int {
	c := &cli{stdout: stdout, stderr: stderr, dbPath: till.DefaultDBPath(), ctx: context.Background()}
	args, err := c.takeDBFlag(args)
	if err != nil {
		fmt.Fprintln(stderr, "omnitill:", err)
		return 2
	}
	log, closeLog := till.OpenLog(till.LogFile(c.dbPath), logLevel())
	defer closeLog.Close()
	c.log = log
	// What libraries print with the standard logger (Fyne's own warnings) goes there too.
	slog.SetDefault(log)
	name := "run"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		c.usage()
		return 0
	}
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		run := cmd.run
		if run == nil {
			run = func(c *cli, args []string) error { return c.runGUI(gui, args) }
		}
		if err := run(c, args); err != nil {
			return c.fail(name, err)
		}
		return 0
	}
	fmt.Fprintf(stderr, "omnitill: unknown command %q\n", name)
	c.usage()
	return 2
}

// logLevel is the log's level: info, or what OMNITILL_LOG_LEVEL says (debug adds every
// screen, dialog and message the cashier saw).
func logLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(os.Getenv("OMNITILL_LOG_LEVEL"))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// fail tells IT what went wrong in words (an internal failure by its reference in the log)
// and returns the exit code: 2 for a command used wrongly, 1 otherwise.
func (c *cli) fail(name string, err error) int {
	err = pos.Report(c.log, "omnitill "+name, err)
	fmt.Fprintln(c.stderr, "omnitill "+name+":", pos.ErrorMessage(err))
	var usage usageError
	if errors.As(err, &usage) {
		return 2
	}
	if pos.ErrorCode(err) == pos.EINTERNAL {
		fmt.Fprintln(c.stderr, "log:", till.LogFile(c.dbPath))
	}
	return 1
}

func (c *cli) usage() {
	fmt.Fprintln(c.stderr, "usage: omnitill [--db PATH] [COMMAND]")
	for _, cmd := range commands() {
		fmt.Fprintf(c.stderr, "  %-11s %s\n      %s\n", cmd.name, cmd.args, cmd.help)
	}
	fmt.Fprintf(c.stderr, "default database: %s\nlog: beside the database (%s)\n", till.DefaultDBPath(), till.LogFile(till.DefaultDBPath()))
}

// takeDBFlag removes --db PATH (or --db=PATH) from anywhere in args.
func (c *cli) takeDBFlag(args []string) ([]string, error) {
	path, found, rest, err := cliflag.Take(args, "db", "a path")
	if err != nil {
		return nil, err
	}
	if found && path == "" {
		// SQLite would open a temporary database that vanishes when the command ends.
		return nil, fmt.Errorf("--db needs a path: an empty one is no database file")
	}
	if found {
		c.dbPath = path
	}
	return rest, nil
}

func (c *cli) runGUI(gui OpenGUI, args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var opt WindowOptions
	fs.BoolVar(&opt.Fullscreen, "fullscreen", false, "fill the screen")
	demoName := fs.String("demo", "", "the demo store a new database starts as: pl or lt")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("usage: omnitill run [--fullscreen] [--demo pl|lt]")
	}
	var d till.Demo
	if *demoName != "" {
		var err error
		if d, err = till.ParseDemo(*demoName); err != nil {
			return usagef("%s", pos.ErrorMessage(err))
		}
	}
	t, err := till.OpenDemo(c.ctx, c.dbPath, c.log, d)
	if err != nil {
		return err
	}
	defer t.Close()
	c.log.Info("till window opened", "version", version(), "db", c.dbPath)
	return gui(t, opt)
}

func (c *cli) open() (*till.Till, error) { return till.Open(c.ctx, c.dbPath, c.log) }

// usageError is a command used wrongly (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// ErrorCode and ErrorMessage make it a pos.Explained error: IT reads what was wrong.
func (e usageError) ErrorCode() string    { return pos.EINVALID }
func (e usageError) ErrorMessage() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func newFlagSet(name string) *flag.FlagSet { return flag.NewFlagSet(name, flag.ContinueOnError) }

// parseFlags parses flags that may stand before, between or after the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func runVersion(c *cli, _ []string) error {
	fmt.Fprintln(c.stdout, "omnitill", version())
	fmt.Fprintln(c.stdout, "database:", c.dbPath)
	fmt.Fprintln(c.stdout, "log:", till.LogFile(c.dbPath))
	return nil
}

// version is the build's version: Version, else the module's, else "devel" and the commit.
func version() string {
	v := Version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok {
			if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
				v = bi.Main.Version // a module pseudo-version already names the commit
			}
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 && v == "devel" {
					v += " " + s.Value[:12]
				}
			}
		}
	}
	return v
}
