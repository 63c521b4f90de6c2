package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildCentral builds omnitill-central for tests that run it as a process.
func buildCentral(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "omnitill-central")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// served is a running `omnitill-central serve`.
type served struct {
	URL   string
	lines chan string // what it printed after the first line
	cmd   *exec.Cmd
	log   *bytes.Buffer
}

// serve starts `serve` on db and waits for the line naming its address.
func serve(t *testing.T, bin, db string, args ...string) *served {
	t.Helper()
	s := &served{lines: make(chan string, 16), log: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, append([]string{"--db", db, "serve"}, args...)...)
	s.cmd.Stderr = s.log
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for n := 0; sc.Scan(); n++ {
			if n == 0 {
				first <- sc.Text()
				continue
			}
			select {
			case s.lines <- sc.Text():
			default:
			}
		}
		close(first)
	}()
	select {
	case line, ok := <-first:
		_, rest, found := strings.Cut(line, "serving ")
		if !ok || !found {
			t.Fatalf("serve %v said %q: %s", args, line, s.log)
		}
		s.URL, _, _ = strings.Cut(rest, " ")
	case <-time.After(20 * time.Second):
		t.Fatalf("serve %v did not start: %s", args, s.log)
	}
	return s
}

func (s *served) stop() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		s.cmd.Wait()
	}
}

// local is the address to reach a server listening on every interface, from this machine.
func (s *served) local(t *testing.T) string {
	t.Helper()
	scheme, hostPort, _ := strings.Cut(s.URL, "://")
	_, port, err := net.SplitHostPort(hostPort)
	if err != nil {
		t.Fatal(err)
	}
	return scheme + "://127.0.0.1:" + port
}

