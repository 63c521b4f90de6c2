package sqlite

import (
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// vatOf pulls the whole products stream as the till sees it: each SKU's rate.
func vatOf(t *testing.T, db *DB, till central.Till) (map[string]int64, int64) {
	t.Helper()
	rates := map[string]int64{}
	var cursor int64
	for more := true; more; {
		p, err := db.ProductChanges(ctx, till, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		if cursor == 0 && p.Total != int64(len(catalog)) {
			t.Fatalf("snapshot total %d, want %d", p.Total, len(catalog))
		}
		for _, pr := range p.Products {
			rates[pr.SKU] = int64(pr.VAT)
		}
		cursor, more = p.NextCursor, p.More
	}
	return rates, cursor
}

func changesAfter(t *testing.T, db *DB, till central.Till, cursor int64) []wire.Product {
	t.Helper()
	p, err := db.ProductChanges(ctx, till, cursor, 100)
	if err != nil {
		t.Fatal(err)
	}
	return p.Products
}

func TestProductsCarryTheRatesOfTheStoresCountry(t *testing.T) {
	db, _ := mustOpen(t)
	withCountry := []central.Store{waw, vno}
	withCountry[0].Country, withCountry[1].Country = "PL", "LT"
	plTill, ltTill := central.Till{Store: waw.ID, ID: "01"}, central.Till{Store: vno.ID, ID: "01"}
	if err := db.SaveStores(ctx, withCountry); err != nil {
		t.Fatal(err)
	}
	pl, plCursor := vatOf(t, db, plTill)
	lt, ltCursor := vatOf(t, db, ltTill)
	if pl["ZUB-07"] != 2300 || lt["ZUB-07"] != 2100 || pl["KIE-SL"] != 500 || lt["KIE-SL"] != 500 {
		t.Fatalf("PL till got %v, LT till %v: want ZUB-07 at 2300 and 2100, KIE-SL at 500 in both", pl, lt)
	}

	t.Run("ImportAgainChangesNothing", func(t *testing.T) {
		res, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Line: 1, Rec: central.VATClass{Country: "LT", Class: "standard", Rate: 2100}}, {Line: 2, Rec: central.VATClass{Country: "PL", Class: "standard", Rate: 2300}}})
		if err != nil || res.Unchanged != 2 {
			t.Fatalf("the same classes again: %+v %v", res, err)
		}
		if p := changesAfter(t, db, ltTill, ltCursor); len(p) != 0 {
			t.Fatalf("changes after the same classes: %+v", p)
		}
	})
	t.Run("NewRateReachesTheTills", func(t *testing.T) {
		res, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Line: 2, Rec: central.VATClass{Country: "LT", Class: "standard", Rate: 2200}}})
		if err != nil || res.Changed != 1 {
			t.Fatalf("LT standard 22 %%: %+v %v", res, err)
		}
		p := changesAfter(t, db, ltTill, ltCursor)
		if len(p) != 1 || p[0].SKU != "ZUB-07" || p[0].VAT != 2200 {
			t.Fatalf("the LT till's changes: %+v (want ZUB-07 at 2200 only)", p)
		}
		if p := changesAfter(t, db, plTill, plCursor); len(p) != 1 || p[0].VAT != 2300 {
			t.Fatalf("the PL till's changes: %+v (ZUB-07 again, still at 2300)", p)
		}
	})
	t.Run("CountryWithoutStoresSendsNothing", func(t *testing.T) {
		_, cursor := vatOf(t, db, ltTill)
		res, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Line: 2, Rec: central.VATClass{Country: "LV", Class: "standard", Rate: 2100}}, {Line: 3, Rec: central.VATClass{Country: "LV", Class: "reduced", Rate: 1200}}})
		if err != nil || res.Added != 2 {
			t.Fatalf("LV classes: %+v %v", res, err)
		}
		if p := changesAfter(t, db, ltTill, cursor); len(p) != 0 {
			t.Fatalf("changes after the classes of a country without stores: %+v", p)
		}
	})
	t.Run("SwapInOneFile", func(t *testing.T) {
		res, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Line: 2, Rec: central.VATClass{Country: "LT", Class: "reduced", Rate: 500}}, {Line: 3, Rec: central.VATClass{Country: "LT", Class: "super-reduced", Rate: 900}}})
		if err != nil || res.Changed != 2 {
			t.Fatalf("swap: %+v %v", res, err)
		}
		if lt, _ := vatOf(t, db, ltTill); lt["KIE-SL"] != 900 {
			t.Fatalf("after the swap the LT till got %v", lt)
		}
	})
	t.Run("OneRateOneClass", func(t *testing.T) {
		_, err := db.SaveVATClasses(ctx, []central.Numbered[central.VATClass]{{Line: 4, Rec: central.VATClass{Country: "LT", Class: "zero", Rate: 2200}}})
		if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), "line 4: LT zero cannot be 22%: that is the rate of LT standard") {
			t.Fatalf("a second class at one rate: %v", err)
		}
	})
	t.Run("NoCountryIsTheCatalogsRate", func(t *testing.T) {
		other := central.Store{ID: "XX-1", Name: "Nowhere"}
		if err := db.SaveStores(ctx, []central.Store{other}); err != nil {
			t.Fatal(err)
		}
		if raw, _ := vatOf(t, db, central.Till{Store: other.ID, ID: "01"}); raw["ZUB-07"] != 2300 || raw["KIE-SL"] != 500 {
			t.Fatalf("a store without a country got %v", raw)
		}
	})
	t.Run("CountryWithoutClasses", func(t *testing.T) {
		de := central.Store{ID: "DE-BER", Name: "Berlin", Country: "DE"}
		if err := db.SaveStores(ctx, []central.Store{de}); err != nil {
			t.Fatal(err)
		}
		if raw, _ := vatOf(t, db, central.Till{Store: de.ID, ID: "01"}); raw["ZUB-07"] != 2300 {
			t.Fatalf("a store of a country without classes got %v", raw)
		}
	})
	t.Run("NewCountryOfAStore", func(t *testing.T) {
		_, cursor := vatOf(t, db, plTill)
		moved := withCountry[0]
		moved.Country = "LT"
		if err := db.SaveStores(ctx, []central.Store{moved}); err != nil {
			t.Fatal(err)
		}
		p := changesAfter(t, db, plTill, cursor)
		if len(p) != 3 || p[0].SKU != "ZUB-07" || p[0].VAT != 2200 {
			t.Fatalf("after the store moved to LT its till got %+v (every product, their rates all differ)", p)
		}
		moved.Country = "" // a file without the column keeps the country
		if err := db.SaveStores(ctx, []central.Store{moved}); err != nil {
			t.Fatal(err)
		}
		if lt, _ := vatOf(t, db, plTill); lt["ZUB-07"] != 2200 {
			t.Fatalf("an empty country changed the store's rates: %v", lt)
		}
	})
}
