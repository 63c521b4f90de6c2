package sqlite

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

const (
	ev1 = "0190aaaa-0000-7000-8000-000000000001"
	ev2 = "0190aaaa-0000-7000-8000-000000000002"
	ev3 = "0190aaaa-0000-7000-8000-000000000003"
)

func onHand(tb testing.TB, db *DB, store pos.StoreID, sku pos.SKU) int64 {
	tb.Helper()
	ans, err := db.StockOf(ctx, sku)
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range ans.Stores {
		if l.StoreID == string(store) {
			return l.OnHand
		}
	}
	return 0
}

func mustApply(tb testing.TB, db *DB, t central.Till, ev wire.Event, want string) wire.EventResult {
	tb.Helper()
	results, err := db.Apply(ctx, t, []wire.Event{ev})
	if err != nil {
		tb.Fatal(err)
	}
	res := results[0]
	if res.Status != want || res.EventID != ev.EventID {
		tb.Fatalf("event %s: %+v, want %s", ev.EventID, res, want)
	}
	return res
}

func TestApplyOnce(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	if err := db.AddStock(ctx, "delivery", "test", []central.Movement{{Store: waw.ID, SKU: "ZUB-07", Delta: pos.Pieces(10)}}); err != nil {
		t.Fatal(err)
	}
	ev := saleEvent(t, till, ev1, 1, 2)
	mustApply(t, db, till, ev, wire.StatusApplied)
	mustApply(t, db, till, ev, wire.StatusDuplicate)
	if got := onHand(t, db, waw.ID, "ZUB-07"); got != 8000 {
		t.Fatalf("on hand %d after selling 2 of 10, want 8000", got)
	}
	// Every derived row carries the event id.
	for _, table := range []string{"sales", "sale_lines", "tenders", "stock_movements"} {
		if n := count(t, db, `SELECT COUNT(*) FROM `+table+` WHERE event_id = ?`, ev1); n != 1 {
			t.Errorf("%s has %d rows of the event, want 1", table, n)
		}
	}
}

