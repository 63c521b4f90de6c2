package imports

import (
	"io"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// storeColumns of a stores file; id and name are required, the rest optional, any order.
// country (PL, LT) picks the VAT rates of the store's tills; empty keeps the one central has.
var storeColumns = []string{"id", "name", "currency", "tax_id", "address", "country"}

// ReadStores reads a stores file. All or nothing: a bad file is an *csvfile.ImportError
// naming every bad row, and no stores.
func ReadStores(r io.Reader) ([]central.Store, error) {
	f, err := csvfile.Open(r, "stores", storeColumns, 2)
	if err != nil {
		return nil, err
	}
	var out []central.Store
	seen := map[pos.StoreID]int{}
	for f.Next() {
		s := central.Store{ID: pos.StoreID(f.Get("id")), Name: f.Get("name"), Currency: pos.Currency(strings.ToUpper(f.Get("currency"))),
			TaxID: f.Get("tax_id"), Address: f.Get("address"), Country: strings.ToUpper(f.Get("country"))}
		switch {
		case s.ID == "":
			f.Refuse("the store id is empty")
			continue
		case seen[s.ID] > 0:
			f.Refuse("store %s is already on line %d", s.ID, seen[s.ID])
			continue
		}
		seen[s.ID] = f.Line()
		switch {
		case s.Name == "":
			f.Refuse("store %s has no name", s.ID)
		case s.Country != "" && !central.ValidCountry(s.Country):
			f.Refuse("store %s: country is %q: use its two-letter code, e.g. PL or LT", s.ID, f.Get("country"))
		default:
			out = append(out, s)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
