package realwindow_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// loyaltyCard is the demo customer's card the test gives the till (29…, where weight
// labels live: the card is looked up first).
const loyaltyCard = "2900000000017"

// withCustomer sets the demo till up as the till would at its first start, and gives it
// Anna, with 1,000 points as pulled from central now: a fresh balance, so the till (not
// paired: offline) redeems within the default rules' 500 points a customer.
func withCustomer(t testing.TB) func(db string) {
	return func(db string) {
		tl, err := till.Open(context.Background(), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		defer tl.Close()
		err = tl.DB.ApplyCustomerPage(context.Background(), []pos.CustomerChange{
			{Customer: pos.Customer{ID: "C-1", Card: loyaltyCard, Name: "Anna Wiśniewska", Points: 1000}}}, 1)
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoyaltyPointsAtTheRealWindow: scan a loyalty card, redeem points, pay the rest. The
// card and an article are scanner bursts; at the payment F9 opens the points dialog, 300
// typed and Enter redeem them (offline, the till's own limits), and Enter on the empty
// amount pays the rest in cash. The sale is checked in the database: a points tender of 300
// and the rest in cash.
func TestLoyaltyPointsAtTheRealWindow(t *testing.T) {
	s := startWith(t, 1024, 768, withCustomer(t))
	s.typePerson("1111")
	s.key("Return")
	s.waitLog("the sale screen", `msg="screen shown".*screen=sale`)

	s.burst(loyaltyCard)
	s.waitLog("the customer", `msg="message shown".*Anna Wiśniewska`)
	s.burst(zubrowka)
	s.waitLog("line 1", `msg="line added".*line=1 sku=PL-000278`)
	s.shot("customer")

	s.key("F12")
	s.waitLog("the payment", `msg="dialog opened".*title=Płatność`)
	s.key("F9")
	s.waitLog("the points dialog", `msg="dialog opened".*title="Płatność punktami"`)
	s.typeSettled("300")
	s.shot("points")
	s.key("Return")
	s.waitLog("the points", `msg="tender taken".*kind=points points=300 amount=3.00`)
	s.key("Return") // the empty amount: the rest in cash
	s.waitLog("the receipt", `msg="receipt shown".*receipt=1 training=false`)
	s.shot("points-receipt")

	db := s.openDB()
	var saleID string
	var total int64
	if err := db.QueryRow(`SELECT id, total FROM sales WHERE receipt_no = 1 AND training = 0`).Scan(&saleID, &total); err != nil {
		t.Fatalf("the sale: %v", err)
	}
	type tender struct {
		kind           string
		amount, points int64
	}
	var tenders []tender
	rows, err := db.Query(`SELECT kind, amount, points FROM tenders WHERE sale_id = ? ORDER BY seq`, saleID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var td tender
		if err := rows.Scan(&td.kind, &td.amount, &td.points); err != nil {
			t.Fatal(err)
		}
		tenders = append(tenders, td)
	}
	rows.Close()
	want := []tender{{"points", 300, 300}, {"cash", total - 300, 0}}
	if len(tenders) != 2 || tenders[0] != want[0] || tenders[1] != want[1] {
		t.Fatalf("tenders %+v, want %+v (total %d)", tenders, want, total)
	}
}
