package pos

import (
	"slices"
	"strings"
	"time"
)

// PromoKind says how a promotion lowers a price.
type PromoKind string

const (
	PromoPercent  PromoKind = "percent"  // Value basis points off each unit's price
	PromoPrice    PromoKind = "price"    // each unit at Value instead of its price
	PromoMultibuy PromoKind = "multibuy" // every MinQty pieces together at Value
)

// Promotion is a price rule of the chain: the web shop and every till price a basket with
// the same promotions through PriceLines, so a customer pays the same in every channel.
type Promotion struct {
	ID     string
	Name   string
	Kind   PromoKind
	SKUs   []SKU
	Value  int64     // basis points (percent); minor units: the unit price (price), the bundle's price (multibuy)
	MinQty int64     // pieces a multibuy bundles
	Stores []StoreID // empty: every store
	Starts time.Time // the first instant it applies
	Ends   time.Time // the first instant it no longer applies
	// Withdrawn says the chain took it back: it applies nowhere.
	Withdrawn bool
	// Members says it is for the loyalty programme's customers: it applies to a basket
	// whose customer is known (a card scanned at the till, signed in at the web shop).
	Members bool
}

// Validate checks a promotion before it is published.
func (p Promotion) Validate() error {
	switch {
	case strings.TrimSpace(p.ID) == "":
		return Errorf(EINVALID, "the promotion id is empty")
	case strings.TrimSpace(p.Name) == "":
		return Errorf(EINVALID, "promotion %s has no name", p.ID)
	case len(p.SKUs) == 0:
		return Errorf(EINVALID, "promotion %s names no SKU", p.ID)
	case p.Starts.IsZero() || p.Ends.IsZero():
		return Errorf(EINVALID, "promotion %s needs both a start and an end", p.ID)
	case !p.Ends.After(p.Starts):
		return Errorf(EINVALID, "promotion %s ends before it starts", p.ID)
	case p.Kind != PromoMultibuy && p.MinQty != 0:
		return Errorf(EINVALID, "promotion %s: a number of pieces is for a multibuy only", p.ID)
	}
	switch p.Kind {
	case PromoPercent:
		if p.Value <= 0 || p.Value > 10000 {
			return Errorf(EINVALID, "promotion %s: a percent off must be more than 0 %% and at most 100 %%", p.ID)
		}
	case PromoPrice:
		if p.Value < 0 {
			return Errorf(EINVALID, "promotion %s has a negative price", p.ID)
		}
	case PromoMultibuy:
		if p.MinQty < 2 || p.Value < 0 {
			return Errorf(EINVALID, "promotion %s: a multibuy needs at least 2 pieces and a price of 0 or more", p.ID)
		}
	default:
		return Errorf(EINVALID, "promotion %s has unknown kind %q: use percent, price or multibuy", p.ID, p.Kind)
	}
	return nil
}

// ActiveAt reports whether the promotion applies in store at the instant at.
func (p Promotion) ActiveAt(store StoreID, at time.Time) bool {
	return !p.Withdrawn && !at.Before(p.Starts) && at.Before(p.Ends) &&
		(len(p.Stores) == 0 || slices.Contains(p.Stores, store))
}

// PriceLine is an article and quantity to price, at the catalog's price.
type PriceLine struct {
	SKU       SKU
	Unit      Unit
	UnitPrice Money // gross per piece or per kilogram
	Qty       Qty
}

// PricedLine is what a line costs once promotions are applied.
type PricedLine struct {
	Gross     Money  // unit price × quantity
	Discount  Money  // what the best promotion takes off; never more than Gross
	Promotion string // the id of that promotion; empty when none applies
}

// Amount is what the customer pays for the line.
func (l PricedLine) Amount() Money { return l.Gross - l.Discount }

// PriceLines prices lines sold in store at the instant at, for a loyalty member or not.
// Each line takes the one active promotion that takes the most off it (the first given, on
// a tie); promotions do not add up; members' promotions apply to members only. A multibuy
// counts the whole pieces of one line, so a caller merges the lines of one article first;
// weighed articles have no pieces and take no multibuy.
func PriceLines(lines []PriceLine, promos []Promotion, store StoreID, at time.Time, member bool) []PricedLine {
	out := make([]PricedLine, len(lines))
	for i, l := range lines {
		out[i].Gross = MulQty(l.UnitPrice, l.Qty)
		for _, p := range promos {
			if !p.ActiveAt(store, at) || (p.Members && !member) || !slices.Contains(p.SKUs, l.SKU) {
				continue
			}
			if d := min(p.discount(l, out[i].Gross), out[i].Gross); d > out[i].Discount {
				out[i].Discount, out[i].Promotion = d, p.ID
			}
		}
	}
	return out
}

// discount is what p alone takes off a line whose undiscounted amount is gross.
func (p Promotion) discount(l PriceLine, gross Money) Money {
	switch p.Kind {
	case PromoPercent:
		return gross.Percent(p.Value) // rounded half up, once per line
	case PromoPrice:
		if Money(p.Value) < l.UnitPrice {
			return gross - MulQty(Money(p.Value), l.Qty)
		}
	case PromoMultibuy:
		if l.Unit != UnitPiece || p.MinQty < 2 {
			return 0
		}
		bundles := int64(l.Qty) / 1000 / p.MinQty
		if saving := MulQty(l.UnitPrice, Pieces(p.MinQty)) - Money(p.Value); saving > 0 {
			return Money(bundles) * saving
		}
	}
	return 0
}

// ParsePercent reads a percentage such as "15", "12,5" or "12.5%" into basis points.
func ParsePercent(s string) (int64, error) {
	v, err := parseFixed(strings.TrimSuffix(strings.TrimSpace(s), "%"), 2)
	if err != nil || v <= 0 || v > 10000 {
		return 0, Errorf(EINVALID, "%q is not a percentage from 0,01 to 100 (use e.g. 15 or 12,5)", s)
	}
	return v, nil
}
