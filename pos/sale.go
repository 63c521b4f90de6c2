package pos

import (
	"math/big"
	"math/bits"
	"time"
)

// Discount lowers a line or the whole basket by an amount, for a reason the receipt prints.
type Discount struct {
	Amount     Money
	Reason     string
	ApprovedBy StaffID // the manager who approved a discount over the cashier's limit
}

// Line is one article line of a sale.
type Line struct {
	No        int // 1-based, stable: voided lines keep their number
	SKU       SKU
	Name      string
	Code      string // what was scanned or typed
	Unit      Unit
	UnitPrice Money // gross, per piece or per kilogram
	Qty       Qty
	VAT       VATRate
	// FixedAmount is set when the barcode carried the line's price (a price-embedded code).
	FixedAmount Money
	// Promotion is what the chain's promotion takes off the line: the register sets it
	// (PriceLines) whenever the basket changes. Discount, a cashier's, comes on top of it.
	Promotion  LinePromotion
	Discount   Discount
	Voided     bool
	VoidReason string // why, in the store's language
	// Department and OpenPriceBy are set for an article the catalog does not know, sold at
	// a price a manager approved, under a department of the store (which gives its VAT).
	Department  string
	OpenPriceBy StaffID
}

// Gross is the line's amount before its discount.
func (l Line) Gross() Money {
	if l.FixedAmount != 0 {
		return l.FixedAmount
	}
	return MulQty(l.UnitPrice, l.Qty)
}

// Promoted is the line's amount after its promotion, before the cashier's discount: what a
// line discount is given on (a percent of it, and the limit a cashier gives alone).
func (l Line) Promoted() Money { return l.Gross() - l.Promotion.Amount }

// Due is the line's amount after its promotion and its own discount (before any basket
// discount).
func (l Line) Due() Money { return l.Promoted() - l.Discount.Amount }

// LinePromotion is the promotion a line takes (its share of it, when the lines of one
// article were priced together).
type LinePromotion struct {
	ID     string
	Name   string // as central named it; the receipt prints it
	Amount Money  // what it takes off the line; 0 when no promotion applies
}

// TenderKind is a means of payment.
type TenderKind string

const (
	TenderCash TenderKind = "cash"
	TenderCard TenderKind = "card"
)

// Label is the tender's name on the receipt.
func (k TenderKind) Label() Phrase {
	switch k {
	case TenderCash:
		return Phrasef("Cash")
	case TenderCard:
		return Phrasef("Card")
	case TenderPoints:
		return Phrasef("Points")
	case TenderOnline:
		return Phrasef("Refund to the online payment")
	case TenderVoucher:
		return Phrasef("Store credit")
	case TenderCredit:
		return Phrasef("Store credit voucher")
	case TenderExchange:
		return Phrasef("Goods returned")
	}
	return Phrasef("%s", string(k))
}

// Tender is one payment toward a sale. Cash may exceed what is due (change is given);
// a card tender never does.
type Tender struct {
	Kind      TenderKind
	Amount    Money
	Reference string // the card terminal's approval code; central's hold of points; a voucher's code
	Points    int64  // the points a points tender redeems
	Hold      string // central's hold of a voucher's credit (empty: spent offline)
	// Approval is the card terminal's approval of a refund to a card (Reference names the
	// card payment it refunds).
	Approval string
}

// Sale is a basket being rung up and, once committed, the record of what was sold.
type Sale struct {
	ID             SaleID
	Store          StoreID
	Till           TillID
	ReceiptNo      ReceiptNo // assigned by the commit
	Training       bool
	Cashier        Staff
	Currency       Currency
	StartedAt      time.Time
	CompletedAt    time.Time
	Lines          []Line
	BasketDiscount Discount
	Tenders        []Tender
	// Customer is who the sale is for, when they showed their loyalty card or were found by
	// phone or e-mail: as the till knew them then. Nil for an anonymous sale.
	Customer *Customer `json:",omitempty"`
	// Points is what the sale earned and redeemed of the customer's points (set when it
	// is completed).
	Points SalePoints
	// Coupon is the coupon the sale took (nil: none); what it took off is BasketDiscount.
	Coupon *SaleCoupon `json:",omitempty"`
	// Exchange is the return of goods the customer brought back for this sale: their value
	// pays for it (ExchangeCredit), what is left is refunded (ExchangeRefund). Nil: none.
	Exchange *Return `json:"-"`
}

