package central

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

var polishRates = []pos.VATRate{2300, 800, 500, 0}

// goodSale is a sale of one Żubrówka, 2 × 250 g of kiełbasa (one line, 100 off) and a voided
// line, with a basket discount of 50, paid 60.00 in cash and 1.00 by card.
func goodSale(change func(*pos.SaleEvent)) pos.SaleEvent {
	s := pos.SaleEvent{SaleID: "s-1", Store: "PL-WAW", Till: "01", ReceiptNo: 7, Currency: pos.PLN, Total: 4299 + 1250 - 100 - 50,
		BasketDiscount: 50,
		Lines: []pos.SaleEventLine{
			{No: 1, SKU: "ZUB-07", Qty: 1000, UnitPrice: 4299, VAT: 2300, Amount: 4299 - 40, BasketShare: 40},
			{No: 2, SKU: "KIE-SL", Qty: 500, UnitPrice: 2499, VAT: 500, Amount: 1250 - 100 - 10, LineDiscount: 100, BasketShare: 10},
			{No: 3, SKU: "SAK-1", Qty: 1000, UnitPrice: 3499, VAT: 500, Voided: true},
		},
		Tenders: []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: 6000}, {Kind: pos.TenderCard, Amount: 100, Reference: "A1"}},
	}
	if change != nil {
		change(&s)
	}
	return s
}

