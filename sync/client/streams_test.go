package client_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// TestPullsPromotionsCustomersAndOrders: a till pulls the chain's promotions, its customers
// with their points and the online orders to be collected in its own store (a web shop's
// and an imported one), not another store's; later changes at central reach it.
func TestPullsPromotionsCustomersAndOrders(t *testing.T) {
	c := startCentral(t)
	today := time.Now().UTC().Format("2006-01-02")
	c.importFile("promotions", "id,name,kind,skus,value,min_qty,stores,starts,ends\n"+
		"BW-10,Black week -10 %,percent,ZUB-07 KIE-SL,10,,,"+today+","+today+"\n"+
		"LT-3,3 už 100,multibuy,ZUB-07,100.00,3,LT-VNO,"+today+","+today+"\n")
	c.importFile("customers", "id,name,card,email,points\nC-1,Anna Wiśniewska,2900000000017,ania@example.pl,120\nC-2,Jonas Žukauskas,2900000000024,,\n")
	c.importFile("orders", "number,store_id,sku,qty,customer_id,paid\nCC-7,PL-WAW,PIE-1,3,C-1,no\nCC-8,LT-VNO,ZUB-07,1,C-2,no\n")
	key := strings.TrimSpace(strings.Split(c.admin("webshop", "add", "shop.example"), "\n")[1])
	placed := placeOrder(t, c, key, wire.NewOrder{ID: "0193f0a0-0000-7000-8000-0000000000a1", Number: "WEB-100234", StoreID: "PL-WAW",
		CustomerID: "C-1", Paid: true, Lines: []wire.NewOrderLine{{SKU: string(zubrowka), Qty: 2000}}})
	if placed.Total != 7738 { // 2 × 42,99 less 10 %
		t.Fatalf("the web shop's order costs %d, want 7738", placed.Total)
	}

	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce()
	ctx := t.Context()
	promos, err := tl.db.PromotionsFor(ctx, zubrowka, storeWAW, time.Now())
	if err != nil || len(promos) != 1 || promos[0].ID != "BW-10" || promos[0].Value != 1000 {
		t.Fatalf("promotions of Żubrówka in Warsaw: %+v %v", promos, err)
	}
	priced := pos.PriceLines([]pos.PriceLine{{SKU: zubrowka, Unit: pos.UnitPiece, UnitPrice: 4299, Qty: pos.Pieces(2)}}, promos, storeWAW, time.Now(), false)
	if int64(priced[0].Amount()) != placed.Total {
		t.Fatalf("the till prices the basket at %d, the web shop at %d", priced[0].Amount(), placed.Total)
	}
	if cu, err := tl.db.CustomerByCard(ctx, "2900000000017"); err != nil || cu.ID != "C-1" || cu.Points != 120 || cu.Name != "Anna Wiśniewska" {
		t.Fatalf("customer by card: %+v %v", cu, err)
	}
	web, err := tl.db.OnlineOrder(ctx, "WEB-100234")
	if err != nil || web.Total != 7738 || !web.Paid || len(web.Lines) != 1 || web.Lines[0].Qty != pos.Pieces(2) || web.Lines[0].Amount != 7738 || web.Lines[0].Discount != 860 || web.Status != pos.OrderPlaced {
		t.Fatalf("the web shop's order at the till: %+v %v", web, err)
	}
	if _, err := tl.db.OnlineOrder(ctx, "CC-8"); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("Vilnius's order reached a Warsaw till: %v", err)
	}
	if list, _ := tl.db.OrdersToCollect(ctx); len(list) != 2 {
		t.Fatalf("orders to collect: %+v", list)
	}

	c.admin("order", "status", "WEB-100234", "collected")
	c.importFile("customers", "id,name,card,email,points\nC-1,Anna Wiśniewska,2900000000017,ania@example.pl,150\n")
	c.importFile("promotions", "id,name,kind,skus,value,min_qty,stores,starts,ends,withdrawn\n"+
		"BW-10,Black week -10 %,percent,ZUB-07 KIE-SL,10,,,"+today+","+today+",yes\n")
	tl.syncOnce()
	if list, _ := tl.db.OrdersToCollect(ctx); len(list) != 1 || list[0].Number != "CC-7" {
		t.Fatalf("orders to collect after one was collected: %+v", list)
	}
	if cu, _ := tl.db.CustomerByCard(ctx, "2900000000017"); cu.Points != 150 {
		t.Fatalf("points after central's change: %d", cu.Points)
	}
	if promos, _ := tl.db.PromotionsFor(ctx, zubrowka, storeWAW, time.Now()); len(promos) != 0 {
		t.Fatalf("a withdrawn promotion still applies at the till: %+v", promos)
	}
}

// placeOrder posts an order as a web shop does and returns central's answer.
func placeOrder(t *testing.T, c *central, key string, o wire.NewOrder) wire.Order {
	t.Helper()
	body, _ := json.Marshal(o)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, c.URL+"/v1/orders", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out wire.Order
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /v1/orders: %d %v", resp.StatusCode, err)
	}
	return out
}
