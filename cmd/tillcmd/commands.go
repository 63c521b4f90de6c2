package tillcmd

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/till"
)

// runPorts lists the ports as the Devices screen does: USB ids, and the /dev/serial/by-id
// names that survive replugging.
func runPorts(c *cli, _ []string) error {
	ports, err := serialport.List()
	if err != nil {
		return fmt.Errorf("list serial ports: %w", err)
	}
	if len(ports) == 0 {
		fmt.Fprintln(c.stdout, "no serial ports found")
	}
	for _, p := range ports {
		fmt.Fprintln(c.stdout, p)
	}
	return nil
}

func runBarcode(c *cli, args []string) error {
	if len(args) != 1 {
		return usagef("usage: omnitill barcode CODE")
	}
	// The till's own label templates apply when it has a database; asking how a code reads
	// never creates one.
	parser := barcode.NewParser()
	if _, err := os.Stat(c.dbPath); err == nil {
		t, err := c.open()
		if err != nil {
			return err
		}
		defer t.Close()
		parser = t.Register().Barcodes
	}
	code, err := parser.Parse(args[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, code.Describe())
	return nil
}

func runReceipt(c *cli, args []string) error {
	fs := flag.NewFlagSet("receipt", flag.ContinueOnError)
	escposPath := fs.String("escpos", "", "write the ESC/POS bytes to this file")
	pngPath := fs.String("png", "", "write the receipt image to this PNG file")
	profileName := fs.String("profile", "", "printer profile (default: the till's)")
	training := fs.Bool("training", false, "the number is a training receipt's")
	pos_, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos_) != 1 || (*escposPath == "" && *pngPath == "") {
		return usagef("usage: omnitill receipt N --escpos FILE --png FILE [--profile NAME] [--training]")
	}
	no, err := strconv.ParseInt(strings.TrimPrefix(pos_[0], "T"), 10, 64)
	if err != nil || no <= 0 {
		return usagef("%q is not a receipt number", pos_[0])
	}
	*training = *training || strings.HasPrefix(pos_[0], "T")
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	profile, err := t.Profile()
	if *profileName != "" {
		profile, err = escpos.ProfileByName(*profileName)
	}
	if err != nil {
		return err
	}
	s, err := t.SaleByReceipt(c.ctx, pos.ReceiptNo(no), *training)
	if err != nil {
		return err
	}
	if err := t.RenderReceipt(s, profile, *escposPath, *pngPath); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "receipt %s of %s, %s %s\n", till.ReceiptLabel(s), s.CompletedAt.Local().Format("2006-01-02 15:04"), s.Currency, s.Total().Display())
	return nil
}

func runCatalog(c *cli, args []string) error {
	if len(args) < 1 {
		return usagef("usage: omnitill catalog import FILE.csv | export FILE.csv | generate N FILE.csv")
	}
	switch args[0] {
	case "import":
		if len(args) != 2 {
			return usagef("usage: omnitill catalog import FILE.csv")
		}
		f, err := openFile(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		t, err := c.open()
		if err != nil {
			return err
		}
		defer t.Close()
		n, res, err := t.ImportCatalog(c.ctx, f)
		if err != nil {
			return fmt.Errorf("%s: %w", args[1], err)
		}
		fmt.Fprintf(c.stdout, "%d products read: %d added, %d changed, %d unchanged\n", n, res.Added, res.Changed, res.Unchanged)
		return nil
	case "export":
		if len(args) != 2 {
			return usagef("usage: omnitill catalog export FILE.csv")
		}
		t, err := c.open()
		if err != nil {
			return err
		}
		defer t.Close()
		return writeFile(args[1], func(w *bufio.Writer) error {
			n, err := t.ExportCatalog(c.ctx, w)
			if err == nil {
				fmt.Fprintf(c.stdout, "%d products written to %s\n", n, args[1])
			}
			return err
		})
	case "generate":
		if len(args) != 3 {
			return usagef("usage: omnitill catalog generate N FILE.csv")
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n <= 0 {
			return usagef("%q is not a number of products", args[1])
		}
		return writeFile(args[2], func(w *bufio.Writer) error { return demo.GenerateCSV(w, n, 1) })
	}
	return usagef("unknown catalog command %q: import, export or generate", args[0])
}

// openFile opens a file IT named, saying in words why it cannot.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", pos.Errorf(pos.ENOTFOUND, "cannot open %s: %v", path, errors.Unwrap(err)), err)
	}
	return f, nil
}

