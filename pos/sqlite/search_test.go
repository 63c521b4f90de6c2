package sqlite_test

import (
	"testing"

	"github.com/omnitill/omnitill/pos"
)

// Search puts the article whose code was typed first, then names starting with the words
// typed, then the others, by name within each; and it can tell there are more.
func TestSearchRanksCodesThenStartsThenTheRest(t *testing.T) {
	db := mustOpen(t)
	if _, err := db.SaveProducts(ctx, []pos.Product{
		{SKU: "B-1", Name: "Bison burger 200 g", Price: 1299, VAT: 500, Unit: pos.UnitPiece},
		{SKU: "B-2", Name: "Bisonowa kiełbasa", Price: 2999, VAT: 500, Unit: pos.UnitPiece, PLU: "00555"},
		{SKU: "B-3", Name: "Aaa wódka bison", Barcodes: []string{"5901234123457"}, Price: 3999, VAT: 2300, Unit: pos.UnitPiece},
	}); err != nil {
		t.Fatal(err)
	}
	names := func(ps []pos.Product) (out []pos.SKU) {
		for _, p := range ps {
			out = append(out, p.SKU)
		}
		return out
	}
	for _, tc := range []struct {
		query string
		limit int
		want  []pos.SKU
	}{
		// "Aaa wódka bison" and "Żubrówka Bison Grass" sort first by name, but start otherwise.
		{"bison", 10, []pos.SKU{"B-1", "B-2", "B-3", "ZUB-07"}},
		{"5901234123457", 10, []pos.SKU{"B-3"}},      // its barcode
		{"ZUB-07", 10, []pos.SKU{"ZUB-07"}},          // its SKU
		{"555", 10, []pos.SKU{"B-2"}},                // its PLU, as a scale label prints it or not
		{"bison", 2, []pos.SKU{"B-1", "B-2"}},        // one more than shown tells that more match
		{"bis bur", 10, []pos.SKU{"B-1"}},            // every word typed
		{"kielbasa", 10, []pos.SKU{"KIE-SL", "B-2"}}, // a later word of a name is found too
	} {
		got, err := db.SearchProducts(ctx, tc.query, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if g := names(got); len(g) != len(tc.want) || !equal(g, tc.want) {
			t.Errorf("search %q (limit %d) = %v, want %v", tc.query, tc.limit, g, tc.want)
		}
	}
}

func equal(a, b []pos.SKU) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}
