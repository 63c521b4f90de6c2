package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/sync/central/imports"
	"github.com/omnitill/omnitill/sync/wire"
)

// doJSON sends a request and decodes the answer into out.
func doJSON(tb testing.TB, method, url, token string, body []byte, out any) int {
	tb.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		tb.Fatalf("%s %s: answer is not JSON: %v", method, url, err)
	}
	return resp.StatusCode
}

func TestWebShopOrders(t *testing.T) {
	db := mustOpen(t)
	_, token := mustPair(t, db, waw.ID, "01")
	key := mustAddWebShop(t, db, "shop.example")
	mustAddStock(t, db, waw.ID, "ZUB-07", 3)
	base := serve(t, db)
	body, _ := json.Marshal(newOrder("WEB-1", waw.ID, pieces("ZUB-07", 2)))
	orders := func() int { return count(t, db, `SELECT COUNT(*) FROM orders`) }

	t.Run("TillTokenCannotPlace", func(t *testing.T) {
		status, e := do(t, "POST", base+"/v1/orders", token, body)
		if status != 401 || e.Code != wire.ErrUnauthorized || !strings.Contains(e.Message, "till's token cannot place orders") {
			t.Fatalf("a till placing an order: %d %+v", status, e)
		}
		for name, tok := range map[string]string{"NoKey": "", "WrongKey": key + "x"} {
			if status, e := do(t, "POST", base+"/v1/orders", tok, body); status != 401 {
				t.Errorf("%s: %d %+v", name, status, e)
			}
		}
		if n := orders(); n != 0 {
			t.Fatalf("%d orders after refusals", n)
		}
	})
	t.Run("BadBodiesStoreNothing", func(t *testing.T) {
		huge := append(bytes.Clone(body[:len(body)-1]), []byte(`,"pad":"`+strings.Repeat("x", wire.MaxBodyBytes)+`"}`)...)
		for name, tt := range map[string]struct {
			body   []byte
			status int
		}{
			"Malformed":    {[]byte(`{"id": "x", "lines": [`), 400},
			"UnknownField": {bytes.Replace(body, []byte(`"number"`), []byte(`"price":1,"number"`), 1), 400},
			"TwoValues":    {append(bytes.Clone(body), body...), 400},
			"Empty":        {nil, 400},
			"NoLines":      {[]byte(`{"id":"x","number":"WEB-9","store_id":"PL-WAW","lines":[]}`), 400},
			"UnknownSKU":   {[]byte(`{"id":"x","number":"WEB-9","store_id":"PL-WAW","lines":[{"sku":"NOPE","qty_milli":1000}]}`), 400},
			"TooLarge":     {huge, 413},
		} {
			if status, e := do(t, "POST", base+"/v1/orders", key, tt.body); status != tt.status || e.Message == "" {
				t.Errorf("%s: %d %+v, want %d with a message", name, status, e, tt.status)
			}
		}
		if n := orders(); n != 0 {
			t.Fatalf("%d orders after bad bodies", n)
		}
	})
	var placed wire.Order
	t.Run("Place", func(t *testing.T) {
		if status := doJSON(t, "POST", base+"/v1/orders", key, body, &placed); status != 201 {
			t.Fatalf("place: %d %+v", status, placed)
		}
		if placed.Number != "WEB-1" || placed.Total != 8598 || placed.Status != wire.OrderPlaced || len(placed.Lines) != 1 {
			t.Fatalf("placed %+v", placed)
		}
		var again wire.Order
		if status := doJSON(t, "POST", base+"/v1/orders", key, body, &again); status != 200 || again.ID != placed.ID {
			t.Fatalf("the same order again: %d %+v", status, again)
		}
		other, _ := json.Marshal(newOrder("WEB-1", waw.ID, pieces("ZUB-07", 1)))
		if status, e := do(t, "POST", base+"/v1/orders", key, other); status != 409 || e.Code != "conflict" {
			t.Fatalf("the same id with another body: %d %+v", status, e)
		}
		short, _ := json.Marshal(newOrder("WEB-2", waw.ID, pieces("ZUB-07", 2)))
		status, e := do(t, "POST", base+"/v1/orders", key, short)
		if status != 409 || !strings.Contains(e.Message, "ZUB-07") || !strings.Contains(e.Message, "1 can be promised at PL-WAW") {
			t.Fatalf("more than available: %d %+v", status, e)
		}
		if n := orders(); n != 1 {
			t.Fatalf("%d orders, want 1", n)
		}
	})
	t.Run("LookUp", func(t *testing.T) {
		for name, tok := range map[string]string{"Till": token, "Shop": key} {
			var o wire.Order
			if status := doJSON(t, "GET", base+"/v1/orders/WEB-1", tok, nil, &o); status != 200 || o.ID != placed.ID || o.Lines[0].SKU != "ZUB-07" {
				t.Errorf("%s looks WEB-1 up: %d %+v", name, status, o)
			}
		}
		if status, e := do(t, "GET", base+"/v1/orders/WEB-404", key, nil); status != 404 || e.Code != wire.ErrNotFound {
			t.Errorf("unknown order: %d %+v", status, e)
		}
		if status, _ := do(t, "GET", base+"/v1/orders/WEB-1", "", nil); status != 401 {
			t.Errorf("no token: %d", status)
		}
	})
	t.Run("Availability", func(t *testing.T) {
		for name, tok := range map[string]string{"Till": token, "Shop": key} {
			var a wire.Availability
			status := doJSON(t, "GET", base+"/v1/availability?sku=ZUB-07", tok, nil, &a)
			if status != 200 || len(a.Stores) != 1 || a.Stores[0].OnHand != 3000 || a.Stores[0].Reserved != 2000 || a.Stores[0].Available != 1000 {
				t.Errorf("%s asks availability: %d %+v", name, status, a)
			}
		}
		for query, want := range map[string]int{"": 400, "?sku=NOPE": 404, "?sku=ZUB-07&store=PL-WAW": 400} {
			if status, e := do(t, "GET", base+"/v1/availability"+query, key, nil); status != want {
				t.Errorf("availability%s: %d %+v, want %d", query, status, e, want)
			}
		}
	})
	t.Run("StreamIsForTills", func(t *testing.T) {
		var p wire.OrderPage
		if status := doJSON(t, "GET", base+"/v1/changes/orders?cursor=0", token, nil, &p); status != 200 || len(p.Orders) != 1 || p.Total != 1 {
			t.Fatalf("orders stream: %d %+v", status, p)
		}
		if status, _ := do(t, "GET", base+"/v1/changes/orders", key, nil); status != 401 {
			t.Fatalf("a web shop pulls a till's stream: %d", status)
		}
	})
	t.Run("RevokedKey", func(t *testing.T) {
		if err := db.RevokeWebShop(ctx, "shop.example"); err != nil {
			t.Fatal(err)
		}
		next, _ := json.Marshal(newOrder("WEB-3", waw.ID, pieces("ZUB-07", 1)))
		if status, e := do(t, "POST", base+"/v1/orders", key, next); status != 401 || e.Code != wire.ErrUnauthorized {
			t.Fatalf("revoked key: %d %+v", status, e)
		}
		if status, _ := do(t, "GET", base+"/v1/availability?sku=ZUB-07", key, nil); status != 401 {
			t.Fatalf("revoked key asks availability: %d", status)
		}
		if n := orders(); n != 1 {
			t.Fatalf("%d orders after a revoked key", n)
		}
		fresh := mustAddWebShop(t, db, "shop.example")
		if status, e := do(t, "POST", base+"/v1/orders", fresh, next); status != 201 {
			t.Fatalf("the shop's new key: %d %+v", status, e)
		}
	})
}

