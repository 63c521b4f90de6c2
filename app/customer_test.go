package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
)

// A loyalty card scanned at the sale screen (29…, where weight labels live) shows the
// customer with their balance as of the last pull and adds no line; a customer without
// their card is found by phone from the Customer key, picked with ↓ and Enter, and takes
// the first one's place.
func TestScannedCardAndFoundPhoneShowTheCustomer(t *testing.T) {
	ui, tl, q := openTill(t)
	pulled := time.Date(2026, 12, 2, 13, 5, 0, 0, time.UTC)
	tl.DB.Now = func() time.Time { return pulled }
	err := tl.DB.ApplyCustomerPage(t.Context(), []pos.CustomerChange{
		{Customer: pos.Customer{ID: "C-1", Card: "2900000000017", Name: "Anna Wiśniewska", Email: "ania@example.pl", Phone: "+48 600 100 200", Points: 120}},
		{Customer: pos.Customer{ID: "C-2", Name: "Jan Nowak", Email: "jan@example.pl", Phone: "+48 600 100 300", Points: 1}},
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "2900000000017")
	asOf := pulled.Local().Format("15:04")
	want := "Anna Wiśniewska · 120 points, as of " + asOf
	if shown := shownTexts(s.totals.content); !strings.Contains(shown, want) {
		t.Fatalf("the totals show no %q:\n%s", want, shown)
	}
	if sale := tl.Register().Sale(); sale.Customer == nil || sale.Customer.ID != "C-1" || len(sale.Lines) != 0 {
		t.Fatalf("the card made %+v", sale)
	}

	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	test.Tap(findButton(t, s.content, "Customer"))
	p := s.findingCustomer
	if p == nil || s.top != p.modal {
		t.Fatal("the Customer key opened no search")
	}
	personType(ui, clock, "600 100")
	waitFor(t, q, "two customers", func() bool { return len(p.results) == 2 })
	glfwKey(c, fyne.KeyDown)
	glfwKey(c, fyne.KeyReturn)
	if sale := tl.Register().Sale(); sale.Customer == nil || sale.Customer.ID != "C-2" || s.top != nil {
		t.Fatalf("Enter on the second result made %+v", sale.Customer)
	}
	if shown := shownTexts(s.totals.content); !strings.Contains(shown, "Jan Nowak · 1 point, as of "+asOf) || strings.Contains(shown, "Wiśniewska") {
		t.Fatalf("after picking Jan the screen shows:\n%s", shown)
	}

	// Jan was the wrong one: the sale is for no customer again.
	test.Tap(findButton(t, s.content, "Customer"))
	test.Tap(findButton(t, c.Overlays().Top(), "No customer"))
	if sale := tl.Register().Sale(); sale.Customer != nil || s.top != nil || s.totals.customer.Visible() {
		t.Fatalf("after No customer: %+v, dialog %v", sale.Customer, s.top != nil)
	}

	// Nobody matches: the search says what to type and stays open.
	test.Tap(findButton(t, s.content, "Customer"))
	p = s.findingCustomer
	personType(ui, clock, "999 999")
	glfwKey(c, fyne.KeyReturn)
	if s.top != p.modal || !strings.Contains(p.modal.error.Text, "No customer found") {
		t.Fatalf("nothing found: %q", p.modal.error.Text)
	}
}

// A customer who is not found joins from the search: the phone typed is carried into the
// form, a name is required, the consents ticked are what central is told, through the
// outbox (the test till is not linked to central: offline); the sale is theirs at once.
func TestNewCustomerJoinsAtTheTill(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	test.Tap(findButton(t, s.content, "Customer"))
	p := s.findingCustomer
	personType(ui, clock, "601 222 333")
	waitFor(t, q, "the phone typed", func() bool { return p.query.Text == "601 222 333" })
	test.Tap(findButton(t, c.Overlays().Top(), "New customer"))
	j := s.joining
	if j == nil || s.top != j.modal || j.phone.Text != "601 222 333" {
		t.Fatalf("the form: %+v", j)
	}
	glfwKey(c, fyne.KeyReturn)
	if !strings.Contains(j.modal.error.Text, "name") || s.top != j.modal {
		t.Fatalf("a customer without a name: %q", j.modal.error.Text)
	}
	personType(ui, clock, "Ewa Kowalczyk")
	waitFor(t, q, "the name typed", func() bool { return j.name.Text == "Ewa Kowalczyk" })
	test.Tap(j.marketing)
	glfwKey(c, fyne.KeyReturn)
	sale := tl.Register().Sale()
	if s.top != nil || sale.Customer == nil || sale.Customer.Name != "Ewa Kowalczyk" || sale.Customer.Phone != "601 222 333" {
		t.Fatalf("after OK: dialog %v, customer %+v, %q", s.top != nil, sale.Customer, j.modal.error.Text)
	}
	if shown := shownTexts(s.totals.content); !strings.Contains(shown, "Ewa Kowalczyk · 0 points") {
		t.Fatalf("the totals show:\n%s", shown)
	}
	events, err := tl.DB.PendingEvents(t.Context(), 10)
	if err != nil || len(events) != 1 || events[0].Type != pos.EventCustomerCreated {
		t.Fatalf("the outbox: %+v %v", events, err)
	}
	joined, err := pos.DecodeCustomerCreated(events[0].Payload)
	if err != nil || joined.Customer != sale.Customer.ID || !joined.Marketing || joined.EReceipt || joined.By == "" || joined.Name != "Ewa Kowalczyk" {
		t.Fatalf("central is told %+v %v", joined, err)
	}
}
