package tillcmd

import (
	"flag"
	"fmt"
	"os"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// runSale rings a real sale through the same domain code as the sale screen, for
// integrations and tests: it prints the receipt number and the points earned or redeemed.
// A refusal (an unknown code, points central will not hold, a PIN nobody has) commits
// nothing and exits non-zero; a receipt that did not print fails the command, though the
// sale is committed.
func runSale(c *cli, args []string) error {
	fs := flag.NewFlagSet("sale", flag.ContinueOnError)
	var scans multiFlag
	fs.Var(&scans, "scan", "a code to scan (repeat)")
	pin := fs.String("pin", os.Getenv("OMNITILL_PIN"), "the cashier's PIN (default $OMNITILL_PIN)")
	customer := fs.String("customer", "", "the customer's loyalty card")
	redeem := fs.Int64("redeem", 0, "points to pay with (needs --customer)")
	coupon := fs.String("coupon", "", "a coupon's code")
	voucher := fs.String("voucher", "", "a store-credit voucher's code: it pays what remains (the rest by --pay)")
	pay := fs.String("pay", "cash", "how the rest is paid: cash or card")
	cardRef := fs.String("card-ref", "CLI", "the card terminal's approval code, with --pay card")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 || len(scans) == 0 || *pin == "" {
		return usagef("usage: omnitill sale --pin PIN --scan CODE [--scan CODE ...] [--customer CARD] [--coupon CODE] [--redeem POINTS] [--pay cash|card]")
	}
	switch {
	case *pay != "cash" && *pay != "card":
		return usagef("--pay is cash or card, not %q", *pay)
	case *redeem < 0 || (*redeem > 0 && *customer == ""):
		return usagef("--redeem takes a number of points, and --customer the card they are taken from")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	s, warning, printErr, err := t.RingSale(c.ctx, till.SaleOrder{PIN: *pin, Codes: scans, Customer: *customer, Redeem: *redeem, Coupon: *coupon, Voucher: *voucher,
		Pay: pos.TenderKind(*pay), CardRef: *cardRef}, func(l pos.Line) {
		fmt.Fprintf(c.stdout, "%-40s %8s x %8s\n", l.Name, l.Qty.Format(l.Unit), l.UnitPrice.Display())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "receipt %s, total %s %s\n", till.ReceiptLabel(s), s.Currency, s.Total().Display())
	if s.Coupon != nil {
		fmt.Fprintf(c.stdout, "coupon %s: %s off\n", s.Coupon.Code, s.BasketDiscount.Amount.Display())
	}
	if s.Customer != nil {
		fmt.Fprintf(c.stdout, "customer %s: %d points earned, %d redeemed, balance %d\n", s.Customer.Name, s.Points.Earned, s.Points.Redeemed, s.Points.Balance)
	}
	if printErr != nil {
		return printErr
	}
	if warning != "" {
		fmt.Fprintln(c.stderr, warning)
	}
	return nil
}
