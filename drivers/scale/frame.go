// Package scale reads a CAS-type serial scale (the ENQ/ACK, DC1 protocol most shop scales
// speak) and simulates one.
package scale

import (
	"fmt"
	"strconv"
	"strings"
)

// The conversation, till → scale and back:
//
//	till:  ENQ (0x05)             are you there?
//	scale: ACK (0x06)
//	till:  DC1 (0x11)             the weight, please
//	scale: STX status weight "kg" BCC ETX, 12 bytes:
//
//	  0     STX     0x02
//	  1     status  'S' stable, 'U' unstable (still moving)
//	  2-7   weight  6 ASCII characters, kilograms with a decimal point, right-aligned:
//	                "01.234", " 1.234", "-0.010", "12.345"
//	  8-9   unit    "kg"
//	  10    BCC     XOR of bytes 1-9 (status through "kg")
//	  11    ETX     0x03
const (
	stx = 0x02
	etx = 0x03
	enq = 0x05
	ack = 0x06
	dc1 = 0x11

	frameLen = 12
)

// Reading is one weight as the scale reported it. Grams may be negative (a tare set too
// high, an empty pan zeroed with something on it).
type Reading struct {
	Grams  int64
	Stable bool
}

// ParseFrame reads one answer to DC1. Any fault in it, a bad BCC above all, is a *Fault
// saying the answer is garbled.
func ParseFrame(b []byte) (Reading, error) {
	garbled := func(format string, args ...any) (Reading, error) {
		return Reading{}, &Fault{Msg: msgGarbled, Err: fmt.Errorf("frame % X: "+format, append([]any{b}, args...)...)}
	}
	if len(b) != frameLen || b[0] != stx || b[frameLen-1] != etx {
		return garbled("not STX, 10 bytes, BCC, ETX")
	}
	if want := bcc(b[1:10]); b[10] != want {
		return garbled("BCC %02X, the bytes give %02X", b[10], want)
	}
	var r Reading
	switch b[1] {
	case 'S':
		r.Stable = true
	case 'U':
	default:
		return garbled("status %q is neither S nor U", b[1])
	}
	if string(b[8:10]) != "kg" {
		return garbled("unit %q is not kg", b[8:10])
	}
	g, ok := parseGrams(string(b[2:8]))
	if !ok {
		return garbled("weight %q is not like 01.234", b[2:8])
	}
	r.Grams = g
	return r, nil
}

// parseGrams reads kilograms with at most three decimals ("-0.010", " 1.2") as grams.
func parseGrams(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(frac) > 3 {
		return 0, false
	}
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	g, err := strconv.ParseInt(whole+frac+strings.Repeat("0", 3-len(frac)), 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		g = -g
	}
	return g, true
}

// appendFrame is the scale's answer to DC1; grams must lie within ±99.999 kg, what six
// characters hold.
func appendFrame(dst []byte, r Reading) []byte {
	status := byte('U')
	if r.Stable {
		status = 'S'
	}
	sign, g := "", r.Grams
	if g < 0 {
		sign, g = "-", -g
	}
	weight := fmt.Sprintf("%6s", fmt.Sprintf("%s%d.%03d", sign, g/1000, g%1000))
	body := append([]byte{status}, weight+"kg"...)
	dst = append(dst, stx)
	dst = append(dst, body...)
	return append(dst, bcc(body), etx)
}

// fits reports whether a weight can be sent in six characters.
func fits(grams int64) bool { return grams > -10000 && grams < 100000 }

func bcc(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}
