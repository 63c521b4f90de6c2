package imports

import (
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// customerColumns of a customers file; id and name are required.
var customerColumns = []string{"id", "name", "card", "email", "phone", "points", "erased"}

// ReadCustomers reads a customers file, one customer per row. points, when given, is the
// balance the customer should have; erased yes forgets the customer (the other columns of
// that row are then ignored). All or nothing: a bad file is an *csvfile.ImportError naming
// every bad row, and no customers.
func ReadCustomers(r io.Reader) ([]central.Numbered[central.CustomerImport], error) {
	f, err := csvfile.Open(r, "customers", customerColumns, 2)
	if err != nil {
		return nil, err
	}
	var out []central.Numbered[central.CustomerImport]
	ids, cards := map[pos.CustomerID]int{}, map[string]int{}
	for f.Next() {
		id := pos.CustomerID(f.Get("id"))
		switch {
		case id == "":
			f.Refuse("the customer id is empty")
			continue
		case ids[id] > 0:
			f.Refuse("customer %s is already on line %d", id, ids[id])
			continue
		}
		ids[id] = f.Line()
		c, ok := readCustomer(f, id)
		if !ok {
			continue
		}
		if at := cards[c.Card]; c.Card != "" && at > 0 {
			f.Refuse("card %s is already on line %d", c.Card, at)
			continue
		}
		cards[c.Card] = f.Line()
		out = append(out, central.Numbered[central.CustomerImport]{Line: f.Line(), Rec: c})
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// readCustomer reads the row f has read, of customer id; ok false refused it.
func readCustomer(f *csvfile.File, id pos.CustomerID) (c central.CustomerImport, ok bool) {
	erased, ok := yes(f, "erased")
	if !ok {
		return c, false
	}
	if erased {
		return central.CustomerImport{Customer: pos.Customer{ID: id}, Erased: true}, true
	}
	c = central.CustomerImport{Customer: pos.Customer{ID: id, Name: f.Get("name"), Card: f.Get("card"), Email: f.Get("email"), Phone: f.Get("phone")}}
	switch {
	case c.Name == "":
		f.Refuse("customer %s has no name", id)
		return c, false
	case c.Email != "" && !strings.Contains(c.Email, "@"):
		f.Refuse("customer %s: %q is not an e-mail address", id, c.Email)
		return c, false
	}
	if p := f.Get("points"); p != "" {
		c.SetPoints = true
		var err error
		if c.Points, err = strconv.ParseInt(p, 10, 64); err != nil || c.Points < 0 {
			f.Refuse("customer %s: points is %q: use a whole number from 0", id, p)
			return c, false
		}
	}
	return c, true
}
