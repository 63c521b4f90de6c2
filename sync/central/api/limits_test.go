package api

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
	"github.com/omnitill/omnitill/sync/wire"
)

// serveAPI starts srv, its Central and clock already set, on an in-process test server
// writing its log to log.
func serveAPI(tb testing.TB, srv *Server, log io.Writer) string {
	tb.Helper()
	srv.Log = slog.New(slog.NewTextHandler(log, nil))
	if srv.Gate == nil {
		srv.Gate = central.NewGate(1)
	}
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(ts.Close)
	return ts.URL
}

// clock is a test's clock for the pairing limit, moved on by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// clientFrom is an HTTP client whose connections come from the local address ip (any
// 127.x.y.z reaches the test server on 127.0.0.1), so central sees another client.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
}

// pairAs asks POST /v1/pair with client and returns the status, the error body and the
// Retry-After header.
func pairAs(tb testing.TB, client *http.Client, base, code string, till pos.TillID, header ...string) (int, wire.Error, string) {
	tb.Helper()
	body, _ := json.Marshal(wire.PairRequest{Code: code, StoreID: string(waw.ID), TillID: string(till)})
	req, err := http.NewRequest("POST", base+"/v1/pair", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var e wire.Error
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e, resp.Header.Get("Retry-After")
}

func mustCode(tb testing.TB, db *testDB, till pos.TillID) string {
	tb.Helper()
	code, err := db.NewPairingCode(ctx, waw.ID, till, time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

// TestPairingLockout: ten failed codes from one address in a minute (unknown codes and a
// code for another till) lock that address out for five minutes: even the right code is
// answered 429 with Retry-After, and is not spent. Another address pairs meanwhile, and
// the first pairs again once the lockout is over. Central's log names the address.
func TestPairingLockout(t *testing.T) {
	db := mustOpen(t)
	clk := &clock{t: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	var log logBuffer
	base := serveAPI(t, &Server{Central: db, Now: clk.Now}, &log)
	a, b := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	right := mustCode(t, db, "01")
	other := mustCode(t, db, "02")

	for i := range 10 {
		code, want := fmt.Sprintf("AAAAA-BBBB%d", i), 401
		if i == 9 {
			code, want = other, 409 // a code made for another till counts as a failure too
		}
		if status, e, _ := pairAs(t, a, base, code, "01"); status != want {
			t.Fatalf("failed attempt %d: %d %+v, want %d", i+1, status, e, want)
		}
	}
	status, e, retry := pairAs(t, a, base, right, "01")
	if status != 429 || e.Code != wire.ErrTooMany || retry != "300" || !strings.Contains(e.Message, "127.0.0.1") {
		t.Fatalf("the right code after 10 failures: %d %+v Retry-After %q, want 429 after 300 s", status, e, retry)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM tills`); n != 0 {
		t.Fatalf("%d tills paired while the address was locked out", n)
	}
	got := log.take()
	for _, want := range []string{`msg="pairing locked out for a client address" client=127.0.0.1`, "failures=10", "within=1m0s", "for=5m0s",
		`msg="authentication refused" method=POST path=/v1/pair from=127.0.0.1:`, `msg="pairing refused: the code is another till's"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %q:\n%s", want, got)
		}
	}

	// Another address is not locked out: the code was not spent by the refused attempt.
	if status, e, _ := pairAs(t, b, base, right, "01"); status != 200 {
		t.Fatalf("the right code from another address: %d %+v", status, e)
	}
	// Four minutes on, the first is still locked out, and told for how long.
	clk.advance(4 * time.Minute)
	if status, _, retry := pairAs(t, a, base, mustCode(t, db, "02"), "02"); status != 429 || retry != "60" {
		t.Fatalf("a minute before the lockout ends: %d Retry-After %q", status, retry)
	}
	clk.advance(time.Minute)
	if status, e, _ := pairAs(t, a, base, mustCode(t, db, "02"), "02"); status != 200 {
		t.Fatalf("the right code once the lockout is over: %d %+v", status, e)
	}
}

// TestPairingLimitCountsFailuresOnly: a successful pairing is not counted, failures older
// than the window are forgotten, and a malformed request is not a guess.
func TestPairingLimitCountsFailuresOnly(t *testing.T) {
	db := mustOpen(t)
	clk := &clock{t: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	base := serveAPI(t, &Server{Central: db, Now: clk.Now}, io.Discard)
	a := clientFrom("127.0.0.1")
	fail := func(n int) {
		t.Helper()
		for i := range n {
			if status, e, _ := pairAs(t, a, base, fmt.Sprintf("CCCCC-DDDD%d", i), "01"); status != 401 {
				t.Fatalf("failure %d: %d %+v", i+1, status, e)
			}
		}
	}
	fail(9)
	for range 3 {
		if status, e, _ := pairAs(t, a, base, "", "01"); status != 400 {
			t.Fatalf("no code: %d %+v", status, e)
		}
	}
	if status, e, _ := pairAs(t, a, base, mustCode(t, db, "01"), "01"); status != 200 {
		t.Fatalf("a good code after 9 failures: %d %+v", status, e)
	}
	if status, e, _ := pairAs(t, a, base, mustCode(t, db, "02"), "02"); status != 200 {
		t.Fatalf("another good code: the success was counted: %d %+v", status, e)
	}
	clk.advance(time.Minute)
	fail(9) // the first nine were a minute ago
	if status, e, _ := pairAs(t, a, base, mustCode(t, db, "03"), "03"); status != 200 {
		t.Fatalf("9 failures in this minute and 9 in the last: %d %+v", status, e)
	}
	fail(1)
	if status, _, retry := pairAs(t, a, base, mustCode(t, db, "04"), "04"); status != 429 || retry != "300" {
		t.Fatalf("the tenth failure in a minute did not lock: %d %q", status, retry)
	}
}

// TestPairingLimitBehindAProxy: X-Forwarded-For is believed only from a trusted proxy.
func TestPairingLimitBehindAProxy(t *testing.T) {
	db := mustOpen(t)
	clk := &clock{t: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	t.Run("Trusted", func(t *testing.T) {
		var log logBuffer
		proxy := &Server{Central: db, Now: clk.Now, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
		base := serveAPI(t, proxy, &log)
		c := clientFrom("127.0.0.1")
		for i := range 10 {
			// The proxy appends the address it saw to what the client sent.
			pairAs(t, c, base, fmt.Sprintf("EEEEE-FFFF%d", i), "01", "X-Forwarded-For", "10.9.9.9, 203.0.113.7")
		}
		if status, _, _ := pairAs(t, c, base, mustCode(t, db, "01"), "01", "X-Forwarded-For", "203.0.113.7"); status != 429 {
			t.Fatalf("the locked client behind the proxy: %d", status)
		}
		if status, e, _ := pairAs(t, c, base, mustCode(t, db, "01"), "01", "X-Forwarded-For", "203.0.113.8"); status != 200 {
			t.Fatalf("another client behind the same proxy: %d %+v", status, e)
		}
		if got := log.take(); !strings.Contains(got, "client=203.0.113.7") {
			t.Errorf("the log does not name the client behind the proxy:\n%s", got)
		}
	})
	t.Run("NotTrusted", func(t *testing.T) {
		base := serveAPI(t, &Server{Central: db, Now: clk.Now}, io.Discard)
		c := clientFrom("127.0.0.1")
		for i := range 10 {
			pairAs(t, c, base, fmt.Sprintf("GGGGG-HHHH%d", i), "02", "X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
		}
		if status, _, _ := pairAs(t, c, base, mustCode(t, db, "02"), "02", "X-Forwarded-For", "198.51.100.99"); status != 429 {
			t.Fatalf("a client changing X-Forwarded-For escaped the lockout: %d", status)
		}
	})
}

func TestPairLimiterForgetsTheOldestAddress(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	l := newPairLimiter(PairingLimit{Failures: 2, Addresses: 3}, func() time.Time { return now })
	for _, key := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"} {
		for range 2 {
			if _, _, ok := l.admit(key); !ok {
				t.Fatalf("%s refused before its failures", key)
			}
			l.done(key, true)
		}
	}
	if len(l.byKey) != 3 || l.order.Len() != 3 {
		t.Fatalf("%d addresses kept (%d in order), want 3", len(l.byKey), l.order.Len())
	}
	if _, _, ok := l.admit("10.0.0.1"); !ok {
		t.Error("the address seen longest ago is still locked: it was not forgotten")
	}
	if _, locked, ok := l.admit("10.0.0.4"); ok || !locked {
		t.Error("the last address is not locked")
	}
}

func TestClientKey(t *testing.T) {
	for addr, want := range map[string]string{
		"203.0.113.7":             "203.0.113.7",
		"2001:db8:1:2:3:4:5:6":    "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1":    "2001:db8:1:2::/64",
		"::ffff:203.0.113.7":      "203.0.113.7", // Unmap happens in clientAddr; a mapped one is still one address
		"2001:db8:1:3:3:4:5:6%lo": "2001:db8:1:3::/64",
	} {
		a := netip.MustParseAddr(addr)
		if a.Is4In6() {
			a = a.Unmap()
		}
		if got := clientKey(a.WithZone("")); got != want {
			t.Errorf("clientKey(%s) = %s, want %s", addr, got, want)
		}
	}
}

// slowRequest writes a request's head to central over a raw connection, then its body one
// byte every 100 ms (a slow or malicious client), and returns when central answered and
// when it closed the connection, from the moment the head was sent.
type slowResult struct {
	status         int
	close          bool // the answer says Connection: close
	answer, closed time.Duration
	err            error
}

func slowRequest(base, localIP, head string, body []byte, every time.Duration) slowResult {
	addr := strings.TrimPrefix(base, "http://")
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(localIP)}, Timeout: 5 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return slowResult{err: err}
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second)) // the test fails rather than hangs
	head = strings.ReplaceAll(head, "\n", "\r\n")
	if strings.Contains(head, "%d") {
		head = fmt.Sprintf(head, len(body))
	}
	start := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		return slowResult{err: err}
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for _, b := range body {
			select {
			case <-stop:
				return
			case <-time.After(every):
			}
			if _, err := conn.Write([]byte{b}); err != nil {
				return
			}
		}
	}()
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		return slowResult{err: fmt.Errorf("no answer after %s: %w", time.Since(start), err)}
	}
	res := slowResult{status: resp.StatusCode, close: resp.Close, answer: time.Since(start)}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	// Central closes: the next read ends (EOF, or a reset if the client was mid-write).
	if _, err := br.ReadByte(); err == nil {
		res.err = fmt.Errorf("central sent more after its answer")
	}
	res.closed = time.Since(start)
	return res
}

// TestSlowUnauthenticatedClientsAreCutShort: a request without a credential central
// accepts is answered as soon as its headers arrived, and its connection closed half a
// second later (what is left of its body is drained no longer), whatever the body is
// doing; a pairing body (no credential by nature) has UnauthenticatedTimeout to arrive. A
// till with its token may take its time. Each slow client sends its body one byte every
// 100 ms, which would take a minute.
func TestSlowUnauthenticatedClientsAreCutShort(t *testing.T) {
	db := mustOpen(t)
	_, token := mustPair(t, db, waw.ID, "01")
	const short = 1500 * time.Millisecond
	base := serveAPI(t, &Server{Central: db, UnauthenticatedTimeout: short}, io.Discard)
	slowBody := bytes.Repeat([]byte(" "), 600) // a minute at 100 ms a byte
	pairing := append([]byte(`{"code":"AAAAA-BBBBB","store_id":"PL-WAW","till_id":"01"}`), slowBody...)
	host := strings.TrimPrefix(base, "http://")

	tests := []struct {
		name, head string
		body       []byte
		status     int
		answerFrom time.Duration // answered no sooner (the body's deadline)
		answerBy   time.Duration // and no later
		closedBy   time.Duration
	}{
		{"PushWithBadToken", "POST /v1/events HTTP/1.1\nHost: " + host + "\nAuthorization: Bearer nope\nContent-Length: %d\n\n", slowBody, 401, 0, 200 * time.Millisecond, time.Second},
		{"PushWithoutToken", "POST /v1/events HTTP/1.1\nHost: " + host + "\nContent-Length: %d\n\n", slowBody, 401, 0, 200 * time.Millisecond, time.Second},
		{"OrderWithBadKey", "POST /v1/orders HTTP/1.1\nHost: " + host + "\nAuthorization: Bearer ws_nope\nContent-Length: %d\n\n", slowBody, 401, 0, 200 * time.Millisecond, time.Second},
		{"ChunkedPushWithBadToken", "POST /v1/events HTTP/1.1\nHost: " + host + "\nAuthorization: Bearer nope\nTransfer-Encoding: chunked\n\n", []byte("258\r\n" + string(slowBody)), 401, 0, 200 * time.Millisecond, time.Second},
		{"HealthWithABody", "GET /v1/health HTTP/1.1\nHost: " + host + "\nContent-Length: %d\n\n", slowBody, 200, 0, 200 * time.Millisecond, time.Second},
		{"UnknownPathWithABody", "POST /v1/nothing HTTP/1.1\nHost: " + host + "\nContent-Length: %d\n\n", slowBody, 404, 0, 200 * time.Millisecond, time.Second},
		{"SlowPairingBody", "POST /v1/pair HTTP/1.1\nHost: " + host + "\nContent-Length: %d\n\n", pairing, 408, short - 50*time.Millisecond, short + 500*time.Millisecond, short + 500*time.Millisecond},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := slowRequest(base, fmt.Sprintf("127.0.1.%d", i+1), tt.head, tt.body, 100*time.Millisecond)
			if res.err != nil {
				t.Fatal(res.err)
			}
			if res.status != tt.status || !res.close {
				t.Fatalf("status %d, Connection: close %v; want %d and close", res.status, res.close, tt.status)
			}
			if res.answer < tt.answerFrom || res.answer > tt.answerBy || res.closed > tt.closedBy {
				t.Fatalf("answered after %s and closed after %s, want an answer from %s to %s and the connection closed by %s",
					res.answer, res.closed, tt.answerFrom, tt.answerBy, tt.closedBy)
			}
			t.Logf("answered %d after %s, closed after %s", res.status, res.answer.Round(time.Millisecond), res.closed.Round(time.Millisecond))
		})
	}
	t.Run("TillWithItsTokenTakesItsTime", func(t *testing.T) {
		t.Parallel()
		// 28 bytes at 100 ms: the body takes 2.8 s, almost twice the short deadline.
		batch := []byte(`{"events":[]}` + strings.Repeat(" ", 15))
		head := "POST /v1/events HTTP/1.1\nHost: " + host + "\nAuthorization: Bearer " + token + "\nContent-Length: %d\n\n"
		addr := strings.TrimPrefix(base, "http://")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		io.WriteString(conn, fmt.Sprintf(strings.ReplaceAll(head, "\n", "\r\n"), len(batch)))
		for _, b := range batch {
			time.Sleep(100 * time.Millisecond)
			conn.Write([]byte{b})
		}
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Close {
			t.Fatalf("a till's slow push: %d, Connection: close %v", resp.StatusCode, resp.Close)
		}
		// The connection stays open for its next request.
		io.WriteString(conn, "GET /v1/changes/stock HTTP/1.1\r\nHost: "+host+"\r\nAuthorization: Bearer "+token+"\r\n\r\n")
		resp, err = http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("the next request on the same connection: %v %v", resp, err)
		}
		resp.Body.Close()
	})
}

