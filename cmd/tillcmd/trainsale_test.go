//go:build linux

package tillcmd

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/printer"
	"github.com/omnitill/omnitill/drivers/serialport"
)

// train-sale is how IT checks a till end to end: a receipt that did not print fails it
// (exit 1, saying why), though the training sale is committed. It used to exit 0.
func TestTrainSaleFailsWhenTheReceiptDidNotPrint(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")

	// A serial printer (simulated on a pseudo-terminal) out of paper.
	port := filepath.Join(dir, "printer")
	dev, err := serialport.NewPTY(port)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	ctlR, ctlW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var save, log syncBuffer
	go func() { done <- printer.Simulate(ctx, dev, &save, ctlR, &log) }()
	defer func() {
		cancel()
		<-done
		ctlW.Close()
		dev.Close()
	}()
	io.WriteString(ctlW, "paper out\n")
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(log.String(), "now: paper out"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the simulated printer never ran out of paper")
		}
	}
	for _, kv := range [][2]string{{"device.printer.port", port}, {"device.printer.line", "115200,8N1"}} {
		if code, _, errOut := run(t, db, "config", "set", kv[0], kv[1]); code != 0 {
			t.Fatal(errOut)
		}
	}
	code, out, errOut := run(t, db, "train-sale", "--scan", "5902754113850")
	if code != 1 || !strings.Contains(out, "training receipt T1") || !strings.Contains(errOut, "did not print") || !strings.Contains(strings.ToLower(errOut), "paper") {
		t.Fatalf("a receipt that did not print: exit %d, %q %q", code, out, errOut)
	}

	// Paper back: the same command passes and the receipt reaches the printer.
	io.WriteString(ctlW, "paper ok\n")
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(log.String(), "now: paper ok"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the simulated printer never got its paper back")
		}
	}
	if code, out, errOut := run(t, db, "train-sale", "--scan", "5902754113850"); code != 0 || !strings.Contains(out, "training receipt T2") {
		t.Fatalf("a receipt that printed: exit %d, %q %q", code, out, errOut)
	}
	for deadline := time.Now().Add(5 * time.Second); save.Len() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the printer received nothing")
		}
	}
}

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

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Len() int { return len(s.String()) }
