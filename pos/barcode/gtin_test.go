package barcode

import "testing"

func TestCheckDigit(t *testing.T) {
	for _, code := range []string{"5901234123457", "96385074", "036000291452", "042100005264", "10590123412349", "2012345012509", "00000000"} {
		t.Run(code, func(t *testing.T) {
			if got := CheckDigit(code[:len(code)-1]); got != code[len(code)-1] {
				t.Errorf("CheckDigit = %c, want %c", got, code[len(code)-1])
			}
			if !ValidGTIN(code) {
				t.Errorf("ValidGTIN(%s) = false", code)
			}
		})
	}
	for _, code := range []string{"5901234123458", "9638507", "abcdefgh", "", "590123412345700"} {
		if ValidGTIN(code) {
			t.Errorf("ValidGTIN(%q) = true", code)
		}
	}
}

func TestExpandUPCE(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"04252614", "042100005264"},
		{"0425261", "042100005264"},
		{"01234505", "012000003455"},
		{"01234531", "012300000451"},
		{"01234543", "012340000053"},
		{"01234572", "012345000072"},
		{"1425261", "142100005261"},
		{"2425261", ""},
		{"425261", ""},
		{"04252A1", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := ExpandUPCE(tc.in); got != tc.want {
				t.Errorf("ExpandUPCE(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeGTIN(t *testing.T) {
	for in, want := range map[string]string{
		"96385074":       "00000096385074",
		"036000291452":   "00036000291452",
		"5901234123457":  "05901234123457",
		"10590123412349": "10590123412349",
	} {
		if got := NormalizeGTIN(in); got != want {
			t.Errorf("NormalizeGTIN(%s) = %s, want %s", in, got, want)
		}
	}
}