func TestCheckSale(t *testing.T) {
	till := Till{Store: "PL-WAW", ID: "01"}
	store := Store{ID: "PL-WAW", Currency: pos.PLN, Country: "PL"}
	if err := CheckSale(goodSale(nil), "s-1", till, store, polishRates); err != nil {
		t.Fatalf("a good sale (2499 × 0.5 kg rounds to 1250, its voided line not counted): %v", err)
	}
	for name, change := range map[string]func(*pos.SaleEvent){
		"AnyCurrency": func(s *pos.SaleEvent) { s.Currency = pos.EUR },
		"LabelPrice": func(s *pos.SaleEvent) {
			s.Lines[1].FixedAmount, s.Lines[1].Amount = 1300, 1300-100-10 // a label printed at yesterday's price
			s.Total += 50
		},
		"RoundedOtherwise": func(s *pos.SaleEvent) { s.Lines[1].Amount--; s.Total-- }, // 1249.5 rounded half down
		"ExactChange":      func(s *pos.SaleEvent) { s.Tenders = []pos.SaleEventTender{{Kind: pos.TenderCard, Amount: s.Total}} },
		"ZeroRate":         func(s *pos.SaleEvent) { s.Lines[0].VAT = 0 },
		// A promotion, then a cashier's discount and the basket's share: 42.99 − 4.30 − 1.00 − 0.40.
		"Promoted": func(s *pos.SaleEvent) {
			s.Lines[0].Promotion, s.Lines[0].PromotionDiscount, s.Lines[0].LineDiscount = "BW-10", 430, 100
			s.Lines[0].Amount -= 530
			s.Total -= 530
		},
	} {
		if err := CheckSale(goodSale(change), "s-1", till, Store{ID: "PL-WAW", Country: "PL"}, polishRates); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, tt := range map[string]struct {
		change    func(*pos.SaleEvent)
		aggregate string
		reason    string
	}{
		"OtherAggregate": {nil, "s-2", `the event is about "s-2" but carries sale s-1`},
		"OtherTill":      {func(s *pos.SaleEvent) { s.Till = "02" }, "s-1", "sale s-1 is of till PL-WAW/02 but was sent by till PL-WAW/01"},
		"NoReceipt":      {func(s *pos.SaleEvent) { s.ReceiptNo = 0 }, "s-1", "has no receipt number"},
		"HugeReceipt":    {func(s *pos.SaleEvent) { s.ReceiptNo = math.MaxInt64 }, "s-1", "has no receipt number from 1"},
		"NoLines":        {func(s *pos.SaleEvent) { s.Lines = nil }, "s-1", "has no lines"},
		"LineTwice":      {func(s *pos.SaleEvent) { s.Lines[2].No = 1 }, "s-1", "has line 1 twice"},
		"NoSKU":          {func(s *pos.SaleEvent) { s.Lines[0].SKU = "" }, "s-1", "line 1 of sale s-1 has no SKU"},
		"NoQuantity":     {func(s *pos.SaleEvent) { s.Lines[0].Qty = 0 }, "s-1", "line 1 of sale s-1 has quantity 0"},
		"HugeQuantity":   {func(s *pos.SaleEvent) { s.Lines[0].Qty = math.MaxInt64 }, "s-1", "line 1 of sale s-1 has quantity 9223372036854775807"},
		"NegativePrice":  {func(s *pos.SaleEvent) { s.Lines[0].UnitPrice = -1 }, "s-1", "line 1 of sale s-1 has an amount that is not from 0"},
		"HugePrice":      {func(s *pos.SaleEvent) { s.Lines[0].UnitPrice = MaxMoney + 1 }, "s-1", "line 1 of sale s-1 has an amount that is not from 0"},
		"NegativeAmount": {func(s *pos.SaleEvent) { s.Lines[0].Amount = -4259; s.Total = -4259 + 1140 }, "s-1", "its total -31.19"},
		"VoidedAmount":   {func(s *pos.SaleEvent) { s.Lines[2].Amount = 1 }, "s-1", "line 3 of sale s-1 is voided but has amount 0.01"},
		"WrongTotal":     {func(s *pos.SaleEvent) { s.Total++ }, "s-1", "add up to 53.99, not its total 54.00"},
		"WrongAmount": {func(s *pos.SaleEvent) { s.Lines[0].Amount -= 2; s.Total -= 2 }, "s-1",
			"line 1 of sale s-1: 42.99 less promotion 0.00 and discounts 0.00 and 0.40 is 42.59, but the line says 42.57"},
		"PromotionNotTakenOff": {func(s *pos.SaleEvent) { s.Lines[0].Promotion, s.Lines[0].PromotionDiscount = "BW-10", 430 }, "s-1",
			"line 1 of sale s-1: 42.99 less promotion 4.30 and discounts 0.00 and 0.40 is 38.29, but the line says 42.59"},
		"PromotionUnnamed": {func(s *pos.SaleEvent) {
			s.Lines[0].PromotionDiscount, s.Lines[0].Amount, s.Total = 430, s.Lines[0].Amount-430, s.Total-430
		}, "s-1", "line 1 of sale s-1 has a promotion discount of 4.30 but names no promotion"},
		"PromotionOverGross": {func(s *pos.SaleEvent) {
			s.Lines[1].Promotion, s.Lines[1].PromotionDiscount, s.Lines[1].LineDiscount = "X", 1300, 0
			s.Lines[1].Amount, s.Total = 0, s.Total-s.Lines[1].Amount
			s.Lines[1].BasketShare, s.Lines[0].BasketShare = 0, 50
			s.Lines[0].Amount, s.Total = s.Lines[0].Amount-10, s.Total-10
		}, "s-1", "line 2 of sale s-1: its promotion takes 13.00 off 12.50"},
		"NegativePromotion": {func(s *pos.SaleEvent) { s.Lines[0].Promotion, s.Lines[0].PromotionDiscount = "BW-10", -1 }, "s-1",
			"line 1 of sale s-1 has an amount that is not from 0"},
		"FreeWithoutDiscount": {func(s *pos.SaleEvent) { s.Total -= s.Lines[0].Amount; s.Lines[0].Amount = 0 }, "s-1", "but the line says 0.00"},
		"UnpaidSale":          {func(s *pos.SaleEvent) { s.Tenders = s.Tenders[1:] }, "s-1", "sale s-1 is paid 1.00 of its total 53.99"},
		"CardChange": {func(s *pos.SaleEvent) {
			s.Tenders = []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: 10}, {Kind: pos.TenderCard, Amount: 6000}}
		}, "s-1",
			"sale s-1 gives 6.11 change but only 0.10 was tendered in cash"},
		"UnknownTender": {func(s *pos.SaleEvent) { s.Tenders[1].Kind = "cheque" }, "s-1", `sale s-1 has a tender of kind "cheque"`},
		"ExchangeTwice": {func(s *pos.SaleEvent) {
			s.Tenders = []pos.SaleEventTender{{Kind: pos.TenderExchange, Amount: 3000, Reference: "r-1"}, {Kind: pos.TenderExchange, Amount: 2399, Reference: "r-1"}}
		}, "s-1", "sale s-1 is paid by goods returned twice"},
		"ExchangeUnnamed": {func(s *pos.SaleEvent) { s.Tenders[1] = pos.SaleEventTender{Kind: pos.TenderExchange, Amount: 100} }, "s-1",
			"tender 2 of sale s-1 pays with goods returned but names no return"},
		"RefundApproval": {func(s *pos.SaleEvent) { s.Tenders[1].Approval = "R-1" }, "s-1", "tender 2 of sale s-1 carries a refund's approval"},
		"NoTenderAmount": {func(s *pos.SaleEvent) { s.Tenders[1].Amount = 0 }, "s-1", "tender 2 of sale s-1 is 0.00"},
		"UnknownVAT":     {func(s *pos.SaleEvent) { s.Lines[0].VAT = 2100 }, "s-1", "line 1 of sale s-1 has VAT 21%, which is no rate of PL"},
		"OtherCurrency":  {func(s *pos.SaleEvent) { s.Currency = pos.EUR }, "s-1", "sale s-1 is in EUR but store PL-WAW sells in PLN"},
		// The reported case: two lines of the largest quantity at amount 0.
		"Overflow": {func(s *pos.SaleEvent) {
			s.Lines = []pos.SaleEventLine{{No: 1, SKU: "ZUB-07", Qty: math.MaxInt64}, {No: 2, SKU: "ZUB-07", Qty: math.MaxInt64}}
			s.Total, s.BasketDiscount = 0, 0
		}, "s-1", "has quantity 9223372036854775807"},
		"ProductOverflows": {func(s *pos.SaleEvent) { s.Lines[0].UnitPrice, s.Lines[0].Qty = MaxMoney, MaxQty }, "s-1", "is beyond what central can sum"},
	} {
		t.Run(name, func(t *testing.T) {
			var rej *Rejection
			err := CheckSale(goodSale(tt.change), tt.aggregate, till, store, polishRates)
			if !errors.As(err, &rej) || !strings.Contains(rej.Reason, tt.reason) {
				t.Fatalf("got %v, want a rejection saying %q", err, tt.reason)
			}
		})
	}
}

