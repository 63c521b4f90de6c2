// Package sound plays the till's short tones through the machine's sound card, with
// ebitengine/oto (ALSA on Linux). A till without a sound card plays nothing: Open says so,
// and the till falls back on the printer's buzzer or on the screen alone.
package sound

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ebitengine/oto/v3"
)

const sampleRate = 22050

// ErrNoSoundCard is Open's answer on a machine without a sound card.
var ErrNoSoundCard = errors.New("no sound card")

// Player plays the error tone; one at a time, never queued.
type Player struct {
	ctx     *oto.Context
	tone    []byte
	playing atomic.Bool
}

// Open opens the sound card. It checks for one first: ALSA asked for a missing card prints
// to standard error and plays into nothing.
func Open() (*Player, error) {
	if !hasSoundCard() {
		return nil, ErrNoSoundCard
	}
	return open()
}

// open opens ALSA's default device and leaves it suspended: oto otherwise streams silence
// to the card all day, a busy core on some devices and a held one on all.
func open() (*Player, error) {
	ctx, ready, err := oto.NewContext(&oto.NewContextOptions{SampleRate: sampleRate, ChannelCount: 1, Format: oto.FormatSignedInt16LE})
	if err != nil {
		return nil, err
	}
	select {
	case <-ready:
	case <-time.After(2 * time.Second):
		return nil, errors.New("the sound card did not get ready in 2 s")
	}
	if err := ctx.Suspend(); err != nil {
		return nil, fmt.Errorf("pause the sound card: %w", err)
	}
	return &Player{ctx: ctx, tone: ErrorTone()}, nil
}

// hasSoundCard reads the kernel's list of sound cards.
func hasSoundCard() bool {
	b, err := os.ReadFile("/proc/asound/cards")
	return err == nil && len(strings.TrimSpace(string(b))) > 0 && !strings.Contains(string(b), "no soundcards")
}

// Error plays the error tone in the background; while one plays, another is not started.
func (p *Player) Error() {
	if p == nil || !p.playing.CompareAndSwap(false, true) {
		return
	}
	if err := p.ctx.Resume(); err != nil {
		p.playing.Store(false)
		return
	}
	pl := p.ctx.NewPlayer(&reader{b: p.tone})
	pl.Play()
	go func() {
		defer p.playing.Store(false)
		deadline := time.Now().Add(2 * time.Second) // a tone is 300 ms; a stuck card is let go
		for pl.IsPlaying() && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		// The player is done when the tone is in the card's buffer, not yet out of it.
		time.Sleep(200 * time.Millisecond)
		pl.Close()
		_ = p.ctx.Suspend()
	}()
}

// ErrorTone is two short beeps (660 Hz, 110 ms each, 80 ms apart) as 16-bit mono samples,
// faded in and out so they do not click.
func ErrorTone() []byte {
	var out []byte
	beep := func(d time.Duration, hz float64) {
		n := int(d.Seconds() * sampleRate)
		fade := sampleRate / 200 // 5 ms
		for i := range n {
			amp := 9000.0
			if i < fade {
				amp *= float64(i) / float64(fade)
			} else if n-i < fade {
				amp *= float64(n-i) / float64(fade)
			}
			v := int16(amp * math.Sin(2*math.Pi*hz*float64(i)/sampleRate))
			out = binary.LittleEndian.AppendUint16(out, uint16(v))
		}
	}
	silence := func(d time.Duration) {
		out = append(out, make([]byte, 2*int(d.Seconds()*sampleRate))...)
	}
	beep(110*time.Millisecond, 660)
	silence(80 * time.Millisecond)
	beep(110*time.Millisecond, 660)
	return out
}

// reader hands the tone to the player.
type reader struct {
	b []byte
	i int
}

func (r *reader) Read(p []byte) (int, error) {
	if r.i >= len(r.b) {
		return 0, io.EOF
	}
	n := copy(p, r.b[r.i:])
	r.i += n
	return n, nil
}