func TestApplyRejects(t *testing.T) {
	db, _ := mustOpen(t)
	till, _ := mustPair(t, db, waw.ID, "01")
	other, _ := mustPair(t, db, waw.ID, "02")

	wrongTotal := saleEvent(t, till, ev1, 1, 1)
	var s pos.SaleEvent
	json.Unmarshal(wrongTotal.Payload, &s)
	s.Total++
	wrongTotal.Payload, _ = json.Marshal(s)

	tests := []struct {
		name   string
		ev     wire.Event
		reason string
	}{
		{"WrongTotal", wrongTotal, "add up to"},
		{"OtherTillsSale", saleEvent(t, other, ev1, 1, 1), "was sent by till PL-WAW/01"},
		{"UnknownType", wire.Event{EventID: ev1, Type: "loyalty.earned", Aggregate: "x", Payload: []byte(`{}`)}, "does not know"},
		{"Unreadable", wire.Event{EventID: ev1, Type: pos.EventSaleCompleted, Aggregate: "x", Payload: []byte(`{"lines": 7}`)}, "cannot be read"},
		{"NotAUUID", wire.Event{EventID: "sale-1", Type: pos.EventSaleCompleted, Aggregate: "x", Payload: []byte(`{}`)}, "not a UUID"},
		{"NoLines", wire.Event{EventID: ev1, Type: pos.EventSaleCompleted, Aggregate: "s", Payload: []byte(`{"sale_id":"s","store_id":"PL-WAW","till_id":"01","receipt_no":1}`)}, "no lines"},
		{"UnknownKey", wire.Event{EventID: ev1, Type: pos.EventSaleCompleted, Aggregate: "sale-" + ev1,
			Payload: bytes.Replace(saleEvent(t, till, ev1, 1, 1).Payload, []byte(`"total":`), []byte(`"tip":100,"total":`), 1)}, `unknown field "tip"`},
		// The reported case: two lines of the largest quantity at amount 0.
		{"Overflow", changeSale(t, saleEvent(t, till, ev1, 1, 1), func(s *pos.SaleEvent) {
			s.Lines = []pos.SaleEventLine{{No: 1, SKU: "ZUB-07", Qty: math.MaxInt64}, {No: 2, SKU: "ZUB-07", Qty: math.MaxInt64}}
			s.Total = 0
		}), "has quantity 9223372036854775807"},
		{"UnknownRate", unknownRate(t, till, ev1, 1), "VAT 21%, which is no rate of the catalog's country"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := mustOpen(t)
			till, _ := mustPair(t, db, waw.ID, "01")
			mustPair(t, db, waw.ID, "02")
			res := mustApply(t, db, till, tt.ev, wire.StatusRejected)
			if !strings.Contains(res.Reason, tt.reason) {
				t.Fatalf("reason %q, want it to say %q", res.Reason, tt.reason)
			}
			// Sent again, it is the same rejection, and it left nothing but its inbox row.
			again := mustApply(t, db, till, tt.ev, wire.StatusRejected)
			if again.Reason != res.Reason {
				t.Fatalf("second answer %q, first %q", again.Reason, res.Reason)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM inbox WHERE status = 'rejected'`); n != 1 {
				t.Fatalf("%d rejected inbox rows", n)
			}
			for _, table := range []string{"sales", "sale_lines", "tenders", "stock_movements", "stock_levels"} {
				if n := count(t, db, `SELECT COUNT(*) FROM `+table); n != 0 {
					t.Errorf("%s has %d rows after a rejection", table, n)
				}
			}
		})
	}

	t.Run("RejectionDoesNotBlock", func(t *testing.T) {
		mustApply(t, db, till, saleEvent(t, till, ev1, 1, 1), wire.StatusApplied)
		mustApply(t, db, till, wrongTotal, wire.StatusConflict) // another body under the applied event's id
		mustApply(t, db, till, unknownRate(t, till, ev2, 2), wire.StatusRejected)
		mustApply(t, db, till, saleEvent(t, till, ev3, 3, 3), wire.StatusApplied)
		if got := onHand(t, db, waw.ID, "ZUB-07"); got != -4000 {
			t.Fatalf("on hand %d, want -4000", got)
		}
	})
	t.Run("OneBatch", func(t *testing.T) {
		db, _ := mustOpen(t)
		till, _ := mustPair(t, db, waw.ID, "01")
		batch := []wire.Event{saleEvent(t, till, ev1, 1, 1), unknownRate(t, till, ev2, 2), saleEvent(t, till, ev1, 1, 1), saleEvent(t, till, ev3, 3, 2), unknownRate(t, till, ev2, 2)}
		results, err := db.Apply(ctx, till, batch)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range results {
			got = append(got, r.Status)
		}
		if strings.Join(got, " ") != "applied rejected duplicate applied rejected" {
			t.Fatalf("answers %v", got)
		}
		if n := onHand(t, db, waw.ID, "ZUB-07"); n != -3000 {
			t.Fatalf("on hand %d, want -3000", n)
		}
	})
	t.Run("EventOfAnotherTill", func(t *testing.T) {
		res := mustApply(t, db, other, saleEvent(t, other, ev1, 1, 1), wire.StatusConflict)
		if !strings.Contains(res.Reason, "already sent by till PL-WAW/01") {
			t.Fatalf("reason %q", res.Reason)
		}
	})
}

// unknownRate is a sale of one Żubrówka at a VAT rate Poland does not have.
func unknownRate(tb testing.TB, t central.Till, id string, receipt int64) wire.Event {
	tb.Helper()
	return changeSale(tb, saleEvent(tb, t, id, receipt, 1), func(s *pos.SaleEvent) { s.Lines[0].VAT = 2100 })
}

// changeSale returns ev with its sale changed.
func changeSale(tb testing.TB, ev wire.Event, change func(*pos.SaleEvent)) wire.Event {
	tb.Helper()
	s, err := pos.DecodeSaleEvent(ev.Payload)
	if err != nil {
		tb.Fatal(err)
	}
	change(&s)
	if ev.Payload, err = json.Marshal(s); err != nil {
		tb.Fatal(err)
	}
	ev.Aggregate = string(s.SaleID)
	return ev
}

// A batch's lists reach SQLite as JSON written without encoding/json: each string must read
// back as itself, whatever it holds.
func TestAppendJSONStrings(t *testing.T) {
	list := []string{"", "ZUB-07", `quote " and \ backslash`, "tab\tnew line\n\x00\x1f", "<&> Żubrówka \u2028 😀"}
	out := appendJSONStrings(nil, list)
	var back []string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	if !slices.Equal(back, list) {
		t.Errorf("%s read back as %q, want %q", out, back, list)
	}
	if got := appendJSONStrings(nil, []string{"ok", "bad \xff"}); got != nil {
		t.Errorf("invalid UTF-8 written as %s, want nil (json.Marshal's turn)", got)
	}
}
