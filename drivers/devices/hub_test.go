package devices_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/devices"
	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/printer"
	"github.com/omnitill/omnitill/drivers/serialport"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// saved records what the hub asked to keep, as the till's settings would.
type saved struct {
	mu      sync.Mutex
	configs []pos.DeviceConfig
	refuse  error
}

func (s *saved) save(_ context.Context, c pos.DeviceConfig) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refuse != nil {
		return s.refuse
	}
	s.configs = append(s.configs, c)
	return nil
}

func newHub(t *testing.T, configs ...pos.DeviceConfig) (*devices.Hub, *saved, *lockedBuffer) {
	t.Helper()
	var log lockedBuffer
	s := &saved{}
	h, err := devices.New(configs, "Sklep Testowy", lang.MustNew(lang.Polish, "PL"), s.save, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h, s, &log
}

// pty makes a pseudo-terminal for a simulated device at a path in the test's folder.
func pty(t *testing.T, name string) *serialport.PTY {
	t.Helper()
	dev, err := serialport.NewPTY(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { dev.Remove() })
	return dev
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCheckRefusesWhatTheTillCannotUse(t *testing.T) {
	for _, tc := range []struct {
		c  pos.DeviceConfig
		ok bool
	}{
		{pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "/dev/ttyUSB0", Line: "19200,8N1", Profile: "tm-t88", Option: "5,150"}, true},
		{pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "file:/tmp/x.bin"}, true},
		{pos.DeviceConfig{Kind: pos.DevicePrinter, Profile: "tm-x999"}, false},
		{pos.DeviceConfig{Kind: pos.DevicePrinter, Option: "2,5000"}, false},
		{pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "/dev/ttyUSB0", Line: "fast"}, false},
		{pos.DeviceConfig{Kind: pos.DeviceScanner, Port: "file:/tmp/x"}, false},
		{pos.DeviceConfig{Kind: pos.DeviceScanner, Option: "CRLF"}, true},
		{pos.DeviceConfig{Kind: pos.DeviceScanner, Option: "TAB"}, false},
		{pos.DeviceConfig{Kind: pos.DeviceDisplay, Profile: "cd5220"}, true},
		{pos.DeviceConfig{Kind: "toaster"}, false},
	} {
		err := devices.Check(tc.c)
		if (err == nil) != tc.ok || (err != nil && pos.ErrorCode(err) != pos.EINVALID) {
			t.Errorf("Check(%+v) = %v", tc.c, err)
		}
	}
}

// A set-up is applied only once it is kept: a refused save changes nothing.
func TestConfigureSavesBeforeItApplies(t *testing.T) {
	h, s, _ := newHub(t, pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "file:" + filepath.Join(t.TempDir(), "p.bin")})
	before, _ := h.Config(context.Background(), pos.DevicePrinter)
	s.refuse = errors.New("disk full")
	if err := h.Configure(context.Background(), pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "/dev/ttyUSB7"}); err == nil {
		t.Fatal("a set-up that could not be saved was applied")
	}
	if now, _ := h.Config(context.Background(), pos.DevicePrinter); now != before {
		t.Fatalf("set-up after a refused save: %+v", now)
	}
	s.refuse = nil
	if err := h.Configure(context.Background(), pos.DeviceConfig{Kind: pos.DeviceScanner, Port: "/dev/ttyACM0", Option: "any"}); err != nil {
		t.Fatal(err)
	}
	if len(s.configs) != 1 || s.configs[0].Option != "" || s.configs[0].Port != "/dev/ttyACM0" {
		t.Fatalf("saved %+v: the scanner's \"any\" suffix is kept as empty", s.configs)
	}
	if err := h.Configure(context.Background(), pos.DeviceConfig{Kind: pos.DevicePrinter, Profile: "nope"}); pos.ErrorCode(err) != pos.EINVALID || len(s.configs) != 1 {
		t.Fatalf("a bad set-up: %v, saved %d", err, len(s.configs))
	}
}

