package tillcmd

import (
	"flag"
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// runReturn takes goods back through the till's return desk, the same domain code as the
// screen: the purchase found at central (or, offline, among this till's receipts), the
// lines checked against the returns policy, reserved at central, committed, refunded to
// the original tender, the return receipt printed. A refusal commits nothing and exits
// non-zero.
func runReturn(c *cli, args []string) error {
	fs := flag.NewFlagSet("return", flag.ContinueOnError)
	var lines multiFlag
	order := fs.String("order", "", "the online order's number")
	receipt := fs.String("receipt", "", "the receipt as STORE/TILL/NO, or its QR's text")
	customer := fs.String("customer", "", "list the purchases of the customer with this loyalty card, e-mail or phone (no return is made)")
	fs.Var(&lines, "line", "SKU:QTY, or SKU:QTY:damaged for goods written off (repeat)")
	reason := fs.String("reason", "", "a return reason's code (omnitill reasons list return)")
	refund := fs.String("refund", "original", "original: back to the tender it was paid with; credit: a store-credit voucher")
	pin := fs.String("pin", "", "a manager's PIN, for a refund over the policy's limit (default: the cashier of $OMNITILL_PIN)")
	cardApproval := fs.String("card-approval", "", "the terminal's approval code of the refund to the card")
	noReceipt := fs.Bool("no-receipt", false, "goods back without a receipt: one --line, --name and --contact, a manager's --pin")
	name := fs.String("name", "", "without a receipt: the customer's name")
	contact := fs.String("contact", "", "without a receipt: the customer's phone or e-mail")
	document := fs.String("document", "", "without a receipt: an identity document's number, where the store asks for one")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *customer != "" {
		if len(rest) > 0 || *order != "" || *receipt != "" || len(lines) > 0 || *reason != "" {
			return usagef("usage: omnitill return --customer CARD|E-MAIL|PHONE (lists the purchases; nothing else with it)")
		}
		return listPurchases(c, *customer)
	}
	if *noReceipt {
		if len(rest) > 0 || len(lines) != 1 || *order != "" || *receipt != "" || *reason == "" || *pin == "" {
			return usagef("usage: omnitill return --no-receipt --line SKU:QTY[:damaged] --reason CODE --name NAME --contact PHONE|E-MAIL [--document NO] [--refund credit|cash] --pin MANAGER_PIN")
		}
		if *refund != "original" && *refund != "credit" && *refund != "cash" {
			return usagef("--refund without a receipt is credit (a store-credit voucher) or cash, where the policy allows it")
		}
		return returnWithoutReceipt(c, lines[0], *reason, *pin, *refund == "cash", pos.CustomerDetails{Name: *name, Contact: *contact, Document: *document})
	}
	if len(rest) > 0 || len(lines) == 0 || (*order == "") == (*receipt == "") || *reason == "" {
		return usagef("usage: omnitill return --order NUMBER | --receipt STORE/TILL/NO --line SKU:QTY [--line ...] --reason CODE [--refund original] [--pin MANAGER_PIN]\n       omnitill return --customer CARD|E-MAIL|PHONE")
	}
	if *refund != "original" && *refund != "credit" {
		return usagef("--refund is original (the way it was paid) or credit (a store-credit voucher)")
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	cashierPIN := *pin
	if cashierPIN == "" {
		cashierPIN = trainerPIN()
	}
	cashier, err := t.DB.StaffByPIN(c.ctx, cashierPIN)
	if err != nil {
		return err
	}
	src, err := t.FindReturnable(c.ctx, *receipt+*order)
	if err != nil {
		return err
	}
	req := pos.ReturnRequest{Source: src, Reason: *reason, Credit: *refund == "credit"}
	if *cardApproval != "" {
		req.CardApprovals = map[string]string{"": *cardApproval}
	}
	if cashier.IsManager() {
		req.Approver = &cashier
	}
	if req.Lines, err = returnLines(src, lines); err != nil {
		return err
	}
	r, err := t.Returns().Return(c.ctx, cashier, req)
	if err != nil {
		return err
	}
	return handOverReturn(c, t, r)
}

// handOverReturn prints what a committed return paid back, hands it over (the drawer for
// cash, the return receipt) and, when the till is paired, sends it to central now.
func handOverReturn(c *cli, t *till.Till, r *pos.Return) error {
	src := r.Source
	label := src.Label
	if src.Kind == pos.SourceNone {
		label = "goods without a receipt"
	}
	var how []string
	for _, ref := range r.Refund {
		how = append(how, fmt.Sprintf("%s %s", ref.Kind, ref.Amount.Display()))
	}
	fmt.Fprintf(c.stdout, "return %d of %s: refund %s %s (%s)\n", r.ReturnNo, label, src.Currency, r.Total().Display(), strings.Join(how, ", "))
	for _, ref := range r.Refund {
		if ref.Kind == pos.TenderCredit {
			fmt.Fprintf(c.stdout, "store credit voucher %s\n", ref.Reference)
		}
	}
	warning, err := t.HandOverReturn(c.ctx, r)
	if warning != "" {
		fmt.Fprintln(c.stderr, warning)
	}
	if err != nil {
		return err
	}
	if _, err := t.DB.Link(c.ctx); err == nil { // paired: central books it now
		if _, _, err := t.SyncOnce(c.ctx); err != nil {
			fmt.Fprintln(c.stderr, "the return is kept and goes to central at the next sync:", pos.ErrorMessage(err))
		}
	}
	return nil
}

// listPurchases prints what a customer bought that could come back, as central lists it,
// one purchase a line: what to return it by (--receipt or --order), when, what was paid,
// where. No return is made.
func listPurchases(c *cli, key string) error {
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	found, err := t.PurchasesOf(c.ctx, key)
	if err != nil {
		return err
	}
	if len(found.Purchases) == 0 {
		fmt.Fprintf(c.stdout, "customer %s: nothing bought in the last 365 days can come back\n", found.Customer)
		return nil
	}
	fmt.Fprintf(c.stdout, "customer %s, purchases that can come back: %d\n", found.Customer, len(found.Purchases))
	for _, p := range found.Purchases {
		fmt.Fprintf(c.stdout, "%s  %s  %s %s  %s\n", p.Label, p.At.Local().Format("2006-01-02 15:04"), p.Currency, p.Total.Display(), p.Channel)
	}
	return nil
}

// returnWithoutReceipt takes back goods that come without a receipt, approved by the
// manager whose PIN is given: at the lowest price of the last 30 days, as store credit
// unless the policy allows cash.
func returnWithoutReceipt(c *cli, line, reason, pin string, cash bool, who pos.CustomerDetails) error {
	parts := strings.Split(line, ":")
	if len(parts) < 2 || len(parts) > 3 || (len(parts) == 3 && parts[2] != "damaged") {
		return usagef("--line is SKU:QTY or SKU:QTY:damaged, not %q", line)
	}
	qty, err := pos.ParseQty(parts[1])
	if err != nil {
		return err
	}
	t, err := c.open()
	if err != nil {
		return err
	}
	defer t.Close()
	manager, err := t.DB.StaffByPIN(c.ctx, pin)
	if err != nil {
		return err
	}
	p, _, err := t.Register().Identify(c.ctx, parts[0])
	if err != nil {
		return err
	}
	r, err := t.Returns().ReturnWithoutReceipt(c.ctx, manager, pos.NoReceiptRequest{Product: p, Qty: qty, Reason: reason,
		Resellable: len(parts) == 2, Customer: who, Approver: &manager, Cash: cash})
	if err != nil {
		return err
	}
	return handOverReturn(c, t, r)
}

// returnLines reads --line SKU:QTY[:damaged] as the purchase's lines that come back: a
// quantity of an article bought on several lines is taken from them in turn, never more
// than is left of each.
func returnLines(src pos.Returnable, specs []string) ([]pos.ReturnLine, error) {
	var out []pos.ReturnLine
	taken := map[int]pos.Qty{}
	for _, spec := range specs {
		parts := strings.Split(spec, ":")
		if len(parts) < 2 || len(parts) > 3 || (len(parts) == 3 && parts[2] != "damaged") {
			return nil, usagef("a returned line is SKU:QTY or SKU:QTY:damaged, not %q", spec)
		}
		qty, err := pos.ParseQty(parts[1])
		if err != nil {
			return nil, err
		}
		want := qty
		for _, l := range src.Lines {
			if string(l.SKU) != parts[0] || want == 0 {
				continue
			}
			q := min(want, l.Left()-taken[l.Line])
			if q <= 0 {
				continue
			}
			taken[l.Line] += q
			want -= q
			out = append(out, pos.ReturnLine{Line: l.Line, Qty: q, Resellable: len(parts) == 2})
		}
		if want > 0 {
			return nil, pos.Errorf(pos.EINVALID, "%s has no %s of %s left to return", src.Label, parts[1], parts[0])
		}
	}
	return out, nil
}
