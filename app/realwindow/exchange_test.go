package realwindow_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
)

// ringTwoInCash rings Żubrówka and Šakotis (49,99 each) by scanner bursts and pays them
// in cash with Enter: receipt 1, whose id it answers.
func ringTwoInCash(s *session) string {
	s.t.Helper()
	s.burst(zubrowka)
	s.waitLog("line 1", `msg="line added".*line=1 sku=PL-000278`)
	s.burst(sakotis)
	s.waitLog("line 2", `msg="line added".*line=2 sku=LT-000129`)
	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.key("Return")
	s.waitLog("the receipt", `msg="receipt shown".*receipt=1 training=false`)
	time.Sleep(500 * time.Millisecond) // the Enter that paid does not close the receipt at once
	s.key("Return")
	s.waitLog("the next customer", `msg="message shown".*Następny klient`)
	var id string
	if err := s.openDB().QueryRow(`SELECT id FROM sales WHERE receipt_no = 1 AND training = 0`).Scan(&id); err != nil {
		s.t.Fatalf("the sale: %v", err)
	}
	return id
}

// printed waits for n receipts cut on the printer (the file beside the database) and
// answers their text.
func (s *session) printed(n int) string {
	s.t.Helper()
	var out escpos.Printout
	for deadline := time.Now().Add(10 * time.Second); ; {
		data, _ := os.ReadFile(filepath.Join(s.dir, "printer.bin"))
		out, _ = escpos.Decode(data, escpos.DefaultProfile)
		if out.Cuts >= n || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if out.Cuts < n {
		s.t.Fatalf("%d receipts printed, want %d", out.Cuts, n)
	}
	return strings.Join(out.Lines, "\n")
}

// TestExchangeAtTheRealWindow: a Šakotis comes back against a new basket, the difference
// paid in cash, on one receipt. After a sale of two articles paid in cash, a new basket of
// both again (bursts); the Return key with the basket open opens the
// exchange, the receipt's QR a burst into it; ↓ → take one Šakotis, Enter asks for the
// reason, its number and Enter take it back; the sale screen says what is left to pay;
// F12 and Enter pay it in cash. The database keeps the return and the sale paid by it; the
// receipt prints both.
func TestExchangeAtTheRealWindow(t *testing.T) {
	s := start(t, 1024, 768)
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
	saleID := ringTwoInCash(s)

	s.burst(zubrowka)
	s.waitLog("line 1", `msg="line added".*line=1 sku=PL-000278`)
	s.burst(sakotis)
	s.waitLog("line 2", `msg="line added".*line=2 sku=LT-000129`)
	s.click(970, 648) // Return: the last function key (see TestStoreCreditAtTheRealWindow)
	s.waitLog("the exchange dialog", `msg="dialog opened".*title="Towar zwracany w wymianie"`)
	s.burst("OMNITILL:R:" + saleID)
	s.waitLog("the receipt found", `msg="return source shown".*lines=2 online=false`)
	s.key("Down")
	s.key("Right")
	s.waitLog("one Šakotis chosen", `msg="return line chosen".*line=2 qty=1000`)
	s.key("Return")
	s.waitLog("the reason asked", `msg="dialog message".*Wybierz powód`)
	s.typeSettled("3")
	s.key("Return")
	s.waitLog("the goods taken back", `msg="goods taken back in exchange".*worth=49.99`)
	s.shot("exchange-basket")
	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.key("Return") // the rest, 49,99, in cash
	s.waitLog("the receipt", `msg="receipt shown".*receipt=2 training=false`)
	s.shot("exchange-receipt")

	db := s.openDB()
	var kind, ref string
	var amount int64
	if err := db.QueryRow(`SELECT t.kind, t.reference, t.amount FROM tenders t JOIN sales s ON s.id = t.sale_id
		WHERE s.receipt_no = 2 AND t.seq = 1`).Scan(&kind, &ref, &amount); err != nil || kind != "exchange" || amount != 4999 {
		t.Fatalf("the sale's first tender: %s %s %d (%v)", kind, ref, amount, err)
	}
	var returnNo int64
	var source string
	if err := db.QueryRow(`SELECT return_no, source_id FROM returns WHERE id = ?`, ref).Scan(&returnNo, &source); err != nil || source != saleID {
		t.Fatalf("the return of the exchange: %d of %s (%v)", returnNo, source, err)
	}
	text := s.printed(2)
	for _, want := range []string{"TOWAR ZWRÓCONY W WYMIANIE", "Zwrot 1 do PL-WAW-01/01/1", "Šakotis", "DO ZAPŁATY"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipts lack %q:\n%s", want, text)
		}
	}
}

// TestReturnWithoutAReceiptAtTheRealWindow: a bottle comes back with no receipt. The
// Return dialog's F6 asks a manager's PIN (typed), the article is a burst into the form,
// the customer's name and phone typed (Tab between the fields), the reason's number and
// Enter commit it: refunded as store credit at the lowest price the till knows.
func TestReturnWithoutAReceiptAtTheRealWindow(t *testing.T) {
	s := start(t, 1024, 768)
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
	s.click(970, 648) // Return
	s.waitLog("the return dialog", `msg="dialog opened".*title=Zwrot`)
	s.key("F6")
	s.waitLog("the manager's PIN", `msg="dialog opened".*title="Zwrot bez paragonu: zgoda kierownika"`)
	s.typePerson("9999")
	s.key("Return")
	s.waitLog("the form", `msg="dialog opened".*title="Zwrot bez paragonu"`)
	s.burst(zubrowka)
	s.waitLog("the article found", `msg="lowest price".*sku=PL-000278`)
	s.key("Tab") // from the quantity to the damaged box, then the name
	s.key("Tab")
	s.typePerson("Jan Kowalski")
	s.key("Tab")
	s.typeSettled("600100200")
	s.shot("noreceipt-form")
	s.key("Return")
	s.waitLog("the reason asked", `msg="dialog message".*Wybierz powód`)
	s.typeSettled("2")
	s.key("Return")
	s.waitLog("the return", `msg="message shown".*Zwrot nr 1: .*Bon sklepowy SC`)
	s.shot("noreceipt-done")

	var kind, customer, approver string
	var total int64
	if err := s.openDB().QueryRow(`SELECT source_kind, customer, approved_by, total FROM returns`).Scan(&kind, &customer, &approver, &total); err != nil {
		t.Fatal(err)
	}
	if kind != "none" || !strings.Contains(customer, "Jan Kowalski") || !strings.Contains(customer, "600100200") || approver == "" || total != 4999 {
		t.Fatalf("the return kept: %s %s %s %d", kind, customer, approver, total)
	}
	if text := s.printed(1); !strings.Contains(text, "Bez paragonu") || !strings.Contains(text, "Jan Kowalski") {
		t.Errorf("the return receipt:\n%s", text)
	}
}
