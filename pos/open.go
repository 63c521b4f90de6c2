package pos

import (
	"context"
	"fmt"
)

// Department is a section of the store an article the catalog does not know is sold under:
// it gives the article's VAT and tells central where to book it.
type Department struct {
	Code string // the VAT class's letter, e.g. "A"
	Name string
	VAT  VATRate
}

// DepartmentsFor are the store's departments: one per VAT class, named by its rate in w,
// the store's words (the name is printed on the receipt).
func DepartmentsFor(vat VATTable, w Words) []Department {
	out := make([]Department, len(vat))
	for i, c := range vat {
		out[i] = Department{Code: c.Letter, Name: w.T("Goods at %s VAT (%s)", c.Rate.Percent(), c.Letter), VAT: c.Rate}
	}
	return out
}

// AddOpenItem sells one piece of an article the catalog does not know (code is what was
// scanned or typed) at a price a manager gives, under a department. The sale records who
// approved it; central takes it as an exception for the catalog's keepers.
func (r *Register) AddOpenItem(ctx context.Context, code string, dept Department, price Money, manager Staff) (Line, error) {
	limit := r.Policy.maxPrice() // the till's price limit, as for any article
	switch {
	case !manager.IsManager():
		return Line{}, Errorf(EFORBIDDEN, "only a manager can price an article the catalog does not know")
	case code == "":
		return Line{}, Errorf(EINVALID, "the article's code is missing")
	case price <= 0:
		return Line{}, Errorf(EINVALID, "the price must be more than zero")
	case price > limit:
		return Line{}, Errorf(EINVALID, "%s is more than a price may be at this till (%s): check it", price.Display(), limit.Display())
	}
	known := false
	store := r.StoreInfo()
	for _, c := range store.VAT {
		known = known || (c.Letter == dept.Code && c.Rate == dept.VAT)
	}
	if !known {
		return Line{}, Errorf(EINVALID, "department %q is not one of this store's", dept.Name)
	}
	c, ok := r.Cashier()
	if !ok {
		return Line{}, Errorf(EUNAUTHORIZED, "log in with your PIN first")
	}
	// Recorded first: no open price is sold that the audit log does not show.
	if err := r.Staff.RecordAudit(ctx, AuditEntry{Till: store.TillID, Staff: c.ID, Action: "open-price",
		Detail: fmt.Sprintf("%s at %s under %s", code, price.Display(), dept.Name), ApprovedBy: manager.ID}); err != nil {
		return Line{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, err := r.current()
	if err != nil {
		return Line{}, err
	}
	if len(s.Tenders) > 0 {
		return Line{}, Errorf(ECONFLICT, "payment has started: cancel the payment to add articles")
	}
	l := Line{No: len(s.Lines) + 1, SKU: SKU(code), Name: fmt.Sprintf("%s (%s)", dept.Name, code), Code: code, Unit: UnitPiece,
		UnitPrice: price, Qty: Pieces(1), VAT: dept.VAT, Department: dept.Code, OpenPriceBy: manager.ID}
	s.Lines = append(s.Lines, l)
	return l, nil
}
