//go:build linux

package scale

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/omnitill/omnitill/drivers/serialport"
)

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

func settings(path string) serialport.Settings {
	return serialport.Settings{Path: path, Baud: 9600, DataBits: 8, Parity: 'N', StopBits: 1}
}

// simulated is a simulator on a pseudo-terminal at path, with a pipe to set its weight.
type simulated struct {
	dev  *serialport.PTY
	in   *io.PipeWriter
	log  *syncBuffer
	done chan error
	stop context.CancelFunc
}

func simulate(t *testing.T, path string) *simulated {
	t.Helper()
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	s := &simulated{dev: dev, in: pw, log: &syncBuffer{}, done: make(chan error, 1), stop: cancel}
	go func() { s.done <- Simulate(ctx, dev, pr, s.log) }()
	t.Cleanup(func() {
		cancel()
		pw.Close()
		dev.Close()
	})
	return s
}

// set puts a weight on the simulated scale and waits until it took it.
func (s *simulated) set(t *testing.T, line string) {
	t.Helper()
	before := strings.Count(s.log.String(), "weight set")
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); strings.Count(s.log.String(), "weight set") == before; {
		if time.Now().After(deadline) {
			t.Fatalf("the simulator did not take %q:\n%s", line, s.log.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func newScale(t *testing.T, path string) *Scale {
	link := serialport.NewLink(settings(path), nil)
	link.Retry = 20 * time.Millisecond
	t.Cleanup(func() { link.Close() })
	return &Scale{Link: link}
}

func TestWeighsSteadyWeightInGrams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scale")
	sim := simulate(t, path)
	sc := newScale(t, path)
	sim.set(t, "1.234")
	g, err := sc.Weigh(context.Background())
	if err != nil || g != 1234 {
		t.Fatalf("Weigh = %d, %v; want 1234 g", g, err)
	}
	for _, want := range []string{"ENQ: ACK", "DC1: 1.234 kg, steady"} {
		if !strings.Contains(sim.log.String(), want) {
			t.Errorf("the simulator's log lacks %q:\n%s", want, sim.log.String())
		}
	}
}

func TestRefusesUnsteadyAndEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scale")
	sim := simulate(t, path)
	sc := newScale(t, path)
	for _, tc := range []struct{ line, words string }{
		{"u 1.234", "not steady yet"},
		{"0", "nothing on the scale"},
		{"-0.010", "nothing on the scale"},
	} {
		sim.set(t, tc.line)
		_, err := sc.Weigh(context.Background())
		var refused *Refused
		if !errors.As(err, &refused) || !strings.Contains(refused.Message, tc.words) {
			t.Errorf("weighing %q: %v, want a refusal saying %q", tc.line, err, tc.words)
		}
	}
	if r, err := sc.Read(context.Background()); err != nil || r != (Reading{Grams: -10, Stable: true}) {
		t.Errorf("Read of -0.010 kg = %+v, %v", r, err)
	}
}

// fakeScale answers ENQ with ACK and DC1 with the frame given, on a fresh pseudo-terminal
// where stale bytes already wait for the till.
func fakeScale(t *testing.T, frame, stale []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scale")
	dev, err := serialport.NewPTY(path)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	if err := pollable(dev.Device); err != nil { // so Close ends the read below
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Remove() })
	if _, err := dev.Device.Write(stale); err != nil {
		t.Fatal(err)
	}
	waitInput(t, dev, len(stale))
	go func() {
		buf := make([]byte, 16)
		for {
			n, err := dev.Device.Read(buf)
			for _, c := range buf[:n] {
				switch c {
				case enq:
					dev.Device.Write([]byte{ack})
				case dc1:
					dev.Device.Write(frame)
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return path
}

// waitInput waits until n bytes written at the device end wait in the till's end. Why: the
// kernel hands them over on its own time, and a stale answer still on its way when Read
// empties the input would not test that Read empties it.
func waitInput(t *testing.T, dev *serialport.PTY, n int) {
	t.Helper()
	// A second descriptor on the same terminal sees the same input queue, without reading it.
	f, err := os.OpenFile(dev.TTYName(), os.O_RDONLY|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for deadline := time.Now().Add(5 * time.Second); ; {
		queued, err := unix.IoctlGetInt(int(f.Fd()), unix.TIOCINQ)
		if err != nil {
			t.Fatalf("bytes waiting on %s: %v", dev.TTYName(), err)
		}
		if queued >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d bytes written by the device wait for the till", queued, n)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestBadBCCIsGarbled(t *testing.T) {
	sc := newScale(t, fakeScale(t, frameOf('S', "01.234", "kg", true), nil))
	_, err := sc.Read(context.Background())
	var f *Fault
	if !errors.As(err, &f) || !strings.Contains(f.Msg, "garbled") {
		t.Fatalf("a frame with a bad BCC: %v, want garbled", err)
	}
}

// Answers left from earlier questions (ACK and a frame each) are not taken for this one's.
// Several, as a till that asked again after timeouts leaves them: more than one read takes,
// so without emptying the input first a stale frame would still wait when DC1 is asked.
func TestStaleAnswerIsDiscarded(t *testing.T) {
	stale := bytes.Repeat(append([]byte{ack}, frameOf('S', "09.999", "kg", false)...), 8)
	sc := newScale(t, fakeScale(t, frameOf('S', "01.234", "kg", false), stale))
	if r, err := sc.Read(context.Background()); err != nil || r.Grams != 1234 {
		t.Fatalf("Read = %+v, %v; want 1234 g, not the stale 9999 g", r, err)
	}
}

func TestSilentScaleDoesNotAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scale")
	dev, err := serialport.NewPTY(path) // nothing reads or answers at the device end
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	defer dev.Remove()
	sc := newScale(t, path)
	sc.Timeout = 300 * time.Millisecond
	start := time.Now()
	_, err = sc.Read(context.Background())
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "The scale does not answer: is it on and connected?") {
		t.Fatalf("a silent scale: %v", err)
	}
	// The answer timeout, give or take one read of the link (100 ms).
	if took < sc.Timeout || took > sc.Timeout+400*time.Millisecond {
		t.Errorf("a silent scale took %s to report, timeout %s", took, sc.Timeout)
	}
}

func TestUnplugAndReplugAtTheSamePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scale")
	sim := simulate(t, path)
	sc := newScale(t, path)
	sim.set(t, "0.500")
	if g, err := sc.Weigh(context.Background()); err != nil || g != 500 {
		t.Fatalf("before unplugging: %d, %v", g, err)
	}
	sim.stop()
	<-sim.done
	sim.dev.Close() // cable pulled
	_, err := sc.Read(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disconnected") {
		t.Fatalf("an unplugged scale: %v, want disconnected", err)
	}
	if up, _ := sc.Link.Status(); up {
		t.Error("the link still reports the scale connected")
	}

	sim2 := simulate(t, path) // cable back: a new pseudo-terminal behind the same path
	sim2.set(t, "2.5")
	if g, err := sc.Weigh(context.Background()); err != nil || g != 2500 {
		t.Fatalf("after replugging: %d, %v", g, err)
	}
	if up, _ := sc.Link.Status(); !up {
		t.Error("the link does not report the scale back")
	}
}
