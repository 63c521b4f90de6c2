package scale

import (
	"errors"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

// frameOf builds a frame by hand, with the right BCC unless bad.
func frameOf(status byte, weight, unit string, bad bool) []byte {
	body := append([]byte{status}, weight+unit...)
	x := bcc(body)
	if bad {
		x ^= 0x5a
	}
	return append(append([]byte{stx}, body...), x, etx)
}

func TestParseFrame(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frame []byte
		want  Reading
		bad   bool
	}{
		{"stable, zero-padded", frameOf('S', "01.234", "kg", false), Reading{Grams: 1234, Stable: true}, false},
		{"stable, space-padded", frameOf('S', " 1.234", "kg", false), Reading{Grams: 1234, Stable: true}, false},
		{"unstable", frameOf('U', "12.345", "kg", false), Reading{Grams: 12345}, false},
		{"negative", frameOf('S', "-0.010", "kg", false), Reading{Grams: -10, Stable: true}, false},
		{"zero", frameOf('S', " 0.000", "kg", false), Reading{Stable: true}, false},
		{"two decimals", frameOf('S', " 0.25 ", "kg", false), Reading{Grams: 250, Stable: true}, false},
		{"bad BCC", frameOf('S', "01.234", "kg", true), Reading{}, true},
		{"unknown status", frameOf('X', "01.234", "kg", false), Reading{}, true},
		{"pounds", frameOf('S', "01.234", "lb", false), Reading{}, true},
		{"letters in the weight", frameOf('S', "0l.234", "kg", false), Reading{}, true},
		{"four decimals", frameOf('S', "1.2345", "kg", false), Reading{}, true},
		{"no ETX", frameOf('S', "01.234", "kg", false)[:11], Reading{}, true},
		{"empty", nil, Reading{}, true},
	} {
		got, err := ParseFrame(tc.frame)
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("%s: ParseFrame(% X) = %+v, %v", tc.name, tc.frame, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "garbled") {
			t.Errorf("%s: error %q does not say garbled", tc.name, err)
		}
	}
}

func TestFrameRoundTrip(t *testing.T) {
	for _, r := range []Reading{{1234, true}, {-10, true}, {0, false}, {99999, true}, {-9999, false}, {5, true}} {
		b := appendFrame(nil, r)
		if len(b) != frameLen {
			t.Fatalf("%+v: frame % X is %d bytes", r, b, len(b))
		}
		if got, err := ParseFrame(b); err != nil || got != r {
			t.Errorf("%+v: frame %q reads back as %+v, %v", r, b, got, err)
		}
	}
}

func TestParseWeightLines(t *testing.T) {
	for line, want := range map[string]Reading{"1.234": {1234, true}, "u 1.234": {1234, false},
		"0": {0, true}, "U 0,5": {500, false}, "-0.010": {-10, true}} {
		if got, err := parseWeight(line); err != nil || got != want {
			t.Errorf("parseWeight(%q) = %+v, %v", line, got, err)
		}
	}
	for _, line := range []string{"heavy", "100", "1.2345", "u"} {
		if _, err := parseWeight(line); err == nil {
			t.Errorf("parseWeight(%q) accepted", line)
		}
	}
}

// The till's screens show the cashier's words alone, not the technical cause.
func TestErrorsSpeakToTheCashier(t *testing.T) {
	refused := error(&Refused{Message: msgUnsteady})
	fault := error(&Fault{Msg: msgNoAnswer, Err: errors.New("no answer to 0x05")})
	if got := pos.ErrorMessage(refused); got != msgUnsteady {
		t.Errorf("refused shows %q", got)
	}
	if got := pos.ErrorMessage(fault); got != msgNoAnswer {
		t.Errorf("fault shows %q", got)
	}
}
