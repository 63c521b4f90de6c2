package escpos

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		n, b    byte
		want    Status
		garbled bool
	}{
		{n: 1, b: 0x12},
		{n: 1, b: 0x16}, // drawer pin 3 high: not a problem
		{n: 1, b: 0x1a, want: Status{Offline: true}},
		{n: 1, b: 0x7e, want: Status{Offline: true}}, // undefined bits 5, 6 ignored
		{n: 2, b: 0x12},
		{n: 2, b: 0x16, want: Status{CoverOpen: true}},
		{n: 2, b: 0x1a, want: Status{Offline: true}},
		{n: 2, b: 0x32, want: Status{PaperOut: true}},
		{n: 2, b: 0x52, want: Status{Error: true}},
		{n: 4, b: 0x12},
		{n: 4, b: 0x1e, want: Status{PaperNearEnd: true}},
		{n: 4, b: 0x16, want: Status{PaperNearEnd: true}}, // a clone setting one bit of the pair
		{n: 4, b: 0x72, want: Status{PaperOut: true}},
		{n: 4, b: 0x7e, want: Status{PaperNearEnd: true, PaperOut: true}},
		{n: 1, b: 0x00, garbled: true},
		{n: 1, b: 0xff, garbled: true},
		{n: 1, b: 0x13, garbled: true}, // bit 0 set
		{n: 2, b: 0x92, garbled: true}, // bit 7 set
		{n: 4, b: 0x10, garbled: true}, // bit 1 clear
		{n: 4, b: 0x02, garbled: true}, // bit 4 clear
		{n: 4, b: 'A', garbled: true},  // receipt text, not an answer
		{n: 3, b: 0x12, garbled: true}, // not a request the till reads
		{n: 9, b: 0x12, garbled: true},
	} {
		got, err := ParseStatus(tc.n, tc.b)
		if (err != nil) != tc.garbled || got != tc.want {
			t.Errorf("ParseStatus(%d, %#02x) = %+v, %v; want %+v, error %v", tc.n, tc.b, got, err, tc.want, tc.garbled)
		}
	}
}

func TestProblemAndWarning(t *testing.T) {
	for _, tc := range []struct {
		s                Status
		problem, warning string
	}{
		{s: Status{}},
		{s: Status{PaperNearEnd: true}, warning: "Paper is running low"},
		{s: Status{Offline: true, PaperOut: true, PaperNearEnd: true}, problem: "out of paper"},
		{s: Status{Offline: true, CoverOpen: true}, problem: "cover is open"},
		{s: Status{Offline: true, Error: true}, problem: "offline (error)"},
		{s: Status{Offline: true}, problem: "offline"},
	} {
		p, w := tc.s.Problem(), tc.s.Warning()
		if (p == "") != (tc.problem == "") || !strings.Contains(p, tc.problem) || (w == "") != (tc.warning == "") || !strings.Contains(w, tc.warning) {
			t.Errorf("%+v: problem %q, warning %q", tc.s, p, w)
		}
	}
	if got := MergeStatus(Status{Offline: true}, Status{CoverOpen: true}, Status{PaperNearEnd: true}); got != (Status{Offline: true, CoverOpen: true, PaperNearEnd: true}) {
		t.Errorf("merged %+v", got)
	}
}

func TestDrawerKickDecodes(t *testing.T) {
	for _, tc := range []struct {
		pin     int
		on, off time.Duration
		want    []byte
		decoded Kick
	}{
		{pin: 2, on: 100 * time.Millisecond, off: 200 * time.Millisecond, want: []byte{esc, 'p', 0, 50, 100}, decoded: Kick{Pin: 2, On: 100 * time.Millisecond, Off: 200 * time.Millisecond}},
		{pin: 5, on: 0, off: time.Second, want: []byte{esc, 'p', 1, 1, 255}, decoded: Kick{Pin: 5, On: 2 * time.Millisecond, Off: 510 * time.Millisecond}},
		{pin: 2, on: 3 * time.Millisecond, off: -time.Second, want: []byte{esc, 'p', 0, 2, 1}, decoded: Kick{Pin: 2, On: 4 * time.Millisecond, Off: 2 * time.Millisecond}},
	} {
		b := DrawerKick(tc.pin, tc.on, tc.off)
		if !slices.Equal(b, tc.want) {
			t.Errorf("DrawerKick(%d, %s, %s) = % x, want % x", tc.pin, tc.on, tc.off, b, tc.want)
		}
		out, err := Decode(append(StatusRequest(1), b...), DefaultProfile)
		if err != nil || out.DrawerKicks != 1 || !slices.Equal(out.Kicks, []Kick{tc.decoded}) || out.StatusReqs != 1 {
			t.Errorf("decoded % x as %+v, %v", b, out, err)
		}
	}
	for _, bad := range [][]byte{{esc, 'p', 7, 1, 1}, {dle, eot, 9}, {dle, eot}} {
		if _, err := Decode(bad, DefaultProfile); err == nil {
			t.Errorf("% x decoded without error", bad)
		}
	}
}