// TestManySlowUnauthenticatedClients: 500 clients at once, trickling their bodies, each
// without a credential central accepts: all are answered and let go within the short
// deadline, where each held its connection for minutes before.
func TestManySlowUnauthenticatedClients(t *testing.T) {
	if testing.Short() {
		t.Skip("500 connections")
	}
	db := mustOpen(t)
	const short = time.Second
	base := serveAPI(t, &Server{Central: db, UnauthenticatedTimeout: short}, io.Discard)
	host := strings.TrimPrefix(base, "http://")
	body := bytes.Repeat([]byte(" "), 600)
	pairing := append([]byte(`{"code":"AAAAA-BBBBB","store_id":"PL-WAW","till_id":"01"}`), body...)
	const n = 500
	results := make([]slowResult, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// Half push with a bad token; half pair, each from its own address so the
			// pairing limit does not answer them first.
			if i%2 == 0 {
				results[i] = slowRequest(base, "127.0.2.1", "POST /v1/events HTTP/1.1\nHost: "+host+"\nAuthorization: Bearer nope\nContent-Length: %d\n\n", body, 100*time.Millisecond)
			} else {
				results[i] = slowRequest(base, fmt.Sprintf("127.0.%d.%d", 3+i/250, 1+i%250), "POST /v1/pair HTTP/1.1\nHost: "+host+"\nContent-Length: %d\n\n", pairing, 100*time.Millisecond)
			}
		})
	}
	wg.Wait() // each client gives up after 30 s
	var worst time.Duration
	statuses := map[int]int{}
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("client %d: %v", i, r.err)
		}
		statuses[r.status]++
		worst = max(worst, r.closed)
	}
	if statuses[401] != n/2 || statuses[408] != n/2 {
		t.Fatalf("answers %v, want %d × 401 and %d × 408", statuses, n/2, n/2)
	}
	if worst > short+2*time.Second {
		t.Fatalf("the slowest client was let go after %s, want within %s", worst, short+2*time.Second)
	}
	t.Logf("%d slow clients: answers %v, the last let go after %s", n, statuses, worst.Round(time.Millisecond))
}

