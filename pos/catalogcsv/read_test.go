package catalogcsv

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/barcode"
)

const header = "sku,barcode,name,price,vat,unit,plu,quick_key\n"

func TestReadFile(t *testing.T) {
	in := header +
		`PL-1,5901234123457|036000291452,"Mleko 3,2% 1 l",4.29,5,pcs,,` + "\n" +
		"\n" + // blank lines are skipped
		`PL-2,,"Banany",5.99,5,KG,00101,16` + "\n" +
		`PL-3,96385074,"Ser ""Gouda""",6.99,8,szt,,0` + "\n"
	got, err := Read(strings.NewReader(in), pos.PolishVAT)
	if err != nil {
		t.Fatal(err)
	}
	want := []pos.Product{
		{SKU: "PL-1", Barcodes: []string{"5901234123457", "036000291452"}, Name: "Mleko 3,2% 1 l", Price: 429, VAT: 500, Unit: pos.UnitPiece},
		{SKU: "PL-2", Name: "Banany", Price: 599, VAT: 500, Unit: pos.UnitKg, PLU: "00101", QuickKey: 16},
		{SKU: "PL-3", Barcodes: []string{"96385074"}, Name: `Ser "Gouda"`, Price: 699, VAT: 800, Unit: pos.UnitPiece},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestReadColumnOrderAndOptionalColumns(t *testing.T) {
	in := " Name ,VAT,Price,unit,SKU,barcode\nKefyras 1 l,5.5,5.49,vnt,LT-1,4771234567893\n"
	got, err := Read(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []pos.Product{{SKU: "LT-1", Barcodes: []string{"4771234567893"}, Name: "Kefyras 1 l", Price: 549, VAT: 550, Unit: pos.UnitPiece}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestReadBOMAndCRLF(t *testing.T) {
	in := "\uFEFF" + strings.ReplaceAll(header+
		"PL-1,5901234123457,Żubrówka Bison Grass 0,7 l,49.99,23,pcs,,\n"+
		"PL-2,,Šakotis,49.99,5,pcs,,3\n", "\n", "\r\n")
	in = strings.Replace(in, "Żubrówka Bison Grass 0,7 l", `"Żubrówka Bison Grass 0,7 l"`, 1)
	got, err := Read(strings.NewReader(in), pos.PolishVAT)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].SKU != "PL-1" || got[0].Name != "Żubrówka Bison Grass 0,7 l" || got[1].Name != "Šakotis" || got[1].QuickKey != 3 {
		t.Errorf("got %+v", got)
	}
	// A bad row of a CRLF file is named by the same line a text editor shows.
	bad := strings.ReplaceAll(header+"PL-1,,A,1.00,5,pcs,,\nPL-2,,B,x,5,pcs,,\n", "\n", "\r\n")
	_, err = Read(strings.NewReader("\uFEFF"+bad), pos.PolishVAT)
	if want := `line 3: price "x" is not an amount of money (use e.g. 12,99)`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestReadNoProducts(t *testing.T) {
	for _, in := range []string{"", "\n\n", "\uFEFF", header, "\uFEFF" + header + "\n"} {
		_, err := Read(strings.NewReader(in), pos.PolishVAT)
		if err == nil || !strings.HasPrefix(err.Error(), "no products") || pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("%q: got %v, want no products", in, err)
		}
	}
}

func TestReadHeaderErrors(t *testing.T) {
	cases := []struct{ header, want string }{
		{"sku,barcode,name,price,vat,unit,colour,size",
			`line 1: unknown column "colour", "size" (the columns are sku,barcode,name,price,vat,unit,plu,quick_key)`},
		{"sku,name,vat,unit",
			`line 1: missing column "barcode", "price" (the columns are sku,barcode,name,price,vat,unit,plu,quick_key)`},
		{"sku,barcode,name,price,vat,unit,SKU",
			`line 1: column "sku" appears twice (the columns are sku,barcode,name,price,vat,unit,plu,quick_key)`},
		{"sku;barcode;name;price;vat;unit",
			`line 1: unknown column "sku;barcode;name;price;vat;unit"; missing column "sku", "barcode", "name", "price", "vat", "unit" (the columns are sku,barcode,name,price,vat,unit,plu,quick_key). The file's columns are separated by semicolons (;), not commas: save it as "CSV UTF-8 (comma delimited)"`},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.header+"\nPL-1,,A,1.00,5,pcs,,\n"), pos.PolishVAT)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\ngot  %v\nwant %s", c.header, err, c.want)
		}
	}
}

// badRow is the one bad row a case of TestReadBadRows expects.
func badRow(line int, msg string) csvfile.RowError { return csvfile.RowError{Line: line, Message: msg} }

func TestReadBadRows(t *testing.T) {
	const ok = "PL-1,5901234123457,Mleko,4.29,5,pcs,00101,1\n" // line 2
	cases := []struct {
		name, rows string
		want       csvfile.RowError
	}{
		{"price", "PL-2,,A,\"12,x\",5,pcs,,\n", badRow(3, `price "12,x" is not an amount of money (use e.g. 12,99)`)},
		{"price three decimals", "PL-2,,A,1.999,5,pcs,,\n", badRow(3, `price "1.999" is not an amount of money (use e.g. 12,99)`)},
		{"negative price", "PL-2,,A,-1.5,5,pcs,,\n", badRow(3, `price -1.50 is negative`)},
		{"empty price", "PL-2,,A,,5,pcs,,\n", badRow(3, `price "" is not an amount of money (use e.g. 12,99)`)},
		{"vat", "PL-2,,A,1.00,abc,pcs,,\n", badRow(3, `VAT "abc" is not a percent (use e.g. 23 or 5.5)`)},
		{"vat over 100", "PL-2,,A,1.00,230,pcs,,\n", badRow(3, `VAT "230" is not a percent (use e.g. 23 or 5.5)`)},
		{"vat not in table", "PL-2,,A,1.00,7,pcs,,\n", badRow(3, `VAT 7% is not a rate of this store (23%, 8%, 5%, 0%)`)},
		{"unit", "PL-2,,A,1.00,5,l,,\n", badRow(3, `unknown unit "l": use pcs or kg`)},
		{"empty sku", " ,,A,1.00,5,pcs,,\n", badRow(3, `the SKU is empty`)},
		{"empty name", "PL-2,,,1.00,5,pcs,,\n", badRow(3, `the name is empty`)},
		{"barcode length", "PL-2,59012341234,A,1.00,5,pcs,,\n", badRow(3, `barcode "59012341234" is not an EAN/UPC code: it must have 8, 12, 13 or 14 digits`)},
		{"barcode letters", "PL-2,590123412345X,A,1.00,5,pcs,,\n", badRow(3, `barcode "590123412345X" is not an EAN/UPC code: it must have 8, 12, 13 or 14 digits`)},
		{"check digit", "PL-2,5901234123458,A,1.00,5,pcs,,\n", badRow(3, `barcode 5901234123458 has a wrong check digit: it should end in 7`)},
		{"second barcode", "PL-2,5901234123464|96385075,A,1.00,5,pcs,,\n", badRow(3, `barcode 96385075 has a wrong check digit: it should end in 4`)},
		{"in-store prefix", "PL-2,2000000123455,A,1.00,5,pcs,,\n", badRow(3, `barcode 2000000123455 starts with 2, which is for in-store weight and price labels: give the article a PLU instead`)},
		{"barcode twice in a row", "PL-2,5901234123464|5901234123464,A,1.00,5,pcs,,\n", badRow(3, `barcode 5901234123464 is listed twice`)},
		{"duplicate barcode", "PL-2,5901234123464|5901234123457,A,1.00,5,pcs,,\n", badRow(3, `barcode 5901234123457 is already on line 2`)},
		{"one GTIN as UPC-A and EAN-13", "PL-2,036000291452|0036000291452,A,1.00,5,pcs,,\n", badRow(3, `barcode 0036000291452 is listed twice`)},
		{"duplicate GTIN-14", "PL-2,05901234123457,A,1.00,5,pcs,,\n", badRow(3, `barcode 05901234123457 is already on line 2`)},
		{"duplicate sku", "PL-1,,A,1.00,5,pcs,,\n", badRow(3, `SKU PL-1 is already on line 2`)},
		{"duplicate plu", "PL-2,,A,1.00,5,kg,00101,\n", badRow(3, `PLU 00101 is already on line 2`)},
		{"plu", "PL-2,,A,1.00,5,kg,12a,\n", badRow(3, `PLU "12a" must be 1 to 6 digits`)},
		{"plu too long", "PL-2,,A,1.00,5,kg,1234567,\n", badRow(3, `PLU "1234567" must be 1 to 6 digits`)},
		{"duplicate quick key", "PL-2,,A,1.00,5,pcs,,1\n", badRow(3, `quick key 1 is already on line 2`)},
		{"quick key", "PL-2,,A,1.00,5,pcs,,F1\n", badRow(3, `quick key "F1" is not a whole number (1, 2, … or empty for none)`)},
		{"negative quick key", "PL-2,,A,1.00,5,pcs,,-2\n", badRow(3, `quick key "-2" is not a whole number (1, 2, … or empty for none)`)},
		{"too few fields", "PL-2,,A,1.00,5,pcs\n", badRow(3, `the row has 6 fields, the header has 8`)},
		{"too many fields", "PL-2,,A,1,00,5,pcs,,\n", badRow(3, `the row has 9 fields, the header has 8: 1,00 looks like a number with a decimal comma, and a comma separates the columns: write 1.00, or put "1,00" in quotes`)},
		{"not utf-8", "PL-2,,Kie\xb3basa,1.00,5,pcs,,\n", badRow(3, `the row is not UTF-8 text: save the file as UTF-8`)},
		{"bare quote", "PL-2,,Pizza 12\",1.00,5,pcs,,\n", badRow(3, `cannot read the row (bare " in non-quoted-field): put a field containing " in quotes and double the " inside`)},
		{"after blank lines", "\n\nPL-2,,A,1.00,5,pcs,,x\n", badRow(5, `quick key "x" is not a whole number (1, 2, … or empty for none)`)},
		{"after a two-line field", "PL-2,,A,1.00,5,pcs,\"\n\",\nPL-3,,A,1.00,5,pcs,,x\n", badRow(5, `quick key "x" is not a whole number (1, 2, … or empty for none)`)},
		{"a two-line name", "PL-2,,\"Chleb\nżytni\",1.00,5,pcs,,\n", badRow(3, `the name holds a control character (a line break, a tab): write it on one line`)},
		{"a tab in the name", "PL-2,,\"Chleb\tżytni\",1.00,5,pcs,,\n", badRow(3, `the name holds a control character (a line break, a tab): write it on one line`)},
		{"an escape in the name", "PL-2,,Chleb\x1b@,1.00,5,pcs,,\n", badRow(3, `the name holds a control character (a line break, a tab): write it on one line`)},
		{"a name of 201 characters", "PL-2,," + strings.Repeat("ż", 201) + ",1.00,5,pcs,,\n", badRow(3, `the name has 201 characters: at most 200`)},
		{"a blank name", "PL-2,,\"   \",1.00,5,pcs,,\n", badRow(3, `the name is empty`)},
		{"price over the ceiling", "PL-2,,A,10000000.01,5,pcs,,\n", badRow(3, `price 10000000.01 is over the till's limit of 10000000.00 (setting policy.max_price)`)},
		{"price of 77 trillion", "PL-2,,A,999999999999999.99,5,pcs,,\n", badRow(3, `price 999999999999999.99 is over the till's limit of 10000000.00 (setting policy.max_price)`)},
		{"plu 101 and 00101 are one", "PL-2,,A,1.00,5,kg,101,\n", badRow(3, `PLU 101 is already on line 2`)},
		{"several problems", "PL-1,,,1.00,7,pcs,,\n", badRow(3, `SKU PL-1 is already on line 2; the name is empty; VAT 7% is not a rate of this store (23%, 8%, 5%, 0%)`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(header+ok+c.rows), pos.PolishVAT)
			var ie *csvfile.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, %v; want an ImportError", got, err)
			}
			if got != nil {
				t.Errorf("got products %v, want none", got)
			}
			if want := []csvfile.RowError{c.want}; !reflect.DeepEqual(ie.Rows, want) {
				t.Errorf("got  %q\nwant %q", ie.Rows, want)
			}
			if pos.ErrorCode(err) != pos.EINVALID || pos.ErrorMessage(err) != err.Error() {
				t.Errorf("code %s, message %q", pos.ErrorCode(err), pos.ErrorMessage(err))
			}
		})
	}
}

