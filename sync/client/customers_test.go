package client_test

import (
	"errors"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

// TestSaleForACustomerReachesCentral: a customer imported at central reaches the till with
// the customers stream; their loyalty card (29…, a weight label's prefix) scanned at the
// till makes the sale theirs, with the balance as of the pull; central takes the sale with
// the customer's id, refusing nothing.
func TestSaleForACustomerReachesCentral(t *testing.T) {
	c := startCentral(t)
	c.importFile("customers", "id,name,card,email,phone,points,erased\n"+
		"C-1,Anna Wiśniewska,2900000000017,ania@example.pl,+48 600 100 200,120,\n")
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	before := time.Now()
	tl.syncOnce()
	ctx := t.Context()
	if err := tl.db.SaveStaff(ctx, pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}, "1111"); err != nil {
		t.Fatal(err)
	}
	r := &pos.Register{Store: tl.store, Catalog: tl.db, Promotions: tl.db, Customers: tl.db, Sales: tl.db, Staff: tl.db, Parked: tl.db,
		Barcodes: barcode.NewParser(), Policy: pos.DefaultPolicy, Now: time.Now}
	if _, err := r.Login(ctx, "1111"); err != nil {
		t.Fatal(err)
	}
	_, err := r.Scan(ctx, "2900000000017")
	var card *pos.CustomerScanned
	if !errors.As(err, &card) || card.Customer.ID != "C-1" || card.Customer.Points != 120 || card.Customer.AsOf.Before(before.Add(-time.Second)) {
		t.Fatalf("the card scanned: %v", err)
	}
	if _, err := r.Scan(ctx, "5900343000185"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: r.Sale().Total()}); err != nil {
		t.Fatal(err)
	}
	done, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tl.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE id = ? AND customer_id = 'C-1'`, done.ID); n != 1 {
		t.Fatalf("central booked %d sales of %s: %s", n, done.ID, c.log)
	}
	if n := c.count(`SELECT COUNT(*) FROM inbox WHERE aggregate = ? AND status = 'applied' AND json_extract(payload, '$.customer_id') = 'C-1'`, done.ID); n != 1 {
		t.Fatalf("central's inbox keeps %d applied sales of C-1", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions`); n != 0 {
		t.Fatalf("central raised %d exceptions: %s", n, c.query(`SELECT GROUP_CONCAT(kind || ': ' || reason, '; ') FROM exceptions`))
	}
}

// TestCustomerJoinsOfflineAndCentralMergesByEmail: a customer joins at a till that is not
// yet linked to central (offline); the till finds them at once and the event waits in the
// outbox. At the next sync central adds them with their consents and sends them to every
// till. The same person joining at another till by the same e-mail is kept as the one
// central has: one customer, the second till's id an alias, and a duplicate for a manager.
func TestCustomerJoinsOfflineAndCentralMergesByEmail(t *testing.T) {
	c := startCentral(t)
	ctx := t.Context()
	newRegister := func(tl *till) *pos.Register {
		if err := tl.db.SaveStaff(ctx, pos.Staff{ID: "anna", Name: "Anna", Role: pos.RoleCashier}, "1111"); err != nil {
			t.Fatal(err)
		}
		r := &pos.Register{Store: tl.store, Catalog: tl.db, Promotions: tl.db, Customers: tl.db, Sales: tl.db, Staff: tl.db, Parked: tl.db,
			Barcodes: barcode.NewParser(), Policy: pos.DefaultPolicy, Now: time.Now}
		if _, err := r.Login(ctx, "1111"); err != nil {
			t.Fatal(err)
		}
		return r
	}
	one := newTill(t, storeWAW, "01")
	r1 := newRegister(one)
	ewa, err := r1.CreateCustomer(ctx, pos.NewCustomer{Name: "Ewa Kowalczyk", Email: "ewa@example.pl", Phone: "+48 601 222 333", Marketing: true, EReceipt: true})
	if err != nil {
		t.Fatal(err)
	}
	if found, err := one.db.FindCustomers(ctx, "601 222", 5); err != nil || len(found) != 1 || found[0].ID != ewa.ID {
		t.Fatalf("the till does not find the new customer offline: %+v %v", found, err)
	}
	if s := r1.Sale(); s.Customer == nil || s.Customer.ID != ewa.ID {
		t.Fatalf("the sale is not the new customer's: %+v", s.Customer)
	}
	if _, err := r1.CreateCustomer(ctx, pos.NewCustomer{Name: "Ewa K.", Phone: "601-222-333"}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("the same phone again at the same till: %v", err)
	}
	one.pair(c)
	one.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM customers WHERE id = ? AND name = 'Ewa Kowalczyk' AND marketing = 1 AND e_receipt = 1 AND joined_at = ?`,
		ewa.ID, string(storeWAW)+"/01"); n != 1 {
		t.Fatalf("central keeps %d customers %s: %s", n, ewa.ID, c.log)
	}

	two := newTill(t, storeWAW, "02")
	two.pair(c)
	two.syncOnce()
	if found, err := two.db.FindCustomers(ctx, "ewa@", 5); err != nil || len(found) != 1 || found[0].ID != ewa.ID {
		t.Fatalf("the other till was not sent the new customer: %+v %v", found, err)
	}
	// Till 02 forgets her (offline since, say, its database was restored) and she joins again.
	if err := two.db.ApplyCustomerPage(ctx, []pos.CustomerChange{{Customer: pos.Customer{ID: ewa.ID}, Erased: true}}, 1<<40); err != nil {
		t.Fatal(err)
	}
	again, err := newRegister(two).CreateCustomer(ctx, pos.NewCustomer{Name: "Ewa Kowalczyk", Email: "EWA@example.pl"})
	if err != nil {
		t.Fatal(err)
	}
	two.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM customers WHERE lower(email) = 'ewa@example.pl'`); n != 1 {
		t.Fatalf("central keeps %d customers of ewa@example.pl", n)
	}
	if n := c.count(`SELECT COUNT(*) FROM customer_aliases WHERE id = ? AND customer_id = ?`, again.ID, ewa.ID); n != 1 {
		t.Fatalf("the second id does not lead to the first")
	}
	if n := c.count(`SELECT COUNT(*) FROM exceptions WHERE kind = 'duplicate_customer' AND reason LIKE '%' || ? || '%'`, ewa.ID); n != 1 {
		t.Fatalf("central raised %d duplicate exceptions", n)
	}
	if st := two.state(); st.Pending != 0 || st.Rejections != 0 {
		t.Fatalf("the till after the merge: %+v", st)
	}
}