// What IT may waive when it releases a sale, and what it may not.
func TestCheckSaleSums(t *testing.T) {
	till := Till{Store: "PL-WAW", ID: "01"}
	waivable := goodSale(func(s *pos.SaleEvent) { s.Lines[0].VAT = 2100; s.Tenders = nil })
	if err := CheckSaleSums(waivable, "s-1", till); err != nil {
		t.Fatalf("an unknown rate and no payment can be released: %v", err)
	}
	if err := CheckSale(waivable, "s-1", till, Store{ID: "PL-WAW"}, polishRates); err == nil {
		t.Fatal("CheckSale let an unknown rate through")
	}
	for name, change := range map[string]func(*pos.SaleEvent){
		"WrongTotal":   func(s *pos.SaleEvent) { s.Total++ },
		"HugeQuantity": func(s *pos.SaleEvent) { s.Lines[0].Qty = MaxQty + 1 },
		"OtherTill":    func(s *pos.SaleEvent) { s.Till = "02" },
	} {
		if err := CheckSaleSums(goodSale(change), "s-1", till); err == nil {
			t.Errorf("%s: released", name)
		}
	}
}

func TestMovementBounds(t *testing.T) {
	if err := (Movement{Store: "PL-WAW", SKU: "ZUB-07", Delta: MaxQty}).Check(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []pos.Qty{MaxQty + 1, -MaxQty - 1, math.MaxInt64, math.MinInt64} {
		if err := (Movement{Store: "PL-WAW", SKU: "ZUB-07", Delta: d}).Check(); pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("a movement of %d: %v", d, err)
		}
	}
}
