package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// TestReadsAndPushesWaitTheirTurn: while the gate's one turn is taken (by the writer's
// neighbours, say), neither a read nor the reading of a push is answered; once it is given
// back, both are, whole, with their headers.
func TestReadsAndPushesWaitTheirTurn(t *testing.T) {
	db := mustOpen(t)
	till, token := mustPair(t, db, waw.ID, "01")
	gate := central.NewGate(1)
	base := serveAPI(t, &Server{Central: db, Gate: gate}, io.Discard)
	if err := gate.Enter(ctx); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		status int
		kind   string
		body   []byte
		err    error
	}
	send := func(method, url string, body []byte) <-chan answer {
		out := make(chan answer, 1)
		go func() {
			req, _ := http.NewRequest(method, url, bytes.NewReader(body))
			req.Header.Set(wire.HeaderAuth, wire.BearerPrefix+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				out <- answer{err: err}
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			out <- answer{status: resp.StatusCode, kind: resp.Header.Get("Content-Type"), body: b, err: err}
		}()
		return out
	}
	batch, _ := json.Marshal(wire.PushRequest{Events: []wire.Event{saleEvent(t, till, ev1, 1, 1)}})
	read := send("GET", base+"/v1/availability?sku=ZUB-07", nil)
	push := send("POST", base+"/v1/events", batch)
	select {
	case a := <-read:
		t.Fatalf("a read was answered while the turn was taken: %+v", a)
	case a := <-push:
		t.Fatalf("a push was read while the turn was taken: %+v", a)
	case <-time.After(300 * time.Millisecond):
	}
	gate.Leave()

	r := <-read
	var avail wire.Availability
	if r.err != nil || r.status != 200 || r.kind != wire.ContentTypeJS || json.Unmarshal(r.body, &avail) != nil || avail.SKU != "ZUB-07" {
		t.Errorf("the read after its turn: %d %q %s %v", r.status, r.kind, r.body, r.err)
	}
	p := <-push
	var res wire.PushResponse
	if p.err != nil || p.status != 200 || json.Unmarshal(p.body, &res) != nil || len(res.Results) != 1 || res.Results[0].Status != wire.StatusApplied {
		t.Errorf("the push after its turn: %d %s %v", p.status, p.body, p.err)
	}
	// An error answered inside a turn keeps its status.
	if a := <-send("GET", base+"/v1/availability?sku=NOPE", nil); a.status != 404 {
		t.Errorf("an unknown SKU in turn: %d %s", a.status, a.body)
	}
}
