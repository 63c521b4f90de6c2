package central

import (
	"errors"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

func TestCheckSale(t *testing.T) {
	till := Till{Store: "PL-WAW", ID: "01"}
	store := Store{ID: "PL-WAW", Currency: pos.PLN}
	sale := func(change func(*pos.SaleEvent)) pos.SaleEvent {
		s := pos.SaleEvent{SaleID: "s-1", Store: "PL-WAW", Till: "01", ReceiptNo: 7, Currency: pos.PLN, Total: 4299,
			Lines: []pos.SaleEventLine{{No: 1, SKU: "ZUB-07", Qty: 1000, Amount: 4299}, {No: 2, SKU: "SAK-1", Qty: 1000, Amount: 3499, Voided: true}}}
		if change != nil {
			change(&s)
		}
		return s
	}
	if err := CheckSale(sale(nil), "s-1", till, store); err != nil {
		t.Fatalf("a good sale (its voided line not counted): %v", err)
	}
	if err := CheckSale(sale(func(s *pos.SaleEvent) { s.Currency = pos.EUR }), "s-1", till, Store{ID: "XX"}); err != nil {
		t.Fatalf("a store without a currency takes any: %v", err)
	}
	for name, tt := range map[string]struct {
		sale      pos.SaleEvent
		aggregate string
		reason    string
	}{
		"OtherAggregate": {sale(nil), "s-2", `the event is about "s-2" but carries sale s-1`},
		"OtherTill":      {sale(func(s *pos.SaleEvent) { s.Till = "02" }), "s-1", "sale s-1 is of till PL-WAW/02 but was sent by till PL-WAW/01"},
		"NoReceipt":      {sale(func(s *pos.SaleEvent) { s.ReceiptNo = 0 }), "s-1", "has no receipt number"},
		"LineTwice":      {sale(func(s *pos.SaleEvent) { s.Lines[1].No = 1 }), "s-1", "has line 1 twice"},
		"NoQuantity":     {sale(func(s *pos.SaleEvent) { s.Lines[0].Qty = 0 }), "s-1", "line 1 of sale s-1 has quantity 0"},
		"WrongTotal":     {sale(func(s *pos.SaleEvent) { s.Total = 7798 }), "s-1", "add up to 42.99, not its total 77.98"},
		"OtherCurrency":  {sale(func(s *pos.SaleEvent) { s.Currency = pos.EUR }), "s-1", "sale s-1 is in EUR but store PL-WAW sells in PLN"},
	} {
		t.Run(name, func(t *testing.T) {
			var rej *Rejection
			if err := CheckSale(tt.sale, tt.aggregate, till, store); !errors.As(err, &rej) || !strings.Contains(rej.Reason, tt.reason) {
				t.Fatalf("got %v, want a rejection saying %q", err, tt.reason)
			}
		})
	}
}
