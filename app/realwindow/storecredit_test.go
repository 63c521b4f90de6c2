package realwindow_test

import (
	"regexp"
	"strconv"
	"testing"
	"time"
)

// click taps the screen at x, y (a finger on a touch screen: the keys that have no
// keyboard route).
func (s *session) click(x, y int) {
	s.t.Helper()
	s.xdo("mousemove", "--sync", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
	time.Sleep(100 * time.Millisecond)
}

var voucherInLog = regexp.MustCompile(`SC[0-9A-Z]{10}`)

// TestStoreCreditAtTheRealWindow: scan a receipt's QR, return one of two lines to store
// credit, spend the credit in a new sale. A sale of two articles is paid in cash; the
// Return key (tapped: it has no key of its own) opens the return dialog, the receipt's QR
// is a scanner burst into it; → takes a piece of the first line, Enter asks for the reason,
// its number typed and Enter commit the return: offline, refunded as a store-credit
// voucher. A new sale: at the payment F8 opens the store-credit dialog, the voucher's code
// is a burst into it and pays all it has, Enter on the empty amount pays the rest in
// cash. The database keeps the voucher's tender by its code.
func TestStoreCreditAtTheRealWindow(t *testing.T) {
	s := start(t, 1024, 768)
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)
	saleID := ringTwoInCash(s)
	s.shot("storecredit-sale")
	db := s.openDB()
	// Return is the last of the function keys, at the right of their last row (saleLayout's
	// column at 1024x768: Log out, Customer, Coupon, Return share the row).
	s.click(970, 648)
	s.waitLog("the return dialog", `msg="dialog opened".*title=Zwrot`)
	s.burst("OMNITILL:R:" + saleID)
	s.waitLog("the receipt found", `msg="return source shown".*lines=2 online=false`)
	s.shot("storecredit-return")
	// → takes a piece of the first line (the keyboard's at first), then Enter: with no
	// reason chosen it asks for one and takes the keyboard to its number.
	s.key("Right")
	s.waitLog("one piece chosen", `msg="return line chosen".*line=1 qty=1000`)
	s.key("Return")
	s.waitLog("the reason asked", `msg="dialog message".*Wybierz powód`)
	s.typeSettled("4")
	s.shot("storecredit-return-chosen")
	s.key("Return")
	committed := s.waitLog("the return", `msg="message shown".*Zwrot nr 1: .*Bon sklepowy SC`)
	code := voucherInLog.FindString(committed.text)

	var refund int64
	var ref string
	if err := db.QueryRow(`SELECT amount, reference FROM return_refunds WHERE kind = 'credit'`).Scan(&refund, &ref); err != nil || ref != code || refund != 4999 {
		t.Fatalf("the return's refund: %d as %q (%v), the message says %q", refund, ref, err, code)
	}

	// A new sale of both articles, paid with the voucher's 49,99 and the rest in cash.
	s.burst(zubrowka)
	s.waitLog("line 1", `msg="line added".*line=1 sku=PL-000278`)
	s.burst(sakotis)
	s.waitLog("line 2", `msg="line added".*line=2 sku=LT-000129`)
	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.key("F8")
	s.waitLog("the store-credit dialog", `msg="dialog opened".*title="Bon sklepowy"`)
	s.shot("storecredit-voucher")
	s.burst(code)
	s.waitLog("the voucher", `msg="tender taken".*kind=voucher amount=49.99 voucher=`+code)
	s.shot("storecredit-payment")
	s.key("Return") // the empty amount: the rest in cash
	s.waitLog("the receipt", `msg="receipt shown".*receipt=2 training=false`)

	var saleID2 string
	var total int64
	if err := db.QueryRow(`SELECT id, total FROM sales WHERE receipt_no = 2 AND training = 0`).Scan(&saleID2, &total); err != nil {
		t.Fatalf("the second sale: %v", err)
	}
	type tender struct {
		kind, ref string
		amount    int64
	}
	var tenders []tender
	rows, err := db.Query(`SELECT kind, reference, amount FROM tenders WHERE sale_id = ? ORDER BY seq`, saleID2)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var td tender
		if err := rows.Scan(&td.kind, &td.ref, &td.amount); err != nil {
			t.Fatal(err)
		}
		tenders = append(tenders, td)
	}
	rows.Close()
	want := []tender{{"voucher", code, 4999}, {"cash", "", total - 4999}}
	if len(tenders) != 2 || tenders[0] != want[0] || tenders[1] != want[1] {
		t.Fatalf("tenders %+v, want %+v (total %d)", tenders, want, total)
	}
}
