package printer

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos/demo"
)

// The simulator keeps every byte and answers every status request however the stream is cut
// into reads, including a request split across two.
func TestSimulatorTakesAnyPieces(t *testing.T) {
	blocks := demo.Receipt().Layout(48)
	receipt, err := escpos.Encode(blocks, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	kick := escpos.DrawerKick(5, 50*time.Millisecond, 50*time.Millisecond)
	var stream, want []byte
	stream = append(stream, escpos.StatusRequest(1)...)
	stream = append(stream, receipt[:100]...)
	stream = append(stream, escpos.StatusRequest(4)...)
	stream = append(stream, receipt[100:]...)
	stream = append(stream, escpos.StatusRequest(2)...)
	stream = append(stream, kick...)
	want = append(append(want, receipt...), kick...)

	for seed := range uint64(20) {
		var answers, save, log bytes.Buffer
		sim := &simPrinter{answer: &answers, save: &save, log: &log}
		sim.control("Paper  near END") // typed carelessly
		r := rand.New(rand.NewPCG(seed, 1))
		for rest := stream; len(rest) > 0; {
			n := min(1+r.IntN(7), len(rest))
			if err := sim.receive(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if !bytes.Equal(save.Bytes(), want) {
			t.Fatalf("seed %d: saved %d bytes, want %d identical", seed, save.Len(), len(want))
		}
		if got := answers.Bytes(); !bytes.Equal(got, []byte{0x12, 0x1e, 0x12}) {
			t.Fatalf("seed %d: answers % x", seed, got)
		}
		l := log.String()
		if !strings.Contains(l, "now: paper near end") || strings.Count(l, "1 cut") != 1 || !strings.Contains(l, "drawer kicked (pin 5, 50ms)") {
			t.Fatalf("seed %d: log %q", seed, l)
		}
	}
}

func TestSimulatorStateAndControl(t *testing.T) {
	var answers, save, log bytes.Buffer
	sim := &simPrinter{answer: &answers, save: &save, log: &log}
	ask := func() escpos.Status {
		answers.Reset()
		if err := sim.receive([]byte{0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 4}); err != nil {
			t.Fatal(err)
		}
		var st escpos.Status
		for i, n := range []byte{1, 2, 4} {
			part, err := escpos.ParseStatus(n, answers.Bytes()[i])
			if err != nil {
				t.Fatal(err)
			}
			st = escpos.MergeStatus(st, part)
		}
		return st
	}
	for _, tc := range []struct {
		line string
		want escpos.Status
	}{
		{"paper out", escpos.Status{Offline: true, PaperOut: true, PaperNearEnd: true}},
		{"paper ok", escpos.Status{}},
		{"cover open", escpos.Status{Offline: true, CoverOpen: true}},
		{"cover closed", escpos.Status{}},
		{"offline", escpos.Status{Offline: true}},
		{"error", escpos.Status{Offline: true, Error: true}},
		{"online", escpos.Status{}},
		{"jam the cutter", escpos.Status{}},
	} {
		sim.control(tc.line)
		if got := ask(); got != tc.want {
			t.Errorf("after %q: %+v, want %+v", tc.line, got, tc.want)
		}
	}
	if !strings.Contains(log.String(), `unknown command "jam the cutter"`) {
		t.Errorf("log: %q", log.String())
	}
	// DLE not starting a status request is data, kept byte for byte.
	sim.receive([]byte{0x10})
	sim.receive([]byte{'x', 0x10, 4, 9})
	if save.String() != "\x10x\x10\x04\x09" || answers.Len() != 3 {
		t.Errorf("saved %q, answers % x", save.String(), answers.Bytes())
	}
}
