// Package central is the chain's central store: the stores, tills and web shops it knows,
// the catalog, stock, promotions, customers and online orders it keeps for every channel,
// and its rules, as plain Go without storage or transport. Its adapters sit around it:
// sync/central/sqlite is its database (Service), sync/central/api its /v1 HTTP API, and
// the import files are read here; cmd/omnitill-central wires them.
package central

import (
	"errors"

	"github.com/omnitill/omnitill/pos"
)

// Till is a paired till, as its token proves.
type Till struct {
	Store pos.StoreID
	ID    pos.TillID
}

func (t Till) String() string { return string(t.Store) + "/" + string(t.ID) }

// Store is a shop of the chain as central knows it.
type Store struct {
	ID       pos.StoreID
	Name     string
	Currency pos.Currency // the sales of its tills must be in it; empty accepts any
	TaxID    string
	Address  string
	// Country (ISO 3166: PL, LT) picks the VAT rates its tills are sent; with none they get
	// the catalog's own. Saved empty, it keeps the country central has.
	Country string
}

// VATClass is one VAT class of a country: Polish reduced is 8 %, Lithuanian reduced 9 %.
// The catalog's rates are those of the catalog country (PL); a till is sent the rate of the
// same class in its store's country.
type VATClass struct {
	Country string // ISO 3166 code: PL, LT
	Class   string // standard, reduced, super-reduced, zero, ...
	Rate    pos.VATRate
}

// ValidCountry says whether c is an ISO 3166 code, two capital letters.
func ValidCountry(c string) bool {
	return len(c) == 2 && 'A' <= c[0] && c[0] <= 'Z' && 'A' <= c[1] && c[1] <= 'Z'
}

// Movement is a change of one article's stock in one store.
type Movement struct {
	Store pos.StoreID
	SKU   pos.SKU
	Delta pos.Qty
}

// ImportResult counts what an import did.
type ImportResult struct{ Added, Changed, Unchanged int }

// ErrReset answers a cursor central cannot continue from: the till pulls from 0 again.
var ErrReset = errors.New("the cursor is older than central keeps or newer than anything central has: pull again from cursor 0")
