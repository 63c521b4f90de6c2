package till

import (
	"context"
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// DemoStaff are the demo stores' cashier and manager; their PINs are printed in the README.
var DemoStaff = []sqlite.NewStaff{
	{Staff: pos.Staff{ID: "anna", Name: "Anna Kowalska", Role: pos.RoleCashier}, PIN: "1111"},
	{Staff: pos.Staff{ID: "jonas", Name: "Jonas Petrauskas", Role: pos.RoleManager}, PIN: "9999"},
}

// DemoStore is the demo till's store: a Warsaw shop under Polish VAT.
var DemoStore = pos.StoreInfo{
	ID: "PL-WAW-01", Name: "Omnitill Sklep Demo", Address: []string{"ul. Świętokrzyska 12", "00-050 Warszawa"},
	TaxID: "5252248481", TillID: "01", Currency: pos.PLN, Country: "PL", VAT: pos.PolishVAT,
}

// DemoStoreLT is the Lithuanian demo store: a Vilnius shop in euros under Lithuanian VAT.
var DemoStoreLT = pos.StoreInfo{
	ID: "LT-VNO-01", Name: "Omnitill Parduotuvė Demo", Address: []string{"Gedimino pr. 9", "01103 Vilnius"},
	TaxID: "LT100001234567", TillID: "01", Currency: pos.EUR, Country: "LT", VAT: pos.LithuanianVAT,
}

// Demo names a demo store a new till is set up with: "pl" (the default) or "lt".
type Demo string

const (
	DemoPL Demo = "pl"
	DemoLT Demo = "lt"
)

// ParseDemo reads a demo's name.
func ParseDemo(s string) (Demo, error) {
	switch d := Demo(strings.ToLower(strings.TrimSpace(s))); d {
	case DemoPL, DemoLT:
		return d, nil
	}
	return "", pos.Errorf(pos.EINVALID, "no demo store %q: the demos are pl (Warsaw, złoty) and lt (Vilnius, euro)", s)
}

// store and products are the demo's.
func (d Demo) store() pos.StoreInfo {
	if d == DemoLT {
		return DemoStoreLT
	}
	return DemoStore
}

func (d Demo) products() ([]pos.Product, error) {
	if d == DemoLT {
		return demo.LithuanianProducts()
	}
	return demo.Products()
}

// SetUpDemo sets a new till up with the Polish demo store (SetUpDemoStore).
func SetUpDemo(ctx context.Context, db *sqlite.DB) error { return SetUpDemoStore(ctx, db, DemoPL) }

// SetUpDemoStore sets a new till up with a demo store: its catalog with 50 of everything
// in stock, a cashier and a manager. It is one transaction: a till killed half way through
// its first start is set up again at the next, never with its opening stock twice.
func SetUpDemoStore(ctx context.Context, db *sqlite.DB, d Demo) error {
	products, err := d.products()
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	opening := make(map[pos.SKU]pos.Qty, len(products))
	for _, p := range products {
		opening[p.SKU] = pos.Pieces(50)
	}
	return db.SetUp(ctx, sqlite.NewTill{Store: d.store(), Products: products, Opening: opening, Staff: DemoStaff})
}
