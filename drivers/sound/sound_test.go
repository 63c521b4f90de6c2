package sound

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The error tone is two beeps of 110 ms with 80 ms of silence between, faded at their ends.
func TestErrorTone(t *testing.T) {
	tone := ErrorTone()
	rate := float64(sampleRate)
	samples := make([]int16, len(tone)/2)
	for i := range samples {
		samples[i] = int16(binary.LittleEndian.Uint16(tone[2*i:]))
	}
	if want := int(0.300 * rate); math.Abs(float64(len(samples)-want)) > 3 {
		t.Fatalf("%d samples, want about %d (300 ms)", len(samples), want)
	}
	beep := int(0.110 * rate)
	gap := samples[beep+10 : beep+int(0.080*rate)-10]
	for _, s := range gap {
		if s != 0 {
			t.Fatal("the pause between the beeps is not silent")
		}
	}
	loud := int16(0)
	for _, s := range samples[:beep] {
		loud = max(loud, s)
	}
	if loud < 8000 || samples[0] != 0 || samples[beep-1] > 100 || samples[beep-1] < -100 {
		t.Fatalf("peak %d, first %d, last %d: the beep is not faded in and out", loud, samples[0], samples[beep-1])
	}
	// Crossings of zero: 660 Hz over 110 ms is about 145.
	crossings := 0
	for i := 1; i < beep; i++ {
		if (samples[i-1] < 0) != (samples[i] < 0) {
			crossings++
		}
	}
	if crossings < 140 || crossings > 150 {
		t.Fatalf("%d zero crossings in a beep: not 660 Hz", crossings)
	}
}

// Open on a machine without a sound card says so, rather than playing into nothing.
func TestOpenWithoutASoundCard(t *testing.T) {
	if hasSoundCard() {
		t.Skip("this machine has a sound card")
	}
	if _, err := Open(); err != ErrNoSoundCard {
		t.Fatalf("Open = %v, want ErrNoSoundCard", err)
	}
	var p *Player
	p.Error() // a till without sound may call it: nothing happens
}

// Between tones the card rests: nothing is streamed to it while idle (oto otherwise writes
// silence all day), and a tone reaches it whole. ALSA's file plugin stands in for the card,
// keeping every sample the till sends.
func TestTheCardRestsBetweenTones(t *testing.T) {
	dir := t.TempDir()
	sent := filepath.Join(dir, "sent.raw")
	conf := filepath.Join(dir, "alsa.conf")
	card := fmt.Sprintf("pcm.sink { type null }\npcm.!default { type file slave.pcm \"sink\" file %q format \"raw\" }\n", sent)
	if err := os.WriteFile(conf, []byte(card), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ALSA_CONFIG_PATH", conf)
	p, err := open()
	if err != nil {
		t.Skipf("ALSA cannot open a file device here: %v", err)
	}
	idleFor := func(what string) {
		t.Helper()
		before := fileSize(t, sent)
		time.Sleep(300 * time.Millisecond)
		if grew := fileSize(t, sent) - before; grew > 0 {
			t.Fatalf("%s, %d bytes were streamed to the card in 300 ms", what, grew)
		}
	}
	idleFor("idle after opening")

	p.Error()
	for deadline := time.Now().Add(5 * time.Second); p.playing.Load(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the tone did not end in 5 s")
		}
	}
	raw, err := os.ReadFile(sent)
	if err != nil {
		t.Fatal(err)
	}
	var sounding int
	var peak float64
	for i := 0; i+4 <= len(raw); i += 4 {
		v := math.Abs(float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[i:]))))
		peak = max(peak, v)
		if v > 0.001 {
			sounding++
		}
	}
	// Two beeps of 110 ms: about 4,850 samples, fewer where the fades pass zero.
	if sounding < 4500 || sounding > 4900 || peak < 0.25 || peak > 0.3 {
		t.Fatalf("the card got %d sounding samples peaking at %.3f, want two 110 ms beeps at about 0.27", sounding, peak)
	}
	idleFor("after the tone")
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
