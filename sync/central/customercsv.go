package central

import (
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// customerColumns of a customers file; id and name are required.
var customerColumns = []string{"id", "name", "card", "email", "phone", "points", "erased"}

// ReadCustomers reads a customers file, one customer per row. points, when given, is the
// balance the customer should have; erased yes forgets the customer (the other columns of
// that row are then ignored). All or nothing: a bad row is an EINVALID error naming its
// line, and no customers.
func ReadCustomers(r io.Reader) ([]Numbered[CustomerImport], error) {
	f, err := openCSV(r, "customers", customerColumns, 2)
	if err != nil {
		return nil, err
	}
	var out []Numbered[CustomerImport]
	ids, cards := map[string]int{}, map[string]int{}
	for {
		if ok, err := f.next(); err != nil {
			return nil, err
		} else if !ok {
			break
		}
		c, err := readCustomer(f)
		if err != nil {
			return nil, err
		}
		if at := ids[string(c.ID)]; at > 0 {
			return nil, f.errorf("customer %s is already on line %d", c.ID, at)
		}
		ids[string(c.ID)] = f.line
		if at := cards[c.Card]; c.Card != "" && at > 0 {
			return nil, f.errorf("card %s is already on line %d", c.Card, at)
		}
		cards[c.Card] = f.line
		out = append(out, Numbered[CustomerImport]{Line: f.line, Rec: c})
	}
	if len(out) == 0 {
		return nil, pos.Errorf(pos.EINVALID, "no customers: the file has only its header")
	}
	return out, nil
}

func readCustomer(f *csvFile) (CustomerImport, error) {
	id := pos.CustomerID(f.get("id"))
	if id == "" {
		return CustomerImport{}, f.errorf("the customer id is empty")
	}
	erased, err := f.yes("erased")
	if err != nil {
		return CustomerImport{}, err
	}
	if erased {
		return CustomerImport{Customer: pos.Customer{ID: id}, Erased: true}, nil
	}
	c := CustomerImport{Customer: pos.Customer{ID: id, Name: f.get("name"), Card: f.get("card"), Email: f.get("email"), Phone: f.get("phone")}}
	switch {
	case c.Name == "":
		return c, f.errorf("customer %s has no name", id)
	case c.Email != "" && !strings.Contains(c.Email, "@"):
		return c, f.errorf("customer %s: %q is not an e-mail address", id, c.Email)
	}
	if p := f.get("points"); p != "" {
		c.SetPoints = true
		if c.Points, err = strconv.ParseInt(p, 10, 64); err != nil || c.Points < 0 {
			return c, f.errorf("customer %s: points is %q: use a whole number from 0", id, p)
		}
	}
	return c, nil
}
