package tillcmd

import (
	"path/filepath"
	"strings"
	"testing"
)

// `omnitill return` takes goods back through the screen's domain code: a receipt found at
// a real central, reserved there, refunded to its card, the stock back at central once; a
// second return of more than is left is refused with where the rest went, exit non-zero;
// a reason the store does not have is refused.
func TestReturnFromTheCommandLine(t *testing.T) {
	c := newCentral(t, "id,name,currency\nPL-WAW-01,Omnitill Sklep Demo,PLN\n")
	db := filepath.Join(t.TempDir(), "till.db")
	if code, out, errOut := run(t, db, "pair", "--central", c.url, "--code", c.code("PL-WAW-01", "01")); code != 0 {
		t.Fatalf("pair: %q %q", out, errOut)
	}
	run(t, db, "sync")
	if code, out, errOut := run(t, db, "sale", "--pin", "1111", "--scan", "2*5902754113850", "--pay", "card", "--card-ref", "T-9"); code != 0 {
		t.Fatalf("sale: %q %q", out, errOut)
	}
	run(t, db, "sync")
	stock := c.count(`SELECT SUM(delta) FROM stock_movements WHERE store_id = 'PL-WAW-01' AND sku = 'PL-000278'`)
	code, out, errOut := run(t, db, "return", "--receipt", "PL-WAW-01/01/1", "--line", "PL-000278:1", "--reason", "changed-mind", "--card-approval", "R-1")
	if code != 0 || !strings.Contains(out, "return 1 of PL-WAW-01/01/1: refund PLN 49,99 (card 49,99)") {
		t.Fatalf("return: %d %q %q", code, out, errOut)
	}
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE status = 'booked' AND total = 4999`); n != 1 {
		t.Fatalf("central booked %d returns", n)
	}
	if n := c.count(`SELECT SUM(delta) FROM stock_movements WHERE store_id = 'PL-WAW-01' AND sku = 'PL-000278'`); n != stock+1000 {
		t.Fatalf("central's stock %d, want %d", n, stock+1000)
	}
	shown := c.admin("receipt", "show", "PL-WAW-01/01/1")
	for _, want := range []string{"sale PL-WAW-01/01/1", "PL-000278", "line 1 back: 1 pcs at till PL-WAW-01/01 on ", "paid: card 99.98 T-9", "refunds: 1",
		"till PL-WAW-01/01 return 1  49.99 PLN  card 49.99 T-9 refund approved R-1  (changed-mind)"} {
		if !strings.Contains(shown, want) {
			t.Errorf("receipt show lacks %q:\n%s", want, shown)
		}
	}
	code, _, errOut = run(t, db, "return", "--receipt", "PL-WAW-01/01/1", "--line", "PL-000278:2", "--reason", "changed-mind")
	if code == 0 || !strings.Contains(errOut, "no 2 of PL-000278 left") {
		t.Fatalf("two more of one left: %d %q", code, errOut)
	}
	code, _, errOut = run(t, db, "return", "--receipt", "PL-WAW-01/01/1", "--line", "PL-000278:1", "--reason", "bored")
	if code == 0 || !strings.Contains(errOut, `"bored" is not a return reason of this store`) {
		t.Fatalf("an unknown reason: %d %q", code, errOut)
	}
	// The last bottle to store credit; the voucher pays a new sale, the rest in cash.
	code, out, errOut = run(t, db, "return", "--receipt", "PL-WAW-01/01/1", "--line", "PL-000278:1", "--reason", "faulty", "--refund", "credit")
	_, voucher, _ := strings.Cut(out, "store credit voucher ")
	voucher = strings.TrimSpace(voucher)
	if code != 0 || !strings.Contains(out, "refund PLN 49,99 (credit 49,99)") || len(voucher) != 12 {
		t.Fatalf("return to credit: %d %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, db, "sale", "--pin", "1111", "--scan", "2*5902754113850", "--voucher", voucher, "--pay", "cash")
	if code != 0 || !strings.Contains(out, "receipt 2, total PLN 99,98") {
		t.Fatalf("a sale paid by the voucher: %d %q %q", code, out, errOut)
	}
	run(t, db, "sync")
	if n := c.count(`SELECT SUM(amount) FROM voucher_spends`); n != 4999 {
		t.Fatalf("central has %d spent of the voucher", n)
	}
	code, _, errOut = run(t, db, "sale", "--pin", "1111", "--scan", "5902754113850", "--voucher", voucher)
	if code == 0 || !strings.Contains(errOut, "has 0,00 left") {
		t.Fatalf("the spent voucher again: %d %q", code, errOut)
	}

	// A bottle without a receipt: a manager's PIN, the customer, store credit at the
	// lowest price of 30 days (the catalog's, no promotion sold it lower).
	noReceipt := []string{"return", "--no-receipt", "--line", "PL-000278:1", "--reason", "faulty", "--name", "Jan Kowalski", "--contact", "jan@example.pl"}
	code, _, errOut = run(t, db, append(noReceipt, "--pin", "1111")...)
	if code == 0 || !strings.Contains(errOut, "needs a manager's PIN") {
		t.Fatalf("without a receipt, a cashier's PIN: %d %q", code, errOut)
	}
	code, out, errOut = run(t, db, append(noReceipt, "--pin", "9999")...)
	if code != 0 || !strings.Contains(out, "of goods without a receipt: refund PLN 49,99 (credit 49,99)") {
		t.Fatalf("without a receipt: %d %q %q", code, out, errOut)
	}
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE source_kind = 'none' AND total = 4999 AND customer LIKE '%jan@example.pl%'`); n != 1 {
		t.Fatalf("central has %d returns without a receipt from Jan", n)
	}
	listed := c.admin("returns", "no-receipt")
	for _, want := range []string{"returns without a receipt since ", ": 1\n", "till PL-WAW-01/01 return 3  credit 49.99 SC", "(faulty)",
		"PL-000278 × 1 49.99", "customer Jan Kowalski, jan@example.pl", "approved by "} {
		if !strings.Contains(listed, want) {
			t.Errorf("returns no-receipt lacks %q:\n%s", want, listed)
		}
	}
	if strings.Contains(listed, "approved by  ") {
		t.Errorf("returns no-receipt names no manager:\n%s", listed)
	}
}

