package pos_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// The payload the till writes into the outbox reads back, field for field, as central reads
// it; and every key written is a field of the schema (none dropped on the way).
func TestSaleEventRoundTrip(t *testing.T) {
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
	if ev.Type != pos.EventSaleCompleted || ev.Aggregate != string(s.ID) {
		t.Fatalf("event %s about %s", ev.Type, ev.Aggregate)
	}
	dec := json.NewDecoder(bytes.NewReader(ev.Payload))
	dec.DisallowUnknownFields()
	var strict pos.SaleEvent
	if err := dec.Decode(&strict); err != nil {
		t.Fatalf("the payload has a key the schema lacks: %v", err)
	}
	got, err := pos.DecodeSaleEvent(ev.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, strict) {
		t.Fatalf("DecodeSaleEvent %+v, strict decode %+v", got, strict)
	}
	var sum pos.Money
	for _, l := range got.Lines {
		if !l.Voided {
			sum += l.Amount
		}
	}
	switch {
	case got.SaleID != s.ID || got.Store != "PL-WAW" || got.Till != "01" || got.ReceiptNo != 7 || got.Cashier != "anna":
		t.Fatalf("ids: %+v", got)
	case got.Total != s.Total() || sum != got.Total || got.BasketDiscount != 50:
		t.Fatalf("total %d, lines add up to %d, till says %d", got.Total, sum, s.Total())
	case len(got.Lines) != 3 || got.Lines[1].Qty != 512 || got.Lines[1].LineDiscount != 100 || !got.Lines[2].Voided || got.Lines[0].Code != "5900343000185":
		t.Fatalf("lines %+v", got.Lines)
	case len(got.Tenders) != 2 || got.Tenders[1].Reference != "A1" || !got.CompletedAt.Equal(at):
		t.Fatalf("tenders %+v, completed %v", got.Tenders, got.CompletedAt)
	}
	if _, err := pos.DecodeSaleEvent([]byte(`{"lines": 7}`)); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("an unreadable payload: %v", err)
	}
}

// Central reads a sale strictly: a key the schema lacks, or a second value, is no sale.
func TestDecodeSaleEventIsStrict(t *testing.T) {
	good := `{"sale_id":"s1","lines":[{"line_no":1,"sku":"ZUB-07","qty_milli":1000,"unit_price":4299,"amount":4299,"fixed_amount":4299}]}`
	s, err := pos.DecodeSaleEvent([]byte(good))
	if err != nil || s.Lines[0].FixedAmount != 4299 {
		t.Fatalf("a good payload: %+v %v", s, err)
	}
	for name, payload := range map[string]string{
		"UnknownKey":       `{"sale_id":"s1","discount_code":"FREE"}`,
		"UnknownLineKey":   `{"sale_id":"s1","lines":[{"line_no":1,"sku":"ZUB-07","qty_milli":1000,"free":true}]}`,
		"UnknownTenderKey": `{"sale_id":"s1","tenders":[{"kind":"cash","amount":1,"tip":5}]}`,
		"TwoValues":        `{"sale_id":"s1"} {}`,
		"Trailing":         `{"sale_id":"s1"}]`,
		"Empty":            ``,
		"Overflow":         `{"total":9223372036854775808}`,
	} {
		if _, err := pos.DecodeSaleEvent([]byte(payload)); pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		}
	}
}

// A line whose label carried its price tells central so: its amount is the label's, not
// price × quantity.
func TestSaleEventCarriesLabelPrice(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 1, 0, 0, time.UTC)
	s := &pos.Sale{ID: "s1", Store: "PL-WAW", Till: "01", Currency: pos.PLN, StartedAt: at, CompletedAt: at,
		Lines: []pos.Line{{No: 1, SKU: "KIE-SL", Unit: pos.UnitKg, UnitPrice: 2499, Qty: pos.Grams(500), FixedAmount: 1300, VAT: 500}}}
	ev, err := pos.SaleCompleted(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pos.DecodeSaleEvent(ev.Payload)
	if err != nil || got.Lines[0].FixedAmount != 1300 || got.Lines[0].Amount != 1300 {
		t.Fatalf("%+v %v", got.Lines, err)
	}
}
