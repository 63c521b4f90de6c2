package tillcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `omnitill sale` rings a real sale through the sale screen's domain code: a customer's
// card, points held at a real central and captured when the sale reaches it, the rest in
// cash; it prints the receipt number and the points. A refusal commits nothing and exits
// non-zero.
func TestSaleFromTheCommandLine(t *testing.T) {
	c := newCentral(t, "id,name,currency\nPL-WAW-01,Omnitill Sklep Demo,PLN\n")
	customers := filepath.Join(t.TempDir(), "customers.csv")
	os.WriteFile(customers, []byte("id,name,card,points\nC-1,Anna Wiśniewska,2900000000017,500\n"), 0o644)
	c.admin("import", "customers", customers)
	db := filepath.Join(t.TempDir(), "till.db")
	if code, out, errOut := run(t, db, "pair", "--central", c.url, "--code", c.code("PL-WAW-01", "01")); code != 0 {
		t.Fatalf("pair: %q %q", out, errOut)
	}
	if code, out, errOut := run(t, db, "sync"); code != 0 {
		t.Fatalf("sync: %q %q", out, errOut)
	}
	// 49,99 less 1,00 by points: 48,99 earns 48.
	code, out, errOut := run(t, db, "sale", "--pin", "1111", "--customer", "2900000000017", "--scan", "5902754113850", "--redeem", "100", "--pay", "cash")
	if code != 0 || !strings.Contains(out, "receipt 1, total PLN 49,99") || !strings.Contains(out, "48 points earned, 100 redeemed, balance 448") {
		t.Fatalf("sale: %d %q %q", code, out, errOut)
	}
	if n := c.count(`SELECT COUNT(*) FROM loyalty_holds WHERE customer_id = 'C-1' AND status = 'held' AND points = 100`); n != 1 {
		t.Fatalf("central holds %d holds of 100 points", n)
	}
	if code, out, errOut := run(t, db, "sync"); code != 0 {
		t.Fatalf("sync: %q %q", out, errOut)
	}
	if n := c.count(`SELECT SUM(points) FROM loyalty_entries WHERE customer_id = 'C-1'`); n != 448 {
		t.Fatalf("central's balance is %d, want 448", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM loyalty_holds WHERE status = 'captured'`); n != 1 {
		t.Fatal("the sale did not capture its hold")
	}
	// More points than the customer has: refused by central, nothing committed.
	code, out, errOut = run(t, db, "sale", "--pin", "1111", "--customer", "2900000000017", "--scan", "5902754113850", "--redeem", "449")
	if code == 0 || !strings.Contains(errOut, "448 points free") {
		t.Fatalf("449 of 448 points: %d %q %q", code, out, errOut)
	}
	for _, args := range [][]string{
		{"sale", "--pin", "1111", "--scan", "5902754113851"},                                // a bad check digit
		{"sale", "--pin", "0000", "--scan", "5902754113850"},                                // nobody's PIN
		{"sale", "--pin", "1111", "--customer", "2900000000024", "--scan", "5902754113850"}, // an unknown card
	} {
		if code, out, errOut := run(t, db, args...); code == 0 {
			t.Errorf("%v: exit 0: %q %q", args, out, errOut)
		}
	}
	if code, out, _ := run(t, db, "sale", "--pin", "1111", "--scan", "5902754113850", "--pay", "card"); code != 0 || !strings.Contains(out, "receipt 2,") {
		t.Fatalf("a refusal used a receipt number: %q", out)
	}
}
