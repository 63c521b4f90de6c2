package sound

import (
	"encoding/binary"
	"math"
	"testing"
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
