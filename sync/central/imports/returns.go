package imports

import (
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
)

// ReadReturnsPolicy reads a returns policy file: the whole policy, a setting a row, one
// left out at the default (pos.DefaultReturnsPolicy):
//
//	rule,value,name,skus
//	window_days,30,,             days after buying a purchase may come back
//	window_days,14,web,          … in one channel (store, web, app)
//	non_returnable,,Hygiene,SKU1 SKU2
//	manager_over,500.00,,        a refund above it needs a manager's PIN (0: never)
//	offline_daily_cap,300.00,,   what a till refunds a day while central is out of reach
//	offline_credit_only,yes,,    offline, as store credit only
//	no_receipt_cash,no,,         goods back without a receipt refunded in cash too (else store credit only)
//
// All or nothing: a bad file is an *csvfile.ImportError naming every bad row.
func ReadReturnsPolicy(r io.Reader) (pos.ReturnsPolicy, error) {
	p := pos.DefaultReturnsPolicy
	p.WindowDays, p.NonReturnable = map[string]int{}, nil
	f, err := csvfile.Open(r, "returns policy", loyaltyColumns, 2)
	if err != nil {
		return p, err
	}
	seen := map[string]int{}
	for f.Next() {
		rule, value, name := strings.ToLower(f.Get("rule")), f.Get("value"), f.Get("name")
		if key := rule + "/" + name; rule != "non_returnable" {
			if at := seen[key]; at > 0 {
				f.Refuse("%s %s is already set on line %d", rule, name, at)
				continue
			}
			seen[key] = f.Line()
		}
		money := func() (pos.Money, bool) {
			m, err := pos.ParseMoney(value)
			if err != nil || m < 0 {
				f.Refuse("%s is %q: use an amount such as 300.00", rule, value)
				return 0, false
			}
			return m, true
		}
		switch rule {
		case "window_days":
			d, err := strconv.Atoi(value)
			if err != nil || d < 0 || d > 3650 {
				f.Refuse("window_days is %q: use a whole number of days from 0 to 3650", value)
				continue
			}
			if name == "" {
				p.DefaultWindowDays = d
			} else {
				p.WindowDays[name] = d
			}
		case "non_returnable":
			skus := list(f, "skus")
			if len(skus) == 0 {
				f.Refuse("non_returnable %s names no articles (skus, separated by spaces)", name)
				continue
			}
			for _, s := range skus {
				p.NonReturnable = append(p.NonReturnable, pos.SKU(s))
			}
		case "manager_over":
			if m, ok := money(); ok {
				p.ManagerOver = m
			}
		case "offline_daily_cap":
			if m, ok := money(); ok {
				p.OfflineDailyCap = m
			}
		case "offline_credit_only":
			v, ok := yes(f, "value")
			if ok {
				p.OfflineCreditOnly = v
			}
		case "no_receipt_cash":
			v, ok := yes(f, "value")
			if ok {
				p.NoReceiptCash = v
			}
		default:
			f.Refuse("unknown rule %q: window_days, non_returnable, manager_over, offline_daily_cap, offline_credit_only or no_receipt_cash", rule)
		}
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	if len(p.WindowDays) == 0 {
		p.WindowDays = nil
	}
	return p, p.Check()
}
