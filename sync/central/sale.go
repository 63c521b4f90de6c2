package central

import (
	"slices"

	"github.com/omnitill/omnitill/pos"
)

// Bounds of what a till's sale may say. They are far above any real sale (a till refuses
// much less: see pos), and far enough below int64's end that no sum or product central
// makes of them can wrap: the checks add and multiply with pos's overflow-checked
// arithmetic all the same.
const (
	// MaxQty is the most one line or one stock movement may move: a million pieces or
	// kilograms, in thousandths.
	MaxQty pos.Qty = 1_000_000_000
	// MaxMoney bounds every amount of a sale (unit price, line, discount, total, tender):
	// ten billion in major units.
	MaxMoney pos.Money = 1_000_000_000_000
	// MaxReceiptNo bounds receipt numbers, which a till counts from 1.
	MaxReceiptNo pos.ReceiptNo = 1_000_000_000_000
	// MaxStock bounds an article's on-hand in a store, either way: a thousand times the
	// largest movement. A movement that would take the level beyond it is refused, so the
	// stock stream's running sum stays an integer (SQLite turns an integer sum that
	// overflows into a float, which no till can read).
	MaxStock pos.Qty = 1_000 * MaxQty
)

// LineRounding is how far, in minor units, a line's amount may be from its gross (the
// label's price, or unit price × quantity rounded half away from zero as pos.MulQty does)
// less its discounts. Price × quantity in thousandths has to be rounded to a minor unit,
// and a channel or a scale that rounds otherwise (half to even, per piece) lands at most
// one minor unit away. The lines must still add up to the total exactly, so this never
// lets money appear or vanish: it only lets a rounding through.
const LineRounding pos.Money = 1

// CheckSale refuses a sale central cannot book: one that is not about the event's
// aggregate or not of the till that sent it, incomplete, beyond the bounds, whose lines do
// not add up to its total, whose line amounts are not their price less their discounts,
// whose tenders do not pay it (or give more change than the cash tendered), with a VAT
// rate its store's country does not have (rates, which central looks up), or in another
// currency than its store sells in.
func CheckSale(s pos.SaleEvent, aggregate string, till Till, store Store, rates []pos.VATRate) error {
	if err := CheckSaleSums(s, aggregate, till); err != nil {
		return err
	}
	return checkSaleRules(s, store, rates)
}

// CheckSaleSums is the part of CheckSale nobody may waive: the sale is this event's and
// this till's, complete, within the bounds, and its lines add up to its total. IT may
// release a refused sale past the other rules (ReleaseEvent), never past these: rows that
// do not add up, or amounts no sum can hold, would make central's own streams and reports
// wrong.
func CheckSaleSums(s pos.SaleEvent, aggregate string, till Till) error {
	switch {
	case s.SaleID == "":
		return Reject("the sale has no sale_id")
	case string(s.SaleID) != aggregate:
		return Reject("the event is about %q but carries sale %s", aggregate, s.SaleID)
	case s.Store != till.Store || s.Till != till.ID:
		return Reject("sale %s is of till %s/%s but was sent by till %s", s.SaleID, s.Store, s.Till, till)
	case s.ReceiptNo <= 0 || s.ReceiptNo > MaxReceiptNo:
		return Reject("sale %s has no receipt number from 1 to %d (it says %d)", s.SaleID, MaxReceiptNo, s.ReceiptNo)
	case len(s.Lines) == 0:
		return Reject("sale %s has no lines", s.SaleID)
	case !inMoney(s.Total) || !inMoney(s.BasketDiscount):
		return Reject("sale %s: its total %s or basket discount %s is not from 0 to %s", s.SaleID, s.Total, s.BasketDiscount, MaxMoney)
	}
	var sum pos.Money
	lineNos := map[int]bool{}
	for _, l := range s.Lines {
		switch {
		case lineNos[l.No]:
			return Reject("sale %s has line %d twice", s.SaleID, l.No)
		case l.SKU == "":
			return Reject("line %d of sale %s has no SKU", l.No, s.SaleID)
		case l.Qty <= 0 || l.Qty > MaxQty:
			return Reject("line %d of sale %s has quantity %d: a line holds from 1 to %d thousandths", l.No, s.SaleID, l.Qty, MaxQty)
		case !inMoney(l.UnitPrice) || !inMoney(l.FixedAmount) || !inMoney(l.Amount) || !inMoney(l.LineDiscount) || !inMoney(l.BasketShare) ||
			!inMoney(l.PromotionDiscount):
			return Reject("line %d of sale %s has an amount that is not from 0 to %s", l.No, s.SaleID, MaxMoney)
		case l.Voided && l.Amount != 0:
			return Reject("line %d of sale %s is voided but has amount %s", l.No, s.SaleID, l.Amount)
		}
		lineNos[l.No] = true
		if l.Voided {
			continue
		}
		var ok bool
		if sum, ok = pos.CheckedSum(sum, l.Amount); !ok || sum > MaxMoney {
			return Reject("the lines of sale %s add up to more than %s", s.SaleID, MaxMoney)
		}
	}
	if sum != s.Total {
		return Reject("the lines of sale %s add up to %s, not its total %s", s.SaleID, sum, s.Total)
	}
	exchanges := 0
	for i, t := range s.Tenders {
		if t.Kind == pos.TenderExchange {
			exchanges++
		}
		switch {
		case exchanges > 1: // a till takes goods back once against a sale
			return Reject("sale %s is paid by goods returned twice: one exchange a sale", s.SaleID)
		case t.Kind == pos.TenderPoints && s.Customer == "":
			return Reject("tender %d of sale %s pays with points but the sale names no customer", i+1, s.SaleID)
		case t.Kind == pos.TenderPoints && (t.Points <= 0 || t.Points > pos.MaxPoints):
			return Reject("tender %d of sale %s redeems %d points: from 1 to %d", i+1, s.SaleID, t.Points, int64(pos.MaxPoints))
		case t.Approval != "":
			return Reject("tender %d of sale %s carries a refund's approval", i+1, s.SaleID)
		case t.Kind != pos.TenderPoints && t.Points != 0:
			return Reject("tender %d of sale %s is %s but carries points", i+1, s.SaleID, t.Kind)
		case t.Kind == pos.TenderVoucher && (t.Reference == "" || len(t.Reference) > 64):
			return Reject("tender %d of sale %s pays with store credit but names no voucher", i+1, s.SaleID)
		case t.Kind == pos.TenderExchange && (t.Reference == "" || len(t.Reference) > 64):
			return Reject("tender %d of sale %s pays with goods returned but names no return", i+1, s.SaleID)
		}
		if t.Amount <= 0 || t.Amount > MaxMoney {
			return Reject("tender %d of sale %s is %s: a tender is more than 0 and at most %s", i+1, s.SaleID, t.Amount, MaxMoney)
		}
	}
	return nil
}

