//go:build linux

package display

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/serialport"
)

// syncBuffer is the simulator's out, read by the test while the simulator writes.
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

type rig struct {
	dev  *serialport.PTY
	disp *Display
	out  *syncBuffer
	done chan error
}

// newRig makes a pseudo-terminal with the simulator on its device end, and a Display on
// the till's end, as configured: through the symlink.
func newRig(t *testing.T, p Profile) *rig {
	t.Helper()
	path := filepath.Join(t.TempDir(), "display")
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	link := serialport.NewLink(serialport.Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}, nil)
	link.Retry = 20 * time.Millisecond
	r := &rig{dev: dev, disp: &Display{Link: link, Profile: p}, out: &syncBuffer{}, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { r.done <- Simulate(ctx, dev, p, r.out) }()
	t.Cleanup(func() {
		cancel()
		<-r.done
		link.Close()
		dev.Remove()
	})
	return r
}

func (r *rig) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(r.out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the simulator never showed\n%s\nit printed:\n%s", want, r.out.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestDisplayShowsThroughPTY(t *testing.T) {
	for _, p := range profiles {
		t.Run(string(p), func(t *testing.T) {
			r := newRig(t, p)
			ctx := context.Background()
			if err := r.disp.Show(ctx, "Dziękujemy! Ačiū!", "Šakotis 12,50 €"); err != nil {
				t.Fatal(err)
			}
			r.waitFor(t, frame([2]string{padded(Shown(p, "Dziękujemy! Ačiū!")), padded(Shown(p, "Šakotis 12,50 €"))}))
			s := ChangeScreen(Words{Paid: "PAID", Change: "CHANGE"}, 5000, 701, "PLN")
			if err := r.disp.Show(ctx, s[0], s[1]); err != nil {
				t.Fatal(err)
			}
			r.waitFor(t, "|PAID       50,00 PLN|\n|CHANGE      7,01 PLN|\n")
			if strings.Contains(r.out.String(), "unknown") {
				t.Errorf("the simulator met unknown commands:\n%s", r.out.String())
			}
		})
	}
}

func TestUnpluggedDisplaySaysDisconnected(t *testing.T) {
	r := newRig(t, ProfileEpson)
	ctx := context.Background()
	if err := r.disp.Show(ctx, "before", ""); err != nil {
		t.Fatal(err)
	}
	r.dev.Close() // cable pulled
	// The device end is really closed once the simulator's read on it has returned.
	if err := <-r.done; err == nil {
		t.Error("the simulator did not notice its end was closed")
	}
	r.done <- nil // for the cleanup
	err := r.disp.Show(ctx, "after", "")
	if err == nil || !strings.Contains(err.Error(), "disconnected") {
		t.Fatalf("Show on an unplugged display: %v, want an error saying disconnected", err)
	}
	if up, _ := r.disp.Link.Status(); up {
		t.Error("the link still reports the display connected")
	}
}

// A display that takes no more bytes (nothing reads the device end, so the line's buffers
// fill) costs the till at most about a second per update, never a hang.
func TestStuckDisplayNeverBlocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "display")
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer dev.Remove() // also ends the write left blocked
	link := serialport.NewLink(serialport.Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}, nil)
	defer link.Close()
	d := &Display{Link: link, Profile: ProfileEpson}
	for i := 0; ; i++ {
		start := time.Now()
		err := d.Show(context.Background(), "line one", "line two")
		if took := time.Since(start); took > writeTimeout+500*time.Millisecond {
			t.Fatalf("update %d took %s", i, took)
		}
		if err != nil {
			if !strings.Contains(err.Error(), "disconnected") {
				t.Fatalf("a stuck display: %v, want disconnected", err)
			}
			break
		}
		if i == 100000 {
			t.Fatal("100000 updates taken by a display nobody reads")
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Show(ctx, "x", "y"); !errors.Is(err, context.Canceled) {
		t.Errorf("Show with an ended context: %v", err)
	}
}
