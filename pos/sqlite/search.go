package sqlite

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// SearchProducts finds products for what the cashier typed, best first: the article whose
// code it is, then names starting with the words typed, then names with words starting so;
// by name within each group. Each group is one indexed query with its own limit, so a
// million-article catalog answers as fast as a small one.
func (db *DB) SearchProducts(ctx context.Context, query string, limit int) ([]pos.Product, error) {
	query = strings.TrimSpace(query)
	if query == "" || limit <= 0 {
		return nil, nil
	}
	var out []pos.Product
	seen := map[pos.SKU]bool{}
	add := func(ps []pos.Product, sorted bool) {
		if sorted {
			sortByName(ps)
		}
		for _, p := range ps {
			if !seen[p.SKU] && len(out) < limit {
				seen[p.SKU] = true
				out = append(out, p)
			}
		}
	}
	exact, err := db.productsByCode(ctx, query)
	if err != nil {
		return nil, err
	}
	add(exact, false)
	words := searchWords(query)
	if len(words) == 0 {
		return out, nil
	}
	// Names starting with the first word ("^" anchors it to the name's first word), then any;
	// from the catalog as it stands, an import being merged included.
	for _, match := range []string{"^" + words[0] + " " + strings.Join(words[1:], " "), strings.Join(words, " ")} {
		if len(out) >= limit {
			break
		}
		ps, err := db.products(ctx, db.catalogQuery(ctx, searchProducts), strings.TrimSpace(match), limit+len(out))
		if err != nil {
			return nil, err
		}
		add(ps, true)
	}
	return out, nil
}

// productsByCode finds the article whose SKU, PLU or barcode the query is.
func (db *DB) productsByCode(ctx context.Context, query string) ([]pos.Product, error) {
	var out []pos.Product
	found := func(p pos.Product, err error) error {
		if err == nil {
			out = append(out, p)
		} else if pos.ErrorCode(err) != pos.ENOTFOUND {
			return err
		}
		return nil
	}
	if err := found(db.ProductBySKU(ctx, pos.SKU(query))); err != nil {
		return nil, err
	}
	if plu := pos.CanonicalPLU(query); plu != "" {
		if err := found(db.ProductByPLU(ctx, plu)); err != nil {
			return nil, err
		}
	}
	if allDigits(query) && len(query) >= 8 && len(query) <= 14 {
		if err := found(db.ProductByGTIN(ctx, barcode.NormalizeGTIN(query))); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// searchWords turns what the cashier typed into FTS5 word prefixes, accents folded.
func searchWords(query string) []string {
	words := strings.FieldsFunc(pos.FoldText(query), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return words
}

// sortByName orders products by name as a person reads it, accents aside.
func sortByName(ps []pos.Product) {
	keys := make(map[pos.SKU]string, len(ps)) // fold each name once, not at every comparison
	for _, p := range ps {
		keys[p.SKU] = pos.FoldText(p.Name)
	}
	slices.SortStableFunc(ps, func(a, b pos.Product) int { return strings.Compare(keys[a.SKU], keys[b.SKU]) })
}
