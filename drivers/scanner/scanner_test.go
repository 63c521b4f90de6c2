//go:build linux

package scanner

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

const ean = "5901234123457"

// rig is a Scanner reading a pseudo-terminal through a Link, as the till reads hardware.
type rig struct {
	dev       *serialport.PTY
	link      *serialport.Link
	scans     chan string
	errs      chan error
	connected chan bool
	stop      func() // cancels Run and waits for it to return
}

func newRig(t testing.TB, suffix Suffix, fr Framer, readTimeout time.Duration) *rig {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scanner")
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	r := &rig{dev: dev, scans: make(chan string, 100), errs: make(chan error, 100), connected: make(chan bool, 100)}
	r.link = serialport.NewLink(serialport.Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1},
		func(c bool, _ error) { r.connected <- c })
	r.link.ReadTimeout, r.link.Retry = readTimeout, 20*time.Millisecond
	fr.Suffix = suffix
	s := &Scanner{Link: r.link, Framer: fr,
		OnScan:  func(code string) { r.scans <- code },
		OnError: func(err error) { r.errs <- err }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	r.stop = sync.OnceFunc(func() { cancel(); <-done })
	// The link closes first: that ends a read at once, where cancelling Run waits for the read
	// to time out (a minute in TestReadReturnsOnData).
	t.Cleanup(func() { r.link.Close(); r.stop(); dev.Remove() })
	r.waitState(t, true)
	return r
}

func (r *rig) waitState(t testing.TB, want bool) {
	t.Helper()
	for {
		select {
		case c := <-r.connected:
			if c == want {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("timed out waiting for connected=%v", want)
		}
	}
}

func (r *rig) send(t testing.TB, s string) {
	t.Helper()
	if _, err := io.WriteString(r.dev.Device, s); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) wantScan(t testing.TB, want string) {
	t.Helper()
	select {
	case got := <-r.scans:
		if got != want {
			t.Fatalf("scan %q, want %q", got, want)
		}
	case err := <-r.errs:
		t.Fatalf("error %v, want scan %q", err, want)
	case <-time.After(5 * time.Second):
		t.Fatalf("no scan, want %q", want)
	}
}

func (r *rig) wantError(t testing.TB, reason string) {
	t.Helper()
	select {
	case err := <-r.errs:
		var e *Error
		if !errors.As(err, &e) || e.Reason != reason {
			t.Fatalf("error %v, want reason %q", err, reason)
		}
	case got := <-r.scans:
		t.Fatalf("scan %q, want a %s error", got, reason)
	case <-time.After(5 * time.Second):
		t.Fatalf("no error, want %s", reason)
	}
}

func TestScannerSuffixesOverPTY(t *testing.T) {
	gs1 := "]C1010590123412345710LOT7\x1d17250101"
	for _, suffix := range []Suffix{SuffixCR, SuffixLF, SuffixCRLF, SuffixAny} {
		t.Run(string(suffix)+"-", func(t *testing.T) {
			r := newRig(t, suffix, Framer{}, 10*time.Millisecond)
			end := suffix.bytes()
			r.send(t, ean+end)
			r.wantScan(t, ean)
			r.send(t, "]E0"+ean+end+gs1+end) // two scans in one write
			r.wantScan(t, "]E0"+ean)
			r.wantScan(t, gs1)
			r.send(t, "96385") // one scan over two writes
			time.Sleep(20 * time.Millisecond)
			r.send(t, "074"+end)
			r.wantScan(t, "96385074")
		})
	}
}

func TestScannerGarbledThenGood(t *testing.T) {
	r := newRig(t, SuffixCR, Framer{}, 10*time.Millisecond)
	r.send(t, "59\x00\x1b\a01\r")
	r.wantError(t, "garbled")
	r.send(t, ean+"\r")
	r.wantScan(t, ean)
}

// A partial line (the scanner unplugged mid-scan, line noise) is dropped after Timeout even
// though no byte follows, and the next scan comes through whole.
func TestScannerPartialExpires(t *testing.T) {
	r := newRig(t, SuffixCR, Framer{Timeout: 50 * time.Millisecond}, 10*time.Millisecond)
	r.send(t, "590123")
	r.wantError(t, "incomplete")
	r.send(t, ean+"\r")
	r.wantScan(t, ean)
}

// Unplug and replug at the same configured path while Run runs: scans after replug arrive
// without restarting anything.
func TestScannerReplug(t *testing.T) {
	r := newRig(t, SuffixCR, Framer{}, 10*time.Millisecond)
	r.send(t, ean+"\r")
	r.wantScan(t, ean)

	r.dev.Close() // cable pulled
	r.waitState(t, false)
	dev, err := serialport.NewPTY(r.link.Settings.Path) // cable back
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Remove() })
	r.dev = dev
	r.waitState(t, true)
	r.send(t, "96385074\r")
	r.wantScan(t, "96385074")
}

