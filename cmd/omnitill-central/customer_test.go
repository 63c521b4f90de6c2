package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/central/sqlite"
	"github.com/omnitill/omnitill/sync/wire"
)

// tillEvent is an event of till 01 of PL-WAW with payload doc.
func tillEvent(t *testing.T, id, typ, aggregate string, doc any) wire.Event {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Event{EventID: id, Type: typ, Aggregate: aggregate, Payload: b, CreatedAt: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
}

// customerShopped gives Anna (C-1, card 2900000000017, 120 points) a ledger entry of her
// own, two sales at till 01 of PL-WAW, one of them under the id the till gave her when
// she joined there again, and the phone order CC-1.
func customerShopped(t *testing.T, dir string) {
	t.Helper()
	for _, f := range []struct{ what, content string }{
		{"stores", "id,name,currency\nPL-WAW,Warszawa Centrum,PLN\n"},
		{"products", "sku,barcode,name,price,vat,unit\nZUB-07,5900343000185,Żubrówka,42.99,23,pcs\n"},
		{"customers", "id,name,card,email,phone,points\nC-1,Anna Nowak,2900000000017,anna@example.com,+48 600 000 001,120\n"},
		{"orders", "number,store_id,sku,qty,channel,customer_id\nCC-1,PL-WAW,ZUB-07,2,phone,C-1\n"},
	} {
		if code, _, errOut := runCLI(t, dir, "import", f.what, writeFile(t, dir, f.what+".csv", f.content)); code != 0 {
			t.Fatalf("import %s: %s", f.what, errOut)
		}
	}
	db, err := sqlite.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	code, err := db.NewPairingCode(ctx, "PL-WAW", "01", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pair(ctx, wire.PairRequest{Code: code, StoreID: "PL-WAW", TillID: "01"}); err != nil {
		t.Fatal(err)
	}
	till := central.Till{Store: "PL-WAW", ID: "01"}
	const tillID = "0190bbbb-0000-7000-8000-0000000000c1"
	events := []wire.Event{tillEvent(t, "0190aaaa-0000-7000-8000-0000000000c1", pos.EventCustomerCreated, tillID, pos.CustomerCreatedEvent{
		Customer: tillID, Store: "PL-WAW", Till: "01", Name: "Anna N.", Email: "anna@example.com"})}
	for i, customer := range []pos.CustomerID{"C-1", tillID} {
		receipt := pos.ReceiptNo(i + 1)
		sale := pos.SaleID("sale-" + string(rune('a'+i)))
		at := time.Date(2026, 11, 24, 10, i, 0, 0, time.UTC)
		events = append(events, tillEvent(t, "0190aaaa-0000-7000-8000-0000000000d"+string(rune('1'+i)), pos.EventSaleCompleted, string(sale), pos.SaleEvent{
			SaleID: sale, Store: "PL-WAW", Till: "01", ReceiptNo: receipt, Cashier: "ewa", Currency: pos.PLN, Total: 4299,
			StartedAt: at, CompletedAt: at, Customer: customer,
			Lines:   []pos.SaleEventLine{{No: 1, SKU: "ZUB-07", Qty: pos.Pieces(1), UnitPrice: 4299, VAT: 2300, Amount: 4299}},
			Tenders: []pos.SaleEventTender{{Kind: pos.TenderCash, Amount: 4299}}}))
	}
	results, err := db.Apply(ctx, till, events)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if r.Status != wire.StatusApplied {
			t.Fatalf("event %s: %+v", r.EventID, r)
		}
	}
	if err := db.AddPoints(ctx, central.LoyaltyEntry{Customer: "C-1", Points: -20, Kind: "redeem", Source: "support ticket 7"}); err != nil {
		t.Fatal(err)
	}
}

func TestCustomerShow(t *testing.T) {
	dir := t.TempDir()
	customerShopped(t, dir)
	db, err := sqlite.Open(filepath.Join(dir, "central.db"))
	if err != nil {
		t.Fatal(err)
	}
	balance, err := db.Balance(context.Background(), "C-1") // whatever the tills' sales earned
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCLI(t, dir, "customer", "show", "2900000000017")
	if code != 0 {
		t.Fatalf("customer show: exit %d, %s", code, errOut)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^customer +C-1$`),
		regexp.MustCompile(`(?m)^name +Anna Nowak$`),
		regexp.MustCompile(`(?m)^consents +marketing no, e-receipt no$`),
		regexp.MustCompile(`(?m)^joined +imported at central$`),
		regexp.MustCompile(`(?m)^erased +no$`),
		regexp.MustCompile(`(?m)^till ids +0190bbbb-0000-7000-8000-0000000000c1 `),
		regexp.MustCompile(`(?m)^balance +` + strconv.FormatInt(balance, 10) + ` points$`),
		regexp.MustCompile(`(?m)^  \S+ \S+ +adjust +\+120 +120 +import customers.csv$`),
		regexp.MustCompile(`(?m)^  \S+ \S+ +redeem +-20 +` + strconv.FormatInt(balance, 10) + ` +support ticket 7$`),
		regexp.MustCompile(`(?m)^store: 2 sales$`),
		regexp.MustCompile(`(?m)^  \S+ \S+ +PL-WAW +01 +1 +42\.99 PLN$`),
		regexp.MustCompile(`(?m)^  \S+ \S+ +PL-WAW +01 +2 +42\.99 PLN +till id 0190bbbb-0000-7000-8000-0000000000c1$`),
		regexp.MustCompile(`(?m)^phone: 1 order$`),
		regexp.MustCompile(`(?m)^  \S+ \S+ +PL-WAW +CC-1 +placed +85\.98 PLN$`),
	} {
		if !want.MatchString(out) {
			t.Errorf("customer show printed no line like %s:\n%s", want, out)
		}
	}
	if strings.Index(out, "\nledger:") > strings.Index(out, "\npurchases by channel:") {
		t.Errorf("the purchases come before the ledger:\n%s", out)
	}

	// By phone, and only the latest entry and purchase of each channel.
	code, out, errOut = runCLI(t, dir, "customer", "show", "600 000 001", "--last", "1")
	if code != 0 || !strings.Contains(out, "store: 2 sales\n  (1 purchase before these not shown: --last 0 prints all)\n") ||
		strings.Contains(out, "import customers.csv") || !strings.Contains(out, "support ticket 7") {
		t.Errorf("customer show --last 1: exit %d, stderr %s\n%s", code, errOut, out)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"customer", "show", "2900000000099"}, 1, `omnitill-central customer: no customer has card, id, e-mail or phone "2900000000099"`},
		{[]string{"customer", "show"}, 2, "usage: omnitill-central [--db PATH] customer show CARD"},
		{[]string{"customer", "list"}, 2, "say show CARD"},
		{[]string{"customer", "show", "C-1", "--last", "-1"}, 2, "--last"},
	} {
		code, out, errOut := runCLI(t, dir, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("omnitill-central %s: exit %d, stdout %q, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, out, errOut, c.code, c.want)
		}
	}
}
