package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

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
