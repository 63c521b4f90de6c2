package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

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
	if err := client.PairTill(t.Context(), tl.db, client.New(c.URL, ""), code); err != nil {
		t.Fatal(err)
	}
	if _, err := client.New(c.URL, "").Pair(t.Context(), code); !errors.Is(err, client.ErrUnauthorized) {
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

func TestPairingCodeForAnotherTill(t *testing.T) {
	c := startCentral(t)
	tl := newTill(t, storeWAW, "01")
	err := client.PairTill(t.Context(), tl.db, client.New(c.URL, ""), c.pairingCode(storeWAW, "02"))
	if err == nil || !strings.Contains(err.Error(), "for till 02") {
		t.Fatalf("pairing with another till's code: %v", err)
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