func TestNewStreamsOverHTTP(t *testing.T) {
	db := mustOpen(t)
	_, token := mustPair(t, db, waw.ID, "01")
	mustSavePromotions(t, db, promotionsFile)
	mustSaveCustomers(t, db, customersFile)
	base := serve(t, db)
	var pp wire.PromotionPage
	if status := doJSON(t, "GET", base+"/v1/changes/promotions?limit=1", token, nil, &pp); status != 200 || len(pp.Promotions) != 1 || !pp.More || pp.Total != 3 {
		t.Fatalf("promotions: %d %+v", status, pp)
	}
	var cp wire.CustomerPage
	if status := doJSON(t, "GET", base+"/v1/changes/customers?cursor=0", token, nil, &cp); status != 200 || len(cp.Customers) != 2 || cp.Customers[0].Points != 100 {
		t.Fatalf("customers: %d %+v", status, cp)
	}
	for _, path := range []string{"/v1/changes/promotions?cursor=99", "/v1/changes/customers?cursor=99", "/v1/changes/orders?cursor=99"} {
		if status, e := do(t, "GET", base+path, token, nil); status != 410 || e.Code != wire.ErrReset {
			t.Errorf("%s: %d %+v, want 410", path, status, e)
		}
		if status, _ := do(t, "GET", base+path, "", nil); status != 401 {
			t.Errorf("%s without a token: %d", path, status)
		}
	}
}