// A name of 200 characters, accents counted as one, is a name.
func TestReadLongestName(t *testing.T) {
	name := strings.Repeat("ż", 200)
	got, err := Read(strings.NewReader(header+"PL-1,,"+name+",1.00,5,pcs,,\n"), nil)
	if err != nil || len(got) != 1 || got[0].Name != name {
		t.Fatalf("got %v, %v", got, err)
	}
}

// Scan hands out good rows one by one with their lines; the till's price limit and the
// store's uniqueness are its caller's: two rows with one SKU both come out.
func TestScan(t *testing.T) {
	in := header + "PL-1,,Mleko,4.29,5,pcs,,\n\nPL-1,,Mleko 2,4.29,5,pcs,,\nPL-3,,Drogie,150.00,5,pcs,,\nPL-4,,Tanie,1.50,5,pcs,,\n"
	var lines []int
	err := Scan(strings.NewReader(in), Rules{VAT: pos.PolishVAT, MaxPrice: 10000}, func(r Row) error {
		lines = append(lines, r.Line)
		return nil
	})
	var ie *csvfile.ImportError
	if !errors.As(err, &ie) || !reflect.DeepEqual(ie.Rows, []csvfile.RowError{badRow(5, "price 150.00 is over the till's limit of 100.00 (setting policy.max_price)")}) {
		t.Fatalf("got %v", err)
	}
	if !reflect.DeepEqual(lines, []int{2, 4, 6}) {
		t.Fatalf("good rows on lines %v", lines)
	}
	stop := errors.New("stop")
	n := 0
	if err := Scan(strings.NewReader(in), Rules{}, func(Row) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("an error of each: %v after %d rows", err, n)
	}
}