// writeFile writes a file IT named through fill, saying in words why it cannot.
func writeFile(path string, fill func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "cannot write %s: %v", path, errors.Unwrap(err)), err)
	}
	w := bufio.NewWriter(f)
	if err := fill(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runTrainSale rings one training sale through the Register, exactly as the sale screen
// does, so IT can check scanning, pricing, commit and receipt rendering without a cashier.
// A receipt that did not print fails the command (exit 1), though the sale is committed.
func runTrainSale(c *cli, args []string) error {
	fs := flag.NewFlagSet("train-sale", flag.ContinueOnError)
	var scans multiFlag
	fs.Var(&scans, "scan", "a code to scan (repeat)")
	pay := fs.String("pay", "cash", "cash or card")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 || len(scans) == 0 {
		return usagef("usage: omnitill train-sale --scan CODE [--scan CODE ...] [--pay cash|card]")
	}
	if *pay != "cash" && *pay != "card" {
		return usagef("--pay is cash or card, not %q", *pay)
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	s, warning, printErr, err := t.TrainSale(c.ctx, trainerPIN(), scans, *pay == "card", func(l pos.Line) {
		fmt.Fprintf(c.stdout, "%-40s %8s x %8s\n", l.Name, l.Qty.Format(l.Unit), l.UnitPrice.Display())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "training receipt %s, total %s %s\n", till.ReceiptLabel(s), s.Currency, s.Total().Display())
	if printErr != nil {
		// The sale is committed, but IT checking the printer must see the check fail.
		return printErr
	}
	if warning != "" {
		fmt.Fprintln(c.stderr, warning)
	}
	return nil
}

// trainerPIN is the PIN a training sale logs in with: OMNITILL_PIN, else the demo cashier's.
func trainerPIN() string {
	if pin := os.Getenv("OMNITILL_PIN"); pin != "" {
		return pin
	}
	return till.DemoStaff[0].PIN
}

func runConfig(c *cli, args []string) error {
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	switch {
	case len(args) == 1 && args[0] == "list":
		all := t.Config().Settings()
		for _, k := range slices.Sorted(maps.Keys(all)) {
			fmt.Fprintf(c.stdout, "%s=%s\n", k, strings.ReplaceAll(all[k], "\n", `\n`))
		}
		return nil
	case len(args) == 2 && args[0] == "get":
		v, err := t.Config().Get(args[1])
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, v)
		return nil
	case len(args) == 3 && args[0] == "set":
		return t.SetConfig(c.ctx, args[1], args[2])
	}
	return usagef("usage: omnitill config list | get KEY | set KEY VALUE (keys: %s)", strings.Join(till.Keys(), ", "))
}

func runStaff(c *cli, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("usage: omnitill staff add --id ID --name NAME --role cashier|manager --pin PIN")
	}
	fs := flag.NewFlagSet("staff", flag.ContinueOnError)
	id := fs.String("id", "", "staff id")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "cashier", "cashier or manager")
	pin := fs.String("pin", "", "PIN, 4 digits or more")
	if rest, err := parseFlags(fs, args[1:]); err != nil {
		return err
	} else if len(rest) > 0 || *id == "" || *name == "" {
		return usagef("usage: omnitill staff add --id ID --name NAME --role cashier|manager --pin PIN")
	}
	if *role != string(pos.RoleCashier) && *role != string(pos.RoleManager) {
		return usagef("--role is cashier or manager")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	return t.AddStaff(c.ctx, pos.Staff{ID: pos.StaffID(*id), Name: *name, Role: pos.Role(*role)}, *pin)
}

// runReasons shows, exports and imports the store's lists of reasons (discount, void,
// no-sale, return) as CSV: kind,code,en,pl,lt.
func runReasons(c *cli, args []string) error {
	usage := usagef("usage: omnitill reasons list | export FILE.csv | import FILE.csv --pin MANAGER_PIN")
	if len(args) == 0 {
		return usage
	}
	fs := flag.NewFlagSet("reasons", flag.ContinueOnError)
	pin := fs.String("pin", "", "a manager's PIN (import)")
	rest, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	switch {
	case args[0] == "list" && len(rest) == 0:
		all, err := t.Reasons(c.ctx)
		if err != nil {
			return err
		}
		for _, r := range all {
			fmt.Fprintf(c.stdout, "%-8s %-20s %s | %s | %s\n", r.Kind, r.Code, r.Text["en"], r.Text["pl"], r.Text["lt"])
		}
		return nil
	case args[0] == "export" && len(rest) == 1:
		return t.ExportReasons(c.ctx, rest[0])
	case args[0] == "import" && len(rest) == 1 && *pin != "":
		manager, err := t.Register().Approve(c.ctx, *pin)
		if err != nil {
			return err
		}
		n, err := t.ImportReasons(c.ctx, rest[0], manager)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d reasons imported\n", n)
		return nil
	}
	return usage
}
