package pos

import "testing"

// What goods brought back in an exchange paid of a sale comes back as store credit when
// that sale is returned in its turn, never as cash: an exchange never turns a card payment
// or store credit into cash.
func TestRefundOfASalePaidByAnExchange(t *testing.T) {
	src := Returnable{Kind: SourceSale, Lines: []ReturnableLine{{Line: 1, Amount: 3499}},
		Tenders: []SaleEventTender{{Kind: TenderExchange, Amount: 2499, Reference: "R-1"}, {Kind: TenderCash, Amount: 1000}}}
	got := RefundTo(src, 3499, false)
	if len(got) != 2 || got[0].Kind != TenderCash || got[0].Amount != 1000 || got[1].Kind != TenderCredit || got[1].Amount != 2499 {
		t.Fatalf("refund %+v, want 10,00 cash and 24,99 store credit", got)
	}
}
