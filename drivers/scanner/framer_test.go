package scanner

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos/barcode"
)

// errReasons gives the reasons of errs, for comparing.
func errReasons(errs []error) []string {
	var out []string
	for _, err := range errs {
		var e *Error
		if !errors.As(err, &e) {
			out = append(out, "not *Error: "+err.Error())
			continue
		}
		out = append(out, e.Reason)
	}
	return out
}

func TestParseSuffix(t *testing.T) {
	for in, want := range map[string]Suffix{"CR": SuffixCR, "cr": SuffixCR, "LF": SuffixLF, "CRLF": SuffixCRLF,
		"CR LF": SuffixCRLF, `\r\n`: SuffixCRLF, "": SuffixAny, "any": SuffixAny} {
		if got, err := ParseSuffix(in); err != nil || got != want {
			t.Errorf("ParseSuffix(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSuffix("TAB"); err == nil {
		t.Error("ParseSuffix(TAB) accepted")
	}
}

func TestFramer(t *testing.T) {
	const ean = "5901234123457"
	long := strings.Repeat("1", 257)
	for _, tc := range []struct {
		name   string
		suffix Suffix
		feeds  []string
		scans  []string
		errs   []string
	}{
		{"CR", SuffixCR, []string{ean + "\r"}, []string{ean}, nil},
		{"LF", SuffixLF, []string{ean + "\n"}, []string{ean}, nil},
		{"CRLF", SuffixCRLF, []string{ean + "\r\n"}, []string{ean}, nil},
		{"any CR", SuffixAny, []string{ean + "\r"}, []string{ean}, nil},
		{"any LF", SuffixAny, []string{ean + "\n"}, []string{ean}, nil},
		{"any CRLF counts once", SuffixAny, []string{"1\r\n2\r\n"}, []string{"1", "2"}, nil},
		{"CRLF split", SuffixCRLF, []string{ean + "\r", "\n"}, []string{ean}, nil},
		{"CRLF split any", SuffixAny, []string{ean + "\r", "\n2\r", "\n"}, []string{ean, "2"}, nil},
		{"scan split", SuffixCR, []string{"5901", "234", "123457\r"}, []string{ean}, nil},
		{"several in one read", SuffixCR, []string{"1\r2\r3\r"}, []string{"1", "2", "3"}, nil},
		{"several in one read CRLF", SuffixCRLF, []string{"1\r\n2\r\n3\r\n"}, []string{"1", "2", "3"}, nil},
		{"CR scanner sending CRLF", SuffixCR, []string{"1\r\n2\r", "\n"}, []string{"1", "2"}, nil},
		{"LF scanner sending CRLF", SuffixLF, []string{"1\r\n2\r", "\n"}, []string{"1", "2"}, nil},
		{"AIM EAN", SuffixCR, []string{"]E0" + ean + "\r"}, []string{"]E0" + ean}, nil},
		{"AIM GS1 with GS", SuffixCR, []string{"]C1010590123412345710LOT7\x1d17250101\r"},
			[]string{"]C1010590123412345710LOT7\x1d17250101"}, nil},
		{"UTF-8 text", SuffixLF, []string{"ŁÓDŹ-€ 5\n"}, []string{"ŁÓDŹ-€ 5"}, nil},
		{"UTF-8 split", SuffixLF, []string{"\xc5", "\x81\n"}, []string{"Ł"}, nil},
		{"garbage then good", SuffixCR, []string{"\x00\x1b\x07junk\r", ean + "\r"}, []string{ean}, []string{"garbled"}},
		{"garbage mid-scan", SuffixCR, []string{"59\x0701\r" + ean + "\r"}, []string{ean}, []string{"garbled"}},
		{"DEL", SuffixCR, []string{"1\x7f\r"}, nil, []string{"garbled"}},
		{"invalid UTF-8", SuffixCR, []string{"1\xff\r2\r"}, []string{"2"}, []string{"garbled"}},
		{"C1 control", SuffixCR, []string{"1\u0085\r"}, nil, []string{"garbled"}},
		{"TAB", SuffixCR, []string{"1\t2\r"}, nil, []string{"garbled"}},
		{"over-long then good", SuffixCR, []string{long + "\r", ean + "\r"}, []string{ean}, []string{"length"}},
		{"exactly MaxLen", SuffixCR, []string{long[:256] + "\r"}, []string{long[:256]}, nil},
		{"empty lines", SuffixCR, []string{"\r\r1\r\r"}, []string{"1"}, nil},
		{"empty lines any", SuffixAny, []string{"\n\r\n\r1\n\n"}, []string{"1"}, nil},
		{"lone LF with CR", SuffixCR, []string{"1\n2\r3\r"}, []string{"3"}, []string{"garbled"}},
		{"lone CR with LF", SuffixLF, []string{"1\r2\n3\n"}, []string{"3"}, []string{"garbled"}},
		{"lone CR with CRLF", SuffixCRLF, []string{"1\r2\r\n3\r\n"}, []string{"3"}, []string{"garbled"}},
		{"lone LF with CRLF", SuffixCRLF, []string{"1\n2\r\n3\r\n"}, []string{"3"}, []string{"garbled"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Framer{Suffix: tc.suffix}
			var scans []string
			var errs []error
			for _, b := range tc.feeds {
				s, e := f.Feed([]byte(b))
				scans, errs = append(scans, s...), append(errs, e...)
			}
			if !reflect.DeepEqual(scans, tc.scans) {
				t.Errorf("scans %q, want %q", scans, tc.scans)
			}
			if got := errReasons(errs); !reflect.DeepEqual(got, tc.errs) {
				t.Errorf("errors %q (%v), want %q", got, errs, tc.errs)
			}
		})
	}
}

func TestGarbledMessage(t *testing.T) {
	f := Framer{Suffix: SuffixCR}
	_, errs := f.Feed([]byte("59\a01\r"))
	want := "Garbled scan from the scanner (unexpected byte 0x07): scan the article again"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Fatalf("errors %v, want %q", errs, want)
	}
	_, errs = f.Feed([]byte("1\n2\r"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "0x0A, LF: check the scanner's suffix setting") {
		t.Fatalf("lone LF: %v", errs)
	}
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) step(d time.Duration)    { c.t = c.t.Add(d) }
func newClock() *fakeClock                   { return &fakeClock{t: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)} }
func (c *fakeClock) framer(s Suffix) *Framer { return &Framer{Suffix: s, Now: c.now} }

func TestFramerExpire(t *testing.T) {
	clock := newClock()
	f := clock.framer(SuffixCR)
	if err := f.Expire(); err != nil {
		t.Fatalf("nothing pending, Expire: %v", err)
	}
	f.Feed([]byte("590123"))
	clock.step(200 * time.Millisecond)
	f.Feed([]byte("4123")) // a byte restarts the wait
	clock.step(299 * time.Millisecond)
	if err := f.Expire(); err != nil {
		t.Fatalf("299ms after the last byte: %v", err)
	}
	clock.step(2 * time.Millisecond)
	err := f.Expire()
	var e *Error
	if !errors.As(err, &e) || e.Reason != "incomplete" || !strings.Contains(e.Message, `"5901234123"`) {
		t.Fatalf("Expire = %v, want incomplete with the partial scan", err)
	}
	if err := f.Expire(); err != nil {
		t.Fatalf("second Expire: %v", err)
	}
	// The partial data is gone: the next scan comes through whole.
	if scans, errs := f.Feed([]byte("5901234123457\r")); len(errs) != 0 || len(scans) != 1 || scans[0] != "5901234123457" {
		t.Fatalf("after expiry: %q %v", scans, errs)
	}

	// Stale leftovers are dropped by the next Feed even when nobody called Expire.
	f.Feed([]byte("12"))
	clock.step(time.Second)
	scans, errs := f.Feed([]byte("34\r"))
	if !reflect.DeepEqual(scans, []string{"34"}) || !reflect.DeepEqual(errReasons(errs), []string{"incomplete"}) {
		t.Fatalf("stale leftovers: %q %v", scans, errs)
	}

	// A garbled partial says it was garbled; a CR the LF never followed names the suffix.
	f.Feed([]byte("1\x00"))
	clock.step(time.Second)
	if err := f.Expire(); err == nil || !strings.Contains(err.Error(), "unexpected byte 0x00") {
		t.Fatalf("garbled partial: %v", err)
	}
	g := clock.framer(SuffixCRLF)
	g.Feed([]byte("1\r"))
	clock.step(time.Second)
	if err := g.Expire(); err == nil || !strings.Contains(err.Error(), "CR: check the scanner's suffix") {
		t.Fatalf("CR-only scanner with CRLF: %v", err)
	}
	// A custom Timeout is honoured.
	h := &Framer{Now: clock.now, Timeout: 50 * time.Millisecond}
	h.Feed([]byte("1"))
	clock.step(51 * time.Millisecond)
	if h.Expire() == nil {
		t.Fatal("Timeout 50ms not honoured")
	}
}

func TestDescribe(t *testing.T) {
	inStore := "291234501250"
	inStore += string(barcode.CheckDigit(inStore))
	for in, want := range map[string]string{
		"5901234123457":    "EAN-13 5901234123457",
		"]E05901234123457": "]E0 EAN-13 5901234123457",
		"]C10105901234123457\x1d10LOT7\x1d17250101": "]C1 GS1 0105901234123457<GS>10LOT7<GS>17250101: " +
			"(01)05901234123457 (10)LOT7 (17)2025-01-01",
		inStore:         "in-store " + inStore + ": item 12345, weight 1.250 kg",
		"5901234123458": "invalid: Wrong check digit in 5901234123458: expected 7. Scan again or type the code.",
		"]C1015901\x1d": `invalid: GS1 code "015901<GS>": the GTIN (01) must have 14 digits, not 4`,
	} {
		if got := Describe(in); got != want {
			t.Errorf("Describe(%q)\n got %s\nwant %s", in, got, want)
		}
	}
}

// FuzzFramer: whatever the line carries, the framer never panics and never emits a scan
// the till should not see.
func FuzzFramer(f *testing.F) {
	f.Add([]byte("5901234123457\r"), uint8(0), uint8(3))
	f.Add([]byte("]C1010590123412345710LOT7\x1d17250101\r\n"), uint8(3), uint8(5))
	f.Add([]byte("\x00\x1b\x07junk\r\n\n\r\xff\xc5\x81\n"), uint8(1), uint8(1))
	f.Add([]byte(strings.Repeat("9", 40)+"\r"), uint8(2), uint8(7))
	suffixes := []Suffix{SuffixCR, SuffixLF, SuffixCRLF, SuffixAny}
	f.Fuzz(func(t *testing.T, data []byte, suffix, chunk uint8) {
		clock := newClock()
		fr := Framer{Suffix: suffixes[int(suffix)%len(suffixes)], MaxLen: 32, Now: clock.now}
		n := int(chunk)%16 + 1
		for len(data) > 0 {
			k := min(n, len(data))
			scans, errs := fr.Feed(data[:k])
			data = data[k:]
			for _, s := range scans {
				checkScan(t, s, fr.MaxLen)
			}
			for _, err := range errs {
				if err == nil || err.Error() == "" {
					t.Fatalf("empty error %v", err)
				}
			}
			clock.step(time.Duration(k) * 37 * time.Millisecond) // sometimes past Timeout
			fr.Expire()
		}
	})
}

func checkScan(t *testing.T, s string, maxLen int) {
	t.Helper()
	if s == "" || len(s) > maxLen || !utf8.ValidString(s) {
		t.Fatalf("bad scan %q (len %d, max %d)", s, len(s), maxLen)
	}
	for _, r := range s {
		if r != 0x1d && (unicode.IsControl(r) || !unicode.IsGraphic(r)) {
			t.Fatalf("scan %q carries %U", s, r)
		}
	}
}
