package client_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
	"github.com/omnitill/omnitill/sync/wire"
)

// TestTillAndWebShopPriceTheSameBasket: the same basket costs the same rung up at the till
// (its register, with the promotions it pulled) as ordered by the web shop (central's
// pricing of POST /v1/orders), line for line: a multibuy, a percent, a price per kilogram,
// and a better promotion that ended yesterday applying in neither. The till rings the
// articles in several lines, as a cashier does; central books the sale with its promotions.
func TestTillAndWebShopPriceTheSameBasket(t *testing.T) {
	c := startCentral(t)
	c.importFile("stock", "store_id,sku,qty\nPL-WAW,PIE-1,10\nPL-WAW,KIE-SL,5\n")
	today := time.Now().UTC()
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	c.importFile("promotions", "id,name,kind,skus,value,min_qty,stores,starts,ends\n"+
		"ZUB-3,3 for 100.00,multibuy,ZUB-07,100.00,3,,"+day(today)+","+day(today)+"\n"+
		"PIE-15,Pierniki -15 %,percent,PIE-1,15,,,"+day(today)+","+day(today)+"\n"+
		"KIE-1999,Kiełbasa at 19.99 a kg,price,KIE-SL,19.99,,,"+day(today)+","+day(today)+"\n"+
		"OLD-50,Half price last week,percent,ZUB-07 PIE-1 KIE-SL,50,,,"+day(today.AddDate(0, 0, -7))+","+day(today.AddDate(0, 0, -1))+"\n")
	key := strings.TrimSpace(strings.Split(c.admin("webshop", "add", "shop.example"), "\n")[1])
	order := placeOrder(t, c, key, wire.NewOrder{ID: "0193f0a0-0000-7000-8000-0000000000b1", Number: "WEB-200001", StoreID: "PL-WAW",
		Lines: []wire.NewOrderLine{{SKU: "ZUB-07", Qty: 4000}, {SKU: "PIE-1", Qty: 3000}, {SKU: "KIE-SL", Qty: 1500}}})
	// 4 × 42.99 less 28.97 (3 for 100.00); 3 × 12.99 less 15 % (5.8455, so 5.85);
	// 1.5 kg × 24.99 (37.49) at 19.99 a kg (29.99).
	want := map[pos.SKU]wire.OrderLine{
		"ZUB-07": {Discount: 2897, Amount: 14299, Promotion: "ZUB-3"},
		"PIE-1":  {Discount: 585, Amount: 3312, Promotion: "PIE-15"},
		"KIE-SL": {Discount: 750, Amount: 2999, Promotion: "KIE-1999"},
	}
	for _, l := range order.Lines {
		if w := want[pos.SKU(l.SKU)]; l.Discount != w.Discount || l.Amount != w.Amount || l.Promotion != w.Promotion {
			t.Fatalf("the web shop's %s: %+v, want %+v", l.SKU, l, w)
		}
	}
	if order.Total != 14299+3312+2999 {
		t.Fatalf("the web shop's total %d", order.Total)
	}

	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce() // the catalog (Pierniki is new to the till) and the promotions
	ctx := t.Context()
	if err := tl.db.SaveStaff(ctx, pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}, "1111"); err != nil {
		t.Fatal(err)
	}
	r := &pos.Register{Store: tl.store, Catalog: tl.db, Promotions: tl.db, Sales: tl.db, Staff: tl.db, Parked: tl.db,
		Barcodes: barcode.NewParser(), Policy: pos.DefaultPolicy, Now: time.Now}
	if _, err := r.Login(ctx, "1111"); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"5900343000185", "5901234123457", "2*5900343000185", "1,5*101", "2*5901234123457", "5900343000185"} {
		if _, err := r.Scan(ctx, code); err != nil {
			t.Fatalf("scan %s: %v", code, err)
		}
	}
	sale := r.Sale()
	got := map[pos.SKU]wire.OrderLine{}
	for _, l := range sale.Lines {
		g := got[l.SKU]
		g.Discount += int64(l.Promotion.Amount)
		g.Amount += int64(l.Due())
		if g.Promotion == "" {
			g.Promotion = l.Promotion.ID
		} else if g.Promotion != l.Promotion.ID {
			t.Fatalf("the lines of %s take promotions %s and %s", l.SKU, g.Promotion, l.Promotion.ID)
		}
		got[l.SKU] = g
	}
	for sku, w := range want {
		if got[sku] != w {
			t.Errorf("%s at the till: %+v; at the web shop: %+v", sku, got[sku], w)
		}
	}
	if len(sale.Lines) != 6 || int64(sale.Total()) != order.Total {
		t.Fatalf("the till's basket of %d lines costs %s, the web shop's %d", len(sale.Lines), sale.Total(), order.Total)
	}

	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: sale.Total()}); err != nil {
		t.Fatal(err)
	}
	done, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tl.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE id = ? AND total = ?`, done.ID, order.Total); n != 1 {
		t.Fatalf("central booked %d sales of %s at %d: %s", n, done.ID, order.Total, c.log)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 0 {
		t.Fatalf("central raised %d exceptions", n)
	}
	for sku, w := range want {
		discount := c.count(`SELECT SUM(promotion_discount) FROM sale_lines WHERE sale_id = ? AND sku = ? AND promotion_id = ?`, done.ID, sku, w.Promotion)
		amount := c.count(`SELECT SUM(amount) FROM sale_lines WHERE sale_id = ? AND sku = ?`, done.ID, sku)
		if discount != w.Discount || amount != w.Amount {
			t.Errorf("central keeps %s with %d off by %s, paid %d; want %d and %d", sku, discount, w.Promotion, amount, w.Discount, w.Amount)
		}
	}
}

// TestMembersPromotionInEveryChannel: a promotion for the loyalty programme's members
// prices a known customer's basket alike at the web shop (an order with the customer) and
// at the till (the card scanned, before or after the articles), and nobody else's.
func TestMembersPromotionInEveryChannel(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card\nC-1,Anna Wiśniewska,2900000000017\n")
	today := time.Now().UTC().Format("2006-01-02")
	c.importFile("promotions", "id,name,kind,skus,value,starts,ends,members\n"+
		"CLUB-20,Club -20 %,percent,ZUB-07,20,"+today+","+today+",yes\n")
	key := strings.TrimSpace(strings.Split(c.admin("webshop", "add", "shop.example"), "\n")[1])
	member := placeOrder(t, c, key, wire.NewOrder{ID: "0193f0a0-0000-7000-8000-0000000000c1", Number: "WEB-300001", StoreID: "PL-WAW",
		CustomerID: "C-1", Lines: []wire.NewOrderLine{{SKU: "ZUB-07", Qty: 2000}}})
	guest := placeOrder(t, c, key, wire.NewOrder{ID: "0193f0a0-0000-7000-8000-0000000000c2", Number: "WEB-300002", StoreID: "PL-WAW",
		Lines: []wire.NewOrderLine{{SKU: "ZUB-07", Qty: 2000}}})
	if member.Total != 8598-1720 || member.Lines[0].Promotion != "CLUB-20" || guest.Total != 8598 {
		t.Fatalf("the web shop: a member's order %d (%s), a guest's %d", member.Total, member.Lines[0].Promotion, guest.Total)
	}
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	tl.syncOnce()
	r := pointsRegister(t, tl, nil)
	if _, err := r.Scan(t.Context(), "2*5900343000185"); err != nil {
		t.Fatal(err)
	}
	if total := r.Sale().Total(); int64(total) != guest.Total {
		t.Fatalf("anonymous at the till: %s, the web shop's guest %d", total, guest.Total)
	}
	if _, err := r.Scan(t.Context(), "2900000000017"); !errors.As(err, new(*pos.CustomerScanned)) {
		t.Fatal(err)
	}
	if s := r.Sale(); int64(s.Total()) != member.Total || s.Lines[0].Promotion.ID != "CLUB-20" {
		t.Fatalf("the card scanned after the articles: %s by %q, the web shop's member %d", s.Total(), s.Lines[0].Promotion.ID, member.Total)
	}
	if err := r.DetachCustomer(); err != nil {
		t.Fatal(err)
	}
	if total := r.Sale().Total(); int64(total) != guest.Total {
		t.Fatalf("the customer taken off: %s", total)
	}
}
