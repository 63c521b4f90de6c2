package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// loyaltyHelp says what the loyalty command does.
const loyaltyHelp = `show the loyalty rules in force (import loyalty FILE changes them), or expire the
            balances unused for the rules' expire_after_days (serve does it every hour)`

func runLoyalty(c *cli, args []string) error {
	if len(args) == 0 {
		args = []string{"show"}
	}
	db, err := c.open()
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "show":
		if len(args) != 1 {
			return usagef("loyalty show takes nothing more")
		}
		rules, err := db.LoyaltyRules(c.ctx)
		if err != nil {
			return err
		}
		printRules(c, rules)
	case "expire":
		fs := c.flags("loyalty expire")
		at := fs.String("at", "", "expire as on this day (YYYY-MM-DD), not today")
		if err := parse(fs, args[1:]); err != nil {
			return err
		}
		now := time.Now()
		if *at != "" {
			if now, err = time.ParseInLocation(time.DateOnly, *at, time.Local); err != nil {
				return usagef("--at %q is not a day: use YYYY-MM-DD", *at)
			}
		}
		n, points, err := db.ExpirePoints(c.ctx, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%d customers' balances expired: %d points\n", n, points)
	default:
		return usagef("loyalty show | expire [--at YYYY-MM-DD]")
	}
	return nil
}

func printRules(c *cli, r pos.LoyaltyRules) {
	out := c.stdout
	fmt.Fprintf(out, "loyalty rules %d\n", r.Version)
	fmt.Fprintf(out, "  earn per unit paid    %s (points per whole currency unit)\n", pos.Qty(r.PointsPerUnit).Format(pos.UnitPiece))
	fmt.Fprintf(out, "  a point pays          %s\n", r.PointValue)
	for _, cat := range r.Categories {
		skus := make([]string, len(cat.SKUs))
		for i, s := range cat.SKUs {
			skus[i] = string(s)
		}
		rate := "excluded"
		if cat.Multiplier != 0 {
			rate = "× " + pos.Qty(cat.Multiplier).Format(pos.UnitPiece)
		}
		fmt.Fprintf(out, "  category %-12s %s: %s\n", cat.Name, rate, strings.Join(skus, " "))
	}
	fmt.Fprintf(out, "  offline, a customer   at most %d points until the till syncs\n", r.OfflineCustomerCap)
	fmt.Fprintf(out, "  offline, a till       at most %d points a day\n", r.OfflineTillDaily)
	fmt.Fprintf(out, "  offline, balance age  at most %s\n", r.OfflineMaxAge.Duration())
	fmt.Fprintf(out, "  holds last            %s\n", r.HoldTTL.Duration())
	if r.ReceiptURL != "" {
		fmt.Fprintf(out, "  receipts' QR leads to %s<sale id>\n", r.ReceiptURL)
	}
	if r.ExpireAfterDays == 0 {
		fmt.Fprintf(out, "  points never expire\n")
	} else {
		fmt.Fprintf(out, "  points expire         after %d days unused\n", r.ExpireAfterDays)
	}
}
