package barcode

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// parseCase is one input for the default parser. For a good code, want's Kind, GTIN,
// ItemCode, Weight, Price, Has*, Batch and Expiry are always compared; Raw, Symbology and
// AIs only when set. For a bad one, reason (and msg, when set) are compared.
type parseCase struct {
	name   string
	in     string
	want   Code
	desc   string
	reason string
	msg    string
}

var parseCases = []parseCase{
	// EAN-13, EAN-8, UPC-A, GTIN-14
	{name: "ean13", in: "5901234123457", want: Code{Kind: EAN13, GTIN: "05901234123457", Raw: "5901234123457"},
		desc: "EAN-13 GTIN 05901234123457"},
	{name: "ean13 crlf", in: "5901234123457\r\n", want: Code{Kind: EAN13, GTIN: "05901234123457", Raw: "5901234123457"}},
	{name: "ean13 spaces and tab", in: " \t5901234123457 ", want: Code{Kind: EAN13, GTIN: "05901234123457", Raw: "5901234123457"}},
	{name: "ean13 aim E0", in: "]E05901234123457\r", want: Code{Kind: EAN13, GTIN: "05901234123457", Raw: "5901234123457", Symbology: "]E0"}},
	{name: "ean13 of a upc-a", in: "0036000291452", want: Code{Kind: EAN13, GTIN: "00036000291452"}},
	{name: "ean8", in: "96385074", want: Code{Kind: EAN8, GTIN: "00000096385074"}, desc: "EAN-8 GTIN 00000096385074"},
	{name: "ean8 aim E4", in: "]E496385074", want: Code{Kind: EAN8, GTIN: "00000096385074", Symbology: "]E4"}},
	{name: "upca", in: "036000291452", want: Code{Kind: UPCA, GTIN: "00036000291452"}, desc: "UPC-A GTIN 00036000291452"},
	{name: "upca aim E0", in: "]E0036000291452", want: Code{Kind: UPCA, GTIN: "00036000291452", Symbology: "]E0"}},
	{name: "gtin14", in: "10590123412349", want: Code{Kind: GTIN14, GTIN: "10590123412349"}, desc: "GTIN-14 GTIN 10590123412349"},

	// UPC-E: 8 digits, 7 without check digit, 6 without number system
	{name: "upce", in: "04252614", want: Code{Kind: UPCE, GTIN: "00042100005264"}, desc: "UPC-E GTIN 00042100005264"},
	{name: "upce 7 digits", in: "0425261", want: Code{Kind: UPCE, GTIN: "00042100005264", Raw: "0425261"}},
	{name: "upce 6 digits", in: "425261", want: Code{Kind: UPCE, GTIN: "00042100005264", Raw: "425261"}},
	{name: "upce ends 0", in: "01234505", want: Code{Kind: UPCE, GTIN: "00012000003455"}},
	{name: "upce ends 3", in: "01234531", want: Code{Kind: UPCE, GTIN: "00012300000451"}},
	{name: "upce ends 4", in: "01234543", want: Code{Kind: UPCE, GTIN: "00012340000053"}},
	{name: "upce number system 1", in: "1425261", want: Code{Kind: UPCE, GTIN: "00142100005261"}},
	// 01234572 checks as both EAN-8 and UPC-E: without an AIM identifier a code starting
	// with 0 is the UPC-E, unless the catalog knows the EAN-8 (AltGTIN, asked first).
	{name: "ean8 or upce without aim", in: "01234572", want: Code{Kind: UPCE, GTIN: "00012345000072", AltGTIN: "00000001234572"},
		desc: "UPC-E GTIN 00012345000072, or EAN-8 GTIN 00000001234572 if the catalog has it"},
	{name: "upce ends 6 without aim", in: "01234565", want: Code{Kind: UPCE, GTIN: "00012345000065", AltGTIN: "00000001234565"}},
	{name: "upce ends 9 without aim", in: "01234596", want: Code{Kind: UPCE, GTIN: "00012345000096", AltGTIN: "00000001234596"}},
	{name: "ean8 or upce with aim E0", in: "]E001234572", want: Code{Kind: UPCE, GTIN: "00012345000072", Symbology: "]E0"}},
	{name: "ean8 or upce with aim E4", in: "]E401234565", want: Code{Kind: EAN8, GTIN: "00000001234565", Symbology: "]E4"}},
	{name: "ean8 starting with 0, not a upce", in: "00000017", want: Code{Kind: EAN8, GTIN: "00000000000017"}},
	{name: "ean8 with aim E0", in: "]E096385074", want: Code{Kind: EAN8, GTIN: "00000096385074"}},
	{name: "ean8 starting with 1", in: "12345670", want: Code{Kind: EAN8, GTIN: "00000012345670"}},

	// in-store labels, default template 2X PPPPP WWWWW C
	{name: "in-store weight", in: "2012345012509", want: Code{Kind: InStore, ItemCode: "12345", Weight: 1250, HasWeight: true},
		desc: "in-store item 12345, weight 1.250 kg"},
	{name: "in-store prefix 29", in: "]E02923456005000", want: Code{Kind: InStore, ItemCode: "23456", Weight: 500, HasWeight: true, Symbology: "]E0"},
		desc: "in-store item 23456, weight 0.500 kg"},

	// GS1 element strings
	{name: "gs1 brackets", in: "(01)05901234123457(10)LOT7(17)270331(3103)001250",
		want: Code{Kind: GS1, GTIN: "05901234123457", Batch: "LOT7", Expiry: "2027-03-31", Weight: 1250, HasWeight: true,
			AIs: []AI{{"01", "05901234123457", ""}, {"10", "LOT7", ""}, {"17", "270331", "2027-03-31"}, {"3103", "001250", ""}}},
		desc: "GS1: (01)05901234123457 (10)LOT7 (17)2027-03-31 (3103)001250 weight 1.250 kg"},
	{name: "gs1 brackets with spaces", in: "(01) 05901234123457 (10) LOT7",
		want: Code{Kind: GS1, GTIN: "05901234123457", Batch: "LOT7"}},
	{name: "gs1-128 aim C1 with GS", in: "]C1010590123412345710LOT7\x1d172703313103001250\r\n",
		want: Code{Kind: GS1, GTIN: "05901234123457", Batch: "LOT7", Expiry: "2027-03-31", Weight: 1250, HasWeight: true,
			Symbology: "]C1", Raw: "010590123412345710LOT7\x1d172703313103001250"},
		desc: "GS1: (01)05901234123457 (10)LOT7 (17)2027-03-31 (3103)001250 weight 1.250 kg"},
	{name: "gs1 datamatrix leading GS", in: "]d2\x1d010590123412345717270300\x1d10LOT7\x1d",
		want: Code{Kind: GS1, GTIN: "05901234123457", Batch: "LOT7", Expiry: "2027-03-31", Symbology: "]d2"}},
	{name: "gs1 databar", in: "]e001059012341234573922999",
		want: Code{Kind: GS1, GTIN: "05901234123457", Price: 999, HasPrice: true}},
	{name: "gs1 qr", in: "]Q30105901234123457",
		want: Code{Kind: GS1, GTIN: "05901234123457"}},
	{name: "gs1 without aim or GS", in: "01059012341234573103001250",
		want: Code{Kind: GS1, GTIN: "05901234123457", Weight: 1250, HasWeight: true}},
	{name: "gs1 GS without aim", in: "0105901234123457\x1d3103001250",
		want: Code{Kind: GS1, GTIN: "05901234123457", Weight: 1250, HasWeight: true}},
	{name: "gs1 price 3922", in: "]C101059012341234573922001299",
		want: Code{Kind: GS1, GTIN: "05901234123457", Price: 1299, HasPrice: true},
		desc: "GS1: (01)05901234123457 (3922)001299 price 12.99"},
	{name: "gs1 price 3923 rounds half up", in: "(01)05901234123457(3923)12995",
		want: Code{Kind: GS1, GTIN: "05901234123457", Price: 1300, HasPrice: true}},
	{name: "gs1 price 3920 whole", in: "(01)05901234123457(3920)12",
		want: Code{Kind: GS1, GTIN: "05901234123457", Price: 1200, HasPrice: true}},
	{name: "gs1 weight 3102", in: "(01)05901234123457(3102)000125",
		want: Code{Kind: GS1, GTIN: "05901234123457", Weight: 1250, HasWeight: true}},
	{name: "gs1 weight 3105 rounds", in: "(01)05901234123457(3105)123456",
		want: Code{Kind: GS1, GTIN: "05901234123457", Weight: 1235, HasWeight: true}},
	{name: "gs1 weight 3100 whole kg", in: "(01)05901234123457(3100)000002",
		want: Code{Kind: GS1, GTIN: "05901234123457", Weight: 2000, HasWeight: true}},
	{name: "gs1 expiry day 00", in: "(01)05901234123457(17)270200",
		want: Code{Kind: GS1, GTIN: "05901234123457", Expiry: "2027-02-28"}},
	{name: "gs1 expiry day 00 leap year", in: "(01)05901234123457(17)280200",
		want: Code{Kind: GS1, GTIN: "05901234123457", Expiry: "2028-02-29"}},
	{name: "gs1 contents and count", in: "(02)05901234123457(37)12",
		want: Code{Kind: GS1, GTIN: "05901234123457"}, desc: "GS1: (02)05901234123457 (37)12"},
	{name: "gs1 dates and serial", in: "(01)05901234123457(11)260115(13)260116(15)260700(21)SN-0042",
		want: Code{Kind: GS1, GTIN: "05901234123457"},
		desc: "GS1: (01)05901234123457 (11)2026-01-15 (13)2026-01-16 (15)2026-07-31 (21)SN-0042"},

	// GS1's sliding century window, around 1 June 2026: 51 years ahead or more is the
	// last century, 50 years behind or more the next.
	{name: "gs1 production date 1977", in: "(01)05901234123457(11)770115",
		want: Code{Kind: GS1, GTIN: "05901234123457", AIs: []AI{{"01", "05901234123457", ""}, {"11", "770115", "1977-01-15"}}}},
	{name: "gs1 expiry 2076", in: "(01)05901234123457(17)761231", want: Code{Kind: GS1, GTIN: "05901234123457", Expiry: "2076-12-31"}},
	{name: "gs1 expiry 2000", in: "(01)05901234123457(17)000229", want: Code{Kind: GS1, GTIN: "05901234123457", Expiry: "2000-02-29"}},
	{name: "gs1 expiry 1999", in: "(01)05901234123457(17)991231", want: Code{Kind: GS1, GTIN: "05901234123457", Expiry: "1999-12-31"}},

	// Fields the till does not act on are read, checked and kept.
	{name: "gs1 sscc", in: "(00)059012341234567895", want: Code{Kind: GS1, AIs: []AI{{"00", "059012341234567895", ""}}},
		desc: "GS1: (00)059012341234567895"},
	{name: "gs1 sell by, tpx, internal", in: "]C1010590123412345716270600235TPX-1\x1d99Own-data-1",
		want: Code{Kind: GS1, GTIN: "05901234123457",
			AIs: []AI{{"01", "05901234123457", ""}, {"16", "270600", "2027-06-30"}, {"235", "TPX-1", ""}, {"99", "Own-data-1", ""}}}},
	{name: "gs1 price with currency 3932", in: "(01)05901234123457(3932)9851299",
		want: Code{Kind: GS1, GTIN: "05901234123457", AIs: []AI{{"01", "05901234123457", ""}, {"3932", "9851299", ""}}}},
	{name: "gs1 ship to address 4302", in: "]C1430212%20Main%20St\x1d0105901234123457",
		want: Code{Kind: GS1, GTIN: "05901234123457", AIs: []AI{{"4302", "12%20Main%20St", ""}, {"01", "05901234123457", ""}}}},
	{name: "gs1 nhrn 710", in: "]C1010590123412345771012345", want: Code{Kind: GS1, GTIN: "05901234123457",
		AIs: []AI{{"01", "05901234123457", ""}, {"710", "12345", ""}}}},
	{name: "gs1 expiry time 7003", in: "(01)05901234123457(7003)2703311530", want: Code{Kind: GS1, GTIN: "05901234123457"}},
	{name: "gs1 weight in pounds 3202 kept", in: "(01)05901234123457(3202)000250",
		want: Code{Kind: GS1, GTIN: "05901234123457", AIs: []AI{{"01", "05901234123457", ""}, {"3202", "000250", ""}}}},

	// empty
	{name: "empty", in: "", reason: "empty"},
	{name: "only whitespace", in: " \r\n\t", reason: "empty"},
	{name: "only aim", in: "]E0\r\n", reason: "empty"},

	// characters
	{name: "letters", in: "12AB", reason: "characters", msg: `"12AB" is not a barcode: only digits are allowed`},
	{name: "dashes", in: "590-1234-12345-7", reason: "characters"},
	{name: "qr url", in: "]Q1https://example.com/p/1", reason: "characters"},
	{name: "arabic digits", in: "٥٩٠١٢٣٤١٢٣٤٥٧", reason: "characters"},
	{name: "broken aim", in: "]E", reason: "characters"},

	// check digits
	{name: "ean13 bad check", in: "5901234123458", reason: "check-digit",
		msg: "Wrong check digit in 5901234123458: expected 7. Scan again or type the code."},
	{name: "ean8 bad check", in: "96385075", reason: "check-digit", msg: "Wrong check digit in 96385075: expected 4. Scan again or type the code."},
	{name: "upca bad check", in: "036000291453", reason: "check-digit"},
	{name: "upce bad check", in: "04252615", reason: "check-digit", msg: "Wrong check digit in 04252615: expected 4. Scan again or type the code."},
	{name: "upce bad check aim E0", in: "]E004252615", reason: "check-digit", msg: "Wrong check digit in 04252615: expected 4. Scan again or type the code."},
	{name: "gtin14 bad check", in: "10590123412340", reason: "check-digit"},
	{name: "in-store bad check", in: "2012345012508", reason: "check-digit",
		msg: "Wrong check digit in 2012345012508: expected 9. Scan again or type the code."},
	{name: "gs1 gtin bad check", in: "(01)05901234123458", reason: "check-digit"},

	// lengths
	{name: "11 digits", in: "59012341234", reason: "length", msg: "A code of 11 digits is not an EAN or UPC barcode"},
	{name: "5 digits", in: "12345", reason: "length"},
	{name: "15 digits", in: "590123412345700", reason: "length"},
	{name: "7 digits not upce", in: "2123456", reason: "length"},

	// GS1 faults
	{name: "gs1 unknown ai", in: "(14)ABC", reason: "gs1", msg: `GS1 code "(14)ABC": unknown field (AI 14): GS1 defines no such field`},
	{name: "gs1 unknown 4-digit ai", in: "]C1010590123412345770991", reason: "gs1"},
	{name: "gs1 7003 too short", in: "]C1010590123412345770030123", reason: "gs1"},
	{name: "gs1 7003 not a time", in: "(7003)2703312460", reason: "gs1"},
	{name: "gs1 sscc bad check", in: "(00)059012341234567890", reason: "gs1",
		msg: `GS1 code "(00)059012341234567890": the SSCC (00) has a wrong check digit: expected 5`},
	{name: "gs1 sell by day 32", in: "(16)270632", reason: "gs1"},
	{name: "gs1 first freeze day 00", in: "(7006)270600", reason: "gs1"},
	{name: "gs1 cpid lower case", in: "(8010)abc", reason: "gs1"},
	{name: "gs1 internal too long", in: "(91)" + strings.Repeat("A", 91), reason: "gs1"},
	{name: "gs1 3106", in: "(01)05901234123457(3106)000001", reason: "gs1"},
	{name: "gs1-128 of an ean13", in: "]C15901234123457", reason: "gs1"},
	{name: "gs1 gtin too short", in: "(01)0590123412345", reason: "gs1"},
	{name: "gs1 gtin cut by GS", in: "]C101059012341\x1d3103001250", reason: "gs1"},
	{name: "gs1 month 13", in: "(01)05901234123457(17)271301", reason: "gs1"},
	{name: "gs1 february 30", in: "(01)05901234123457(17)270230", reason: "gs1"},
	{name: "gs1 empty batch", in: "(01)05901234123457(10)", reason: "gs1"},
	{name: "gs1 batch too long", in: "(10)ABCDEFGHIJKLMNOPQRSTU", reason: "gs1"},
	{name: "gs1 batch bad characters", in: "(10)LOT#7", reason: "gs1"},
	{name: "gs1 weight twice", in: "(01)05901234123457(3102)000125(3103)001250", reason: "gs1"},
	{name: "gs1 count too long", in: "(02)05901234123457(37)123456789", reason: "gs1"},
	{name: "gs1 weight letters", in: "(3103)00125A", reason: "gs1"},
	{name: "gs1 missing bracket", in: "(01", reason: "gs1"},
	{name: "gs1 text before bracket", in: "(01)05901234123457x(10)A", reason: "gs1"},
	{name: "gs1 letters for ai", in: "]C1AB123", reason: "gs1"},
	{name: "gs1 only GS", in: "]C1\x1d", reason: "gs1"},
}

