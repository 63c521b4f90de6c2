package realwindow_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
)

// Codes of the demo catalog.
const (
	zubrowka = "5902754113850" // PL-000278, a piece
	sakotis  = "4772282229412" // LT-000129, a piece
	kielbasa = "00113"         // PL-000163's PLU, sold by weight
)

// TestCashierAtTheRealWindow rings a day's worth of what a cashier does, at three screen
// sizes: a scanner burst inside every dialog (quantity, search, weight, the manager's PIN),
// typed quantities and amounts, a void, a discount approved by a manager, a basket parked
// and recalled by another cashier, a split payment with a typed cash amount and a card, and a
// training sale; then checks the database and the receipts printed.
func TestCashierAtTheRealWindow(t *testing.T) {
	for _, size := range [][2]int{{800, 600}, {1024, 768}, {1920, 1080}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			s := start(t, size[0], size[1])
			t.Logf("first window to a usable login: %s", time.Since(s.started).Round(time.Millisecond))
			s.shot("login")
			ringTheDay(t, s)
		})
	}
}

func ringTheDay(t *testing.T, s *session) {
	// Log in with the keyboard.
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)

	// 1. A scanner burst at the sale screen.
	s.burst(zubrowka)
	enter := time.Now()
	added := s.waitLog("line 1", `msg="line added".*line=1 sku=PL-000278`)
	t.Logf("scanner's Enter to the line in the cart: %s", max(0, added.at.Sub(enter)).Round(time.Millisecond))

	// 2. The quantity dialog: a burst inside it goes to the cart, the typed 3 replaces the 1.
	s.key("F4")
	s.waitLog("the quantity dialog", `msg="dialog opened".*title="Ilość: `)
	s.burst(sakotis)
	s.waitLog("line 2 from a burst in the quantity dialog", `msg="line added".*line=2 sku=LT-000129`)
	s.typePerson("3")
	s.shot("quantity")
	s.key("Return")
	s.waitLog("the quantity", `msg="message shown".*ilość 3`)

	// 3. The search: a burst inside it, then a name typed, ↓ and Enter take the second result.
	s.key("F2")
	s.waitLog("the search", `msg="dialog opened".*title="Szukaj`)
	s.burst(zubrowka)
	s.waitLog("line 3 from a burst in the search", `msg="line added".*line=3 sku=PL-000278`)
	s.typePerson("chleb")
	s.waitLog("the results", `msg="search results".*query=chleb found=`)
	s.shot("search")
	s.key("Down", "Return")
	s.waitLog("line 4 from the search", `msg="line added".*line=4 sku=PL-00012`)

	// 4. A weighed article's PLU, a burst in its weight dialog, the weight typed.
	s.typePerson(kielbasa)
	s.key("Return")
	s.waitLog("the weight dialog", `msg="dialog opened".*title="Waga: Kiełbasa`)
	s.burst(sakotis)
	s.waitLog("line 5 from a burst in the weight dialog", `msg="line added".*line=5 sku=LT-000129`)
	s.typePerson("0,5")
	s.key("Return")
	s.waitLog("line 6 weighed", `msg="line added".*line=6 sku=PL-000163 qty=500`)

	// 5. Void line 5: asked first, its reason by number; it stays on screen, struck through.
	s.key("Up", "F6")
	s.waitLog("the void question", `msg="dialog opened".*title="Stornować pozycję 5\?"`)
	s.typePerson("1")
	s.key("Return")
	s.waitLog("the void", `msg="message shown".*Stornowano: Šakotis \(Zeskanowany przez pomyłkę\)`)
	s.shot("void")

	// 6. A 20 % discount on line 6: its reason by number, then a manager's PIN; a burst in
	// the PIN field goes to the cart.
	s.key("Down", "F7")
	s.waitLog("the discount dialog", `msg="dialog opened".*title="Rabat na Kiełbasa`)
	s.typePerson("20%")
	s.key("Return")
	s.typePerson("2")
	s.key("Return")
	s.waitLog("the manager's PIN", `msg="dialog opened".*zgoda kierownika`)
	s.burst(sakotis)
	s.waitLog("line 7 from a burst in the PIN field", `msg="line added".*line=7 sku=LT-000129`)
	s.typePerson("9999")
	s.key("Return")
	s.waitLog("the discount", `msg="message shown".*Rabat −2,50 na Kiełbasa`)

	// 7. Park the basket, log out, the manager logs in and recalls it.
	s.key("F1")
	s.waitLog("the basket parked", `msg="basket parked".*lines=6`)
	s.key("F11")
	s.waitLog("the login screen", `msg="screen shown".*screen=login`)
	s.shot("parked")
	s.typePerson("9999")
	s.key("Return")
	s.waitLog("the manager's sale screen", `msg="screen shown".*screen=sale`)
	s.key("F1")
	s.waitLog("the parked baskets", `msg="dialog opened".*title="Przywołaj`)
	s.typePerson("1")
	s.key("Return")
	s.waitLog("the basket recalled", `msg="basket recalled".*cashier=jonas`)

	// 8. Pay: 10 typed in cash (it replaces the amount due shown), the rest by card.
	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.typePerson("10")
	s.shot("payment")
	s.key("Return")
	s.waitLog("the cash", `msg="tender taken".*kind=cash amount=10.00`)
	s.key("F11")
	s.waitLog("the card question", `msg="dialog opened".*title="Płatność kartą"`)
	s.typePerson("A1B2")
	s.key("Return")
	s.waitLog("the receipt", `msg="receipt shown".*receipt=1 training=false`)
	s.shot("receipt")
	time.Sleep(500 * time.Millisecond) // the Enter that paid does not close the receipt at once
	s.key("Return")
	s.waitLog("the next customer", `msg="message shown".*Następny klient`)

	// 9. Training: a manager switches it on, a sale, its training receipt.
	s.key("F9")
	s.waitLog("training on", `msg="message shown".*Tryb szkoleniowy: sprzedaż nie jest prawdziwa`)
	s.burst(zubrowka)
	s.waitLog("the training line", `msg="line added".*line=1 sku=PL-000278`)
	s.shot("training")
	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.key("Return")
	s.waitLog("the training receipt", `msg="receipt shown".*receipt=1 training=true`)

	checkTheDay(t, s)
}