// checkSaleRules checks what IT may waive for one sale it has looked at: each line's
// amount against its price, its promotion and its discounts, the payment, the VAT rates
// and the currency. Which promotion a line took is the till's to say: a till prices with
// the promotions it had (offline, perhaps older ones), and the customer paid that.
func checkSaleRules(s pos.SaleEvent, store Store, rates []pos.VATRate) error {
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		gross, ok := l.FixedAmount, true
		if gross == 0 {
			gross, ok = pos.CheckedMulQty(l.UnitPrice, l.Qty)
		}
		due, okDue := pos.CheckedSum(gross, -l.PromotionDiscount, -l.LineDiscount, -l.BasketShare)
		if !ok || !okDue {
			return Reject("line %d of sale %s: %s × %d thousandths is beyond what central can sum", l.No, s.SaleID, l.UnitPrice, l.Qty)
		}
		switch {
		case l.PromotionDiscount > 0 && l.Promotion == "":
			return Reject("line %d of sale %s has a promotion discount of %s but names no promotion", l.No, s.SaleID, l.PromotionDiscount)
		case l.PromotionDiscount > gross:
			return Reject("line %d of sale %s: its promotion takes %s off %s", l.No, s.SaleID, l.PromotionDiscount, gross)
		}
		if d := due - l.Amount; d > LineRounding || d < -LineRounding {
			return Reject("line %d of sale %s: %s less promotion %s and discounts %s and %s is %s, but the line says %s",
				l.No, s.SaleID, gross, l.PromotionDiscount, l.LineDiscount, l.BasketShare, due, l.Amount)
		}
		if !slices.Contains(rates, l.VAT) {
			country := store.Country
			if country == "" {
				country = "the catalog's country"
			}
			return Reject("line %d of sale %s has VAT %s, which is no rate of %s that central knows (omnitill-central import vat)",
				l.No, s.SaleID, l.VAT.Percent(), country)
		}
	}
	var paid, cash pos.Money
	for _, t := range s.Tenders {
		okCash := true
		switch t.Kind {
		case pos.TenderCash:
			cash, okCash = pos.CheckedSum(cash, t.Amount)
		case pos.TenderCard, pos.TenderPoints, pos.TenderVoucher, pos.TenderExchange:
		default:
			return Reject("sale %s has a tender of kind %q: central knows cash, card, points, voucher and exchange", s.SaleID, t.Kind)
		}
		var ok bool
		if paid, ok = pos.CheckedSum(paid, t.Amount); !ok || !okCash {
			return Reject("the tenders of sale %s add up to more than central can sum", s.SaleID)
		}
	}
	switch change := paid - s.Total; {
	case change < 0:
		return Reject("sale %s is paid %s of its total %s", s.SaleID, paid, s.Total)
	case change > cash:
		return Reject("sale %s gives %s change but only %s was tendered in cash", s.SaleID, change, cash)
	}
	if store.Currency != "" && store.Currency != s.Currency {
		return Reject("sale %s is in %s but store %s sells in %s", s.SaleID, s.Currency, store.ID, store.Currency)
	}
	return nil
}

func inMoney(m pos.Money) bool { return m >= 0 && m <= MaxMoney }
