package pos_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

// A loyalty card with an in-store prefix (29…, the range of weight labels) is the customer's
// before it can be read as a label: the sale is rung up for them, its record and its event
// for central name them. A card the till does not know is read as any code; a card never
// changes the customer once payment has started.
func TestScanLoyaltyCard(t *testing.T) {
	r, db := newRegister(t)
	card := ean13("290010100001") // read as a label: 1 g of Kiełbasa śląska (PLU 00101)
	if l, err := r.Scan(ctx, card); err != nil || l.SKU != "KIE" || l.Qty != pos.Grams(1) {
		t.Fatalf("before the till knew the card it was a label: %+v %v", l, err)
	}
	if err := r.CancelSale(); err != nil {
		t.Fatal(err)
	}
	ania := pos.Customer{ID: "C-1", Card: card, Name: "Anna Wiśniewska", Email: "ania@example.pl", Points: 120}
	if err := db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: ania}}, 1); err != nil {
		t.Fatal(err)
	}
	r.Customers = db
	for _, scanned := range []string{card, " " + card + "\r", "https://loyalty.example.pl/card/" + card + "/?from=app", "CARD:" + card} {
		l, err := r.Scan(ctx, scanned)
		var found *pos.CustomerScanned
		if !errors.As(err, &found) || found.Customer.ID != "C-1" || found.Customer.Points != 120 || found.Customer.AsOf.IsZero() || l.No != 0 {
			t.Fatalf("%q: %+v %v", scanned, l, err)
		}
	}
	if s := r.Sale(); s.Customer == nil || s.Customer.Name != "Anna Wiśniewska" || len(s.Lines) != 0 {
		t.Fatalf("the sale is not Anna's: %+v", s)
	}
	// "2*" before a code is a quantity: an article's, never a card's.
	if _, err := r.Scan(ctx, "2*"+card); err == nil {
		t.Fatal("2 × a card was taken")
	}
	if _, err := r.Scan(ctx, "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 5000}); err != nil {
		t.Fatal(err)
	}
	if err := r.AttachCustomer(pos.Customer{ID: "C-2", Name: "Jonas"}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("another customer once payment started: %v", err)
	}
	done, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := db.SaleByReceipt(ctx, store.TillID, done.ReceiptNo, false)
	if err != nil || kept.Customer == nil || kept.Customer.ID != "C-1" || kept.Customer.Name != "Anna Wiśniewska" {
		t.Fatalf("the kept sale: %+v %v", kept, err)
	}
	events, err := db.PendingEvents(ctx, 10)
	if err != nil || len(events) != 1 {
		t.Fatalf("events %+v %v", events, err)
	}
	ev, err := pos.DecodeSaleEvent(events[0].Payload)
	if err != nil || ev.Customer != "C-1" {
		t.Fatalf("the event for central names %q: %v", ev.Customer, err)
	}
	// The next sale is anonymous again.
	if s := r.Sale(); s.Customer != nil {
		t.Fatalf("the next sale is %+v's", s.Customer)
	}
}

// A customer joining at the till needs a name and a way to be found again; an e-receipt
// needs an e-mail. What the till queues reads back strictly, as central reads it.
func TestNewCustomer(t *testing.T) {
	for name, tc := range map[string]struct {
		in   pos.NewCustomer
		want string // in the refusal; "" for none
	}{
		"ByPhone":          {pos.NewCustomer{Name: "Ewa", Phone: "+48 601 222 333"}, ""},
		"ByEmail":          {pos.NewCustomer{Name: "Ewa", Email: "ewa@example.pl", EReceipt: true}, ""},
		"NoName":           {pos.NewCustomer{Name: " ", Phone: "601222333"}, "name"},
		"NoWayToFind":      {pos.NewCustomer{Name: "Ewa"}, "phone or e-mail"},
		"NotAnEmail":       {pos.NewCustomer{Name: "Ewa", Email: "ewa.example.pl"}, "not an e-mail"},
		"ShortPhone":       {pos.NewCustomer{Name: "Ewa", Phone: "601 22"}, "not a phone"},
		"LettersInPhone":   {pos.NewCustomer{Name: "Ewa", Phone: "601 222 333 ext"}, "not a phone"},
		"EReceiptNoEmail":  {pos.NewCustomer{Name: "Ewa", Phone: "601222333", EReceipt: true}, "e-mail"},
		"SpacesInTheEmail": {pos.NewCustomer{Name: "Ewa", Email: "ewa @example.pl"}, "not an e-mail"},
	} {
		t.Run(name, func(t *testing.T) {
			err := tc.in.Check()
			if tc.want == "" && err != nil || tc.want != "" && (pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("%+v: %v, want %q", tc.in, err, tc.want)
			}
		})
	}
	r, _ := newRegister(t)
	c, ev, err := pos.CustomerCreated(pos.NewCustomer{Name: " Ewa ", Email: "ewa@example.pl", Marketing: true}, store, "anna", r.Now())
	if err != nil || c.Name != "Ewa" || ev.Type != pos.EventCustomerCreated || ev.Aggregate != string(c.ID) {
		t.Fatalf("%+v %+v %v", c, ev, err)
	}
	back, err := pos.DecodeCustomerCreated(ev.Payload)
	if err != nil || back.Customer != c.ID || !back.Marketing || back.Till != store.TillID || back.By != "anna" {
		t.Fatalf("read back %+v %v", back, err)
	}
	extra := strings.Replace(string(ev.Payload), `{`, `{"points":100,`, 1)
	if _, err := pos.DecodeCustomerCreated([]byte(extra)); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a field central does not know: %v", err)
	}
}

// A trainee's customer would reach central: training mode makes none.
func TestNoCustomerJoinsInTraining(t *testing.T) {
	r, db := newRegister(t)
	r.Customers = db
	manager, err := r.Approve(ctx, "9999")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SetTraining(ctx, true, manager); err != nil {
		t.Fatal(err)
	}
	if _, err := r.CreateCustomer(ctx, pos.NewCustomer{Name: "Ewa", Phone: "601222333"}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("in training: %v", err)
	}
	if found, _ := db.FindCustomers(ctx, "601222333", 5); len(found) != 0 {
		t.Fatalf("kept %+v", found)
	}
}
