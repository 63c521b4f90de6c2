// Package central is the chain's central store: the stores, tills and web shops it knows,
// the catalog, stock, promotions, customers and online orders it keeps for every channel,
// and its rules, as plain Go without storage or transport. Its adapters sit around it:
// sync/central/sqlite is its database (Service), sync/central/api its /v1 HTTP API, and
// sync/central/imports reads the files IT loads; cmd/omnitill-central wires them.
package central

import (
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

// Check refuses a store central cannot send VAT rates to: a country that is no code.
func (s Store) Check() error {
	if s.Country != "" && !ValidCountry(s.Country) {
		return pos.Errorf(pos.EINVALID, "store %s: country %q is not a two-letter code such as PL or LT", s.ID, s.Country)
	}
	return nil
}

// Movement is a change of one article's stock in one store.
type Movement struct {
	Store pos.StoreID
	SKU   pos.SKU
	Delta pos.Qty
}

// Check refuses a movement beyond the bounds: at most MaxQty either way.
func (m Movement) Check() error {
	if m.Delta < -MaxQty || m.Delta > MaxQty {
		return pos.Errorf(pos.EINVALID, "a stock movement of %s in %s of %d thousandths: at most %d either way", m.SKU, m.Store, m.Delta, MaxQty)
	}
	return nil
}

// ImportResult counts what an import did.
type ImportResult struct{ Added, Changed, Unchanged int }

// Numbered is a record of an import file with the line it was read from, so a refusal
// found only when saving (an unknown SKU) still names the line. Line 0 is a record that
// came from elsewhere.
type Numbered[T any] struct {
	Line int
	Rec  T
}

// AtLine puts the file line in front of a domain error's message, keeping its code.
func AtLine(line int, err error) error {
	if line == 0 || pos.ErrorCode(err) == pos.EINTERNAL {
		return err
	}
	return pos.Errorf(pos.ErrorCode(err), "line %d: %s", line, pos.ErrorMessage(err))
}
