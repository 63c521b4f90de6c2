package barcode

import (
	"strings"
	"testing"
	"time"
)

func TestScale(t *testing.T) {
	for _, tc := range []struct {
		digits    string
		n, want   int
		wantValue int64
	}{
		{"001250", 3, 3, 1250},
		{"000125", 2, 3, 1250},
		{"000002", 0, 3, 2000},
		{"123456", 5, 3, 1235},
		{"123449", 5, 3, 1234},
		{"001299", 2, 2, 1299},
		{"12995", 3, 2, 1300},
		{"12994", 3, 2, 1299},
		{"999999999999999", 9, 2, 100000000},
		{"999999999999999", 0, 2, 99999999999999900},
	} {
		if got := scale(tc.digits, tc.n, tc.want); got != tc.wantValue {
			t.Errorf("scale(%s, %d, %d) = %d, want %d", tc.digits, tc.n, tc.want, got, tc.wantValue)
		}
	}
}

func TestGS1Date(t *testing.T) {
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"270331": "2027-03-31",
		"270300": "2027-03-31",
		"270400": "2027-04-30",
		"281200": "2028-12-31",
		"280229": "2028-02-29",
		"760101": "2076-01-01", // 50 years ahead: this century
		"770101": "1977-01-01", // 51 years ahead: the last one
		"990101": "1999-01-01",
		"000229": "2000-02-29",
		"270229": "",
		"270431": "",
		"270001": "",
		"271301": "",
		"27033":  "",
		"27O331": "",
	} {
		if got := gs1Date(in, now); got != want {
			t.Errorf("gs1Date(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct{ yy, now, want int }{
		{26, 2026, 2026}, {76, 2026, 2076}, {77, 2026, 1977}, {99, 2026, 1999},
		{0, 2049, 2000}, {99, 2049, 2099}, {0, 2050, 2100}, {0, 2051, 2100}, // 50 years behind: the next century
		{49, 2099, 2149}, {50, 2099, 2050}, {1, 1999, 2001},
	} {
		if got := centuryWindow(tc.yy, tc.now); got != tc.want {
			t.Errorf("in %d, year %02d is %d, want %d", tc.now, tc.yy, got, tc.want)
		}
	}
}

// Every identifier of the table is read back from a bracketed string and an unbracketed
// one alike, with a value of its own format.
func TestEveryAIIsRead(t *testing.T) {
	p := &Parser{Now: june2026}
	for id, spec := range ais {
		v := sampleValue(spec)
		for _, in := range []string{"(" + id + ")" + v, "]C1" + id + v + "\x1d"} {
			c, err := p.Parse(in)
			if err != nil {
				t.Errorf("%s %s: %v", id, spec.name, err)
				continue
			}
			if len(c.AIs) != 1 || c.AIs[0].ID != id || c.AIs[0].Value != v {
				t.Errorf("%q read as %v", in, c.AIs)
			}
		}
	}
	if len(ais) < 500 {
		t.Errorf("the table has %d identifiers: GS1 defines some 550", len(ais))
	}
}

// sampleValue is a valid value of spec: each part at its longest.
func sampleValue(spec aiSpec) string {
	var b strings.Builder
	for _, p := range spec.parts {
		var s string
		switch p.check {
		case "yymmdd", "yymmd0":
			s = "270315"
		case "hhmm":
			s = "1230"
		default:
			s = strings.Repeat(map[byte]string{'N': "7", 'X': "a", 'Y': "B", 'Z': "z"}[p.set], p.max)
			if p.check == "csum" {
				s = s[:len(s)-1] + string(CheckDigit(s[:len(s)-1]))
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

func TestLeadingAI(t *testing.T) {
	for in, want := range map[string]string{
		"0105901234123457": "01",
		"10LOT7":           "10",
		"3103001250":       "3103",
		"3922001299":       "3922",
		"3712":             "37",
		"2401234":          "240",
		"5901234123457":    "59",
		"4101234":          "410",
		"70030123":         "7003",
		"4302Street":       "4302",
		"71012345":         "710",
		"3932985":          "3932",
		"0012345":          "00",
		"2351":             "235",
		"1412":             "14",
		"7099":             "7099",
		"99ABC":            "99",
		"1":                "1",
		"AB12":             "AB12",
	} {
		if got := leadingAI(in); got != want {
			t.Errorf("leadingAI(%q) = %q, want %q", in, got, want)
		}
	}
}
