package till

import (
	"context"
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/demo"
	"github.com/omnitill/omnitill/pos/sqlite"
)

// DemoStaff are the demo store's cashier and manager; their PINs are printed in the README.
var DemoStaff = []sqlite.NewStaff{
	{Staff: pos.Staff{ID: "anna", Name: "Anna Kowalska", Role: pos.RoleCashier}, PIN: "1111"},
	{Staff: pos.Staff{ID: "jonas", Name: "Jonas Petrauskas", Role: pos.RoleManager}, PIN: "9999"},
}

// DemoStore is the demo till's store: a Warsaw shop under Polish VAT.
var DemoStore = pos.StoreInfo{
	ID: "PL-WAW-01", Name: "Omnitill Sklep Demo", Address: []string{"ul. Świętokrzyska 12", "00-050 Warszawa"},
	TaxID: "5252248481", TillID: "01", Currency: pos.PLN, VAT: pos.PolishVAT,
}

// SetUpDemo sets a new till up with the demo store: its catalog with 50 of everything in
// stock, a cashier and a manager. It is one transaction: a till killed half way through its
// first start is set up again at the next, never with its opening stock twice.
func SetUpDemo(ctx context.Context, db *sqlite.DB) error {
	products, err := demo.Products()
	if err != nil {
		return fmt.Errorf("demo catalog: %w", err)
	}
	opening := make(map[pos.SKU]pos.Qty, len(products))
	for _, p := range products {
		opening[p.SKU] = pos.Pieces(50)
	}
	return db.SetUp(ctx, sqlite.NewTill{Store: DemoStore, Products: products, Opening: opening, Staff: DemoStaff})
}
