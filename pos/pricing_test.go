package pos_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// The register's clock stands at 2026-11-24 12:00 UTC (newRegister).
var (
	promoStarts = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	promoEnds   = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
)

// withPromotions gives the register the chain's promotions as central sends them: 3 Żubrówka
// for 100.00, 10 % off kiełbasa (weighed), kajzerka at 0.69, a kajzerka at 0.10 that ended
// last week, and 20 % off the cheese sold on price labels.
func withPromotions(t *testing.T, r *pos.Register, db *sqlite.DB) {
	t.Helper()
	promo := func(id, name string, kind pos.PromoKind, sku pos.SKU, value, minQty int64) pos.Promotion {
		return pos.Promotion{ID: id, Name: name, Kind: kind, SKUs: []pos.SKU{sku}, Value: value, MinQty: minQty, Starts: promoStarts, Ends: promoEnds}
	}
	old := promo("BUL-OLD", "Kajzerka 0.10", pos.PromoPrice, "BUL", 10, 0)
	old.Starts, old.Ends = promoStarts.AddDate(0, 0, -10), promoStarts.AddDate(0, 0, -3)
	err := db.ApplyPromotionPage(ctx, []pos.Promotion{
		promo("ZUB-3", "3 for 100.00", pos.PromoMultibuy, "ZUB", 10000, 3),
		promo("KIE-10", "Kiełbasa -10 %", pos.PromoPercent, "KIE", 1000, 0),
		promo("BUL-PR", "Kajzerka 0.69", pos.PromoPrice, "BUL", 69, 0),
		old,
		promo("SER-20", "Cheese -20 %", pos.PromoPercent, "SER", 2000, 0),
	}, 1)
	if err != nil {
		t.Fatal(err)
	}
	r.Promotions = db
}

func mustScan(t *testing.T, r *pos.Register, codes ...string) {
	t.Helper()
	for _, c := range codes {
		if _, err := r.Scan(ctx, c); err != nil {
			t.Fatalf("scan %s: %v", c, err)
		}
	}
}

// promotionsOf lists each line's promotion id and amount, voided lines included.
func promotionsOf(s pos.Sale) []pos.LinePromotion {
	out := make([]pos.LinePromotion, len(s.Lines))
	for i, l := range s.Lines {
		out[i] = pos.LinePromotion{ID: l.Promotion.ID, Amount: l.Promotion.Amount}
	}
	return out
}

func samePromotions(t *testing.T, what string, s pos.Sale, want ...pos.LinePromotion) {
	t.Helper()
	got := promotionsOf(s)
	if len(got) != len(want) {
		t.Fatalf("%s: promotions %+v, want %+v", what, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: promotions %+v, want %+v", what, got, want)
		}
	}
}

