package tillcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `omnitill return --customer` lists what a customer bought, found at a real central by
// their card or e-mail, one purchase a line, and returns nothing; a card nobody has is
// refused, exit non-zero.
func TestReturnListsTheCustomersPurchases(t *testing.T) {
	c := newCentral(t, "id,name,currency\nPL-WAW-01,Omnitill Sklep Demo,PLN\n")
	customers := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(customers, []byte("id,name,card,email\nC-1,Anna Nowak,2900000000017,anna@example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.admin("import", "customers", customers)
	db := filepath.Join(t.TempDir(), "till.db")
	if code, out, errOut := run(t, db, "pair", "--central", c.url, "--code", c.code("PL-WAW-01", "01")); code != 0 {
		t.Fatalf("pair: %q %q", out, errOut)
	}
	run(t, db, "sync")
	if code, out, errOut := run(t, db, "sale", "--pin", "1111", "--customer", "2900000000017", "--scan", "2*5902754113850", "--pay", "card"); code != 0 {
		t.Fatalf("sale: %q %q", out, errOut)
	}
	run(t, db, "sync")
	for _, key := range []string{"2900000000017", "Anna@Example.com"} {
		code, out, errOut := run(t, db, "return", "--customer", key)
		if code != 0 || !strings.Contains(out, "customer Anna Nowak, purchases that can come back: 1\nPL-WAW-01/01/1  ") || !strings.Contains(out, "  PLN 99,98  store\n") {
			t.Fatalf("%q: %d %q %q", key, code, out, errOut)
		}
	}
	if n := c.count(`SELECT COUNT(*) FROM returns`); n != 0 {
		t.Fatalf("listing made %d returns", n)
	}
	if code, _, errOut := run(t, db, "return", "--customer", "2900000000031"); code == 0 || !strings.Contains(errOut, "No customer has card, e-mail or phone 2900000000031") {
		t.Fatalf("nobody's card: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, db, "return", "--customer", "2900000000017", "--receipt", "PL-WAW-01/01/1"); code == 0 || !strings.Contains(errOut, "usage") {
		t.Fatalf("--customer with --receipt: %d %q", code, errOut)
	}
}
