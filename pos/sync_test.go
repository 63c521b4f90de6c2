package pos_test

import (
	"testing"
	"time"

	. "github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

func TestSyncStatusDescribe(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		s    SyncStatus
		want string
	}{
		{SyncStatus{Pending: 2}, "central: not paired · 2 waiting"},
		{SyncStatus{Paired: true, Online: true}, "central: online · 0 waiting"},
		{SyncStatus{Paired: true, Pending: 3, Oldest: now.Add(-90 * time.Minute)}, "central: OFFLINE · 3 waiting (oldest 1 h)"},
		{SyncStatus{Paired: true, Pending: 700, Oldest: now.Add(-7 * 24 * time.Hour), Rejections: 1}, "central: OFFLINE · 700 waiting (oldest 7 days) · 1 refused: manager"},
		{SyncStatus{Paired: true, Online: true, Download: Download{Stream: "products", Done: 250_000, Total: 1_000_000}}, "central: online · 0 waiting · downloading products 25% (250000 of 1000000)"},
		{SyncStatus{Paired: true, Online: true, Download: Download{Stream: "products", Done: 1_000_000, Total: 1_000_000}}, "central: online · 0 waiting"},
	} {
		if got := tc.s.Describe(lang.MustNew(lang.English, "PL"), now); got != tc.want {
			t.Errorf("Describe(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// The status bar speaks the cashier's language, plurals too.
func TestSyncStatusDescribeInPolish(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := SyncStatus{Paired: true, Pending: 700, Oldest: now.Add(-5 * 24 * time.Hour), Rejections: 1}
	if got, want := s.Describe(lang.MustNew(lang.Polish, "PL"), now), "centrala: OFFLINE · 700 czeka (najstarsze 5 dni) · 1 odrzucone: kierownik"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
