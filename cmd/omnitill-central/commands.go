package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/omnitill/omnitill/cmd/internal/cliflag"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central/sqlite"
)

// command is one subcommand of omnitill-central.
type command struct {
	name, args, help string
	run              func(c *cli, args []string) error
}

type cli struct {
	ctx            context.Context
	stdout, stderr io.Writer
	dbPath         string
}

func commands() []command {
	return []command{
		{"serve", "[--addr 127.0.0.1:8420] [--tls-auto | --tls-cert FILE --tls-key FILE | --insecure] [--max-conns 512]",
			"serve the /v1 API to tills; an address other than loopback needs TLS (--tls-auto: a certificate of its own, kept beside the database) or --insecure", runServe},
		{"import", "products|stores|vat|stock|promotions|customers|orders|loyalty|coupons|returns FILE.csv", importHelp, runImport},
		{"pair", "--store ID --till ID [--ttl 15m] [--qr FILE.png] [--url https://HOST:PORT]",
			"print a one-time pairing code for a till, with its QR; with central's address (--url, remembered) a pairing string too, pinning --tls-auto's certificate", runPair},
		{"revoke", "--till ID [--store ID]", "stop a till's token working", runRevoke},
		{"resend", "products|stock|promotions|loyalty|coupons|returns|customers|orders", "make every till pull the whole stream again", runResend},
		{"webshop", "add NAME | revoke NAME", "give a web shop its API key (printed once) or stop the key working", runWebShop},
		{"order", "status NUMBER placed|ready|collected|cancelled | show NUMBER", "move an online order on (the tills of its store get it at their next sync), or show its lines bought, returned (where, when) and returnable, and the refunds", runOrder},
		{"receipt", "show STORE/TILL/NO", "show a till's receipt as a return sees it: each line bought, returned (where, when) and returnable, and the refunds", runReceipt},
		{"returns", "no-receipt [--since YYYY-MM-DD]", "list the returns of goods without a receipt: who brought what back, who approved it, what it refunded", runReturns},
		{"customer", "show CARD [--last 50]", customerHelp, runCustomer},
		{"loyalty", "show | expire [--at YYYY-MM-DD]", loyaltyHelp, runLoyalty},
		{"events", "[--all] | retry EVENT_ID | release EVENT_ID --by NAME | resolve ID --by NAME [--note TEXT]", eventsHelp, runEvents},
	}
}

// importHelp names the columns of each file; docs/api.md tells more. The first columns
// of each are required, the rest optional, in any order.
const importHelp = `load a CSV file with a header row; all or nothing, every bad row is named by its line:
            products    the till's catalog file: sku,barcode,name,price,vat,unit[,plu,quick_key]
            stores      id,name[,currency,tax_id,address,country]
                        country (PL, LT) picks the VAT rates its tills are sent; empty keeps the one it has
            vat         country,class,rate (rate a percent: 23, 8, 0); the catalog's vat is in PL rates,
                        and a till is sent the rate of the same class in its store's country
            stock       store_id,sku,qty (delivered quantities)
            promotions  id,name,kind,skus,value,starts,ends[,min_qty,stores,withdrawn,members]
                        kind percent (value 15), price (value 39.99) or multibuy (min_qty 3, value 100.00);
                        skus and stores separated by spaces, stores empty for all; withdrawn yes takes it back;
                        members yes: for loyalty customers only (a card at the till, an order with a customer)
            customers   id,name[,card,email,phone,points,erased]
                        points is the balance to have (an adjustment of the difference); erased yes forgets them
            orders      number,store_id,sku,qty[,id,channel,customer_id,paid] (one row per order line)
            loyalty     rule,value[,name,skus]: the whole rule set, a setting a row (left out: the first rules)
                        points_per_unit 1, point_value 0.01, category (value the multiplier, name, skus),
                        exclude (name, skus), offline_customer_cap 500, offline_till_daily 5000,
                        offline_max_age_hours 24, hold_minutes 15, expire_after_days 730
            coupons     code,campaign,kind,value,ends[,starts,min_total,customer_id,withdrawn]
                        single-use in every channel, signed by central; kind percent (value 15) or amount (10.00)
            returns     rule,value[,name,skus]: the whole returns policy, a setting a row: window_days 30
                        (name a channel for its own), non_returnable (name, skus), manager_over 500.00,
                        offline_daily_cap 300.00, offline_credit_only yes, no_receipt_cash no`

// usageError is a mistake in the command line: exit code 2 and the usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run runs omnitill-central with its arguments and returns the exit code. --db PATH is
// accepted anywhere; the default is ./central.db.
func run(args []string, stdout, stderr io.Writer) int {
	c := &cli{ctx: context.Background(), stdout: stdout, stderr: stderr, dbPath: "central.db"}
	args, err := c.takeDBFlag(args)
	if err != nil {
		fmt.Fprintln(stderr, "omnitill-central:", err)
		return 2
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		c.usage()
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name, args := args[0], args[1:]
	for _, cmd := range commands() {
		if cmd.name != name {
			continue
		}
		if err := cmd.run(c, args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintln(stderr, "omnitill-central "+name+":", message(err))
			var usage usageError
			if errors.As(err, &usage) {
				fmt.Fprintf(stderr, "usage: omnitill-central [--db PATH] %s %s\n", cmd.name, cmd.args)
				return 2
			}
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "omnitill-central: unknown command %q\n", name)
	c.usage()
	return 2
}

// message is an error as IT reads it: a domain error's words, or the full chain.
func message(err error) string {
	if pos.ErrorCode(err) != pos.EINTERNAL {
		return pos.ErrorMessage(err)
	}
	return err.Error()
}

func (c *cli) usage() {
	fmt.Fprintln(c.stderr, "usage: omnitill-central [--db PATH] COMMAND")
	for _, cmd := range commands() {
		fmt.Fprintf(c.stderr, "  %-7s %s\n          %s\n", cmd.name, cmd.args, cmd.help)
	}
	fmt.Fprintln(c.stderr, "default database: ./central.db")
}

// takeDBFlag removes --db PATH (or --db=PATH) from anywhere in args.
func (c *cli) takeDBFlag(args []string) ([]string, error) {
	path, found, rest, err := cliflag.Take(args, "db", "a path")
	if found {
		c.dbPath = path
	}
	return rest, err
}

func (c *cli) open() (*sqlite.DB, error) {
	return sqlite.Open(c.dbPath)
}

// flags makes a subcommand's flag set that reports to stderr and never exits.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("omnitill-central "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// parse parses a subcommand's flags; positional arguments are not expected after them.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected %q", fs.Arg(0))
	}
	return nil
}
