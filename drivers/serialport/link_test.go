//go:build linux

package serialport

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

func TestParseSettings(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{in: "/dev/ttyUSB0", want: "/dev/ttyUSB0@9600,8N1"},
		{in: "/dev/ttyS1@19200", want: "/dev/ttyS1@19200,8N1"},
		{in: "COM3@115200,7e1", want: "COM3@115200,7E1"},
		{in: "/dev/ttyS1@fast", bad: true},
		{in: "/dev/ttyS1@9600,9N1", bad: true},
		{in: "@9600", bad: true},
	} {
		s, err := ParseSettings(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && s.String() != tc.want) {
			t.Errorf("ParseSettings(%q) = %v, %v", tc.in, s, err)
		}
	}
	s, _ := ParseSettings("/dev/x@9600")
	if d := s.WireTime(960); d != time.Second {
		t.Errorf("960 bytes at 9600 8N1 take %s, want 1s", d)
	}
}

type states struct {
	mu   sync.Mutex
	list []bool
}

func (s *states) add(c bool, _ error) { s.mu.Lock(); s.list = append(s.list, c); s.mu.Unlock() }
func (s *states) last() (bool, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.list) == 0 {
		return false, 0
	}
	return s.list[len(s.list)-1], len(s.list)
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

// Unplug (the device end closes) and replug (a new pseudo-terminal at the same configured
// path) while a reader runs: the link notices both and reads again without a restart.
func TestLinkReconnectsAtTheSamePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scanner")
	dev, err := NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	var st states
	link := NewLink(Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}, st.add)
	link.Retry = 20 * time.Millisecond
	defer link.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan string, 10)
	go link.ReadLoop(ctx, func(b []byte) { got <- string(b) })

	waitUntil(t, "connect", func() bool { c, _ := st.last(); return c })
	dev.Device.Write([]byte("first"))
	if s := <-got; s != "first" {
		t.Fatalf("read %q", s)
	}
	dev.Close() // cable pulled
	waitUntil(t, "disconnect", func() bool { c, n := st.last(); return !c && n >= 2 })

	dev2, err := NewPTY(path) // cable back, same configured path
	if err != nil {
		t.Fatal(err)
	}
	defer dev2.Remove()
	waitUntil(t, "reconnect", func() bool { c, n := st.last(); return c && n >= 3 })
	dev2.Device.Write([]byte("second"))
	select {
	case s := <-got:
		if s != "second" {
			t.Fatalf("after replug read %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing read after replug")
	}
}

func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(entries)
}

// A thousand unplug/replug cycles leave no goroutine and no file descriptor behind.
func TestNoLeakAcrossReconnects(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	path := filepath.Join(t.TempDir(), "printer")
	link := NewLink(Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}, nil)
	defer link.Close()
	cycle := func() {
		dev, err := NewPTY(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := link.Port()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Write([]byte{0x1b, '@'}); err != nil {
			t.Fatal(err)
		}
		dev.Remove()
		link.Fail(os.ErrClosed)
	}
	for i := 0; i < 10; i++ { // warm up lazily created runtime state
		cycle()
	}
	runtime.GC()
	fds, goroutines := openFDs(t), runtime.NumGoroutine()
	for i := 0; i < 1000; i++ {
		cycle()
	}
	// What the last cycles let go of may take a moment to go (a goroutine still returning, a
	// file closed by its finalizer after a collection): counts that settle back pass, counts
	// still up after the deadline are a leak.
	var fdsNow, goroutinesNow int
	for deadline := time.Now().Add(5 * time.Second); ; {
		runtime.GC()
		fdsNow, goroutinesNow = openFDs(t), runtime.NumGoroutine()
		if fdsNow <= fds && goroutinesNow <= goroutines || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if fdsNow > fds {
		t.Errorf("file descriptors: %d before, %d after 1000 reconnects", fds, fdsNow)
	}
	if goroutinesNow > goroutines {
		t.Errorf("goroutines: %d before, %d after 1000 reconnects", goroutines, goroutinesNow)
	}
}
