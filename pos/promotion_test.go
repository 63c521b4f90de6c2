package pos

import (
	"testing"
	"time"
)

func TestPriceLines(t *testing.T) {
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	week := func(p Promotion) Promotion {
		p.Starts, p.Ends = at.Add(-72*time.Hour), at.Add(96*time.Hour)
		if p.Name == "" {
			p.Name = p.ID
		}
		return p
	}
	vodka := PriceLine{SKU: "ZUB-07", Unit: UnitPiece, UnitPrice: 4299, Qty: Pieces(3)}
	sausage := PriceLine{SKU: "KIE-SL", Unit: UnitKg, UnitPrice: 2499, Qty: Grams(250)}
	pct := func(id string, bp int64, skus ...SKU) Promotion {
		return week(Promotion{ID: id, Kind: PromoPercent, Value: bp, SKUs: skus})
	}
	price := func(id string, v Money, skus ...SKU) Promotion {
		return week(Promotion{ID: id, Kind: PromoPrice, Value: int64(v), SKUs: skus})
	}
	multi := func(id string, n int64, v Money, skus ...SKU) Promotion {
		return week(Promotion{ID: id, Kind: PromoMultibuy, MinQty: n, Value: int64(v), SKUs: skus})
	}
	withdrawn := pct("OFF", 5000, "ZUB-07")
	withdrawn.Withdrawn = true
	otherStore := pct("VNO", 5000, "ZUB-07")
	otherStore.Stores = []StoreID{"LT-VNO"}
	thisStore := pct("WAW", 1000, "ZUB-07")
	thisStore.Stores = []StoreID{"LT-VNO", "PL-WAW"}
	ended := pct("ENDED", 5000, "ZUB-07")
	ended.Ends = at // the end is the first instant it no longer applies
	future := pct("SOON", 5000, "ZUB-07")
	future.Starts = at.Add(time.Second)

	tests := []struct {
		name   string
		line   PriceLine
		promos []Promotion
		want   PricedLine
	}{
		{"NoPromotion", vodka, nil, PricedLine{Gross: 12897}},
		// 15 % of 128,97 is 19,3455: rounded once per line, half up.
		{"PercentRoundedPerLine", vodka, []Promotion{pct("P15", 1500, "ZUB-07")}, PricedLine{12897, 1935, "P15"}},
		{"PercentHalfUp", PriceLine{SKU: "A", Unit: UnitPiece, UnitPrice: 1, Qty: Pieces(1)}, []Promotion{pct("P50", 5000, "A")}, PricedLine{1, 1, "P50"}},
		// 0,250 kg at 24,99 is 6,2475, so 6,25; 10 % of it is 0,625, so 0,63.
		{"PercentOfWeight", sausage, []Promotion{pct("P10", 1000, "KIE-SL")}, PricedLine{625, 63, "P10"}},
		{"PercentWhole", vodka, []Promotion{pct("FREE", 10000, "ZUB-07")}, PricedLine{12897, 12897, "FREE"}},
		{"SpecialPrice", vodka, []Promotion{price("PR", 3999, "ZUB-07")}, PricedLine{12897, 900, "PR"}},
		{"SpecialPriceHigher", vodka, []Promotion{price("PR", 4500, "ZUB-07")}, PricedLine{Gross: 12897}},
		{"SpecialPriceOfWeight", sausage, []Promotion{price("PR", 1999, "KIE-SL")}, PricedLine{625, 125, "PR"}},
		// 3 for 100,00: 128,97 - 100,00.
		{"Multibuy", vodka, []Promotion{multi("M3", 3, 10000, "ZUB-07")}, PricedLine{12897, 2897, "M3"}},
		{"MultibuyTwoBundlesAndARest", PriceLine{SKU: "ZUB-07", Unit: UnitPiece, UnitPrice: 4299, Qty: Pieces(7)},
			[]Promotion{multi("M3", 3, 10000, "ZUB-07")}, PricedLine{30093, 5794, "M3"}},
		{"MultibuyTooFew", PriceLine{SKU: "ZUB-07", Unit: UnitPiece, UnitPrice: 4299, Qty: Pieces(2)},
			[]Promotion{multi("M3", 3, 10000, "ZUB-07")}, PricedLine{Gross: 8598}},
		{"MultibuyDearerThanSingly", vodka, []Promotion{multi("M3", 3, 13000, "ZUB-07")}, PricedLine{Gross: 12897}},
		{"MultibuyNotOnWeight", PriceLine{SKU: "KIE-SL", Unit: UnitKg, UnitPrice: 2499, Qty: Pieces(3)},
			[]Promotion{multi("M3", 3, 1000, "KIE-SL")}, PricedLine{Gross: 7497}},
		{"BestForTheCustomer", vodka, []Promotion{pct("P10", 1000, "ZUB-07"), multi("M3", 3, 10000, "ZUB-07"), price("PR", 3999, "ZUB-07")},
			PricedLine{12897, 2897, "M3"}},
		{"TieGoesToTheFirst", vodka, []Promotion{price("A", 3999, "ZUB-07"), price("B", 3999, "ZUB-07")}, PricedLine{12897, 900, "A"}},
		{"OtherSKU", vodka, []Promotion{pct("P15", 1500, "SAK-1")}, PricedLine{Gross: 12897}},
		{"ListedAmongOthers", vodka, []Promotion{pct("P15", 1500, "SAK-1", "ZUB-07")}, PricedLine{12897, 1935, "P15"}},
		{"Withdrawn", vodka, []Promotion{withdrawn}, PricedLine{Gross: 12897}},
		{"OtherStore", vodka, []Promotion{otherStore}, PricedLine{Gross: 12897}},
		{"ThisStoreListed", vodka, []Promotion{thisStore}, PricedLine{12897, 1290, "WAW"}},
		{"Ended", vodka, []Promotion{ended}, PricedLine{Gross: 12897}},
		{"NotYet", vodka, []Promotion{future}, PricedLine{Gross: 12897}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range tt.promos {
				if err := p.Validate(); err != nil {
					t.Fatalf("test promotion %s: %v", p.ID, err)
				}
			}
			got := PriceLines([]PriceLine{tt.line}, tt.promos, "PL-WAW", at, false)
			if len(got) != 1 || got[0] != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			if a := got[0].Amount(); a != tt.want.Gross-tt.want.Discount || a < 0 {
				t.Fatalf("amount %s", a)
			}
		})
	}
	t.Run("EachLineOnItsOwn", func(t *testing.T) {
		got := PriceLines([]PriceLine{vodka, sausage}, []Promotion{pct("P10", 1000, "KIE-SL"), price("PR", 3999, "ZUB-07")}, "PL-WAW", at, false)
		want := []PricedLine{{12897, 900, "PR"}, {625, 63, "P10"}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})
	t.Run("MembersOnly", func(t *testing.T) {
		members := pct("CLUB", 2000, "ZUB-07")
		members.Members = true
		promos := []Promotion{price("PR", 3999, "ZUB-07"), members}
		if got := PriceLines([]PriceLine{vodka}, promos, "PL-WAW", at, false)[0]; got.Promotion != "PR" {
			t.Fatalf("an anonymous basket took %s", got.Promotion)
		}
		if got := PriceLines([]PriceLine{vodka}, promos, "PL-WAW", at, true)[0]; got.Promotion != "CLUB" || got.Discount != 2579 {
			t.Fatalf("a member's basket: %+v", got)
		}
	})
}

