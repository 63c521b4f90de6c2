package central

import (
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

func TestSamePromotion(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	a := pos.Promotion{ID: "BW", Name: "Black week", Kind: pos.PromoPercent, SKUs: []pos.SKU{"ZUB-07", "SAK-1"}, Value: 1500,
		Stores: []pos.StoreID{"PL-WAW", "LT-VNO"}, Starts: day, Ends: day.AddDate(0, 0, 7)}
	b := a
	b.SKUs, b.Stores = []pos.SKU{"SAK-1", "ZUB-07"}, []pos.StoreID{"LT-VNO", "PL-WAW"}
	b.Starts = day.In(time.FixedZone("CET", 3600))
	if !SamePromotion(a, b) {
		t.Fatal("the same promotion, its lists in another order, is not the same")
	}
	for name, change := range map[string]func(*pos.Promotion){
		"Withdrawn": func(p *pos.Promotion) { p.Withdrawn = true },
		"OneSKU":    func(p *pos.Promotion) { p.SKUs = p.SKUs[:1] },
		"Ends":      func(p *pos.Promotion) { p.Ends = p.Ends.Add(time.Hour) },
	} {
		c := a
		change(&c)
		if SamePromotion(a, c) {
			t.Errorf("%s: still the same", name)
		}
	}
}
