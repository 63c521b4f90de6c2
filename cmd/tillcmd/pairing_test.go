package tillcmd

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

const twoStores = "id,name,currency,tax_id,address,country\n" +
	"PL-WAW-01,Omnitill Sklep Demo,PLN,5250001009,ul. Marszałkowska 100,PL\n" +
	`LT-VNO-02,Omnitill Akropolis,EUR,LT100001234567,"Ozo g. 25, 07150 Vilnius",LT` + "\n"

// ringSale rings one Żubrówka (PL-000278) at the open till, paid in cash.
func ringSale(t *testing.T, r *pos.Register) *pos.Sale {
	t.Helper()
	ctx := context.Background()
	if _, err := r.Login(ctx, "1111"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Scan(ctx, "5902754113850"); err != nil {
		t.Fatal(err)
	}
	if err := r.AddTender(pos.Tender{Kind: pos.TenderCash, Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	s, err := r.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A new demo till (store PL-WAW-01, till 01) paired with a code for till 05 of the Vilnius
// store becomes that till at once, without a restart: it sells in euro at Lithuanian VAT,
// its receipt carries the header central keeps for the store, in Lithuanian, and central
// books the sale as LT-VNO-02/05.
func TestFreshTillSellsAsTheStoreOfItsCode(t *testing.T) {
	c := newCentral(t, twoStores)
	ctx := context.Background()
	tl, err := openTill(t, t.TempDir()+"/till.db")
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	if tl.Store.ID != "PL-WAW-01" || tl.Store.TillID != "01" {
		t.Fatalf("a new till is %s/%s", tl.Store.ID, tl.Store.TillID)
	}
	if err := tl.Pair(ctx, c.url, c.code("LT-VNO-02", "05")); err != nil {
		t.Fatalf("a fresh till with another store's code: %v", err)
	}
	store := tl.Register().StoreInfo()
	if store.ID != "LT-VNO-02" || store.TillID != "05" || store.Currency != pos.EUR || store.Name != "Omnitill Akropolis" ||
		tl.Store.ID != store.ID || tl.Language() != lang.Lithuanian {
		t.Fatalf("after pairing: register %+v, till %s/%s, language %s", store, tl.Store.ID, tl.Store.TillID, tl.Language())
	}
	if _, _, err := tl.SyncOnce(ctx); err != nil { // the catalog at the store's (Lithuanian) rates
		t.Fatal(err)
	}
	sale := ringSale(t, tl.Register())
	if sale.Store != "LT-VNO-02" || sale.Till != "05" || sale.Currency != pos.EUR || sale.ReceiptNo != 1 || sale.Lines[0].VAT != 2100 {
		t.Fatalf("sale %+v", sale)
	}
	var receipt strings.Builder
	for _, b := range tl.Receipt(sale).Layout(48) {
		receipt.WriteString(b.Text + "\n")
	}
	for _, want := range []string{"Omnitill Akropolis", "Ozo g. 25", "07150 Vilnius", "LT100001234567", "KVITAS", "05", "€"} {
		if !strings.Contains(receipt.String(), want) {
			t.Errorf("the receipt lacks %q:\n%s", want, receipt.String())
		}
	}
	if strings.Contains(receipt.String(), "Sklep Demo") {
		t.Errorf("the receipt names the demo store:\n%s", receipt.String())
	}
	if _, st, err := tl.SyncOnce(ctx); err != nil || st.Pending != 0 {
		t.Fatalf("push: %+v %v", st, err)
	}
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE store_id = 'LT-VNO-02' AND till_id = '05' AND receipt_no = 1 AND currency = 'EUR'`); n != 1 {
		t.Fatalf("central has %d sales of LT-VNO-02/05", n)
	}
}

// A till that has sold keeps its store: another store's code is refused, the till sells on
// as it was, and the code is not spent.
func TestTillThatSoldKeepsItsStore(t *testing.T) {
	c := newCentral(t, twoStores)
	ctx := context.Background()
	tl, err := openTill(t, t.TempDir()+"/till.db")
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	ringSale(t, tl.Register())
	err = tl.Pair(ctx, c.url, c.code("LT-VNO-02", "06"))
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(pos.ErrorMessage(err), "for till 06 of store LT-VNO-02, but this till is 01 of store PL-WAW-01") {
		t.Fatalf("a till that sold, with another store's code: %v", err)
	}
	if s := tl.Register().StoreInfo(); s.ID != "PL-WAW-01" || s.TillID != "01" || tl.Store.ID != "PL-WAW-01" {
		t.Fatalf("a refused pairing changed the till: %+v", s)
	}
	if n := c.count(`SELECT COUNT(*) FROM pairing_codes WHERE till_id = '06' AND used_at IS NULL`); n != 1 {
		t.Fatal("central spent the refused code")
	}
	if s := ringSale(t, tl.Register()); s.Store != "PL-WAW-01" || s.ReceiptNo != 2 {
		t.Fatalf("the next sale: %+v", s)
	}
}

// `serve --tls-auto`, `pair --url`: the till takes the pairing string in place of a code,
// pins central's certificate and pushes its sale over HTTPS. A string whose fingerprint is
// not central's is refused in words, before the code is spent.
func TestPairingStringPinsCentral(t *testing.T) {
	c := newCentral(t, twoStores, "--tls-auto")
	if !strings.HasPrefix(c.url, "https://") {
		t.Fatalf("central serves %s", c.url)
	}
	lines := strings.Split(c.admin("pair", "--store", "PL-WAW-01", "--till", "01", "--url", c.url), "\n")
	pairing := lines[3]
	if !strings.HasPrefix(pairing, "OMNITILL:P:"+c.url+"#"+lines[1]+"#") || len(pairing) != len("OMNITILL:P:"+c.url+"#"+lines[1]+"#")+64 {
		t.Fatalf("pairing string %q", pairing)
	}
	fingerprint := pairing[len(pairing)-64:]
	last := "0"
	if strings.HasSuffix(pairing, "0") {
		last = "1"
	}
	wrong := pairing[:len(pairing)-1] + last
	db := t.TempDir() + "/till.db"
	code, out, errOut := run(t, db, "pair", "--code", wrong)
	if code == 0 || !strings.Contains(errOut, "is not the central of the pairing string") || !strings.Contains(errOut, fingerprint[:16]) {
		t.Fatalf("pairing with a wrong fingerprint: %d %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, db, "pair", "--code", pairing)
	if code != 0 || !strings.Contains(out, "paired with "+c.url+", trusting only its certificate SHA-256 "+fingerprint) {
		t.Fatalf("pairing with the pairing string: %d %q %q", code, out, errOut)
	}
	tl, err := openTill(t, db)
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	ringSale(t, tl.Register())
	if _, st, err := tl.SyncOnce(context.Background()); err != nil || st.Pending != 0 {
		t.Fatalf("push over HTTPS: %+v %v", st, err)
	}
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE store_id = 'PL-WAW-01' AND till_id = '01'`); n != 1 {
		t.Fatalf("central has %d sales", n)
	}
}

// http:// to another machine is refused by the till, at pairing and when it syncs (a link
// saved by an older version), before anything is sent.
func TestTillRefusesPlainHTTPToAnotherMachine(t *testing.T) {
	db := t.TempDir() + "/till.db"
	start := time.Now()
	code, _, errOut := run(t, db, "pair", "--central", "http://192.0.2.10:8420", "--code", "K7QXM-2PDHA")
	if code == 0 || !strings.Contains(errOut, "over http:// only to a central on this very machine, not to http://192.0.2.10:8420") {
		t.Fatalf("pairing over http:// with another machine: %d %q", code, errOut)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("the refusal took %s", time.Since(start))
	}
	tl, err := openTill(t, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tl.DB.Link(context.Background()); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a refused pairing left a link: %v", err)
	}
	if err := tl.DB.SaveLink(context.Background(), pos.CentralLink{Central: "http://192.0.2.10:8420", Token: "token"}, "PL-WAW-01", "01", 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := tl.WatchSync(func(pos.SyncStatus) {}); err == nil || !strings.Contains(pos.ErrorMessage(err), "only to a central on this very machine") {
		t.Fatalf("sync over http:// with another machine started: %v", err)
	}
	tl.Close()
	if code, _, errOut := run(t, db, "sync"); code == 0 || !strings.Contains(errOut, "only to a central on this very machine") {
		t.Fatalf("omnitill sync over http:// with another machine: %d %q", code, errOut)
	}
}
