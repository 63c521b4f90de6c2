package central

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// storeColumns of a stores file; id and name are required, the rest optional, any order.
// country (PL, LT) picks the VAT rates of the store's tills; empty keeps the one central has.
var storeColumns = []string{"id", "name", "currency", "tax_id", "address", "country"}

// ReadStores reads a stores file (UTF-8 CSV with a header naming its columns). All or
// nothing: a bad row is an EINVALID error naming its line, and no stores.
func ReadStores(r io.Reader) ([]Store, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, pos.Errorf(pos.EINVALID, "no stores: the file is empty")
	} else if err != nil {
		return nil, pos.Errorf(pos.EINVALID, "cannot read the stores file: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if !slices.Contains(storeColumns, h) {
			return nil, pos.Errorf(pos.EINVALID, "line 1: unknown column %q (the columns are %s)", h, strings.Join(storeColumns, ","))
		}
		col[h] = i
	}
	for _, req := range storeColumns[:2] {
		if _, ok := col[req]; !ok {
			return nil, pos.Errorf(pos.EINVALID, "line 1: missing column %q (the columns are %s)", req, strings.Join(storeColumns, ","))
		}
	}
	field := func(rec []string, name string) string {
		if i, ok := col[name]; ok {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []Store
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, pos.Errorf(pos.EINVALID, "cannot read the stores file: %v", err)
		}
		line, _ := cr.FieldPos(0)
		s := Store{ID: pos.StoreID(field(rec, "id")), Name: field(rec, "name"), Currency: pos.Currency(strings.ToUpper(field(rec, "currency"))),
			TaxID: field(rec, "tax_id"), Address: field(rec, "address"), Country: strings.ToUpper(field(rec, "country"))}
		switch {
		case s.ID == "":
			return nil, pos.Errorf(pos.EINVALID, "line %d: the store id is empty", line)
		case s.Name == "":
			return nil, pos.Errorf(pos.EINVALID, "line %d: store %s has no name", line, s.ID)
		case s.Country != "" && !validCountry(s.Country):
			return nil, pos.Errorf(pos.EINVALID, "line %d: store %s: country is %q: use its two-letter code, e.g. PL or LT", line, s.ID, field(rec, "country"))
		case seen[string(s.ID)] > 0:
			return nil, pos.Errorf(pos.EINVALID, "line %d: store %s is already on line %d", line, s.ID, seen[string(s.ID)])
		}
		seen[string(s.ID)] = line
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, pos.Errorf(pos.EINVALID, "no stores: the file has only its header")
	}
	return out, nil
}
