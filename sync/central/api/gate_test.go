package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
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

// TestSlowBodyHoldsNoTurn: a till sending its batch slowly has no turn at the gate until
// the body is all there, so a read goes on meanwhile.
func TestSlowBodyHoldsNoTurn(t *testing.T) {
	db := mustOpen(t)
	till, token := mustPair(t, db, waw.ID, "01")
	base := serveAPI(t, &Server{Central: db, Gate: central.NewGate(1)}, io.Discard)
	batch, _ := json.Marshal(wire.PushRequest{Events: []wire.Event{saleEvent(t, till, ev1, 1, 1)}})
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	half := len(batch) / 2
	fmt.Fprintf(conn, "POST /v1/events HTTP/1.1\r\nHost: central\r\nContent-Type: %s\r\n%s: %s%s\r\nContent-Length: %d\r\n\r\n%s",
		wire.ContentTypeJS, wire.HeaderAuth, wire.BearerPrefix, token, len(batch), batch[:half])
	time.Sleep(100 * time.Millisecond) // central is reading the body now

	req, _ := http.NewRequest("GET", base+"/v1/availability?sku=ZUB-07", nil)
	req.Header.Set(wire.HeaderAuth, wire.BearerPrefix+token)
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("a read while a body trickled in: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("a read while a body trickled in: %d", resp.StatusCode)
	}

	conn.Write(batch[half:])
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var pushed wire.PushResponse
	if err := json.NewDecoder(res.Body).Decode(&pushed); err != nil || res.StatusCode != 200 || len(pushed.Results) != 1 || pushed.Results[0].Status != wire.StatusApplied {
		t.Errorf("the slow push: %d %+v %v", res.StatusCode, pushed, err)
	}
}
