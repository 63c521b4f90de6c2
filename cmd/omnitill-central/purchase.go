package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// runReceipt and runOrderShow print a purchase as support sees it for a return: each
// line's bought, returned (where, when) and returnable quantities, and the refunds.
func runReceipt(c *cli, args []string) error {
	if len(args) != 2 || args[0] != "show" {
		return usagef("say show STORE/TILL/NO")
	}
	return showPurchase(c, central.ReturnableQuery{Receipt: args[1]})
}

func showPurchase(c *cli, q central.ReturnableQuery) error {
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.Returnable(c.ctx, q)
	if err != nil {
		return err
	}
	returns, err := db.ReturnsOf(c.ctx, r.Kind, r.ID)
	if err != nil {
		return err
	}
	out := c.stdout
	fmt.Fprintf(out, "%s %s (%s), %s, bought %s", r.Kind, r.Label, r.ID, r.Channel, r.At.Format("2006-01-02 15:04 MST"))
	if r.CustomerID != "" {
		fmt.Fprintf(out, ", customer %s", r.CustomerID)
	}
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 2, 8, 2, ' ', 0)
	fmt.Fprintln(w, "  line\tsku\tname\tbought\treturned\treturnable\tpaid\t")
	for _, l := range r.Lines {
		u := pos.Unit(l.Unit)
		fmt.Fprintf(w, "  %d\t%s\t%s\t%s\t%s\t%s\t%s %s\t\n", l.Line, l.SKU, l.Name, pos.Qty(l.Qty).Format(u), pos.Qty(l.Returned).Format(u),
			pos.Qty(max(l.Qty-l.Returned, 0)).Format(u), pos.Money(l.Amount), r.Currency)
	}
	w.Flush()
	for _, l := range r.Lines {
		for _, where := range l.Where {
			fmt.Fprintf(out, "  line %d back: %s\n", l.Line, where)
		}
	}
	var paid []string
	for _, t := range r.Tenders {
		paid = append(paid, tenderText(t))
	}
	fmt.Fprintf(out, "paid: %s\n", strings.Join(paid, ", "))
	if len(returns) == 0 {
		fmt.Fprintln(out, "refunds: none")
		return nil
	}
	fmt.Fprintf(out, "refunds: %d\n", len(returns))
	for _, ret := range returns {
		var how []string
		for _, t := range ret.Refunds {
			text := tenderText(wire.ReturnableTender{Kind: string(t.Kind), Amount: int64(t.Amount), Reference: t.Reference})
			if t.Approval != "" {
				text += " refund approved " + t.Approval
			}
			how = append(how, text)
		}
		fmt.Fprintf(out, "  %s  till %s/%s return %d  %s %s  %s  (%s)\n", ret.At.Format("2006-01-02 15:04 MST"), ret.Store, ret.Till, ret.No,
			ret.Total, r.Currency, strings.Join(how, ", "), ret.Reason)
	}
	return nil
}

func tenderText(t wire.ReturnableTender) string {
	s := fmt.Sprintf("%s %s", t.Kind, pos.Money(t.Amount))
	if t.Reference != "" {
		s += " " + t.Reference
	}
	return s
}

// runReturns lists the returns of goods without a receipt booked since a day (30 days
// back unless told): for a manager to see who brought what back, who approved it and what
// it refunded.
func runReturns(c *cli, args []string) error {
	if len(args) == 0 || args[0] != "no-receipt" {
		return usagef("say no-receipt [--since YYYY-MM-DD]")
	}
	fs := c.flags("returns no-receipt")
	since := fs.String("since", "", "list those booked from this day (YYYY-MM-DD); 30 days back by default")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	from := time.Now().AddDate(0, 0, -30)
	if *since != "" {
		var err error
		if from, err = time.ParseInLocation(time.DateOnly, *since, time.Local); err != nil {
			return usagef("--since %q is not a day: use YYYY-MM-DD", *since)
		}
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.NoReceiptReturns(c.ctx, from)
	if err != nil {
		return err
	}
	out := c.stdout
	fmt.Fprintf(out, "returns without a receipt since %s: %d\n", from.Format(time.DateOnly), len(list))
	for _, r := range list {
		var how, lines []string
		for _, t := range r.Refunds {
			how = append(how, tenderText(wire.ReturnableTender{Kind: string(t.Kind), Amount: int64(t.Amount), Reference: t.Reference}))
		}
		for _, l := range r.Lines {
			line := fmt.Sprintf("%s × %s %s", l.SKU, l.Qty.Format(""), l.Amount)
			if !l.Resellable {
				line += " damaged"
			}
			lines = append(lines, line)
		}
		who := r.Customer.Name + ", " + r.Customer.Contact
		if r.Customer.Document != "" {
			who += ", document " + r.Customer.Document
		}
		fmt.Fprintf(out, "  %s  till %s/%s return %d  %s  approved by %s  (%s)\n    %s\n    customer %s\n", r.At.Format("2006-01-02 15:04 MST"),
			r.Store, r.Till, r.No, strings.Join(how, ", "), r.ApprovedBy, r.Reason, strings.Join(lines, "; "), who)
	}
	return nil
}