// TestOrderReaders: a web shop reads only the orders it placed (another shop's, or an
// imported one, is 404 in the words of a number central lacks, and its id or number is not
// named when the shop reuses it); a till of any store reads any order, with of the
// customer only the id and name.
func TestOrderReaders(t *testing.T) {
	db := mustOpen(t)
	mustSaveCustomers(t, db, customersFile)
	mustAddStock(t, db, waw.ID, "ZUB-07", 5)
	_, wawTill := mustPair(t, db, waw.ID, "01")
	_, vnoTill := mustPair(t, db, vno.ID, "01") // another store's till: returns anywhere
	shopA := mustAddWebShop(t, db, "a.example")
	shopB := mustAddWebShop(t, db, "b.example")
	orders, err := imports.ReadOrders(strings.NewReader("number,store_id,sku,qty,channel,customer_id\nCC-1,PL-WAW,ZUB-07,1,phone,C-1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveOrders(ctx, orders, "import orders.csv"); err != nil {
		t.Fatal(err)
	}
	base := serve(t, db)
	n := newOrder("WEB-A1", waw.ID, pieces("ZUB-07", 1))
	n.CustomerID = "C-1"
	body, _ := json.Marshal(n)
	var placed wire.Order
	if status := doJSON(t, "POST", base+"/v1/orders", shopA, body, &placed); status != 201 {
		t.Fatalf("shop A places WEB-A1: %d %+v", status, placed)
	}

	// raw reads an order as JSON text, to see every field the answer has.
	raw := func(t *testing.T, number, credential string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+"/v1/orders/"+number, nil)
		req.Header.Set("Authorization", "Bearer "+credential)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	t.Run("ShopReadsItsOwn", func(t *testing.T) {
		var o wire.Order
		if status := doJSON(t, "GET", base+"/v1/orders/WEB-A1", shopA, nil, &o); status != 200 || o.ID != placed.ID || o.CustomerID != "C-1" || o.Customer != nil {
			t.Fatalf("shop A reads WEB-A1: %d %+v", status, o)
		}
	})
	t.Run("ShopCannotReadAnothersOrImported", func(t *testing.T) {
		_, missing := raw(t, "WEB-404", shopB)
		for _, number := range []string{"WEB-A1", "CC-1"} {
			for shop, key := range map[string]string{"B": shopB, "A": shopA} {
				if shop == "A" && number == "WEB-A1" {
					continue
				}
				status, got := raw(t, number, key)
				if status != 404 || got != strings.Replace(missing, "WEB-404", number, 1) {
					t.Errorf("shop %s reads %s: %d %s, want the 404 of a number central lacks", shop, number, status, got)
				}
			}
		}
	})
	t.Run("ShopCannotProbeAnothersIDOrNumber", func(t *testing.T) {
		status, e := do(t, "POST", base+"/v1/orders", shopB, body) // A's very body, id and number
		if status != 409 || e.Message != "order id id-WEB-A1 is taken by an order this shop did not place: a new order needs a new id" {
			t.Errorf("shop B sends A's order: %d %+v", status, e)
		}
		other := newOrder("WEB-A1", waw.ID, pieces("ZUB-07", 1))
		other.ID = "b-1"
		b, _ := json.Marshal(other)
		if status, e := do(t, "POST", base+"/v1/orders", shopB, b); status != 409 || e.Message != "order number WEB-A1 is taken by another order" {
			t.Errorf("shop B uses A's number: %d %+v", status, e)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM orders`); n != 2 {
			t.Errorf("%d orders, want WEB-A1 and CC-1", n)
		}
	})
	t.Run("AnyTillReadsAnyOrderWithoutContacts", func(t *testing.T) {
		for name, token := range map[string]string{"PL-WAW": wawTill, "LT-VNO": vnoTill} {
			for _, number := range []string{"WEB-A1", "CC-1"} {
				status, got := raw(t, number, token)
				if status != 200 || !strings.Contains(got, `"customer_id":"C-1"`) || !strings.Contains(got, `"customer":{"id":"C-1","name":"Anna Nowak"}`) {
					t.Errorf("a till of %s reads %s: %d %s", name, number, status, got)
				}
				for _, private := range []string{"anna@example.com", "600 000 001", "2900000000017", "points"} {
					if strings.Contains(got, private) {
						t.Errorf("a till of %s is told %q with %s: %s", name, private, number, got)
					}
				}
			}
		}
	})
}
