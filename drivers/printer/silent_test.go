//go:build linux

package printer

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// fakeDevice reads everything the till sends into got and answers each byte with reply's
// result (nothing when it returns nil).
func fakeDevice(t *testing.T, reply func(byte) []byte) (*serialport.PTY, *syncBuffer) {
	dev, err := serialport.NewPTY(filepath.Join(t.TempDir(), "printer"))
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	got := &syncBuffer{}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		buf := make([]byte, 256)
		for {
			n, err := dev.Device.Read(buf)
			got.Write(buf[:n])
			for _, b := range buf[:n] {
				if r := reply(b); r != nil {
					dev.Device.Write(r)
				}
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { dev.Close(); <-stopped })
	return dev, got
}

func TestPrinterThatNeverAnswers(t *testing.T) {
	dev, got := fakeDevice(t, func(byte) []byte { return nil })
	p := newSerial(t, dev.Path, 115200)
	p.AnswerTimeout = 100 * time.Millisecond
	data := []byte("\x1b@blind\n")

	start := time.Now()
	_, err := p.Print(context.Background(), data)
	var fault *Fault
	if !errors.As(err, &fault) || !strings.Contains(err.Error(), "The printer does not answer: is it on and connected?") {
		t.Fatalf("Print to a silent printer: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("gave up after %s, AnswerTimeout is 100ms", d)
	}
	if connected, _ := p.Link.Status(); !connected {
		t.Error("a silent printer is not a disconnected one")
	}
	if bytes.Contains(got.Bytes(), data) {
		t.Error("printed although the status was unknown")
	}

	p.NoStatus = true
	if _, err := p.Print(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the blind receipt", func() bool { return bytes.HasSuffix(got.Bytes(), data) })
}

func TestGarbledAnswer(t *testing.T) {
	dev, _ := fakeDevice(t, func(b byte) []byte {
		if b >= 1 && b <= 4 { // the n of DLE EOT n: answer as a printer at another baud rate might
			return []byte{0xff}
		}
		return nil
	})
	p := newSerial(t, dev.Path, 115200)
	if _, err := p.Status(context.Background()); err == nil || !strings.Contains(err.Error(), "garbled") {
		t.Fatalf("Status from a garbling printer: %v", err)
	}
}
