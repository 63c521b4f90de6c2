//go:build linux

package printer

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
)

func TestPrintArrivesByteExact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 115200)
	data, lines, qr := demoReceipt(t)

	warning, err := p.Print(context.Background(), data)
	if err != nil || warning != "" {
		t.Fatalf("Print: %q, %v", warning, err)
	}
	got := sim.save.Bytes() // complete already: the status after came behind the receipt
	if !bytes.Equal(got, data) {
		t.Fatalf("printer saved %d bytes, want the %d sent, identical", len(got), len(data))
	}
	out, err := escpos.Decode(got, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Lines, lines) || !slices.Equal(out.QR, []string{qr}) || out.Cuts != 1 || out.StatusReqs != 0 {
		t.Errorf("decoded %d lines, QR %q, %d cuts, %d status requests:\n%q", len(out.Lines), out.QR, out.Cuts, out.StatusReqs, out.Lines)
	}
	waitUntil(t, "the receipt in the log", func() bool { return strings.Contains(sim.log.String(), "1 cut") })
	if !strings.Contains(sim.log.String(), "received 1") {
		t.Errorf("log: %q", sim.log.String())
	}
}

func TestPaperOutRefusesToPrint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 115200)
	data, _, _ := demoReceipt(t)

	sim.control(t, "paper out")
	_, err := p.Print(context.Background(), data)
	var problem *Problem
	if !errors.As(err, &problem) || !problem.Status.PaperOut || problem.Printed || !strings.Contains(err.Error(), "paper") {
		t.Fatalf("Print with no paper: %v", err)
	}
	if shown := pos.ErrorMessage(err); shown != err.Error() { // what the till's screen shows
		t.Errorf("cashier sees %q", shown)
	}
	if n := sim.save.Len(); n != 0 {
		t.Fatalf("%d bytes reached a printer without paper", n)
	}

	sim.control(t, "paper ok")
	if _, err := p.Print(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sim.save.Bytes(), data) {
		t.Fatal("receipt not printed once the paper was back")
	}
}

func TestPaperNearEndWarns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 115200)
	data, _, _ := demoReceipt(t)

	sim.control(t, "paper near end")
	warning, err := p.Print(context.Background(), data)
	if err != nil || !strings.Contains(warning, "running low") {
		t.Fatalf("Print near paper end: %q, %v", warning, err)
	}
	if !bytes.Equal(sim.save.Bytes(), data) {
		t.Fatal("receipt not printed near paper end")
	}
}

func TestCoverOpenedWhilePrinting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 9600) // about 1.5 s for the receipt: time to open the cover
	data, _, _ := demoReceipt(t)

	result := make(chan error, 1)
	go func() { _, err := p.Print(context.Background(), data); result <- err }()
	waitUntil(t, "printing to start", func() bool { return sim.save.Len() > 0 })
	sim.control(t, "cover open")
	err := <-result
	var problem *Problem
	if !errors.As(err, &problem) || !problem.Printed || !problem.Status.CoverOpen || !strings.Contains(err.Error(), "cover") || !strings.Contains(err.Error(), "incomplete") {
		t.Fatalf("Print with the cover opened: %v", err)
	}
	if sim.save.Len() != len(data) {
		t.Errorf("printer received %d of %d bytes", sim.save.Len(), len(data))
	}
}

// Unplug, and the next receipt says the printer is gone; replug at the same path, and the
// same Serial prints again.
func TestUnplugAndReplug(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 115200)
	data, _, _ := demoReceipt(t)
	if _, err := p.Print(context.Background(), data); err != nil {
		t.Fatal(err)
	}

	sim.dev.Close()
	_, err := p.Print(context.Background(), data)
	var fault *Fault
	if !errors.As(err, &fault) || !strings.Contains(err.Error(), "disconnected") {
		t.Fatalf("Print to an unplugged printer: %v", err)
	}
	if connected, _ := p.Link.Status(); connected {
		t.Error("link still shown connected")
	}

	sim2 := startSim(t, path)
	if _, err := p.Print(context.Background(), data); err != nil {
		t.Fatalf("Print after replug: %v", err)
	}
	if !bytes.Equal(sim2.save.Bytes(), data) {
		t.Fatal("receipt after replug not intact")
	}
	if connected, _ := p.Link.Status(); !connected {
		t.Error("link not shown connected after replug")
	}
}

