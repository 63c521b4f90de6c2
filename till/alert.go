package till

import (
	"context"
	"errors"

	"github.com/omnitill/omnitill/drivers/sound"
)

// Alert calls the cashier's attention to a message in red: the error tone where the till has
// a sound card, and the printer's buzzer where its profile has one. It never waits; a second
// alert while one sounds is dropped.
func (t *Till) Alert() {
	t.alertSound.Do(func() {
		p, err := sound.Open()
		if err != nil && !errors.Is(err, sound.ErrNoSoundCard) {
			t.log.Warn("no error tone: the sound card cannot be used", "err", err)
		}
		t.player = p
	})
	t.player.Error()
	if !t.alerting.CompareAndSwap(false, true) {
		return
	}
	t.background.Add(1)
	go func() {
		defer t.background.Done()
		defer t.alerting.Store(false)
		if _, err := t.devices.Beep(context.Background()); err != nil {
			t.log.Warn("the printer's buzzer failed", "err", err)
		}
	}()
}