// Totals is what the cashier and the receipt show of a sale.
type Totals struct {
	Subtotal   Money // sum of line amounts after promotions and line discounts
	Discount   Money // basket discount
	Promotions Money // what promotions took off the lines
	// Saving is everything taken off the catalog's prices: promotions, line and basket
	// discounts. The receipt says "You saved" it.
	Saving   Money
	Total    Money
	VAT      []VATLine
	VATTotal Money
	Net      Money
	Items    int // live lines
}

// ActiveLines are the lines not voided.
func (s Sale) ActiveLines() []Line {
	out := make([]Line, 0, len(s.Lines))
	for _, l := range s.Lines {
		if !l.Voided {
			out = append(out, l)
		}
	}
	return out
}

// BasketShares spreads the basket discount over the live lines in proportion to their amounts
// (largest remainder, so the shares add up exactly); VAT per rate is then computed on what the
// customer really pays. The result is indexed like s.Lines.
func (s Sale) BasketShares() []Money {
	weights := make([]Money, len(s.Lines))
	for i, l := range s.Lines {
		if !l.Voided {
			weights[i] = l.Due()
		}
	}
	return spread(s.BasketDiscount.Amount, weights)
}

// spread shares total out in proportion to weights (largest remainder, first on ties), so
// the shares add up to total exactly; a weight of 0 or less takes nothing. total is at most
// the weights' sum.
func spread(total Money, weights []Money) []Money {
	shares := make([]Money, len(weights))
	var base Money
	for _, w := range weights {
		if w > 0 {
			base += w
		}
	}
	if total == 0 || base <= 0 {
		return shares
	}
	type rem struct {
		i int
		r int64
	}
	var given Money
	var rems []rem
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		q, r := mulDiv(int64(total), int64(w), int64(base))
		shares[i] = Money(q)
		given += shares[i]
		rems = append(rems, rem{i, r})
	}
	// Hand out the remaining minor units to the largest remainders, first line first on ties.
	for left := total - given; left > 0; left-- {
		best := -1
		for j, r := range rems {
			if best < 0 || r.r > rems[best].r {
				best = j
			}
		}
		shares[rems[best].i]++
		rems[best].r = -1
	}
	return shares
}

// mulDiv is a×b/c and its remainder, for 0 ≤ a, b and 0 < c with a ≤ c, the product
// taken in 128 bits: a basket discount times a line's amount passes int64 long before
// either does (10^10 × 10^10).
func mulDiv(a, b, c int64) (q, r int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if hi >= uint64(c) { // a > c: not a discount the register lets stand; no panic for it
		var n big.Int
		n.Mul(big.NewInt(a), big.NewInt(b))
		qq, rr := n.QuoRem(&n, big.NewInt(c), new(big.Int))
		return qq.Int64(), rr.Int64()
	}
	uq, ur := bits.Div64(hi, lo, uint64(c))
	return int64(uq), int64(ur)
}

// Totals computes subtotal, basket discount, VAT per rate and total.
func (s Sale) Totals(t VATTable) Totals {
	var tot Totals
	byRate := map[VATRate]Money{}
	shares := s.BasketShares()
	for i, l := range s.Lines {
		if l.Voided {
			continue
		}
		tot.Items++
		tot.Subtotal += l.Due()
		tot.Promotions += l.Promotion.Amount
		tot.Saving += l.Promotion.Amount + l.Discount.Amount
		byRate[l.VAT] += l.Due() - shares[i]
	}
	tot.Discount = s.BasketDiscount.Amount
	tot.Saving += tot.Discount
	tot.Total = tot.Subtotal - tot.Discount
	tot.VAT = SummarizeVAT(t, byRate)
	for _, v := range tot.VAT {
		tot.VATTotal += v.VAT
	}
	tot.Net = tot.Total - tot.VATTotal
	return tot
}

// Total is what the customer pays.
func (s Sale) Total() Money {
	var sum Money
	for _, l := range s.Lines {
		if !l.Voided {
			sum += l.Due()
		}
	}
	return sum - s.BasketDiscount.Amount
}

// Paid is the sum of the tenders taken, with what goods brought back in exchange pay.
func (s Sale) Paid() Money {
	sum := s.exchangeCredit()
	for _, t := range s.Tenders {
		sum += t.Amount
	}
	return sum
}

// Remaining is what is still to pay (zero once paid).
func (s Sale) Remaining() Money { return max(s.Total()-s.Paid(), 0) }

// Change is the cash handed back.
func (s Sale) Change() Money { return max(s.Paid()-s.Total(), 0) }
