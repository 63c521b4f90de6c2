package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// serve starts the API over db on an in-process test server.
func do(tb testing.TB, method, url, token string, body []byte) (int, wire.Error) {
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
	var e wire.Error
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e
}

func TestPushRefusesBadBodies(t *testing.T) {
	db := mustOpen(t)
	till, token := mustPair(t, db, waw.ID, "01")
	url := serve(t, db) + "/v1/events"
	good, _ := json.Marshal(wire.PushRequest{Events: []wire.Event{saleEvent(t, till, ev1, 1, 1)}})
	huge, _ := json.Marshal(wire.PushRequest{Events: []wire.Event{saleEvent(t, till, ev1, 1, 1)}})
	huge = append(huge[:len(huge)-1], []byte(`,"pad":"`+strings.Repeat("x", wire.MaxBodyBytes)+`"}`)...)
	tooMany := wire.PushRequest{}
	for range wire.MaxBatch + 1 {
		tooMany.Events = append(tooMany.Events, saleEvent(t, till, ev1, 1, 1))
	}
	tooManyBody, _ := json.Marshal(tooMany)
	secondBad, _ := json.Marshal(wire.PushRequest{Events: []wire.Event{saleEvent(t, till, ev2, 2, 1), {EventID: "", Type: "x", Aggregate: "y", Payload: []byte(`{}`)}}})

	tests := []struct {
		name   string
		body   []byte
		status int
	}{
		{"Malformed", []byte(`{"events": [`), 400},
		{"UnknownField", bytes.Replace(good, []byte(`"type"`), []byte(`"kind":1,"type"`), 1), 400},
		{"UnknownTopField", append(bytes.Clone(good[:len(good)-1]), []byte(`,"till":"01"}`)...), 400},
		{"TwoValues", append(bytes.Clone(good), good...), 400},
		{"Empty", nil, 400},
		{"NotAnObjectPayload", bytes.Replace(good, []byte(`"payload":{`), []byte(`"payload":[{`), 1), 400},
		{"OneBadEventOfTwo", secondBad, 400},
		{"TooMany", tooManyBody, 400},
		{"TooLarge", huge, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, e := do(t, "POST", url, token, tt.body)
			if status != tt.status || e.Message == "" {
				t.Fatalf("status %d (%+v), want %d with a message", status, e, tt.status)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM inbox`); n != 0 {
				t.Fatalf("%d inbox rows after a refused body", n)
			}
		})
	}
	t.Run("TooLargeStreamed", func(t *testing.T) {
		// Without Content-Length central still stops reading at the limit.
		req, _ := http.NewRequest("POST", url, io.MultiReader(bytes.NewReader(huge)))
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Fatalf("status %d, want 413", resp.StatusCode)
		}
	})
	t.Run("Good", func(t *testing.T) {
		if status, e := do(t, "POST", url, token, good); status != 200 {
			t.Fatalf("good batch: %d %+v", status, e)
		}
	})
}

func TestAuth(t *testing.T) {
	db := mustOpen(t)
	_, token := mustPair(t, db, waw.ID, "01")
	base := serve(t, db)
	for _, path := range []string{"/v1/changes/products", "/v1/changes/stock", "/v1/stock?sku=ZUB-07"} {
		for name, tok := range map[string]string{"NoToken": "", "WrongToken": "x" + token} {
			if status, e := do(t, "GET", base+path, tok, nil); status != 401 || e.Code != wire.ErrUnauthorized {
				t.Errorf("%s %s: %d %+v, want 401", name, path, status, e)
			}
		}
		if status, e := do(t, "GET", base+path, token, nil); status != 200 {
			t.Errorf("%s with the token: %d %+v", path, status, e)
		}
	}
	if status, _ := do(t, "POST", base+"/v1/events", "", []byte(`{"events":[]}`)); status != 401 {
		t.Errorf("push without a token: %d", status)
	}
	if _, err := db.Revoke(ctx, "", "01"); err != nil {
		t.Fatal(err)
	}
	if status, _ := do(t, "GET", base+"/v1/changes/products", token, nil); status != 401 {
		t.Errorf("revoked till: %d, want 401", status)
	}
	if status, e := do(t, "POST", base+"/v1/pair", "", []byte(`{"code":"AAAAA-AAAAA","store_id":"PL-WAW","till_id":"01"}`)); status != 401 {
		t.Errorf("unknown pairing code: %d %+v", status, e)
	}
	code, err := db.NewPairingCode(ctx, waw.ID, "01", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if status, e := do(t, "POST", base+"/v1/pair", "", []byte(`{"code":"`+code+`"}`)); status != 400 || !strings.Contains(e.Message, "store_id and till_id are required") {
		t.Errorf("a pairing that does not say which till: %d %+v", status, e)
	}
	if status, e := do(t, "POST", base+"/v1/pair", "", []byte(`{"code":"`+code+`","store_id":"PL-WAW","till_id":"02"}`)); status != 409 || e.Code != wire.ErrConflict {
		t.Errorf("another till's code: %d %+v", status, e)
	}
	if status, e := do(t, "POST", base+"/v1/pair", "", []byte(`{"code":"`+code+`","store_id":"PL-WAW","till_id":"01"}`)); status != 200 {
		t.Errorf("the code, by its till, after another till tried it: %d %+v", status, e)
	}
}

func TestPullQuery(t *testing.T) {
	db := mustOpen(t)
	_, token := mustPair(t, db, waw.ID, "01")
	base := serve(t, db)
	for query, want := range map[string]int{
		"?cursor=0&limit=2":  200,
		"?cursor=-1":         400,
		"?cursor=x":          400,
		"?limit=0":           400,
		"?limit=100000":      400,
		"?cursur=3":          400,
		"?cursor=1&cursor=2": 400,
		"?cursor=77":         410,
	} {
		if status, e := do(t, "GET", base+"/v1/changes/products"+query, token, nil); status != want {
			t.Errorf("%s: %d %+v, want %d", query, status, e, want)
		}
	}
	if status, _ := do(t, "GET", base+"/v1/stock", token, nil); status != 400 {
		t.Errorf("stock without sku: %d", status)
	}
	if status, e := do(t, "GET", base+"/v1/nothing", token, nil); status != 404 || e.Code != wire.ErrNotFound {
		t.Errorf("unknown path: %d %+v", status, e)
	}
}

func TestProductsOverHTTPCarryTheTillsRates(t *testing.T) {
	db := mustOpen(t)
	lt := vno
	lt.Country = "LT"
	if err := db.SaveStores(ctx, []central.Store{lt}); err != nil {
		t.Fatal(err)
	}
	_, token := mustPair(t, db, vno.ID, "01")
	var page wire.ProductPage
	if status := doJSON(t, "GET", serve(t, db)+"/v1/changes/products", token, nil, &page); status != 200 {
		t.Fatalf("products: %d", status)
	}
	// Giving the store its country sent ZUB-07 again, now last.
	if len(page.Products) != 3 || page.Products[2].SKU != "ZUB-07" || page.Products[2].VAT != 2100 || page.Total != 3 {
		t.Fatalf("the LT till's snapshot: %+v", page)
	}
}

// TestRefusedAuthenticationIsLogged checks every 401 leaves a line in central's log with the
// path, the caller's address and why, and never the token, key or code that was refused.
func TestRefusedAuthenticationIsLogged(t *testing.T) {
	db := mustOpen(t)
	_, token := mustPair(t, db, waw.ID, "01")
	_, revoked := mustPair(t, db, waw.ID, "02")
	if _, err := db.Revoke(ctx, waw.ID, "02"); err != nil {
		t.Fatal(err)
	}
	key := mustAddWebShop(t, db, "shop.example")
	var log logBuffer
	base := serveLogging(t, db, &log)
	order, _ := json.Marshal(newOrder("WEB-1", waw.ID, pieces("ZUB-07", 1)))
	tests := []struct {
		name, method, path, credential string
		body                           []byte
		why                            string
	}{
		{"NoToken", "GET", "/v1/changes/products", "", nil, "no token: pair the till first"},
		{"UnknownToken", "GET", "/v1/changes/products", "x" + token, nil, "unknown or revoked till: pair it again"},
		{"RevokedTill", "POST", "/v1/events", revoked, []byte(`{"events":[]}`), "unknown or revoked till: pair it again"},
		{"UnknownShopKey", "POST", "/v1/orders", key + "x", order, "unknown or revoked web shop key"},
		{"TillPlacingAnOrder", "POST", "/v1/orders", token, order, "a till's token cannot place orders"},
		{"NeitherTillNorShop", "GET", "/v1/availability?sku=ZUB-07", "ws_nothing", nil, "no till token or web shop key"},
		{"BadPairingCode", "POST", "/v1/pair", "", []byte(`{"code":"AAAAA-BBBBB","store_id":"PL-WAW","till_id":"01"}`), "this pairing code is unknown, used or expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, e := do(t, tt.method, base+tt.path, tt.credential, tt.body); status != 401 {
				t.Fatalf("status %d %+v, want 401", status, e)
			}
			got := log.take()
			path, _, _ := strings.Cut(tt.path, "?")
			for _, want := range []string{"level=WARN", `msg="authentication refused"`, "method=" + tt.method, "path=" + path, "from=127.0.0.1:", tt.why} {
				if !strings.Contains(got, want) {
					t.Errorf("the log lacks %q:\n%s", want, got)
				}
			}
			for _, secret := range []string{token, revoked, key, "AAAAA", "BBBBB"} {
				if strings.Contains(got, secret) {
					t.Errorf("the log shows the credential %q:\n%s", secret, got)
				}
			}
		})
	}
	if status, _ := do(t, "GET", base+"/v1/changes/products", token, nil); status != 200 {
		t.Fatalf("the till's own token: %d", status)
	}
	if got := log.take(); strings.Contains(got, "authentication refused") {
		t.Errorf("a good token was logged as refused:\n%s", got)
	}
}
