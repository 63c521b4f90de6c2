package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a process's standard error as a test reads it while the process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe builds omnitill-central, loads a store into a new database, makes pairing
// codes for tills 01 and 02 of it and serves it on a free port of 127.0.0.1. It returns
// the base URL, the codes and central's log.
func startServe(t *testing.T, serveFlags ...string) (base string, codes []string, log *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "omnitill-central")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "central.db")
	admin := func(args ...string) string {
		out, err := exec.Command(bin, append([]string{"--db", db}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("omnitill-central %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	admin("import", "stores", writeFile(t, dir, "stores.csv", "id,name,currency\nPL-WAW,Warszawa Centrum,PLN\n"))
	for _, till := range []string{"01", "02"} {
		lines := strings.Split(admin("pair", "--store", "PL-WAW", "--till", till), "\n")
		codes = append(codes, strings.TrimSpace(lines[1]))
	}
	log = &syncBuffer{}
	cmd := exec.Command(bin, append([]string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, serveFlags...)...)
	cmd.Stderr = log
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	_, rest, ok := strings.Cut(line, "serving ")
	if err != nil || !ok {
		t.Fatalf("central said %q (%v): %s", line, err, log)
	}
	base, _, _ = strings.Cut(rest, " ")
	go io.Copy(io.Discard, out)
	return base, codes, log
}

// from is an HTTP client whose connections come from the local address ip: any 127.x.y.z
// reaches central on 127.0.0.1, as another client.
func from(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
}

func pairWith(t *testing.T, c *http.Client, base, code, till string) (int, string, string) {
	t.Helper()
	resp, err := c.Post(base+"/v1/pair", "application/json",
		strings.NewReader(fmt.Sprintf(`{"code":%q,"store_id":"PL-WAW","till_id":%q}`, code, till)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header.Get("Retry-After")
}

// TestServePairingLockout: the real server locks an address out after ten failed pairing
// codes (unknown ones and another till's), refuses it even the right code with 429 and
// Retry-After, pairs another address meanwhile, and its log names the locked address.
func TestServePairingLockout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base, codes, log := startServe(t)
	a := from("127.0.0.1")
	for i := range 9 {
		if status, body, _ := pairWith(t, a, base, fmt.Sprintf("ZZZZZ-ZZZZ%d", i), "01"); status != 401 {
			t.Fatalf("unknown code %d: %d %s", i+1, status, body)
		}
	}
	if status, body, _ := pairWith(t, a, base, codes[1], "01"); status != 409 {
		t.Fatalf("another till's code: %d %s", status, body)
	}
	status, body, retry := pairWith(t, a, base, codes[0], "01")
	if status != 429 || retry != "300" || !strings.Contains(body, `"error":"too_many"`) {
		t.Fatalf("the right code after ten failures: %d %s Retry-After %q", status, body, retry)
	}
	if status, body, _ := pairWith(t, from("127.0.0.2"), base, codes[0], "01"); status != 200 {
		t.Fatalf("the right code from another address: %d %s", status, body)
	}
	// The log reaches the test through a pipe: give it a moment.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), `msg="till paired"`) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := log.String()
	for _, want := range []string{`msg="pairing locked out for a client address" client=127.0.0.1`, "failures=10",
		`msg="authentication refused" method=POST path=/v1/pair from=127.0.0.1:`, "client=127.0.0.1", `msg="till paired"`} {
		if !strings.Contains(got, want) {
			t.Errorf("central's log lacks %q:\n%s", want, got)
		}
	}
}

// TestServeLetsSlowUnauthenticatedClientsGo: 400 clients at once send their headers and
// then a byte of body every 100 ms, half pushing with a bad token, half pairing. The real
// server (its ReadTimeout is 2 minutes) answers the pushes at once and closes them half a
// second later, and answers each pairing when its 5 s body deadline has passed, closing it
// then.
func TestServeLetsSlowUnauthenticatedClientsGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary, and waits for the 5 s deadline")
	}
	base, _, _ := startServe(t)
	addr := strings.TrimPrefix(base, "http://")
	const n = 400
	type result struct {
		status         int
		answer, closed time.Duration
		err            error
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			local, head := "127.0.0.3", "POST /v1/events HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer nope\r\nContent-Length: 600\r\n\r\n"
			if i%2 == 1 {
				// Each pairing from its own address, so that the pairing limit lets it in.
				local, head = fmt.Sprintf("127.0.9.%d", 1+i/2), "POST /v1/pair HTTP/1.1\r\nHost: %s\r\nContent-Length: 600\r\n\r\n"
			}
			d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
			conn, err := d.Dial("tcp", addr)
			if err != nil {
				results[i].err = err
				return
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(60 * time.Second))
			start := time.Now()
			fmt.Fprintf(conn, head, addr)
			stop := make(chan struct{})
			defer close(stop)
			go func() {
				body := `{"code":"AAAAA-BBBBB","store_id":"PL-WAW","till_id":"01"}` + strings.Repeat(" ", 543)
				for j := range len(body) {
					select {
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond):
					}
					if _, err := conn.Write([]byte{body[j]}); err != nil {
						return
					}
				}
			}()
			br := bufio.NewReader(conn)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				results[i].err = fmt.Errorf("no answer after %s: %w", time.Since(start), err)
				return
			}
			results[i].status, results[i].answer = resp.StatusCode, time.Since(start)
			io.Copy(io.Discard, resp.Body)
			if _, err := br.ReadByte(); err == nil {
				results[i].err = fmt.Errorf("more after the answer")
			}
			results[i].closed = time.Since(start)
		})
	}
	wg.Wait()
	statuses := map[int]int{}
	var slowestAnswer, slowestClose, slowest401, slowest401Close time.Duration
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("client %d: %v", i, r.err)
		}
		statuses[r.status]++
		slowestAnswer, slowestClose = max(slowestAnswer, r.answer), max(slowestClose, r.closed)
		if r.status == 401 {
			slowest401, slowest401Close = max(slowest401, r.answer), max(slowest401Close, r.closed)
		}
	}
	if statuses[401] != n/2 || statuses[408] != n/2 {
		t.Fatalf("answers %v, want %d × 401 and %d × 408", statuses, n/2, n/2)
	}
	if slowest401 > time.Second || slowest401Close > 2*time.Second || slowestClose > 7*time.Second {
		t.Fatalf("the last 401 came after %s, closed after %s, and the last connection closed after %s: want 1 s, 2 s and 7 s at most",
			slowest401, slowest401Close, slowestClose)
	}
	t.Logf("%d slow clients: answers %v; the last 401 after %s, closed after %s; the last answer after %s, the last connection closed after %s",
		n, statuses, slowest401.Round(time.Millisecond), slowest401Close.Round(time.Millisecond), slowestAnswer.Round(time.Millisecond), slowestClose.Round(time.Millisecond))
}

