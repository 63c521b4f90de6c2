package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

const eventsHelp = `what a manager at central must look at, and what IT does about it:
            events [--all]             the open exceptions (--all: the handled ones too): events refused,
                                       conflicts (another body under an event id), receipt numbers used
                                       twice, articles central does not know
            events retry EVENT_ID      apply a refused event again from central's copy, under today's rules
                                       and data (after importing the article, the store or the VAT class)
            events release EVENT_ID --by NAME
                                       apply a refused sale past the rules a person judges (its prices,
                                       payment, VAT rates, currency); never past its sums and bounds
            events resolve ID --by NAME [--note TEXT]
                                       mark an exception handled`

func runEvents(c *cli, args []string) error {
	if len(args) == 0 || args[0] == "--all" || args[0] == "-all" {
		return listEvents(c, args)
	}
	verb, args := args[0], args[1:]
	fs := c.flags("events " + verb)
	by := fs.String("by", "", "who does it, for the record")
	note := fs.String("note", "", "how it was handled")
	if len(args) == 0 {
		return usagef("say which event (retry, release) or exception (resolve)")
	}
	target := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch verb {
	case "retry", "release":
		if verb == "release" && *by == "" {
			return usagef("--by is required: say who vouches for the sale")
		}
		db, err := c.open()
		if err != nil {
			return err
		}
		defer db.Close()
		res, err := db.RetryEvent(c.ctx, target)
		if verb == "release" {
			res, err = db.ReleaseEvent(c.ctx, target, *by)
		}
		if err != nil {
			return err
		}
		if res.Status != wire.StatusApplied {
			return pos.Errorf(pos.EINVALID, "event %s is refused again: %s", target, res.Reason)
		}
		fmt.Fprintf(c.stdout, "event %s applied; its exception is resolved\n", target)
	case "resolve":
		var id int64
		if _, err := fmt.Sscan(target, &id); err != nil {
			return usagef("resolve takes the exception's number, as events lists it")
		}
		if *by == "" {
			return usagef("--by is required: say who handled it")
		}
		db, err := c.open()
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.ResolveException(c.ctx, id, *by, *note); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "exception %d resolved by %s\n", id, *by)
	default:
		return usagef("events retry, release or resolve, or events alone to list them")
	}
	return nil
}

func listEvents(c *cli, args []string) error {
	fs := c.flags("events")
	all := fs.Bool("all", false, "list the handled exceptions too")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Exceptions(c.ctx, *all)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(c.stdout, "no exceptions")
		return nil
	}
	w := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "#\tat\ttill\tkind\tevent\treason\thandled")
	for _, e := range list {
		handled := ""
		if !e.ResolvedAt.IsZero() {
			handled = e.ResolvedAt.Local().Format("2006-01-02 15:04") + " by " + e.ResolvedBy
			if e.Resolution != "" {
				handled += ": " + e.Resolution
			}
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.Local().Format("2006-01-02 15:04"), e.Till, e.Kind, e.Event, e.Reason, handled)
	}
	return w.Flush()
}
