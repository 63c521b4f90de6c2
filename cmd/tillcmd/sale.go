package tillcmd

import (
	"flag"
	"fmt"
	"os"
	"strings"

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
	var returned multiFlag
	exchange := fs.String("exchange", "", "an exchange: the receipt (STORE/TILL/NO, or its QR's text) or order the goods brought back are of")
	fs.Var(&returned, "return-line", "with --exchange: SKU:QTY, or SKU:QTY:damaged, of what comes back (repeat)")
	reason := fs.String("reason", "", "with --exchange: a return reason's code")
	refund := fs.String("refund", "original", "with --exchange: what the goods are worth beyond the sale goes back as original (the way it was paid) or credit")
	if rest, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(rest) > 0 || len(scans) == 0 || *pin == "" {
		return usagef("usage: omnitill sale --pin PIN --scan CODE [--scan CODE ...] [--customer CARD] [--coupon CODE] [--redeem POINTS] [--pay cash|card]\n" +
			"       [--exchange RECEIPT|ORDER --return-line SKU:QTY [--return-line ...] --reason CODE [--refund original|credit]]")
	}
	switch {
	case *pay != "cash" && *pay != "card":
		return usagef("--pay is cash or card, not %q", *pay)
	case *redeem < 0 || (*redeem > 0 && *customer == ""):
		return usagef("--redeem takes a number of points, and --customer the card they are taken from")
	case (*exchange == "") != (len(returned) == 0) || (*exchange != "" && *reason == ""):
		return usagef("an exchange is --exchange RECEIPT|ORDER --return-line SKU:QTY [--return-line ...] --reason CODE [--refund original|credit]")
	case *refund != "original" && *refund != "credit":
		return usagef("--refund is original or credit, not %q", *refund)
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	order := till.SaleOrder{PIN: *pin, Codes: scans, Customer: *customer, Redeem: *redeem, Coupon: *coupon, Voucher: *voucher,
		Pay: pos.TenderKind(*pay), CardRef: *cardRef}
	if *exchange != "" {
		src, err := t.FindReturnable(c.ctx, *exchange)
		if err != nil {
			return err
		}
		lines, err := returnLines(src, returned)
		if err != nil {
			return err
		}
		order.Exchange = &pos.ReturnRequest{Source: src, Lines: lines, Reason: *reason, Credit: *refund == "credit"}
	}
	s, warning, printErr, err := t.RingSale(c.ctx, order, func(l pos.Line) {
		fmt.Fprintf(c.stdout, "%-40s %8s x %8s\n", l.Name, l.Qty.Format(l.Unit), l.UnitPrice.Display())
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "receipt %s, total %s %s\n", till.ReceiptLabel(s), s.Currency, s.Total().Display())
	if s.Coupon != nil {
		fmt.Fprintf(c.stdout, "coupon %s: %s off\n", s.Coupon.Code, s.BasketDiscount.Amount.Display())
	}
	if x := s.Exchange; x != nil {
		var back []string
		for _, t := range x.Refund {
			if t.Kind != pos.TenderExchange {
				back = append(back, strings.TrimSpace(fmt.Sprintf("%s %s %s", t.Kind, t.Amount.Display(), t.Reference)))
			}
		}
		if len(back) == 0 {
			back = []string{"nothing"}
		}
		fmt.Fprintf(c.stdout, "exchange: return %d of %s, goods back %s; paid back: %s\n", x.ReturnNo, x.Source.Label, x.Total().Display(),
			strings.Join(back, ", "))
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