// Plain HTTP on an address other machines reach is refused unless --insecure says a
// network IT trusts carries it; with TLS (--tls-auto) it starts and names its certificate's
// fingerprint, the one kept beside the database.
func TestServeRefusesPlainHTTPBeyondLoopback(t *testing.T) {
	bin := buildCentral(t)
	db := filepath.Join(t.TempDir(), "central.db")
	for _, args := range [][]string{{"--addr", "0.0.0.0:0"}, {"--addr", ":0"}} {
		var stderr bytes.Buffer
		cmd := exec.Command(bin, append([]string{"--db", db, "serve"}, args...)...)
		cmd.Stderr = &stderr
		done := make(chan error, 1)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if cmd.ProcessState.ExitCode() != 2 || !strings.Contains(stderr.String(), "reachable from other machines") || !strings.Contains(stderr.String(), "--insecure") {
				t.Fatalf("serve %v: %v, exit %d: %s", args, err, cmd.ProcessState.ExitCode(), &stderr)
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("serve %v started in plain HTTP on every interface", args)
		}
	}

	insecure := serve(t, bin, db, "--addr", "0.0.0.0:0", "--insecure")
	if !strings.HasPrefix(insecure.URL, "http://") {
		t.Fatalf("--insecure serves %s", insecure.URL)
	}
	resp, err := http.Get(insecure.local(t) + "/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	insecure.stop()

	secure := serve(t, bin, db, "--addr", "0.0.0.0:0", "--tls-auto")
	if !strings.HasPrefix(secure.URL, "https://") {
		t.Fatalf("--tls-auto serves %s", secure.URL)
	}
	var line string
	select {
	case line = <-secure.lines:
	case <-time.After(5 * time.Second):
		t.Fatal("no fingerprint printed")
	}
	pemBytes, err := os.ReadFile(db + "-cert.pem")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	sum := sha256.Sum256(block.Bytes)
	if !strings.Contains(line, "fingerprint "+hex.EncodeToString(sum[:])) {
		t.Fatalf("serve printed %q; the certificate's SHA-256 is %x", line, sum)
	}

	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--db", db, "serve", "--tls-auto", "--tls-cert", "c.pem", "--tls-key", "k.pem")
	cmd.Stderr = &stderr
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 2 || !strings.Contains(stderr.String(), "--tls-auto makes its own certificate") {
		t.Fatalf("--tls-auto with --tls-cert: %v %s", err, &stderr)
	}
}

// serve holds at most --max-conns connections open: of 30 a till keeps open (keep-alive)
// with a cap of 20, 20 are answered and 10 wait unanswered; once they close, a till's
// request is answered.
func TestConnectionCap(t *testing.T) {
	const limit, extra = 20, 10
	dir := t.TempDir()
	runCLI(t, dir, "import", "stores", writeFile(t, dir, "stores.csv", "id,name\nPL-WAW,Warszawa\n"))
	_, out, _ := runCLI(t, dir, "pair", "--store", "PL-WAW", "--till", "01")
	code := strings.Split(out, "\n")[1]
	s := serve(t, buildCentral(t), filepath.Join(dir, "central.db"), "--addr", "127.0.0.1:0", "--max-conns", fmt.Sprint(limit))
	addr := strings.TrimPrefix(s.URL, "http://")
	// A till's token: its requests keep their connection open (central closes those of
	// clients without a credential once answered).
	resp, err := http.Post(s.URL+"/v1/pair", "application/json", strings.NewReader(`{"code":"`+code+`","store_id":"PL-WAW","till_id":"01"}`))
	if err != nil {
		t.Fatal(err)
	}
	var paired struct{ Token string }
	err = json.NewDecoder(resp.Body).Decode(&paired)
	resp.Body.Close()
	if err != nil || paired.Token == "" {
		t.Fatalf("pair: %d %v", resp.StatusCode, err)
	}
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range limit + extra {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	// Each asks for a page of promotions and keeps its connection open (keep-alive).
	request := "GET /v1/changes/promotions?cursor=0 HTTP/1.1\r\nHost: central\r\nAuthorization: Bearer " + paired.Token + "\r\n\r\n"
	answered := make(chan bool, len(conns))
	for _, c := range conns {
		go func() {
			c.SetDeadline(time.Now().Add(3 * time.Second))
			if _, err := io.WriteString(c, request); err != nil {
				answered <- false
				return
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err == nil {
				resp.Body.Close()
			}
			answered <- err == nil && resp.StatusCode == http.StatusOK
		}()
	}
	got := 0
	for range conns {
		if <-answered {
			got++
		}
	}
	if got != limit {
		t.Fatalf("%d of %d connections were answered with a cap of %d", got, len(conns), limit)
	}
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err = client.Get(s.URL + "/v1/health")
	if err != nil {
		t.Fatalf("a request after the idle connections closed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %d", resp.StatusCode)
	}
}

// With central's address (--url, then remembered) pair prints a pairing string that carries
// the code and the fingerprint of the certificate `serve --tls-auto` keeps beside the
// database; an http:// address of another machine is refused, as tills would.
func TestPairPrintsPairingString(t *testing.T) {
	dir := t.TempDir()
	runCLI(t, dir, "import", "stores", writeFile(t, dir, "stores.csv", "id,name\nPL-WAW,Warszawa\n"))
	db := filepath.Join(dir, "central.db")
	s := serve(t, buildCentral(t), db, "--addr", "127.0.0.1:0", "--tls-auto")
	s.stop()
	pemBytes, err := os.ReadFile(db + "-cert.pem")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(pemBytes)
	sum := sha256.Sum256(block.Bytes)
	fingerprint := hex.EncodeToString(sum[:])

	code, out, errOut := runCLI(t, dir, "pair", "--store", "PL-WAW", "--till", "01", "--url", s.URL+"/")
	if code != 0 {
		t.Fatalf("pair: %s", errOut)
	}
	lines := strings.Split(out, "\n")
	if want := "OMNITILL:P:" + s.URL + "#" + lines[1] + "#" + fingerprint; lines[3] != want || !strings.Contains(lines[2], fingerprint) {
		t.Fatalf("pair printed\n%s\nwant the pairing string %s", out, want)
	}
	code, out, _ = runCLI(t, dir, "pair", "--store", "PL-WAW", "--till", "02")
	if lines = strings.Split(out, "\n"); code != 0 || !strings.HasPrefix(lines[3], "OMNITILL:P:"+s.URL+"#"+lines[1]+"#"+fingerprint) {
		t.Fatalf("pair without --url (remembered): %s", out)
	}
	if code, _, errOut := runCLI(t, dir, "pair", "--store", "PL-WAW", "--till", "03", "--url", "http://10.0.0.5:8420"); code != 2 || !strings.Contains(errOut, "tills refuse http://") {
		t.Fatalf("pair --url http://10.0.0.5: %d %s", code, errOut)
	}
}
