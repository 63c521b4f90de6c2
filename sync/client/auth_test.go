package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/client"
	"github.com/omnitill/omnitill/sync/wire"
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestUnpairedAndRevoked(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.sell(1, 1)
	for name, token := range map[string]string{"Unpaired": "", "MadeUpToken": "c2VjcmV0IHRva2VuIHRoYXQgbmV2ZXIgd2FzIGdpdmVu"} {
		w := client.NewWorker(tl.db, client.New(c.URL, token))
		w.Log = discard()
		if err := w.SyncOnce(t.Context()); !errors.Is(err, client.ErrUnauthorized) {
			t.Errorf("%s: %v, want unauthorized", name, err)
		}
	}
	code := c.pairingCode(storeWAW, "01")
	if err := client.PairTill(t.Context(), tl.db, client.New(c.URL, ""), code, storeWAW, "01"); err != nil {
		t.Fatal(err)
	}
	if _, err := client.New(c.URL, "").Pair(t.Context(), wire.PairRequest{Code: code, StoreID: string(storeWAW), TillID: "01"}); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("a code used twice: %v", err)
	}
	link, err := tl.db.Link(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	w := client.NewWorker(tl.db, client.New(link.Central, link.Token))
	w.Log = discard()
	if err := w.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	out := c.admin("revoke", "--till", "01")
	if !strings.Contains(out, "PL-WAW/01 revoked") {
		t.Fatalf("revoke said %q", out)
	}
	tl.sell(1, 1)
	if err := w.SyncOnce(t.Context()); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("revoked till: %v, want unauthorized", err)
	}
	if st, _ := w.State(t.Context()); st.Pending != 1 || !st.Online {
		t.Fatalf("a revoked till keeps its event and knows central is there: %+v", st)
	}
	if got := c.count(`SELECT COUNT(*) FROM inbox`); got != 1 {
		t.Fatalf("central has %d events, want the 1 sent before the revocation", got)
	}
}

// A code made for till 02, typed on till 01 by mistake, is refused before central spends
// it or touches till 02's token: till 02 keeps syncing, and its code still pairs it.
func TestPairingCodeForAnotherTill(t *testing.T) {
	c := startCentral(t)
	t1, t2 := newTill(t, storeWAW, "01"), newTill(t, storeWAW, "02")
	t2.pair(c)
	code := c.pairingCode(storeWAW, "02")
	err := client.PairTill(t.Context(), t1.db, client.New(c.URL, ""), code, storeWAW, "01")
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "for till 02") {
		t.Fatalf("pairing with another till's code: %v", err)
	}
	if _, err := t1.db.Link(t.Context()); pos.ErrorCode(err) != pos.ENOTFOUND {
		t.Fatalf("till 01 kept a link: %v", err)
	}
	t2.sell(1, 1)
	t2.syncOnce() // till 02 was not logged out
	if err := client.PairTill(t.Context(), t2.db, client.New(c.URL, ""), code, storeWAW, "02"); err != nil {
		t.Fatalf("till 02's own code after till 01 tried it: %v", err)
	}
	c.stop() // central's log is complete once it stopped
	if !strings.Contains(c.log.String(), "pairing refused: the code is another till's") {
		t.Fatalf("central's log lacks the refusal:\n%s", c.log)
	}
}

func TestBadBodiesStoreNothing(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	tl.pair(c)
	link, _ := tl.db.Link(t.Context())
	event := `{"event_id":"0190aaaa-0000-7000-8000-000000000001","type":"sale.completed","aggregate":"s1",` +
		`"created_at":"2026-11-24T10:01:00Z","payload":{"sale_id":"s1"}`
	for _, tt := range []struct {
		name   string
		body   string
		status int
	}{
		{"Malformed", `{"events":[` + event, 400},
		{"UnknownField", `{"events":[` + event + `,"colour":"red"}]}`, 400},
		{"NoEventID", `{"events":[{"type":"sale.completed","aggregate":"s1","created_at":"2026-11-24T10:01:00Z","payload":{}}]}`, 400},
		{"Oversized", `{"events":[` + event + `,"aggregate":"` + strings.Repeat("x", wire.MaxBodyBytes) + `"}]}`, 413},
	} {
		req, _ := http.NewRequest("POST", c.URL+"/v1/events", bytes.NewReader([]byte(tt.body)))
		req.Header.Set("Authorization", "Bearer "+link.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var e wire.Error
		decodeErr := json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != tt.status || decodeErr != nil || e.Message == "" {
			t.Errorf("%s: %d %+v (%v), want %d with a message", tt.name, resp.StatusCode, e, decodeErr, tt.status)
		}
	}
	if got := c.count(`SELECT COUNT(*) FROM inbox`); got != 0 {
		t.Fatalf("central stored %d events from refused bodies", got)
	}
}

// A new code for a till cancels the codes made for it before and not used: only the last
// one IT printed works.
func TestNewCodeCancelsTheOldOnes(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	first, second := c.pairingCode(storeWAW, "01"), c.pairingCode(storeWAW, "01")
	if err := client.PairTill(t.Context(), tl.db, client.New(c.URL, ""), first, storeWAW, "01"); !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("the first of two codes: %v", err)
	}
	if err := client.PairTill(t.Context(), tl.db, client.New(c.URL, ""), second, storeWAW, "01"); err != nil {
		t.Fatalf("the last code: %v", err)
	}
}

// Pairing gives the till its store as central keeps it: the receipt header and the VAT
// letters of the store's country (a Lithuanian store prints PVM A 21 %, B 9 %), in place
// of what the till was set up with. A till that has sold in another currency is refused.
func TestPairingGivesTheStoreAndItsVAT(t *testing.T) {
	c := startCentral(t)
	c.importFile("stores", "id,name,currency,tax_id,address,country\n"+
		`LT-VNO,Omnitill Akropolis,EUR,LT100001234567,"Ozo g. 25, 07150 Vilnius",LT`+"\n")
	tl := newTill(t, "LT-VNO", "03")
	tl.pair(c)
	got, err := tl.db.StoreInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := pos.StoreInfo{ID: "LT-VNO", TillID: "03", Name: "Omnitill Akropolis", Address: []string{"Ozo g. 25", "07150 Vilnius"},
		TaxID: "LT100001234567", Country: "LT", Currency: pos.EUR, VAT: pos.LithuanianVAT}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("after pairing the till's store is\n%+v, want\n%+v", got, want)
	}

	sold := newTill(t, "LT-VNO", "04") // set up in złoty, as the tills of this harness are
	sold.sell(1, 1)
	err = client.PairTill(t.Context(), sold.db, client.New(c.URL, ""), c.pairingCode("LT-VNO", "04"), "LT-VNO", "04")
	if pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "has sold in PLN") {
		t.Fatalf("a till that sold in złoty paired with a euro store: %v", err)
	}
	if info, _ := sold.db.StoreInfo(t.Context()); info.Currency != pos.PLN || !reflect.DeepEqual(info.VAT, pos.PolishVAT) {
		t.Fatalf("a refused pairing changed the store: %+v", info)
	}
}
