package display

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

var profiles = []Profile{ProfileEpson, ProfileCD5220}

// padded is what a line of shown text looks like on the display: 20 columns.
func padded(shown string) string {
	r := []rune(shown)
	if len(r) > Columns {
		r = r[:Columns]
	}
	return string(r) + strings.Repeat(" ", Columns-len(r))
}

func checkLine(t *testing.T, what, line string) {
	t.Helper()
	if n := utf8.RuneCountInString(line); n != Columns {
		t.Errorf("%s %q is %d columns, want %d", what, line, n, Columns)
	}
	if strings.ContainsRune(line, '?') || strings.ContainsRune(line, utf8.RuneError) {
		t.Errorf("%s %q shows a character the display lacks", what, line)
	}
}

func TestParseProfile(t *testing.T) {
	for in, want := range map[string]Profile{"epson": ProfileEpson, " CD5220 ": ProfileCD5220} {
		if p, err := ParseProfile(in); err != nil || p != want {
			t.Errorf("ParseProfile(%q) = %q, %v", in, p, err)
		}
	}
	if _, err := ParseProfile("vfd"); err == nil {
		t.Error("ParseProfile(vfd) accepted")
	}
}

func TestShownSpellsWhatTheDisplayHas(t *testing.T) {
	for _, tc := range []struct {
		p        Profile
		in, want string
	}{
		{ProfileCD5220, "ąčęėįšųūž ĄČĘĖĮŠŲŪŽ", "aceeisuuz ACEEISUUZ"},
		{ProfileCD5220, "Żółć gęślą jaźń", "Zolc gesla jazn"},
		{ProfileCD5220, "5 € «ß»", `5 EUR "ss"`},
		{ProfileEpson, "Żółć 5 €", "Zólc 5 EUR"}, // PC437 has ó
		{ProfileEpson, "Ačiū\x1b@", "Aciu@"},     // a stray ESC is no command
	} {
		if got := Shown(tc.p, tc.in); got != tc.want {
			t.Errorf("Shown(%s, %q) = %q, want %q", tc.p, tc.in, got, tc.want)
		}
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	texts := [][2]string{
		{"Dziękujemy! Ačiū!", "Żółć gęślą jaźń €5"},
		{"ĄČĘĖĮŠŲŪŽ ŁŃÓŚŹŻ €", "ąčęėįšųūž łńóśźż"},
		{"Šakotis su grietinėle ir uogomis", ""},
		{"", "Łosoś wędzony 200 g — plastry"},
	}
	for _, p := range profiles {
		for _, tc := range texts {
			b := Encode(p, tc[0], tc[1])
			got, err := Decode(p, b)
			if err != nil {
				t.Fatalf("%s: Decode(Encode(%q)): %v", p, tc, err)
			}
			for i := range got {
				checkLine(t, string(p), got[i])
				if want := padded(Shown(p, tc[i])); got[i] != want {
					t.Errorf("%s: line %d shows %q, want %q", p, i+1, got[i], want)
				}
			}
		}
	}
}

// The simulator reads what the pseudo-terminal hands it: an update split anywhere decodes
// the same as in one piece.
func TestDecodeInPieces(t *testing.T) {
	for _, p := range profiles {
		b := Encode(p, "Grikiai 1 kg", "TOTAL 3,49 EUR")
		want, _ := Decode(p, b)
		for cut := 1; cut < len(b); cut++ {
			s := newScreen(p)
			s.feed(b[:cut])
			s.feed(b[cut:])
			if got := s.lines(); got != want || len(s.pend) > 0 || len(s.unknown) > 0 {
				t.Fatalf("%s cut at %d: %q (pending % X, unknown %v), want %q", p, cut, got, s.pend, s.unknown, want)
			}
		}
	}
}

func TestDecodeFollowsTheDisplay(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      Profile
		stream string
		want   [2]string
		bad    bool
	}{
		{"overwrite wraps to the lower line", ProfileEpson,
			"\x1b@" + strings.Repeat("a", 20) + "b", [2]string{strings.Repeat("a", 20), padded("b")}, false},
		{"cursor home, CR, LF", ProfileEpson,
			"\x0cxyz\x0dA\x0aB\x0bC", [2]string{padded("Cyz"), padded(" B")}, false},
		{"US $ places the cursor", ProfileEpson,
			"\x1b@\x1f$\x13\x02OK\x1f$\x01\x01Hi", [2]string{padded("Hi"), padded("                  OK")}, false},
		{"vertical scroll pushes lines up", ProfileEpson,
			"\x1f\x02\x1f$\x01\x02" + strings.Repeat("x", 20) + "y", [2]string{strings.Repeat("x", 20), padded("y")}, false},
		{"CAN clears the cursor's line", ProfileEpson,
			"top\x1f$\x01\x02bottom\x18", [2]string{padded("top"), padded("")}, false},
		{"unknown command", ProfileEpson, "\x1bZhello", [2]string{padded("hello"), padded("")}, true},
		{"cut off inside a command", ProfileEpson, "hello\x1f$\x01", [2]string{padded("hello"), padded("")}, true},
		{"CD5220 string mode ignores ESC @ until CLR", ProfileCD5220,
			"\x1bQAup\x0d\x1b@\x1bQBdown\x0d", [2]string{padded("up"), padded("down")}, false},
		{"CD5220 CLR leaves string mode", ProfileCD5220,
			"\x1bQAup\x0d\x0cnew", [2]string{padded("new"), padded("")}, false},
		{"CD5220 ESC l places the cursor", ProfileCD5220,
			"\x1b@\x1bl\x03\x02ab\x1b[Hc", [2]string{padded("c"), padded("  ab")}, false},
	} {
		got, err := Decode(tc.p, []byte(tc.stream))
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("%s: Decode = %q, %v; want %q (error %v)", tc.name, got, err, tc.want, tc.bad)
		}
	}
}