// june2026 is the day parseCases are read on: GS1's two-digit years depend on it.
func june2026() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

func TestParse(t *testing.T) {
	p := NewParser()
	p.Now = june2026
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := p.Parse(tc.in)
			if tc.reason != "" {
				wantError(t, err, tc.reason, tc.msg)
				if !reflect.DeepEqual(c, Code{}) {
					t.Errorf("failed Parse returned %+v, want a zero Code", c)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			checkCode(t, c, tc.want)
			if tc.desc != "" && c.Describe() != tc.desc {
				t.Errorf("Describe() = %q, want %q", c.Describe(), tc.desc)
			}
		})
	}
}

func checkCode(t *testing.T, got, want Code) {
	t.Helper()
	compared := got
	compared.Raw, compared.Symbology, compared.AIs = "", "", nil
	if want.Raw != "" && got.Raw != want.Raw {
		t.Errorf("Raw = %q, want %q", got.Raw, want.Raw)
	}
	if want.Symbology != "" && got.Symbology != want.Symbology {
		t.Errorf("Symbology = %q, want %q", got.Symbology, want.Symbology)
	}
	if want.AIs != nil && !reflect.DeepEqual(got.AIs, want.AIs) {
		t.Errorf("AIs = %v, want %v", got.AIs, want.AIs)
	}
	want.Raw, want.Symbology, want.AIs = "", "", nil
	if !reflect.DeepEqual(compared, want) {
		t.Errorf("got  %+v\nwant %+v", compared, want)
	}
}

