//go:build linux

package printer

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/demo"
)

// syncBuffer is written by the simulator's goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

func (s *syncBuffer) String() string { return string(s.Bytes()) }
func (s *syncBuffer) Len() int       { return len(s.Bytes()) }

// simDev is a simulated printer on a new pseudo-terminal linked at path.
type simDev struct {
	dev       *serialport.PTY
	save, log *syncBuffer
	ctl       *io.PipeWriter
	done      chan error
}

func startSim(t testing.TB, path string) *simDev {
	t.Helper()
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	ctlR, ctlW := io.Pipe()
	s := &simDev{dev: dev, save: &syncBuffer{}, log: &syncBuffer{}, ctl: ctlW, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { s.done <- Simulate(ctx, dev, s.save, ctlR, s.log) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			t.Error("simulator did not stop")
		}
		ctlW.Close()
		dev.Close()
	})
	return s
}

// control changes the simulated state and waits until the simulator has taken it.
func (s *simDev) control(t testing.TB, line string) {
	t.Helper()
	note := "now: " + line
	before := strings.Count(s.log.String(), note)
	if _, err := io.WriteString(s.ctl, line+"\n"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, note, func() bool { return strings.Count(s.log.String(), note) > before })
}

func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func newSerial(t testing.TB, path string, baud int) *Serial {
	link := serialport.NewLink(serialport.Settings{Path: path, Baud: baud, DataBits: 8, Parity: 'N', StopBits: 1}, nil)
	link.ReadTimeout = 20 * time.Millisecond
	t.Cleanup(func() { link.Close() })
	return &Serial{Link: link}
}

// demoReceipt is the demo receipt as the default printer gets it, and its expected text.
func demoReceipt(t testing.TB) (data []byte, lines []string, qr string) {
	r := demo.Receipt()
	blocks := r.Layout(escpos.DefaultProfile.Columns)
	data, err := escpos.Encode(blocks, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range pos.Text(blocks, escpos.DefaultProfile.Columns) {
		s, _ := escpos.Transliterated(l, escpos.DefaultProfile.CodePage)
		lines = append(lines, s)
	}
	return data, lines, r.QRPayload
}