func TestSimulateToScanner(t *testing.T) {
	for _, suffix := range []Suffix{SuffixCR, SuffixLF, SuffixCRLF} {
		t.Run(string(suffix), func(t *testing.T) {
			r := newRig(t, suffix, Framer{}, 10*time.Millisecond)
			in := strings.NewReader(ean + "\n\n]E0" + ean + "\r\n]C1010590123412345710LOT7<GS>17250101\n96385074")
			if err := Simulate(context.Background(), r.dev, in, suffix); err != nil {
				t.Fatal(err)
			}
			r.wantScan(t, ean)
			r.wantScan(t, "]E0"+ean)
			r.wantScan(t, "]C1010590123412345710LOT7\x1d17250101")
			r.wantScan(t, "96385074")
		})
	}
}

func TestSimulateStopsWithContext(t *testing.T) {
	dev, err := serialport.NewPTY("")
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer dev.Remove()
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- Simulate(ctx, dev, pr, SuffixCR) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Simulate = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Simulate did not return when ctx ended")
	}
}

// Run returns when ctx ends and leaves no goroutine behind; it also returns when the Link is
// closed under it.
func TestRunLeavesNothingBehind(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		r := newRig(t, SuffixCR, Framer{}, 10*time.Millisecond)
		r.send(t, ean+"\r")
		r.wantScan(t, ean)
		r.stop()
		r.link.Close()
		r.dev.Remove()
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines: %d before, %d after 20 runs", before, n)
	}

	path := filepath.Join(t.TempDir(), "scanner")
	link := serialport.NewLink(serialport.Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}, nil)
	link.Close()
	done := make(chan struct{})
	go func() { defer close(done); (&Scanner{Link: link}).Run(context.Background()) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run kept going on a closed link")
	}
}

// A read returns as soon as data arrives: the read timeout only bounds idle waits. With a
// timeout far longer than wantScan waits for a scan, a read that held the data until its
// timeout would lose every scan here; nothing is timed. How fast scans arrive is for
// BenchmarkScanWithLongReadTimeout to say.
func TestReadReturnsOnData(t *testing.T) {
	r := newRig(t, SuffixCR, Framer{}, time.Minute)
	for i := 0; i < 5; i++ {
		waitReading(t)
		r.send(t, ean+"\r")
		r.wantScan(t, ean)
	}
}

// waitReading waits until Run's reader is blocked in a read of the port, so what is sent next
// arrives while a read waits, not before one starts (when any read would find it at once).
func waitReading(t testing.TB) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(5 * time.Second); ; {
		all := string(buf[:runtime.Stack(buf, true)])
		for _, g := range strings.Split(all, "\n\n") {
			state, _, _ := strings.Cut(g, "\n")
			if strings.Contains(state, "[syscall") && strings.Contains(g, "serialport.(*Link).ReadLoop") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Run's reader never waited in a read of the port:\n%s", all)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// BenchmarkScanLatency: from the device writing a 13-digit EAN + CR to OnScan, through a
// real pseudo-terminal (no wire time: on hardware add Settings.WireTime(14), 14.6 ms at 9600).
func BenchmarkScanLatency(b *testing.B) {
	benchmarkScans(b, newRig(b, SuffixCR, Framer{}, 10*time.Millisecond))
}

// BenchmarkScanWithLongReadTimeout is BenchmarkScanLatency with a read timeout of 1 s. The
// figures should match, as a read returns on data; a figure near 1 s per scan would mean
// reads wait out their timeout.
func BenchmarkScanWithLongReadTimeout(b *testing.B) {
	benchmarkScans(b, newRig(b, SuffixCR, Framer{}, time.Second))
}

func benchmarkScans(b *testing.B, r *rig) {
	msg := []byte(ean + "\r")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.dev.Device.Write(msg); err != nil {
			b.Fatal(err)
		}
		select {
		case code := <-r.scans:
			if code != ean {
				b.Fatalf("scan %q", code)
			}
		case err := <-r.errs:
			b.Fatal(err)
		case <-time.After(5 * time.Second):
			b.Fatal("no scan")
		}
	}
}
