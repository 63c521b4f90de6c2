package imports

import (
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
)

// loyaltyColumns of a loyalty rules file: one rule a row.
var loyaltyColumns = []string{"rule", "value", "name", "skus"}

// ReadLoyalty reads a loyalty rules file: the whole rule set, each setting a row, a
// setting the file leaves out at central's first rules (pos.DefaultLoyaltyRules):
//
//	rule,value,name,skus
//	points_per_unit,1,,          points a whole currency unit earns (0.5, 2 …)
//	point_value,0.01,,           what a point pays
//	category,2,Dairy,SER MLK     articles earning at 2 × (skus separated by spaces)
//	exclude,,Tobacco,PAP         articles earning nothing
//	offline_customer_cap,500,,   points a customer redeems at one offline till until it syncs
//	offline_till_daily,5000,,    points a till gives out offline a day
//	offline_max_age_hours,24,,   the oldest synced balance a till redeems offline from
//	hold_minutes,15,,            how long central holds points for a sale being paid
//	expire_after_days,730,,      a balance unused this long expires (0: never)
//	receipt_url,https://shop.example/r/,,  the web shop's page a receipt's QR leads to
//
// All or nothing: a bad file is an *csvfile.ImportError naming every bad row.
func ReadLoyalty(r io.Reader) (pos.LoyaltyRules, error) {
	rules := pos.DefaultLoyaltyRules
	rules.Categories = nil
	f, err := csvfile.Open(r, "loyalty rules", loyaltyColumns, 2)
	if err != nil {
		return rules, err
	}
	seen := map[string]int{}
	categories := map[string]int{}
	for f.Next() {
		rule, value := strings.ToLower(f.Get("rule")), f.Get("value")
		if rule != "category" && rule != "exclude" {
			if at := seen[rule]; at > 0 {
				f.Refuse("%s is already set on line %d", rule, at)
				continue
			}
			seen[rule] = f.Line()
		}
		whole := func(max int64) (int64, bool) {
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 || n > max {
				f.Refuse("%s is %q: use a whole number from 0 to %d", rule, value, max)
				return 0, false
			}
			return n, true
		}
		switch rule {
		case "points_per_unit":
			q, err := thousandths(value)
			if err != nil || q < 0 || q > pos.MaxPointsPerUnit {
				f.Refuse("points_per_unit is %q: use a number such as 1 or 0.5, at most %d", value, pos.MaxPointsPerUnit/1000)
				continue
			}
			rules.PointsPerUnit = q
		case "point_value":
			m, err := pos.ParseMoney(value)
			if err != nil || m < 1 || m > pos.MaxPointValue {
				f.Refuse("point_value is %q: use an amount such as 0.01", value)
				continue
			}
			rules.PointValue = m
		case "offline_customer_cap":
			if n, ok := whole(pos.MaxPoints); ok {
				rules.OfflineCustomerCap = n
			}
		case "offline_till_daily":
			if n, ok := whole(pos.MaxPoints); ok {
				rules.OfflineTillDaily = n
			}
		case "offline_max_age_hours":
			if n, ok := whole(24 * 365); ok {
				rules.OfflineMaxAge = pos.Seconds(n * 3600)
			}
		case "hold_minutes":
			if n, ok := whole(24 * 60); ok && n >= 1 {
				rules.HoldTTL = pos.Seconds(n * 60)
			} else if ok {
				f.Refuse("hold_minutes is 0: a hold lasts at least a minute")
			}
		case "receipt_url":
			rules.ReceiptURL = value
		case "expire_after_days":
			if n, ok := whole(36500); ok {
				rules.ExpireAfterDays = int(n)
			}
		case "category", "exclude":
			c, ok := readCategory(f, rule, value)
			if !ok {
				continue
			}
			if at := categories[c.Name]; at > 0 {
				f.Refuse("category %s is already on line %d", c.Name, at)
				continue
			}
			categories[c.Name] = f.Line()
			rules.Categories = append(rules.Categories, c)
		default:
			f.Refuse("unknown rule %q: points_per_unit, point_value, category, exclude, offline_customer_cap, offline_till_daily, offline_max_age_hours, hold_minutes, expire_after_days or receipt_url", rule)
		}
	}
	if err := f.Err(); err != nil {
		return rules, err
	}
	return rules, rules.Check()
}

// readCategory reads a category or exclude row.
func readCategory(f *csvfile.File, rule, value string) (pos.LoyaltyCategory, bool) {
	c := pos.LoyaltyCategory{Name: f.Get("name")}
	for _, sku := range strings.Fields(f.Get("skus")) {
		c.SKUs = append(c.SKUs, pos.SKU(sku))
	}
	switch {
	case c.Name == "":
		f.Refuse("a %s needs a name", rule)
		return c, false
	case len(c.SKUs) == 0:
		f.Refuse("%s %s names no articles (skus, separated by spaces)", rule, c.Name)
		return c, false
	case rule == "exclude":
		return c, true // Multiplier 0
	}
	m, err := thousandths(value)
	if err != nil || m < 0 || m > pos.MaxMultiplier {
		f.Refuse("category %s: the multiplier is %q: use a number such as 2 or 1.5, at most %d", c.Name, value, pos.MaxMultiplier/1000)
		return c, false
	}
	c.Multiplier = m
	return c, true
}

// thousandths reads a decimal such as 2, 1.5 or 0 in thousandths.
func thousandths(s string) (int64, error) {
	if strings.Trim(s, "0.,") == "" && s != "" {
		return 0, nil
	}
	q, err := pos.ParseQty(s)
	return int64(q), err
}