func TestPromotionValidate(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	good := Promotion{ID: "P", Name: "Black week", Kind: PromoPercent, Value: 1500, SKUs: []SKU{"A"}, Starts: start, Ends: start.AddDate(0, 0, 7)}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(p *Promotion){
		"NoID":              func(p *Promotion) { p.ID = " " },
		"NoName":            func(p *Promotion) { p.Name = "" },
		"NoSKU":             func(p *Promotion) { p.SKUs = nil },
		"NoEnd":             func(p *Promotion) { p.Ends = time.Time{} },
		"EndsBeforeStart":   func(p *Promotion) { p.Ends = p.Starts },
		"UnknownKind":       func(p *Promotion) { p.Kind = "bogof" },
		"ZeroPercent":       func(p *Promotion) { p.Value = 0 },
		"OverHundred":       func(p *Promotion) { p.Value = 10001 },
		"NegativePrice":     func(p *Promotion) { p.Kind, p.Value = PromoPrice, -1 },
		"MultibuyOfOne":     func(p *Promotion) { p.Kind, p.MinQty, p.Value = PromoMultibuy, 1, 100 },
		"PiecesNotMultibuy": func(p *Promotion) { p.MinQty = 3 },
		"MultibuyNegative":  func(p *Promotion) { p.Kind, p.MinQty, p.Value = PromoMultibuy, 3, -1 },
	} {
		p := good
		change(&p)
		if err := p.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]int64{"15": 1500, "12,5": 1250, "12.5%": 1250, " 100 ": 10000, "0,01": 1} {
		if got, err := ParsePercent(in); err != nil || got != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-5", "100,01", "abc", "1,005"} {
		if _, err := ParsePercent(in); ErrorCode(err) != EINVALID {
			t.Errorf("ParsePercent(%q): %v, want invalid", in, err)
		}
	}
}
