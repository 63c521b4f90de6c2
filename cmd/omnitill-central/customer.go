package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

const customerHelp = `what central keeps of a customer from every channel: who they are and what they agreed to,
            the points balance, the ledger with the balance after each entry, and the purchases by
            channel (the tills' sales, also those under an id a till gave them, and online orders);
            CARD is the loyalty card, or the customer's id, e-mail or phone; --last N entries and
            purchases per channel (default 50, 0 all)`

func runCustomer(c *cli, args []string) error {
	if len(args) < 2 || args[0] != "show" {
		return usagef("say show CARD")
	}
	key := args[1]
	if strings.HasPrefix(key, "-") {
		return usagef("say the customer first: show CARD [--last N]")
	}
	fs := c.flags("customer show")
	last := fs.Int("last", 50, "how many of the latest ledger entries and purchases of each channel to print; 0 prints all")
	if err := parse(fs, args[2:]); err != nil {
		return err
	}
	if *last < 0 {
		return usagef("--last is a number of entries, 0 for all")
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := db.CustomerHistory(c.ctx, key, *last)
	if err != nil {
		return err
	}
	printCustomer(c.stdout, h)
	return nil
}

func printCustomer(w io.Writer, h central.CustomerHistory) {
	cu := h.Customer
	joined := "imported at central"
	if h.JoinedAt != "" {
		joined = "at till " + h.JoinedAt
	}
	erased := "no"
	if cu.Erased {
		erased = "yes, on " + when(h.ErasedAt) + ": who they are is forgotten"
	}
	about := [][]string{
		{"customer", string(cu.ID)},
		{"card", orDash(cu.Card)},
		{"name", orDash(cu.Name)},
		{"e-mail", orDash(cu.Email)},
		{"phone", orDash(cu.Phone)},
		{"consents", "marketing " + yesNo(h.Marketing) + ", e-receipt " + yesNo(h.EReceipt)},
		{"joined", joined},
		{"erased", erased},
	}
	if len(h.Aliases) > 0 {
		ids := make([]string, len(h.Aliases))
		for i, a := range h.Aliases {
			ids[i] = string(a)
		}
		about = append(about, []string{"till ids", strings.Join(ids, ", ") + " (joined again at a till, kept as this customer)"})
	}
	about = append(about, []string{"balance", strconv.FormatInt(cu.Points, 10) + " points"})
	printTable(w, "", about, nil)

	fmt.Fprintf(w, "\nledger: %s\n", plural(h.LedgerEntries, "entry", "entries"))
	printEarlier(w, h.LedgerEntries-len(h.Ledger), "entry", "entries")
	if len(h.Ledger) > 0 {
		rows := [][]string{{"at", "kind", "points", "balance", "event or source"}}
		for _, l := range h.Ledger {
			from := l.Source
			if l.Event != "" {
				from = "event " + string(l.Event)
			}
			rows = append(rows, []string{when(l.At), l.Kind, fmt.Sprintf("%+d", l.Points), strconv.FormatInt(l.Balance, 10), from})
		}
		printTable(w, "  ", rows, []bool{false, false, true, true, false})
	}

	if len(h.Channels) == 0 {
		fmt.Fprintln(w, "\npurchases: none")
		return
	}
	fmt.Fprintln(w, "\npurchases by channel:")
	for _, ch := range h.Channels {
		printChannel(w, cu.ID, ch)
	}
}

// printChannel prints a channel's purchases: sales by their till and receipt, orders by
// their number and status.
func printChannel(w io.Writer, id pos.CustomerID, ch central.ChannelPurchases) {
	sales := len(ch.Purchases) > 0 && ch.Purchases[0].Number == ""
	if sales {
		fmt.Fprintf(w, "%s: %s\n", ch.Channel, plural(ch.Count, "sale", "sales"))
	} else {
		fmt.Fprintf(w, "%s: %s\n", ch.Channel, plural(ch.Count, "order", "orders"))
	}
	printEarlier(w, ch.Count-len(ch.Purchases), "purchase", "purchases")
	rows := [][]string{{"date", "store", "till", "receipt", "total", "recorded as"}}
	right := []bool{false, false, false, true, true, false}
	if !sales {
		rows = [][]string{{"date", "store", "number", "status", "total"}}
		right = []bool{false, false, false, false, true}
	}
	for _, p := range ch.Purchases {
		total := p.Total.String() + " " + string(p.Currency)
		if !sales {
			rows = append(rows, []string{when(p.At), string(p.Store), p.Number, p.Status, total})
			continue
		}
		as := ""
		if p.Customer != id {
			as = "till id " + string(p.Customer)
		}
		rows = append(rows, []string{when(p.At), string(p.Store), string(p.Till), strconv.FormatInt(int64(p.Receipt), 10), total, as})
	}
	printTable(w, "  ", rows, right)
}

// printTable prints rows in columns two spaces apart, each line after indent; right
// aligns the columns of numbers and money.
func printTable(w io.Writer, indent string, rows [][]string, right []bool) {
	var widths []int
	for _, r := range rows {
		for i, cell := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], len([]rune(cell)))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-len([]rune(cell)))
			switch {
			case i < len(right) && right[i]:
				b.WriteString(pad + cell)
			case i < len(r)-1:
				b.WriteString(cell + pad)
			default:
				b.WriteString(cell) // no spaces at the end of the line
			}
			if i < len(r)-1 {
				b.WriteString("  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// printEarlier says how many older entries --last left out.
func printEarlier(w io.Writer, n int, one, many string) {
	if n > 0 {
		fmt.Fprintf(w, "  (%s before these not shown: --last 0 prints all)\n", plural(n, one, many))
	}
}

func when(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
