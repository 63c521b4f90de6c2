package pos

import (
	"fmt"
	"time"
)

// SyncStatus is what the till shows of its link with central, at all times.
type SyncStatus struct {
	Paired     bool
	Online     bool
	Pending    int       // events waiting for central
	Oldest     time.Time // when the oldest waiting event happened
	Rejections int       // events central refused, for a manager
}

// Describe says it in a few words for the status bar.
func (s SyncStatus) Describe(now time.Time) string {
	if !s.Paired {
		return fmt.Sprintf("central: not paired · %d waiting", s.Pending)
	}
	state := "OFFLINE"
	if s.Online {
		state = "online"
	}
	out := fmt.Sprintf("central: %s · %d waiting", state, s.Pending)
	if s.Pending > 0 && !s.Oldest.IsZero() {
		out += " (oldest " + age(now.Sub(s.Oldest)) + ")"
	}
	if s.Rejections > 0 {
		out += fmt.Sprintf(" · %d refused: manager", s.Rejections)
	}
	return out
}

func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
