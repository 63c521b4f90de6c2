package central

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// DefaultCodeTTL is how long a pairing code works when IT does not say; a code works from
// MinCodeTTL to MaxCodeTTL.
const (
	DefaultCodeTTL = 15 * time.Minute
	MinCodeTTL     = time.Minute
	MaxCodeTTL     = 7 * 24 * time.Hour
)

// codeAlphabet is Crockford's base32: no I, L, O, U, so a code read aloud or typed from a
// screen has no look-alike letters.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// webShopKeyPrefix lets IT tell a web shop's key from a till's token at a glance.
const webShopKeyPrefix = "ws_"

// PairingCode is a one-time code that pairs a till of a store. It is shown to IT once, as
// "XXXXX-XXXXX" (50 random bits); central keeps only its hash (CodeHash).
type PairingCode struct {
	Code    string
	Store   pos.StoreID
	Till    pos.TillID
	Expires time.Time // it works once, until then
}

// NewPairingCode makes the code that pairs till of store, working for ttl from now.
func NewPairingCode(store pos.StoreID, till pos.TillID, ttl time.Duration, now time.Time) (PairingCode, error) {
	if strings.TrimSpace(string(till)) == "" {
		return PairingCode{}, pos.Errorf(pos.EINVALID, "the till id is empty")
	}
	if err := CheckCodeTTL(ttl); err != nil {
		return PairingCode{}, err
	}
	raw := make([]byte, 10)
	if _, err := rand.Read(raw); err != nil {
		return PairingCode{}, fmt.Errorf("random pairing code: %w", err)
	}
	var b strings.Builder
	for i, r := range raw {
		if i == 5 {
			b.WriteByte('-')
		}
		b.WriteByte(codeAlphabet[r&31])
	}
	return PairingCode{Code: b.String(), Store: store, Till: till, Expires: now.Add(ttl)}, nil
}

// CheckCodeTTL refuses a code that would work for less than a minute (nobody could type
// it in time) or more than a week (a code left lying about).
func CheckCodeTTL(ttl time.Duration) error {
	if ttl < MinCodeTTL || ttl > MaxCodeTTL {
		return pos.Errorf(pos.EINVALID, "a pairing code works from 1 minute to 7 days (168h), not %s", ttl)
	}
	return nil
}

// CheckPairing refuses a code made for another till than the one that asks with it,
// before anything is spent or replaced: the code stays good for its own till, and that
// till's token keeps working. A fresh till (it has sold nothing) may take the code's
// store and till as its own, unless the code's till is paired and not revoked (inUse): a
// new till never logs a working one out; IT revokes that one first.
func CheckPairing(code PairingCode, store pos.StoreID, till pos.TillID, fresh, inUse bool) error {
	switch {
	case code.Store == store && code.Till == till:
		return nil
	case !fresh:
		return pos.Errorf(pos.ECONFLICT, "the pairing code is for till %s of store %s, but this till is %s of store %s: ask IT for this till's code",
			code.Till, code.Store, till, store)
	case inUse:
		return pos.Errorf(pos.ECONFLICT, "the pairing code is for till %s of store %s, which another till is paired as: IT revokes that one first (omnitill-central revoke --store %s --till %s), or makes a code for a new till id",
			code.Till, code.Store, code.Store, code.Till)
	}
	return nil
}

// NormalizeCode forgives how a person types a code: case, dashes, spaces, O for 0, I/L for 1.
func NormalizeCode(code string) string {
	code = strings.ToUpper(code)
	code = strings.NewReplacer("-", "", " ", "", "O", "0", "I", "1", "L", "1").Replace(code)
	return code
}

// CodeHash is how a pairing code is kept and found again, however it was typed.
func CodeHash(code string) string { return HashSecret(NormalizeCode(code)) }

// HashSecret is how codes, tokens and keys are kept: a leaked database pairs no till and
// places no order.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// NewTillToken makes the bearer token a till gets when it pairs: 256 random bits.
func NewTillToken() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// NewWebShopKey makes a web shop's API key: 256 random bits after a prefix of its own.
func NewWebShopKey() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("random key: %w", err)
	}
	return webShopKeyPrefix + base64.RawURLEncoding.EncodeToString(raw), nil
}
