package pos

import "fmt"

// Bounds of what a sale may hold. A price comes from a catalog file, from central or from a
// label; a quantity from a scale, a label or the keyboard: none of them may make an amount
// that is surely a mistake, nor one that wraps around int64 into a plausible number.
const (
	// DefaultMaxPrice is the highest unit or label price a till takes when its set-up
	// says nothing else (setting policy.max_price): 100,000 a unit.
	DefaultMaxPrice Money = 100_000_00
	// MaxPriceCeiling is the highest the price limit may be set to: 10,000,000 a unit.
	// With quantities up to 9,999 and totals up to a thousand prices, no amount of a sale
	// comes near the end of int64 (9.2 × 10^18).
	MaxPriceCeiling Money = 10_000_000_00
	// MaxQty is the largest quantity of one line: 9,999 pieces or kilograms.
	MaxQty Qty = maxQty
	// totalPerPrice is how many price limits a sale may total: 100,000,000 by default.
	totalPerPrice = 1000
)

// maxPrice is the policy's price limit, the default when it has none.
func (p Policy) maxPrice() Money {
	if p.MaxPrice <= 0 {
		return DefaultMaxPrice
	}
	return min(p.MaxPrice, MaxPriceCeiling)
}

// MaxTotal is the most a sale may come to under the policy: a thousand times its price limit.
func (p Policy) MaxTotal() Money { return p.maxPrice() * totalPerPrice }

// CheckPrice refuses a catalog or label price over the policy's limit, in words for the
// person at the till. what names the price ("the price of Mleko 1 l").
func (p Policy) CheckPrice(what string, price Money) error {
	if price > p.maxPrice() {
		return Errorf(EINVALID, "%s (%s) is over this till's limit of %s a unit: ask a manager to check it (setting policy.max_price).",
			what, price.Display(), p.maxPrice().Display())
	}
	return nil
}

// checkLine checks that line l, put at index at of s's lines (len(s.Lines) for a new one),
// has a price within the limit and leaves the sale's total within it, every step of the
// sum checked for overflow.
func (p Policy) checkLine(s *Sale, l Line, at int) error {
	if err := p.CheckPrice(fmt.Sprintf("The price of %s", l.Name), l.UnitPrice); err != nil {
		return err
	}
	if err := p.CheckPrice(fmt.Sprintf("The label price of %s", l.Name), l.FixedAmount); err != nil {
		return err
	}
	if l.Qty <= 0 || l.Qty > maxQty {
		return Errorf(EINVALID, "a quantity over 9999 is surely a mistake")
	}
	gross, ok := l.FixedAmount, true
	if gross == 0 {
		gross, ok = CheckedMulQty(l.UnitPrice, l.Qty)
	}
	total := gross
	for i, other := range s.Lines {
		if ok && i != at && !other.Voided {
			total, ok = CheckedSum(total, other.Due())
		}
	}
	if !ok || total > p.MaxTotal() {
		return Errorf(EINVALID, "With %s × %s the sale would come to more than %s: check the quantity and the price.",
			l.Qty.Format(l.Unit), l.Name, p.MaxTotal().Display())
	}
	return nil
}
