package api

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// FuzzPushSale pushes sale events a till could send, from plausible to hostile, into
// central's real handler over a real SQLite file, one after another on the same database.
// After each push: no answer is a 5xx, every stream still pulls from 0, stock and
// availability still answer, and every store's stock level is an integer equal to the sum
// of its movements, which equals the delivered stock less what the applied sales sold.
//
//	go test -run '^$' -fuzz FuzzPushSale -fuzztime 60s ./sync/central/api
//
// The numbers build a sale of up to three lines (two bits of sku a line pick ZUB-07,
// KIE-SL, an unknown article or an empty SKU); raw, when not empty, is sent as the payload
// instead.
func FuzzPushSale(f *testing.F) {
	f.Add(int64(1000), int64(4299), int64(4299), int64(0), int64(5000), int64(2300), uint8(0), uint8(1), false, "")
	f.Add(int64(2500), int64(2499), int64(6148), int64(100), int64(20000), int64(500), uint8(1|1<<2), uint8(2), false, "")
	f.Add(int64(math.MaxInt64), int64(0), int64(0), int64(0), int64(1), int64(2300), uint8(0), uint8(2), false, "") // the reported case
	f.Add(int64(-1000), int64(4299), int64(-4299), int64(0), int64(0), int64(2300), uint8(0), uint8(1), false, "")
	f.Add(int64(central.MaxQty), int64(central.MaxMoney), int64(0), int64(0), int64(1), int64(2300), uint8(1|1<<4), uint8(3), false, "")
	f.Add(int64(1000), int64(100), int64(100), int64(0), int64(100), int64(2300), uint8(2), uint8(1), false, "") // an unknown article
	f.Add(int64(1000), int64(4299), int64(4299), int64(0), int64(4299), int64(2100), uint8(0), uint8(1), false, "")
	f.Add(int64(1000), int64(4299), int64(0), int64(4299), int64(0), int64(2300), uint8(0), uint8(1), true, "")
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(0), uint8(0), false, `{"sale_id":"x","lines":[{"sku":"ZUB-07","qty_milli":1e30}]}`)
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(0), uint8(0), false, `{"sale_id":"x","tip":1}`)
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(0), uint8(0), false, `[1,2,3]`)
	f.Add(int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(0), uint8(0), false, `{"sale_id":"x"}{"sale_id":"y"}`)

	db := mustOpen(f)
	db.Now = time.Now
	base := serve(f, db)
	till, token := mustPair(f, db, waw.ID, "01")
	mustAddStock(f, db, waw.ID, "ZUB-07", 10)
	mustAddStock(f, db, vno.ID, "ZUB-07", 4)
	// What the stock must be: the deliveries, less what applied sales sold.
	want := map[[2]string]int64{{"PL-WAW", "ZUB-07"}: 10_000, {"LT-VNO", "ZUB-07"}: 4_000}
	receipt := int64(0)
	skus := []pos.SKU{"ZUB-07", "KIE-SL", "NEW-1", ""}

	f.Fuzz(func(t *testing.T, qty, price, amount, discount, tender, vat int64, sku, lines uint8, voided bool, raw string) {
		receipt++
		saleID := uuid.Must(uuid.NewV7()).String()
		payload := []byte(raw)
		if raw == "" {
			s := pos.SaleEvent{SaleID: pos.SaleID(saleID), Store: till.Store, Till: till.ID, ReceiptNo: pos.ReceiptNo(receipt), Cashier: "anna",
				Currency: pos.PLN, StartedAt: time.Now(), CompletedAt: time.Now()}
			for i := range int(lines % 4) {
				l := pos.SaleEventLine{No: i + 1, SKU: skus[int(sku)>>(2*i)&3], Qty: pos.Qty(qty), UnitPrice: pos.Money(price),
					VAT: pos.VATRate(vat), Amount: pos.Money(amount), LineDiscount: pos.Money(discount), Voided: voided && i == 1}
				if l.Voided {
					l.Amount = 0
				}
				s.Lines = append(s.Lines, l)
				if !l.Voided {
					s.Total += l.Amount // wraps as a bad till's would
				}
			}
			s.Tenders = []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: pos.Money(tender)}}
			var err error
			if payload, err = json.Marshal(s); err != nil {
				t.Fatal(err)
			}
		}
		ev := wire.Event{EventID: uuid.Must(uuid.NewV7()).String(), Type: pos.EventSaleCompleted, Aggregate: saleID, Payload: payload, CreatedAt: time.Now()}
		body, err := json.Marshal(wire.PushRequest{Events: []wire.Event{ev}})
		if err != nil {
			return // a raw payload that is no JSON: nothing a till could send
		}
		status, answer := post(t, base+"/v1/events", token, body)
		if status >= 500 {
			t.Fatalf("push answered %d: %s", status, answer)
		}
		var res wire.PushResponse
		if status == http.StatusOK {
			if err := json.Unmarshal(answer, &res); err != nil || len(res.Results) != 1 {
				t.Fatalf("push answer %s: %v", answer, err)
			}
		}
		if status == http.StatusOK && res.Results[0].Status == wire.StatusApplied {
			s, err := pos.DecodeSaleEvent(payload)
			if err != nil {
				t.Fatalf("central applied a payload it cannot read: %v", err)
			}
			for _, l := range s.Lines {
				if !l.Voided && (l.SKU == "ZUB-07" || l.SKU == "KIE-SL") {
					want[[2]string{string(s.Store), string(l.SKU)}] -= int64(l.Qty)
				}
			}
		}
		checkStreams(t, db, base, token, want)
	})
}