// forwardedFor is a client behind a reverse proxy: each request names the client's address
// in X-Forwarded-For, as the proxy would.
type forwardedFor string

func (f forwardedFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", string(f))
	return http.DefaultTransport.RoundTrip(r)
}

// TestServeTrustedProxy: behind a proxy given with --trusted-proxy, the lockout is per
// client the proxy names, not per proxy; a header from an address not trusted is ignored.
func TestServeTrustedProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	base, codes, _ := startServe(t, "--trusted-proxy", "127.0.0.1/32, ::1")
	guesser := &http.Client{Timeout: 10 * time.Second, Transport: forwardedFor("203.0.113.7")}
	for i := range 10 {
		if status, body, _ := pairWith(t, guesser, base, fmt.Sprintf("ZZZZZ-ZZZZ%d", i), "01"); status != 401 {
			t.Fatalf("unknown code %d: %d %s", i+1, status, body)
		}
	}
	if status, _, _ := pairWith(t, guesser, base, codes[0], "01"); status != 429 {
		t.Fatalf("the locked-out client behind the proxy: %d", status)
	}
	another := &http.Client{Timeout: 10 * time.Second, Transport: forwardedFor("203.0.113.8")}
	if status, body, _ := pairWith(t, another, base, codes[0], "01"); status != 200 {
		t.Fatalf("another client behind the same proxy: %d %s", status, body)
	}

	// Without the flag the header names nobody: the proxy's own address is locked out.
	base, codes, _ = startServe(t)
	for i := range 10 {
		pairWith(t, &http.Client{Timeout: 10 * time.Second, Transport: forwardedFor(fmt.Sprintf("203.0.113.%d", 10+i))}, base, fmt.Sprintf("ZZZZZ-ZZZZ%d", i), "01")
	}
	if status, _, _ := pairWith(t, another, base, codes[0], "01"); status != 429 {
		t.Fatalf("an X-Forwarded-For believed without --trusted-proxy: %d", status)
	}
}

func TestServeRefusesABadTrustedProxy(t *testing.T) {
	if _, err := parsePrefixes("10.0.0.5, 10.1.0.0/16,::1"); err != nil {
		t.Fatal(err)
	}
	if _, err := parsePrefixes("10.0.0.5, proxy.example"); err == nil || !strings.Contains(err.Error(), "proxy.example") {
		t.Fatalf("a name taken for an address: %v", err)
	}
}