// checkTheDay reads what the till stored and printed.
func checkTheDay(t *testing.T, s *session) {
	db := s.openDB()
	var saleID string
	var total int64
	if err := db.QueryRow(`SELECT id, total FROM sales WHERE receipt_no = 1 AND training = 0`).Scan(&saleID, &total); err != nil {
		t.Fatalf("the real sale: %v", err)
	}
	type line struct {
		sku      string
		qty      int64
		voided   bool
		discount int64
	}
	var lines []line
	rows, err := db.Query(`SELECT sku, qty, voided, discount FROM sale_lines WHERE sale_id = ? ORDER BY line_no`, saleID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l line
		rows.Scan(&l.sku, &l.qty, &l.voided, &l.discount)
		lines = append(lines, l)
	}
	rows.Close()
	want := []line{{"PL-000278", 3000, false, 0}, {"LT-000129", 1000, false, 0}, {"PL-000278", 1000, false, 0},
		{lines[3].sku, 1000, false, 0}, {"LT-000129", 1000, true, 0}, {"PL-000163", 500, false, 250}, {"LT-000129", 1000, false, 0}}
	if len(lines) != len(want) || !strings.HasPrefix(lines[3].sku, "PL-00012") {
		t.Fatalf("lines %+v", lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i+1, lines[i], want[i])
		}
	}
	var cash, card int64
	var ref string
	db.QueryRow(`SELECT amount FROM tenders WHERE sale_id = ? AND kind = 'cash'`, saleID).Scan(&cash)
	db.QueryRow(`SELECT amount, reference FROM tenders WHERE sale_id = ? AND kind = 'card'`, saleID).Scan(&card, &ref)
	if cash != 1000 || card != total-1000 || ref != "A1B2" {
		t.Fatalf("tenders: cash %d, card %d (%q) for a total of %d", cash, card, ref, total)
	}
	var parked int
	db.QueryRow(`SELECT COUNT(*) FROM parked_sales`).Scan(&parked)
	if parked != 0 {
		t.Fatalf("%d baskets still parked", parked)
	}

	// The receipts as printed: the printer is the file beside the database.
	var data []byte
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ = os.ReadFile(filepath.Join(s.dir, "printer.bin"))
		out, _ := escpos.Decode(data, escpos.DefaultProfile)
		if out.Cuts >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	out, err := escpos.Decode(data, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(out.Lines, "\n")
	for _, want := range []string{"PARAGON", "Żubrówka Bison Grass", "Šakotis", "Kiełbasa śląska", "A1B2", "*** SZKOLENIE ***"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipts lack %q:\n%s", want, text)
		}
	}
	if out.Cuts != 2 || out.DrawerKicks != 2 {
		t.Errorf("%d receipts cut, drawer kicked %d times: want 2 and 2 (both sales took cash)", out.Cuts, out.DrawerKicks)
	}
}
