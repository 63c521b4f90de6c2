package client_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
)

const krkStores = "id,name,currency,tax_id,address,country\n" +
	`PL-KRK,Kraków Rynek,PLN,6750001234,"Rynek Główny 1, 31-042 Kraków",PL` + "\n"

// useLink gives the till a worker on the link it saved, as the till builds it (its address
// checked, its certificate pinned), and takes its store as it now is.
func (t *till) useLink() {
	t.tb.Helper()
	link, err := t.db.Link(t.tb.Context())
	if err != nil {
		t.tb.Fatal(err)
	}
	cl, err := client.Connect(link)
	if err != nil {
		t.tb.Fatal(err)
	}
	if t.store, err = t.db.StoreInfo(t.tb.Context()); err != nil {
		t.tb.Fatal(err)
	}
	t.worker = client.NewWorker(t.db, cl)
	t.worker.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	t.worker.MinBackoff, t.worker.MaxBackoff = 10*time.Millisecond, 100*time.Millisecond
}

// A till that has sold nothing yet takes the store and till its code was made for: central
// pairs it as PL-KRK/07, the till takes that store's header, drops the online orders of the
// store it was, pulls the new store's, and sells as PL-KRK/07.
func TestFreshTillTakesTheStoreOfItsCode(t *testing.T) {
	c := startCentral(t)
	c.importFile("stores", krkStores)
	c.importFile("orders", "number,store_id,sku,qty\nWAW-1,PL-WAW,ZUB-07,1\nKRK-1,PL-KRK,ZUB-07,2\n")
	tl := newTill(t, storeWAW, "01")
	tl.pair(c) // as PL-WAW/01, its own code: it pulls PL-WAW's order
	tl.syncOnce()
	if list, _ := tl.db.OrdersToCollect(t.Context()); len(list) != 1 || list[0].Number != "WAW-1" {
		t.Fatalf("orders of PL-WAW: %+v", list)
	}

	if err := client.PairTill(t.Context(), tl.db, client.New(c.URL, ""), c.pairingCode("PL-KRK", "07"), storeWAW, "01"); err != nil {
		t.Fatalf("a fresh till with a code of another store: %v", err)
	}
	got, err := tl.db.StoreInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := pos.StoreInfo{ID: "PL-KRK", TillID: "07", Name: "Kraków Rynek", Address: []string{"Rynek Główny 1", "31-042 Kraków"},
		TaxID: "6750001234", Country: "PL", Currency: pos.PLN, VAT: pos.PolishVAT}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after pairing the till's store is\n%+v, want\n%+v", got, want)
	}
	if n := c.count(`SELECT COUNT(*) FROM tills WHERE store_id = 'PL-KRK' AND till_id = '07' AND token_hash IS NOT NULL`); n != 1 {
		t.Fatalf("central has %d tills PL-KRK/07", n)
	}
	tl.useLink()
	tl.syncOnce()
	if list, _ := tl.db.OrdersToCollect(t.Context()); len(list) != 1 || list[0].Number != "KRK-1" {
		t.Fatalf("orders after becoming a till of PL-KRK: %+v", list)
	}
	tl.sell(1, 1)
	tl.syncOnce()
	if n := c.count(`SELECT COUNT(*) FROM sales WHERE store_id = 'PL-KRK' AND till_id = '07' AND receipt_no = 1`); n != 1 {
		t.Fatalf("central has %d sales of PL-KRK/07", n)
	}
	if got := c.onHand("PL-KRK", zubrowka); got != -1000 {
		t.Fatalf("central's stock of PL-KRK: %d, want -1000", got)
	}
}

// A till that has sold keeps its store and till: a code of another store is refused before
// central spends it, and it then pairs a fresh till.
func TestTillThatSoldRefusesAnotherStoresCode(t *testing.T) {
	c := startCentral(t)
	c.importFile("stores", krkStores)
	sold := newTill(t, storeWAW, "01")
	sold.sell(1, 1)
	code := c.pairingCode("PL-KRK", "07")
	err := client.PairTill(t.Context(), sold.db, client.New(c.URL, ""), code, storeWAW, "01")
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "for till 07 of store PL-KRK, but this till is 01 of store PL-WAW") {
		t.Fatalf("a till that sold, with another store's code: %v", err)
	}
	if info, _ := sold.db.StoreInfo(t.Context()); info.ID != storeWAW || info.TillID != "01" {
		t.Fatalf("a refused pairing changed the till: %+v", info)
	}
	if _, err := sold.db.Link(t.Context()); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a refused pairing left a link: %v", err)
	}
	if n := c.count(`SELECT COUNT(*) FROM pairing_codes WHERE store_id = 'PL-KRK' AND used_at IS NULL`); n != 1 {
		t.Fatal("central spent the code it refused")
	}
	fresh := newTill(t, storeWAW, "02")
	if err := client.PairTill(t.Context(), fresh.db, client.New(c.URL, ""), code, storeWAW, "02"); err != nil {
		t.Fatalf("the code after the refusal, on a fresh till: %v", err)
	}
	if info, _ := fresh.db.StoreInfo(t.Context()); info.ID != "PL-KRK" || info.TillID != "07" {
		t.Fatalf("the fresh till is %s/%s", info.ID, info.TillID)
	}
}

