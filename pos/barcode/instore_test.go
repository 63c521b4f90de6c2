package barcode

import "testing"

func TestParseTemplate(t *testing.T) {
	for _, tc := range []struct {
		name, prefix, pattern string
		ok                    bool
	}{
		{"default", "20", DefaultInStorePattern, true},
		{"price", "21", "21 PPPPP MMMMM C", true},
		{"item only", "22", "22 PPPPPPPPPP C", true},
		{"literal zeros", "23", "2X 0 PPPP 0 MMMM C", true},
		{"lower case", "24", "2x ppppp wwwww c", true},
		{"no spaces", "29", "2XPPPPPWWWWWC", true},
		{"prefix 30", "30", "3X PPPPP WWWWW C", false},
		{"prefix 19", "19", "1X PPPPP WWWWW C", false},
		{"prefix one digit", "2", DefaultInStorePattern, false},
		{"prefix empty", "", DefaultInStorePattern, false},
		{"12 letters", "20", "2X PPPPP WWWW C", false},
		{"14 letters", "20", "2X PPPPP WWWWWW C", false},
		{"no check digit", "20", "2X PPPPP WWWWWX", false},
		{"check digit not last", "20", "2X PPPPP CWWWW W", false},
		{"two check digits", "20", "2X PPPPP WWWW C C", false},
		{"no item code", "20", "2X XXXXX WWWWW C", false},
		{"weight and price", "20", "2X PPPP WWW MMM C", false},
		{"split item code", "20", "2X PP X PP WWWWW C", false},
		{"split weight", "20", "2X PPPPP WW X WW C", false},
		{"unknown letter", "20", "2X PPPPP QQQQQ C", false},
		{"other prefix literal", "21", "20 PPPPP WWWWW C", false},
		{"unicode", "20", "2X PPPPP WWWWŁ C", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := ParseTemplate(tc.prefix, tc.pattern)
			if tc.ok {
				if err != nil {
					t.Fatalf("ParseTemplate(%q, %q): %v", tc.prefix, tc.pattern, err)
				}
				if tpl.Prefix != tc.prefix || tpl.Pattern != tc.pattern {
					t.Errorf("got %+v", tpl)
				}
				return
			}
			wantError(t, err, "template", "")
			if tpl != (Template{}) {
				t.Errorf("failed ParseTemplate returned %+v", tpl)
			}
		})
	}
}

func mustTemplate(t testing.TB, prefix, pattern string) Template {
	t.Helper()
	tpl, err := ParseTemplate(prefix, pattern)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestParserTemplates(t *testing.T) {
	p := NewParser(
		mustTemplate(t, "21", "21 PPPPP MMMMM C"),
		mustTemplate(t, "22", "22 PPPPPPPPPP C"),
		mustTemplate(t, "23", "23 0 PPPP MMMMM C"),
		mustTemplate(t, "21", "21 PPPPP WWWWW C"), // ignored: the first 21 wins
		Template{Prefix: "24", Pattern: "24 PPPPP WWWWW"},
	)
	for _, tc := range []struct {
		name, in string
		want     Code
		desc     string
		reason   string
	}{
		{name: "price field", in: "2112345012995", want: Code{Kind: InStore, ItemCode: "12345", Price: 1299, HasPrice: true},
			desc: "in-store item 12345, price 12.99"},
		{name: "item code only", in: "2201234567897", want: Code{Kind: InStore, ItemCode: "0123456789"},
			desc: "in-store item 0123456789"},
		{name: "literal matches", in: "2301234123458", want: Code{Kind: InStore, ItemCode: "1234", Price: 12345, HasPrice: true}},
		{name: "literal differs", in: "2312345123459", reason: "template"},
		{name: "other prefix keeps default", in: "2012345012509", want: Code{Kind: InStore, ItemCode: "12345", Weight: 1250, HasWeight: true}},
		{name: "broken template", in: "2412345012507", reason: "template"},
		{name: "check digit before template", in: "2312345123451", reason: "check-digit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := p.Parse(tc.in)
			if tc.reason != "" {
				wantError(t, err, tc.reason, "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkCode(t, c, tc.want)
			if tc.desc != "" && c.Describe() != tc.desc {
				t.Errorf("Describe() = %q, want %q", c.Describe(), tc.desc)
			}
		})
	}
}
