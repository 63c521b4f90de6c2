package barcode

import "testing"

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

func TestExpiry(t *testing.T) {
	for in, want := range map[string]string{
		"270331": "2027-03-31",
		"270300": "2027-03-31",
		"270400": "2027-04-30",
		"281200": "2028-12-31",
		"280229": "2028-02-29",
		"270229": "",
		"270431": "",
		"270001": "",
		"271301": "",
		"27033":  "",
		"27O331": "",
	} {
		if got := expiry(in); got != want {
			t.Errorf("expiry(%q) = %q, want %q", in, got, want)
		}
	}
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
		"99ABC":            "99",
		"1":                "1",
		"AB12":             "AB12",
	} {
		if got := leadingAI(in); got != want {
			t.Errorf("leadingAI(%q) = %q, want %q", in, got, want)
		}
	}
}