// autoCertFingerprint is the SHA-256 of the certificate `serve --tls-auto` keeps beside
// central's database, read as an auditor would.
func autoCertFingerprint(t *testing.T, c *central) (string, *x509.Certificate) {
	t.Helper()
	b, err := os.ReadFile(c.db + "-cert.pem")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatal("no PEM certificate beside central's database")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(block.Bytes)
	return hex.EncodeToString(sum[:]), cert
}

// `serve --tls-auto` makes its own certificate (ECDSA P-256), keeps it beside its database
// across restarts with its key readable by its owner only; a till pinned to it pairs and
// pushes its sales over HTTPS, and still does after central restarts.
func TestPinnedTLSAuto(t *testing.T) {
	c := startCentral(t, "--tls-auto")
	if !strings.HasPrefix(c.URL, "https://") {
		t.Fatalf("central serves %s", c.URL)
	}
	pin, cert := autoCertFingerprint(t, c)
	if key, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok || key.Curve != elliptic.P256() {
		t.Fatalf("certificate key %T, want ECDSA P-256", cert.PublicKey)
	}
	if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
		t.Fatalf("not self-signed: %v", err)
	}
	if info, err := os.Stat(c.db + "-key.pem"); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", info.Mode(), err)
	}

	tl := newTill(t, storeWAW, "01")
	pinned, err := client.NewPinned(c.URL, "", pin)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.PairTill(t.Context(), tl.db, pinned, c.pairingCode(storeWAW, "01"), storeWAW, "01"); err != nil {
		t.Fatal(err)
	}
	if link, _ := tl.db.Link(t.Context()); link.Pin != pin || link.Central != c.URL {
		t.Fatalf("link %+v, want pin %s", link, pin)
	}
	tl.useLink()
	tl.sell(2, 1)
	tl.syncOnce()
	checkExactlyOnce(t, c, 2, 2)

	c.stop()
	c.restart()
	if again, _ := autoCertFingerprint(t, c); again != pin {
		t.Fatalf("the certificate changed across a restart: %s, was %s", again, pin)
	}
	tl.sell(1, 1)
	tl.syncOnce()
	checkExactlyOnce(t, c, 3, 3)

	// Without the pin, the system's authorities do not know central's certificate.
	if resp, err := http.Get(c.URL + "/v1/health"); err == nil {
		resp.Body.Close()
		t.Fatal("central's own certificate was trusted without its pin")
	}
}

// A pin that is not central's certificate's: the handshake fails before anything is sent,
// the code stays unspent, and the error names both fingerprints.
func TestWrongPinIsRefused(t *testing.T) {
	c := startCentral(t, "--tls-auto")
	pin, _ := autoCertFingerprint(t, c)
	wrong := strings.Repeat("0", 64)
	tl := newTill(t, storeWAW, "01")
	cl, err := client.NewPinned(c.URL, "", wrong)
	if err != nil {
		t.Fatal(err)
	}
	code := c.pairingCode(storeWAW, "01")
	err = client.PairTill(t.Context(), tl.db, cl, code, storeWAW, "01")
	var pe *client.PinError
	if !errors.As(err, &pe) || pe.Got != pin || pe.Want != wrong {
		t.Fatalf("pairing with a wrong pin: %v", err)
	}
	if _, err := tl.db.Link(t.Context()); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("a refused pairing left a link: %v", err)
	}
	if n := c.count(`SELECT COUNT(*) FROM pairing_codes WHERE used_at IS NULL`); n != 1 {
		t.Fatal("the code was spent through a certificate the till refused")
	}
	// A pin is a SHA-256, and only over https.
	for _, bad := range []struct{ url, pin string }{{c.URL, "abc"}, {"http://127.0.0.1:8420", pin}} {
		if _, err := client.NewPinned(bad.url, "", bad.pin); err == nil {
			t.Errorf("pin %q for %s was taken", bad.pin, bad.url)
		}
	}
}

// The till sends its token and sales over http:// only to this machine: another address is
// refused before anything is dialled.
func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8420", "http://localhost:8420", "http://[::1]:8420", "https://10.0.0.5:8420", "https://central.example"} {
		if err := client.CheckURL(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.5:8420", "http://central.example:8420", "http://0.0.0.0:8420", "http://127.0.0.1.example.com"} {
		if err := client.CheckURL(u); !errors.Is(err, client.ErrPlainHTTP) {
			t.Errorf("%s: %v, want ErrPlainHTTP", u, err)
		}
	}
	for _, u := range []string{"ftp://central", "https://", "central.example:8420", "https://central/v1", "https://a@central"} {
		if err := client.CheckURL(u); !errors.Is(err, client.ErrBadURL) {
			t.Errorf("%s: %v, want ErrBadURL", u, err)
		}
	}
	tl := newTill(t, storeWAW, "01")
	tl.sell(1, 1)
	start := time.Now()
	w := client.NewWorker(tl.db, client.New("http://192.0.2.10:8420", "token"))
	w.Log = discard()
	if err := w.SyncOnce(t.Context()); !errors.Is(err, client.ErrPlainHTTP) {
		t.Fatalf("a push to http://192.0.2.10: %v", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("the refusal took %s: it dialled", time.Since(start))
	}
	if _, err := client.Connect(pos.CentralLink{Central: "http://192.0.2.10:8420", Token: "token"}); !errors.Is(err, client.ErrPlainHTTP) {
		t.Fatalf("a link to http://192.0.2.10: %v", err)
	}
}
