// Package pos is Omnitill's domain: money, VAT, the catalog, the cart, tenders, sales, receipts
// and the events a till sends to central. It is pure Go: storage, devices and screens live in
// adapters around it and reach it through the interfaces declared here.
//
// Where things happen:
//   - a scan becomes a cart line in Register.Scan (register.go);
//   - a sale is committed by SaleStore.CommitSale (implemented in pos/sqlite);
//   - an event leaves the till from the outbox rows written in that same commit;
//   - a receipt becomes printable blocks in Receipt.Layout (receipt.go), then bytes in
//     drivers/escpos and an image in drivers/receiptimg.
package pos

import (
	"strings"
	"time"
)

// SKU is the retailer's own article number.
type SKU string

// StoreID names a store of the chain.
type StoreID string

// TillID names one till (register) of a store; receipt numbers are counted per till.
type TillID string

// StaffID names a member of staff.
type StaffID string

// SaleID identifies a sale everywhere (till, central, receipts); a UUIDv7 string.
type SaleID string

// EventID identifies one outbox event; central applies each event id once.
type EventID string

// ReceiptNo is the per-till, gapless receipt number.
type ReceiptNo int64

// Unit is how an article is sold.
type Unit string

const (
	UnitPiece Unit = "pcs"
	UnitKg    Unit = "kg"
)

// ParseUnit accepts the unit names used in catalog files.
func ParseUnit(s string) (Unit, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pcs", "pc", "szt", "vnt", "":
		return UnitPiece, nil
	case "kg":
		return UnitKg, nil
	}
	return "", Errorf(EINVALID, "unknown unit %q: use pcs or kg", s)
}

// Qty is a quantity in thousandths: 1000 is one piece or one kilogram, 250 is 250 g.
// One integer type for both keeps weighed and counted lines on the same arithmetic.
type Qty int64

// Pieces returns n whole pieces.
func Pieces(n int64) Qty { return Qty(n * 1000) }

// Grams returns a weight of g grams.
func Grams(g int64) Qty { return Qty(g) }

// Format shows the quantity as a cashier reads it: "2" for pieces, "0,250" for kilograms.
func (q Qty) Format(u Unit) string {
	if u == UnitKg {
		return formatFixed(int64(q), 3, ',')
	}
	if q%1000 == 0 {
		return formatFixed(int64(q)/1000, 0, ',')
	}
	return formatFixed(int64(q), 3, ',')
}

// Staff is a person who can log in at the till.
type Staff struct {
	ID   StaffID
	Name string
	Role Role
}

// Role decides what a member of staff may do without asking a manager.
type Role string

const (
	RoleCashier Role = "cashier"
	RoleManager Role = "manager"
)

// Name is the role's name for a person.
func (r Role) Name() Phrase {
	if r == RoleManager {
		return Phrasef("manager")
	}
	return Phrasef("cashier")
}

// IsManager reports whether the person may approve manager-only actions.
func (s Staff) IsManager() bool { return s.Role == RoleManager }

// StoreInfo is what the till knows of its store: it heads every receipt.
type StoreInfo struct {
	ID       StoreID
	Name     string
	Address  []string
	TaxID    string // NIP in Poland, PVM kodas in Lithuania
	Country  string // ISO 3166 code: PL, LT; it decides the receipt's language and form
	TillID   TillID
	Currency Currency
	VAT      VATTable
}

// Clock gives the current time; tests move it.
type Clock func() time.Time
