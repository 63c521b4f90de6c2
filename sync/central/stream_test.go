package central

import (
	"errors"
	"testing"
)

func TestCheckCursor(t *testing.T) {
	// A stream resent once: positions 1..9 are gone, 10..20 are kept.
	for cursor, reset := range map[int64]bool{0: false, 10: false, 15: false, 20: false, 9: true, 21: true, -1: true} {
		if err := CheckCursor(cursor, 10, 20); errors.Is(err, ErrReset) != reset {
			t.Errorf("cursor %d: %v, want reset %v", cursor, err, reset)
		}
	}
}