// TestRefusedBodiesStillGetTheirAnswer: a client that sends its whole body before it reads
// (a revoked till pushing its batch) reads the 401 and its reason, not a reset connection,
// whether the body is small enough for central to drain or not.
func TestRefusedBodiesStillGetTheirAnswer(t *testing.T) {
	db := mustOpen(t)
	base := serveAPI(t, &Server{Central: db}, io.Discard)
	for _, size := range []int{200 << 10, 3 << 20} {
		body := []byte(`{"events":[]}` + strings.Repeat(" ", size))
		status, e := do(t, "POST", base+"/v1/events", "revoked-token", body)
		if status != 401 || e.Message != "unknown or revoked till: pair it again" {
			t.Errorf("a %d KiB push with a bad token: %d %+v", size>>10, status, e)
		}
	}
}

// TestPairingAttemptsInFlightPerAddress: one address has at most as many pairing attempts
// in flight as it may fail (10): slow bodies beyond are answered 429 at once, so an address
// holds at most ten pairing connections, each for the short deadline.
func TestPairingAttemptsInFlightPerAddress(t *testing.T) {
	db := mustOpen(t)
	const short = 500 * time.Millisecond
	base := serveAPI(t, &Server{Central: db, UnauthenticatedTimeout: short}, io.Discard)
	host := strings.TrimPrefix(base, "http://")
	body := []byte(`{"code":"AAAAA-BBBBB","store_id":"PL-WAW","till_id":"01"}`)
	results := make([]slowResult, 12)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			results[i] = slowRequest(base, "127.0.5.1", "POST /v1/pair HTTP/1.1\nHost: "+host+"\nContent-Length: %d\n\n", body, 100*time.Millisecond)
		})
	}
	wg.Wait()
	statuses := map[int]int{}
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("client %d: %v", i, r.err)
		}
		statuses[r.status]++
		if r.status == 429 && r.answer > short/2 {
			t.Errorf("a 429 after %s: it should not wait for the body", r.answer)
		}
	}
	if statuses[408] != 10 || statuses[429] != 2 {
		t.Fatalf("answers %v, want 10 × 408 (admitted, body too slow) and 2 × 429", statuses)
	}
	// Slow bodies are not failed codes: the address is not locked out.
	c := clientFrom("127.0.5.1")
	if status, e, _ := pairAs(t, c, base, mustCode(t, db, "01"), "01"); status != 200 {
		t.Fatalf("the address's next, good, pairing: %d %+v", status, e)
	}
}