// The basket is priced with the promotions whenever its lines change: the Żubrówka of two
// lines make one multibuy (its saving shared out exactly over them), a weighed line takes
// its percent, the kajzerka its price (not the ended, cheaper one), a label-priced pack
// none; voiding a piece or changing a quantity prices the basket again.
func TestBasketTakesThePromotions(t *testing.T) {
	r, db := newRegister(t)
	withPromotions(t, r, db)
	mustScan(t, r, "5900343000185", "3*BUL", "5900343000185")
	samePromotions(t, "two Żubrówka", r.Sale(), pos.LinePromotion{}, pos.LinePromotion{ID: "BUL-PR", Amount: 3 * (89 - 69)}, pos.LinePromotion{})

	l, err := r.Scan(ctx, "5900343000185") // the third bottle, on line 3
	if err != nil {
		t.Fatal(err)
	}
	// 3 × 42.99 = 128.97 for 100.00: 28.97 off, a third on line 1 and two thirds on line 3,
	// the odd grosz to the larger remainder (line 1's).
	if l.No != 3 || l.Qty != pos.Pieces(2) || l.Promotion.Amount != 1931 || l.Promotion.Name != "3 for 100.00" {
		t.Fatalf("the scan answered line %+v", l)
	}
	mustScan(t, r, "0,5*00101", ean13("280077701599"))
	s := r.Sale()
	samePromotions(t, "the whole basket", s,
		pos.LinePromotion{ID: "ZUB-3", Amount: 966}, pos.LinePromotion{ID: "BUL-PR", Amount: 60}, pos.LinePromotion{ID: "ZUB-3", Amount: 1931},
		pos.LinePromotion{ID: "KIE-10", Amount: 125}, pos.LinePromotion{})
	tot := s.Totals(store.VAT)
	if gross := pos.Money(3*4299 + 267 + 1250 + 1599); tot.Promotions != 2897+60+125 || tot.Saving != tot.Promotions || tot.Total != gross-tot.Promotions {
		t.Fatalf("totals %+v", tot)
	}

	if err := r.VoidLine(1, "Customer changed their mind"); err != nil {
		t.Fatal(err)
	}
	samePromotions(t, "a bottle voided", r.Sale(), pos.LinePromotion{}, pos.LinePromotion{ID: "BUL-PR", Amount: 60}, pos.LinePromotion{},
		pos.LinePromotion{ID: "KIE-10", Amount: 125}, pos.LinePromotion{})
	if err := r.SetQty(3, pos.Pieces(7)); err != nil { // two bundles and one at the catalog price
		t.Fatal(err)
	}
	if s := r.Sale(); s.Lines[2].Promotion.Amount != 2*2897 || s.Lines[2].Due() != 2*10000+4299 {
		t.Fatalf("7 bottles: %+v due %s", s.Lines[2].Promotion, s.Lines[2].Due())
	}
}

// A cashier's line discount comes on top of the promotion, given on the promoted amount:
// 10 % of it is the most a cashier gives alone. When the promotion then takes more off the
// line, a discount it left over the limit is dropped, as for a smaller quantity.
func TestCashierDiscountComesOnTopOfThePromotion(t *testing.T) {
	r, db := newRegister(t)
	withPromotions(t, r, db)
	mustScan(t, r, "3*5900343000185") // 128.97, promoted 100.00
	if err := r.DiscountLine(ctx, 1, pos.Discount{Amount: 1100, Reason: "Damaged packaging"}, nil); pos.ErrorCode(err) != pos.EFORBIDDEN {
		t.Fatalf("11 %% of the promoted amount (8.5 %% of the catalog's) by a cashier alone: %v", err)
	}
	if err := r.DiscountLine(ctx, 1, pos.Discount{Amount: 1000, Reason: "Damaged packaging"}, nil); err != nil {
		t.Fatal(err)
	}
	s := r.Sale()
	if l := s.Lines[0]; l.Promotion.Amount != 2897 || l.Discount.Amount != 1000 || l.Due() != 9000 || s.Totals(store.VAT).Saving != 3897 {
		t.Fatalf("promotion and discount together: %+v, due %s", l, l.Due())
	}

	// Two bottles with 8.00 off (9.3 %), then a third on a line of its own: the multibuy
	// now takes 19.31 off the two, and 8.00 is 12 % of what is left.
	if err := r.CancelSale(); err != nil {
		t.Fatal(err)
	}
	mustScan(t, r, "2*5900343000185")
	if err := r.DiscountLine(ctx, 1, pos.Discount{Amount: 800, Reason: "Damaged packaging"}, nil); err != nil {
		t.Fatal(err)
	}
	mustScan(t, r, "5900343000185")
	s = r.Sale()
	if len(s.Lines) != 2 || s.Lines[0].Promotion.Amount != 1931 || s.Lines[0].Discount.Amount != 0 || s.Total() != 10000 {
		t.Fatalf("after the third bottle: %+v, total %s", s.Lines, s.Total())
	}
}

