package wire_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// TestSalePayloadMatchesTheTill catches the till and central drifting apart: every field
// pos.SaleCompleted writes must be a field of wire.Sale, with the same meaning.
func TestSalePayloadMatchesTheTill(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 1, 0, 0, time.UTC)
	s := &pos.Sale{
		ID: "0190aaaa-0000-7000-8000-000000000001", Store: "PL-WAW", Till: "01", ReceiptNo: 7,
		Cashier: pos.Staff{ID: "anna"}, Currency: pos.PLN, StartedAt: at.Add(-time.Minute), CompletedAt: at,
		Lines: []pos.Line{
			{No: 1, SKU: "ZUB-07", Code: "5900343000185", Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(2), VAT: 2300},
			{No: 2, SKU: "KIE-SL", Unit: pos.UnitKg, UnitPrice: 2499, Qty: pos.Grams(512), VAT: 500, Discount: pos.Discount{Amount: 100}},
			{No: 3, SKU: "SAK-1", Unit: pos.UnitPiece, UnitPrice: 3499, Qty: pos.Pieces(1), VAT: 500, Voided: true},
		},
		BasketDiscount: pos.Discount{Amount: 50},
		Tenders:        []pos.Tender{{Kind: pos.TenderCash, Amount: 20000}, {Kind: pos.TenderCard, Amount: 1, Reference: "A1"}},
	}
	ev, err := pos.SaleCompleted(s)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != wire.EventSaleCompleted {
		t.Fatalf("event type %q, central knows %q", ev.Type, wire.EventSaleCompleted)
	}
	dec := json.NewDecoder(bytes.NewReader(ev.Payload))
	dec.DisallowUnknownFields()
	var got wire.Sale
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("the till's sale payload does not fit wire.Sale: %v", err)
	}
	var sum int64
	for _, l := range got.Lines {
		if !l.Voided {
			sum += l.Amount
		}
	}
	switch {
	case got.SaleID != string(s.ID) || got.StoreID != "PL-WAW" || got.TillID != "01" || got.ReceiptNo != 7 || got.CashierID != "anna":
		t.Fatalf("ids: %+v", got)
	case got.Total != int64(s.Total()) || sum != got.Total || got.BasketDiscount != 50:
		t.Fatalf("total %d, lines add up to %d, till says %d", got.Total, sum, s.Total())
	case len(got.Lines) != 3 || got.Lines[1].Qty != 512 || got.Lines[1].LineDiscount != 100 || !got.Lines[2].Voided || got.Lines[0].Code != "5900343000185":
		t.Fatalf("lines %+v", got.Lines)
	case len(got.Tenders) != 2 || got.Tenders[1].Reference != "A1" || !got.CompletedAt.Equal(at):
		t.Fatalf("tenders %+v, completed %v", got.Tenders, got.CompletedAt)
	}
}