// A pseudo-terminal takes bytes as fast as they come; only pacing makes a receipt take the
// time the wire would.
func TestPrintIsPacedToTheWire(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 9600)
	data := append([]byte{0x1b, '@'}, bytes.Repeat([]byte("paced line of a long receipt, 31 letters wide.\n"), 44)...)
	if len(data) < 2048 {
		t.Fatalf("test receipt of %d bytes", len(data))
	}
	start := time.Now()
	if _, err := p.Print(context.Background(), data); err != nil {
		t.Fatal(err)
	}
	elapsed, wire := time.Since(start), p.Link.Settings.WireTime(len(data))
	if elapsed < wire*9/10 {
		t.Errorf("%d bytes at 9600 baud printed in %s, faster than the wire's %s", len(data), elapsed, wire)
	}
	if !bytes.Equal(sim.save.Bytes(), data) {
		t.Fatal("paced receipt not intact")
	}
}

func TestCancelStopsBetweenChunks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 9600)
	data := bytes.Repeat([]byte("x\n"), 1024)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	if _, err := p.Print(ctx, data); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Print past its deadline: %v", err)
	}
	// The simulator saves what came before a status request before it answers, so once the
	// answer is here every byte the cancelled print sent has been counted.
	if _, err := p.Status(context.Background()); err != nil {
		t.Fatalf("Status after the cancelled print: %v", err)
	}
	if n := sim.save.Len(); n == 0 || n >= len(data) {
		t.Errorf("printer received %d of %d bytes, want some but not all", n, len(data))
	}
}

func TestOpenDrawer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 115200)
	if err := p.OpenDrawer(context.Background(), 3, time.Millisecond, time.Millisecond); err == nil {
		t.Error("pin 3 accepted")
	}
	if err := p.OpenDrawer(context.Background(), 2, 100*time.Millisecond, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the kick", func() bool { return sim.save.Len() == 5 })
	out, err := escpos.Decode(sim.save.Bytes(), escpos.DefaultProfile)
	want := []escpos.Kick{{Pin: 2, On: 100 * time.Millisecond, Off: 200 * time.Millisecond}}
	if err != nil || out.DrawerKicks != 1 || !slices.Equal(out.Kicks, want) {
		t.Fatalf("decoded %+v, %v", out, err)
	}
	waitUntil(t, "the kick in the log", func() bool { return strings.Contains(sim.log.String(), "drawer kicked (pin 2") })
}

// Two jobs on one link, each through its own Serial as the till makes them: the drawer kick
// waits for the receipt instead of landing inside it.
func TestJobsOnOneLinkDoNotInterleave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "printer")
	sim := startSim(t, path)
	p := newSerial(t, path, 19200)
	data, _, _ := demoReceipt(t)
	printed := make(chan error, 1)
	go func() { _, err := p.Print(context.Background(), data); printed <- err }()
	waitUntil(t, "printing to start", func() bool { return sim.save.Len() > 0 })
	kick := escpos.DrawerKick(2, 100*time.Millisecond, 100*time.Millisecond)
	if err := (&Serial{Link: p.Link}).OpenDrawer(context.Background(), 2, 100*time.Millisecond, 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := <-printed; err != nil {
		t.Fatal(err)
	}
	want := append(bytes.Clone(data), kick...)
	waitUntil(t, "the kick", func() bool { return sim.save.Len() == len(want) })
	if !bytes.Equal(sim.save.Bytes(), want) {
		t.Fatal("the drawer kick landed inside the receipt")
	}
}