// checkStreams fails unless every stream pulls, stock and availability answer, and every
// stock level is an integer equal to the sum of its movements and to want.
func checkStreams(t *testing.T, db *testDB, base, token string, want map[[2]string]int64) {
	t.Helper()
	for _, s := range pos.Streams {
		if status, answer := get(t, base+"/v1/changes/"+string(s)+"?cursor=0&limit=5000", token); status != http.StatusOK {
			t.Fatalf("the %s stream answers %d: %s", s, status, answer)
		}
	}
	for _, sku := range []string{"ZUB-07", "KIE-SL"} {
		for _, path := range []string{"/v1/stock?sku=", "/v1/availability?sku="} {
			if status, answer := get(t, base+path+sku, token); status != http.StatusOK {
				t.Fatalf("%s%s answers %d: %s", path, sku, status, answer)
			}
		}
	}
	rows, err := db.rows.QueryContext(ctx, `SELECT l.store_id, l.sku, typeof(l.on_hand), l.on_hand,
		(SELECT SUM(delta) FROM stock_movements m WHERE m.store_id = l.store_id AND m.sku = l.sku) FROM stock_levels l`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	levels := map[[2]string]int64{}
	for rows.Next() {
		var store, sku, kind string
		var onHand, sum any
		if err := rows.Scan(&store, &sku, &kind, &onHand, &sum); err != nil {
			t.Fatal(err)
		}
		q, ok := onHand.(int64)
		if kind != "integer" || !ok || onHand != sum {
			t.Fatalf("stock of %s in %s is %v (%s), its movements sum to %v", sku, store, onHand, kind, sum)
		}
		levels[[2]string{store, sku}] = q
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for key, q := range levels {
		if w, ok := want[key]; !ok || w != q {
			t.Fatalf("stock of %s in %s is %d, the applied sales leave %d (known: %v)", key[1], key[0], q, w, ok)
		}
	}
	for key, w := range want {
		if _, ok := levels[key]; !ok && w != 0 {
			t.Fatalf("no stock level of %s in %s, the applied sales leave %d", key[1], key[0], w)
		}
	}
}

func post(t *testing.T, url, token string, body []byte) (int, []byte) {
	t.Helper()
	return call(t, http.MethodPost, url, token, body)
}

func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	return call(t, http.MethodGet, url, token, nil)
}

func call(t *testing.T, method, url, token string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(wire.HeaderAuth, wire.BearerPrefix+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.Bytes()
}