func TestReadReportsAllBadRows(t *testing.T) {
	in := header +
		"PL-1,,Mleko,4.29,5,pcs,,\n" +
		"PL-2,,Kefir,12;99,5,pcs,,\n" + // line 3
		"PL-3,,Twaróg,5.49,5,pcs,,\n" +
		"PL-4,5901234123450,Masło,7.99,5,pcs,,\n" + // line 5
		"PL-5,,Śmietana 18%,6.49,5,pcs,,\n" +
		"PL-3,,Jogurt,3.29,5,pcs,,\n" // line 7
	_, err := Read(strings.NewReader(in), pos.PolishVAT)
	want := `line 3: price "12;99" is not an amount of money (use e.g. 12,99)
line 5: barcode 5901234123450 has a wrong check digit: it should end in 7
line 7: SKU PL-3 is already on line 4`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestValidGTIN(t *testing.T) {
	for _, s := range []string{"5901234123457", "4771234567893", "96385074", "036000291452", "05901234123457", "00000000000000"} {
		if !barcode.ValidGTIN(s) {
			t.Errorf("%s should be valid", s)
		}
	}
	for _, s := range []string{"5901234123458", "590123412345", "96385075", "", "abcdefgh", "590123412345a", "059012341234570"} {
		if barcode.ValidGTIN(s) {
			t.Errorf("%s should be invalid", s)
		}
	}
}

func TestReadGoesOnAfterAQuoteError(t *testing.T) {
	in := header + "PL-1,,Pizza 12\",1.00,5,pcs,,\nPL-2,,\"Ser \"Gouda\"\",1.00,5,pcs,,\nPL-3,,A,1.00,5,pcs,,\nPL-4,,B,1.00,9,pcs,,\n"
	_, err := Read(strings.NewReader(in), pos.PolishVAT)
	var ie *csvfile.ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 3 || ie.Rows[0].Line != 2 || ie.Rows[1].Line != 3 || ie.Rows[2].Line != 5 {
		t.Errorf("got %v", err)
	}
}
