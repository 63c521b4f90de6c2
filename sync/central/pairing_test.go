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