func TestScreensFitTwentyColumns(t *testing.T) {
	long := "Šakotis su grietinėle ir uogomis, didelis €"
	pl, lt := WordsOf(lang.MustNew(lang.Polish, "PL")), WordsOf(lang.MustNew(lang.Lithuanian, "LT"))
	screens := map[string][2]string{
		"item":        ItemScreen(pl, "Mleko 3,2%", "1", 349, 1298, "PLN"),
		"item long":   ItemScreen(lt, long, "2", 12345, 987654, "EUR"),
		"item weight": ItemScreen(pl, "Jabłka Ligol", "0,250", 125, 125, "PLN"),
		"item huge":   ItemScreen(pl, long, "1", 123456789012, 99999999999999, "PLN"),
		"change":      ChangeScreen(pl, 5000, 701, "PLN"),
		"change lt":   ChangeScreen(lt, 5000, 701, "EUR"),
		"goodbye":     GoodbyeScreen(lt, "Omnitill Vilnius, Gedimino pr. 9"),
		"idle":        IdleScreen(pl, "Sklep Żabka"),
	}
	for name, s := range screens {
		for i, line := range s {
			checkLine(t, name+" line "+string(rune('1'+i)), line)
			if bytes.ContainsFunc([]byte(line), func(r rune) bool { return r >= 0x80 }) {
				t.Errorf("%s: %q is not plain ASCII", name, line)
			}
		}
	}
	want := map[string][2]string{
		"item":        {"Mleko 3,2%      3,49", "SUMA       12,98 PLN"},
		"item long":   {"2x Sakotis su 123,45", "IS VISO  9876,54 EUR"},
		"item weight": {"0,250x Jablka L 1,25", "SUMA        1,25 PLN"},
		"change":      {"ZAPLACONO  50,00 PLN", "RESZTA      7,01 PLN"},
		"change lt":   {"SUMOKETA   50,00 EUR", "GRAZA       7,01 EUR"},
		"goodbye":     {"       Aciu!        ", "Omnitill Vilnius, Ge"},
		"idle":        {"    Sklep Zabka     ", "      Witamy!       "},
	}
	for name, w := range want {
		if screens[name] != w {
			t.Errorf("%s screen = %q, want %q", name, screens[name], w)
		}
	}
	if huge := screens["item huge"]; !strings.HasSuffix(huge[0], pos.Money(123456789012).Display()) ||
		!strings.HasSuffix(huge[1], pos.Money(99999999999999).Display()) {
		t.Errorf("a huge amount lost digits: %q", huge)
	}
}
