package central

import (
	"strings"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

func TestNewPairingCode(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	c, err := NewPairingCode("PL-WAW", "01", time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Code) != 11 || c.Code[5] != '-' || strings.ContainsAny(c.Code, "ILOU") || !c.Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("code %+v", c)
	}
	// However a person types it, it is found under the same hash.
	typed := strings.ToLower(c.Code[:5]) + " " + c.Code[6:]
	if CodeHash(typed) != CodeHash(c.Code) || CodeHash("O1L") != CodeHash("011") {
		t.Fatalf("%q and %q have other hashes", typed, c.Code)
	}
	if _, err := NewPairingCode("PL-WAW", " ", time.Hour, now); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a code for no till: %v", err)
	}
}

// A code pairs its own till; another till only when that one is fresh and the code's till
// is not paired and in use.
func TestCheckPairing(t *testing.T) {
	code := PairingCode{Store: "PL-KRK", Till: "07"}
	for _, tt := range []struct {
		store        pos.StoreID
		till         pos.TillID
		fresh, inUse bool
		ok           bool
	}{
		{"PL-KRK", "07", false, true, true},
		{"PL-WAW", "01", false, false, false},
		{"PL-KRK", "08", false, false, false},
		{"PL-WAW", "01", true, false, true},
		{"PL-WAW", "01", true, true, false},
	} {
		err := CheckPairing(code, tt.store, tt.till, tt.fresh, tt.inUse)
		if (err == nil) != tt.ok || (err != nil && (pos.ErrorCode(err) != pos.ECONFLICT || !strings.Contains(err.Error(), "for till 07 of store PL-KRK"))) {
			t.Errorf("%s/%s fresh %v in use %v: %v", tt.store, tt.till, tt.fresh, tt.inUse, err)
		}
	}
}
