package pos

import "testing"

func TestParseAndFormatMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Money
		bad  bool
	}{
		{in: "12.99", want: 1299}, {in: "12,99", want: 1299}, {in: "12", want: 1200}, {in: "0.5", want: 50},
		{in: " 7,05 ", want: 705}, {in: "-1.20", want: -120}, {in: "1.999", bad: true}, {in: "12,x", bad: true},
		{in: "", bad: true}, {in: ".", bad: true}, {in: "1e3", bad: true}, {in: "9999999999999999", bad: true},
		// As the screens write amounts: groups of three, with a space or a no-break space.
		{in: "1 234,56", want: 123456}, {in: "1\u00a0234,56", want: 123456}, {in: "12\u202f345 678", want: 1234567800},
		{in: "-1 000", want: -100000}, {in: "12 99", bad: true}, {in: "1 2345", bad: true}, {in: "1  234", bad: true},
		{in: "1234 ,5", bad: true},
	} {
		got, err := ParseMoney(tc.in)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v", tc.in, got, err)
		}
	}
	if s := Money(-5).String(); s != "-0.05" {
		t.Errorf("String = %q", s)
	}
	if s := Money(123456).Display(); s != "1234,56" {
		t.Errorf("Display = %q", s)
	}
}

func TestMulQtyRoundsHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct {
		price Money
		qty   Qty
		want  Money
	}{
		{2499, Grams(512), 1279}, // 12.79488
		{999, Grams(500), 500},   // 4.995 rounds up
		{1000, Pieces(3), 3000},
		{1, Grams(499), 0},
		{-999, Grams(500), -500},
	} {
		if got := MulQty(tc.price, tc.qty); got != tc.want {
			t.Errorf("MulQty(%d, %d) = %d, want %d", tc.price, tc.qty, got, tc.want)
		}
	}
}

func TestQtyFormat(t *testing.T) {
	if s := Pieces(3).Format(UnitPiece); s != "3" {
		t.Errorf("pieces %q", s)
	}
	if s := Grams(250).Format(UnitKg); s != "0,250" {
		t.Errorf("kg %q", s)
	}
	if _, err := ParseQty("0"); err == nil {
		t.Error("zero quantity accepted")
	}
	if q, err := ParseQty("0,512"); err != nil || q != 512 {
		t.Errorf("ParseQty = %d, %v", q, err)
	}
}

func TestVATPerRateFromTotals(t *testing.T) {
	// Three lines of 0.99 at 23 %: VAT is computed on 2.97 (0.56), not summed per line (3 × 0.19 = 0.57).
	s := Sale{Lines: []Line{
		{UnitPrice: 99, Qty: Pieces(1), VAT: 2300}, {UnitPrice: 99, Qty: Pieces(1), VAT: 2300}, {UnitPrice: 99, Qty: Pieces(1), VAT: 2300},
		{UnitPrice: 1050, Qty: Pieces(1), VAT: 500},
	}}
	tot := s.Totals(PolishVAT)
	if len(tot.VAT) != 2 || tot.VAT[0].Class.Letter != "A" || tot.VAT[0].VAT != 56 || tot.VAT[1].VAT != 50 {
		t.Fatalf("VAT lines %+v", tot.VAT)
	}
	if tot.Total != 1347 || tot.Net != 1347-106 {
		t.Fatalf("totals %+v", tot)
	}
}

func TestBasketSharesAddUp(t *testing.T) {
	s := Sale{Lines: []Line{
		{UnitPrice: 333, Qty: Pieces(1), VAT: 2300},
		{UnitPrice: 333, Qty: Pieces(1), VAT: 500, Voided: true},
		{UnitPrice: 334, Qty: Pieces(1), VAT: 500},
		{UnitPrice: 333, Qty: Pieces(1), VAT: 800},
	}, BasketDiscount: Discount{Amount: 100}}
	shares := s.BasketShares()
	var sum Money
	for _, m := range shares {
		sum += m
	}
	if sum != 100 || shares[1] != 0 {
		t.Fatalf("shares %v add up to %d", shares, sum)
	}
	tot := s.Totals(PolishVAT)
	var gross Money
	for _, v := range tot.VAT {
		gross += v.Gross
	}
	if gross != tot.Total || tot.Total != 900 {
		t.Fatalf("VAT gross %d vs total %d", gross, tot.Total)
	}
}

func TestFoldText(t *testing.T) {
	for in, want := range map[string]string{
		"Żubrówka": "zubrowka", "Kiełbasa śląska": "kielbasa slaska", "Grūdėtas varškės sūris": "grudetas varskes suris",
		"ĄČĘĖĮŠŲŪŽ": "aceeisuuz",
	} {
		if got := FoldText(in); got != want {
			t.Errorf("FoldText(%q) = %q, want %q", in, got, want)
		}
	}
}