// The path of a serial scan: the port, the scanner's framing, the hub, the listener.
func TestSerialScanReachesTheListener(t *testing.T) {
	dev := pty(t, "scanner")
	h, _, log := newHub(t, pos.DeviceConfig{Kind: pos.DeviceScanner, Port: dev.Path, Line: "115200,8N1", Option: "CR"})
	scans, problems := make(chan string, 4), make(chan error, 4)
	changes := make(chan struct{}, 16)
	h.Listen(func(code string) { scans <- code }, func(err error) { problems <- err }, func() {
		select {
		case changes <- struct{}{}:
		default:
		}
	})
	dev.Device.Write([]byte("5902754113850\r"))
	select {
	case code := <-scans:
		if code != "5902754113850" {
			t.Fatalf("scan %q", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the scan did not arrive")
	}
	dev.Device.Write([]byte("59027\x0754113850\r"))
	select {
	case err := <-problems:
		if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(pos.ErrorMessage(err), "Garbled") {
			t.Fatalf("a garbled scan: %v (%s)", err, pos.ErrorMessage(err))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the garbled scan was not told")
	}
	if st := status(h, pos.DeviceScanner); !st.Configured || !st.Connected {
		t.Fatalf("scanner status %+v", st)
	}
	waitUntil(t, "the scanner problem in the log", func() bool { return strings.Contains(log.String(), "scanner problem") })
}

func status(h *devices.Hub, kind pos.DeviceKind) pos.DeviceStatus {
	for _, st := range h.Status() {
		if st.Kind == kind {
			return st
		}
	}
	return pos.DeviceStatus{}
}

// A receipt goes to a serial printer whole; the drawer is kicked through it; a printer
// without paper refuses in words, shown in its status until it prints again.
func TestSerialPrinterAndDrawer(t *testing.T) {
	dev := pty(t, "printer")
	var out lockedBuffer
	control, feed := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); printer.Simulate(ctx, dev, &out, control, io.Discard) }()
	t.Cleanup(func() { cancel(); feed.Close(); <-done })
	h, _, log := newHub(t, pos.DeviceConfig{Kind: pos.DevicePrinter, Port: dev.Path, Line: "115200,8N1", Option: "2,100"})

	data, err := escpos.Encode(devices.TestPage("Sklep Testowy", escpos.DefaultProfile), escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Print(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the receipt at the printer", func() bool { return bytes.Equal(out.Bytes(), data) })
	if err := h.OpenDrawer(context.Background()); err != nil {
		t.Fatal(err)
	}
	kick := escpos.DrawerKick(2, 100*time.Millisecond, 200*time.Millisecond)
	waitUntil(t, "the drawer kick", func() bool { return bytes.HasSuffix(out.Bytes(), kick) })

	feed.Write([]byte("paper out\n"))
	_, err = h.Print(context.Background(), data)
	if err == nil || !strings.Contains(pos.ErrorMessage(err), "paper") {
		t.Fatalf("printing without paper: %v", err)
	}
	if st := status(h, pos.DevicePrinter); !strings.Contains(st.Detail.String(), "paper") {
		t.Fatalf("printer status %+v", st)
	}
	if !strings.Contains(log.String(), "printing failed") {
		t.Fatalf("the log does not say printing failed:\n%s", log.String())
	}
	feed.Write([]byte("paper ok\n"))
	if _, err := h.Print(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	if st := status(h, pos.DevicePrinter); st.Detail.Format != "" {
		t.Fatalf("printer status after paper came back: %+v", st)
	}
}

// A till without a serial printer prints to a file; one that cannot be written says so.
func TestFilePrinter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer.bin")
	h, _, _ := newHub(t, pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "file:" + path})
	if _, err := h.Print(context.Background(), []byte("receipt")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "receipt" {
		t.Fatalf("file holds %q", got)
	}
	if st := status(h, pos.DevicePrinter); st.Detail.String() != "to file" || !st.Connected {
		t.Fatalf("status %+v", st)
	}
	bad, _, _ := newHub(t, pos.DeviceConfig{Kind: pos.DevicePrinter, Port: "file:" + t.TempDir()}) // a folder
	if _, err := bad.Print(context.Background(), []byte("receipt")); !strings.Contains(pos.ErrorMessage(err), "cannot be written") {
		t.Fatalf("a printer file that cannot be written: %v", err)
	}
}

// lockedBuffer collects what a simulator saves while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]byte(nil), l.b.Bytes()...)
}

func (l *lockedBuffer) String() string { return string(l.Bytes()) }