// `omnitill sale --exchange` takes goods back against the sale, through the screen's code:
// two bottles of receipt 1 (paid by card) pay for a new one, and the third bottle's worth
// goes back to that card; central books the return and the sale without an exception.
func TestExchangeFromTheCommandLine(t *testing.T) {
	c := newCentral(t, "id,name,currency\nPL-WAW-01,Omnitill Sklep Demo,PLN\n")
	db := filepath.Join(t.TempDir(), "till.db")
	if code, out, errOut := run(t, db, "pair", "--central", c.url, "--code", c.code("PL-WAW-01", "01")); code != 0 {
		t.Fatalf("pair: %q %q", out, errOut)
	}
	run(t, db, "sync")
	if code, out, errOut := run(t, db, "sale", "--pin", "1111", "--scan", "2*5902754113850", "--pay", "card", "--card-ref", "T-9"); code != 0 {
		t.Fatalf("sale: %q %q", out, errOut)
	}
	run(t, db, "sync")
	code, _, errOut := run(t, db, "sale", "--pin", "1111", "--scan", "5902754113850", "--exchange", "PL-WAW-01/01/1")
	if code != 2 || !strings.Contains(errOut, "an exchange is --exchange") {
		t.Fatalf("an exchange without its lines: %d %q", code, errOut)
	}
	code, out, errOut := run(t, db, "sale", "--pin", "1111", "--scan", "5902754113850", "--exchange", "PL-WAW-01/01/1",
		"--return-line", "PL-000278:2", "--reason", "changed-mind")
	if code != 0 || !strings.Contains(out, "receipt 2, total PLN 49,99") ||
		!strings.Contains(out, "exchange: return 1 of PL-WAW-01/01/1, goods back 99,98; paid back: card 49,99 T-9") {
		t.Fatalf("the exchange: %d %q %q", code, out, errOut)
	}
	run(t, db, "sync")
	if n := c.count(`SELECT COUNT(*) FROM returns WHERE status = 'booked' AND total = 9998`); n != 1 {
		t.Fatalf("central booked %d returns of 99,98", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM tenders WHERE kind = 'exchange' AND amount = 4999`); n != 1 {
		t.Fatalf("central has %d sales paid by the goods", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 0 {
		t.Fatalf("%d exceptions", n)
	}
}