// The promotions reach the receipt (each line's, and "You saved"), the till's record of the
// sale and the event central books, whose line amounts are price × quantity less the
// promotion and the discounts.
func TestPromotionsReachTheReceiptAndTheEvent(t *testing.T) {
	r, db := newRegister(t)
	withPromotions(t, r, db)
	mustScan(t, r, "5900343000185", "3*BUL", "2*5900343000185")
	if err := r.DiscountLine(ctx, 2, pos.Discount{Amount: 20, Reason: "Damaged packaging"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.DiscountBasket(ctx, pos.Discount{Amount: 100, Reason: "Customer goodwill"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 20000}); err != nil {
		t.Fatal(err)
	}
	sale, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 128.97 + 2.67 less 28.97 and 0.60 (promotions), 0.20 and 1.00 (discounts).
	if sale.Total() != 12897+267-2897-60-20-100 {
		t.Fatalf("total %s", sale.Total())
	}

	stored, err := db.SaleByReceipt(ctx, store.TillID, sale.ReceiptNo, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range stored.Lines {
		if l.Promotion != sale.Lines[i].Promotion {
			t.Fatalf("line %d stored with promotion %+v, sold with %+v", l.No, l.Promotion, sale.Lines[i].Promotion)
		}
	}
	for language, want := range map[lang.Language][]string{
		lang.English:    {"Promotion 3 for 100.00", "-9,66 A", "-19,31 A", "Promotion Kajzerka 0.69", "-0,60 C", "You saved 30,77 zł"},
		lang.Polish:     {"Promocja 3 for 100.00", "Twoja oszczędność: 30,77 zł"},
		lang.Lithuanian: {"Akcija Kajzerka 0.69", "Sutaupėte 30,77 zł"},
	} {
		text := strings.Join(pos.Text(pos.NewReceipt(store, stored, lang.MustNew(language, "PL")).Layout(48), 48), "\n")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("the %s receipt lacks %q:\n%s", language, w, text)
			}
		}
	}

	events, err := db.PendingEvents(ctx, 10)
	if err != nil || len(events) != 1 {
		t.Fatalf("outbox: %d events, %v", len(events), err)
	}
	ev, err := pos.DecodeSaleEvent(events[0].Payload)
	if err != nil {
		t.Fatal(err)
	}
	var sum pos.Money
	for i, l := range ev.Lines {
		want := sale.Lines[i].Promotion
		if l.Promotion != want.ID || l.PromotionDiscount != want.Amount {
			t.Fatalf("event line %d carries promotion %q %s, want %+v", l.No, l.Promotion, l.PromotionDiscount, want)
		}
		if gross := pos.MulQty(l.UnitPrice, l.Qty); l.Amount != gross-l.PromotionDiscount-l.LineDiscount-l.BasketShare {
			t.Fatalf("event line %d: amount %s from gross %s", l.No, l.Amount, gross)
		}
		sum += l.Amount
	}
	if sum != ev.Total || ev.Total != sale.Total() {
		t.Fatalf("event lines add up to %s, total %s", sum, ev.Total)
	}
	// A line without a promotion carries no promotion key: a central of before reads it.
	var raw struct {
		Lines []map[string]any `json:"lines"`
	}
	if err := json.Unmarshal(events[0].Payload, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw.Lines[0]["promotion_discount"]; !ok || raw.Lines[0]["promotion"] != "ZUB-3" {
		t.Fatalf("line 1 as sent: %v", raw.Lines[0])
	}
}

// A parked basket is priced again when it is recalled: a promotion that ended meanwhile no
// longer applies.
func TestRecallPricesTheBasketAgain(t *testing.T) {
	r, db := newRegister(t)
	withPromotions(t, r, db)
	mustScan(t, r, "3*BUL")
	p, err := r.Park(ctx)
	if err != nil || p.Total != 3*69 {
		t.Fatalf("parked %+v, %v", p, err)
	}
	r.Now = func() time.Time { return promoEnds.Add(time.Hour) }
	s, err := r.Recall(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Lines[0].Promotion != (pos.LinePromotion{}) || s.Total() != 3*89 {
		t.Fatalf("recalled after the promotion ended: %+v, total %s", s.Lines[0], s.Total())
	}
}