func wantError(t *testing.T, err error, reason, msg string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error with reason %q", err, err, reason)
	}
	if e.Reason != reason {
		t.Errorf("Reason = %q, want %q (message %q)", e.Reason, reason, e.Message)
	}
	if msg != "" && e.Message != msg {
		t.Errorf("Message = %q, want %q", e.Message, msg)
	}
	if e.Error() != e.Message || e.Message == "" {
		t.Errorf("Error() = %q, Message = %q", e.Error(), e.Message)
	}
}

func TestParseWithoutParser(t *testing.T) {
	var p *Parser
	c, err := p.Parse("2012345012509")
	if err != nil || c.ItemCode != "12345" {
		t.Fatalf("nil Parser: %+v, %v", c, err)
	}
	if c, err := Parse("5901234123457"); err != nil || c.GTIN != "05901234123457" {
		t.Fatalf("Parse: %+v, %v", c, err)
	}
}

func TestDescribeZero(t *testing.T) {
	if got := (Code{}).Describe(); got != "no code" {
		t.Errorf("Describe() = %q", got)
	}
}

func TestLongInputIsShortenedInMessages(t *testing.T) {
	_, err := Parse(strings.Repeat("A", 200))
	var e *Error
	if !errors.As(err, &e) || len(e.Message) > 100 {
		t.Errorf("message too long for the screen: %v", err)
	}
}

func BenchmarkParseEAN13(b *testing.B) {
	p := NewParser()
	for b.Loop() {
		if _, err := p.Parse("5901234123457\r\n"); err != nil {
			b.Fatal(err)
		}
	}
}
