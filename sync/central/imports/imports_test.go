package imports

import (
	"io"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/central"
)

// TestImportFilesNameEveryBadLine checks that every file central imports keeps the one rule
// of the till's catalog file: a file with two bad lines names both, and nothing of it is read.
func TestImportFilesNameEveryBadLine(t *testing.T) {
	tests := map[string]struct {
		read func(io.Reader) (int, error)
		file string
	}{
		"Stores": {func(r io.Reader) (int, error) { s, err := ReadStores(r); return len(s), err },
			"id,name\nA,\nB,Bravo\nC,\n"},
		"Stock": {func(r io.Reader) (int, error) { m, err := ReadStock(r); return len(m), err },
			"store_id,sku,qty\nPL-WAW,,1\nPL-WAW,ZUB-07,1\nPL-WAW,ZUB-07,x\n"},
		"VAT": {func(r io.Reader) (int, error) { c, err := ReadVATClasses(r); return len(c), err },
			"country,class,rate\nPOL,standard,23\nPL,reduced,8\nPL,zero,nil\n"},
		"Promotions": {func(r io.Reader) (int, error) { p, err := ReadPromotions(r); return len(p), err },
			"id,name,kind,skus,value,starts,ends\nA,A,bogof,ZUB-07,10,2026-12-01,2026-12-02\nB,B,percent,ZUB-07,10,2026-12-01,2026-12-02\nC,C,percent,ZUB-07,10,tomorrow,2026-12-02\n"},
		"Customers": {func(r io.Reader) (int, error) { c, err := ReadCustomers(r); return len(c), err },
			"id,name\nC-1,\nC-2,Ewa\n,Nobody\n"},
		"Orders": {func(r io.Reader) (int, error) { o, err := ReadOrders(r); return len(o), err },
			"number,store_id,sku,qty\nA,PL-WAW,ZUB-07,x\nB,PL-WAW,ZUB-07,1\nC,,ZUB-07,1\n"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := tt.read(strings.NewReader(tt.file))
			if n != 0 || pos.ErrorCode(err) != pos.EINVALID {
				t.Fatalf("got %d records, %v; want none and invalid", n, err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "line 2: ") || !strings.HasPrefix(lines[1], "line 4: ") {
				t.Fatalf("got %q, want lines 2 and 4 named", err)
			}
		})
	}
}

func TestReadStoresAndStock(t *testing.T) {
	stores, err := ReadStores(strings.NewReader("\uFEFFid,name,currency\nPL-WAW,Warszawa,pln\nLT-VNO,Vilnius,EUR\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(stores) != 2 || stores[0].Currency != pos.PLN || stores[1].Name != "Vilnius" {
		t.Fatalf("stores %+v", stores)
	}
	for name, file := range map[string]string{
		"UnknownColumn": "id,name,colour\nA,B,red\n",
		"MissingName":   "id\nA\n",
		"EmptyName":     "id,name\nA,\n",
		"Twice":         "id,name\nA,x\nA,y\n",
		"Empty":         "",
		"HeaderOnly":    "id,name\n",
	} {
		if _, err := ReadStores(strings.NewReader(file)); pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	moves, err := ReadStock(strings.NewReader("store_id,sku,qty\nPL-WAW,ZUB-07,10\nPL-WAW,KIE-SL,\"2,5\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(moves) != 2 || moves[0].Delta != 10000 || moves[1].Delta != 2500 {
		t.Fatalf("moves %+v", moves)
	}
	if _, err := ReadStock(strings.NewReader("store_id,sku,qty\nPL-WAW,ZUB-07,-1\n")); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("negative delivery: %v", err)
	}
}

func TestReadVATClasses(t *testing.T) {
	classes, err := ReadVATClasses(strings.NewReader("country,class,rate\npl,Reduced,8\nLT,zero,0\nLT,reduced,\"5,5%\"\n"))
	if err != nil || len(classes) != 3 || classes[0].Rec != (central.VATClass{Country: "PL", Class: "reduced", Rate: 800}) || classes[1].Rec.Rate != 0 || classes[2].Rec.Rate != 550 || classes[2].Line != 4 {
		t.Fatalf("read: %+v %v", classes, err)
	}
	for _, tc := range []struct{ file, want string }{
		{"country,class\nPL,reduced\n", `missing column "rate"`},
		{"country,class,rate\nPOL,reduced,8\n", `line 2: country is "POL"`},
		{"country,class,rate\nPL,reduced,8\nPL,standard,abc\n", `line 3: PL standard: rate "abc" is not a percent`},
		{"country,class,rate\nPL,reduced,8\nPL,REDUCED,7\n", "line 3: PL reduced is already on line 2"},
		{"country,class,rate\nPL,,8\n", "line 2: the class of PL is empty"},
		{"country,class,rate\n", "only its header"},
	} {
		if _, err := ReadVATClasses(strings.NewReader(tc.file)); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.file, err, tc.want)
		}
	}
	stores, err := ReadStores(strings.NewReader("id,name,country\nLT-VNO,Vilnius,lt\n"))
	if err != nil || stores[0].Country != "LT" {
		t.Fatalf("stores with a country: %+v %v", stores, err)
	}
	if _, err := ReadStores(strings.NewReader("id,name,country\nLT-VNO,Vilnius,Lithuania\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("a country that is no code: %v", err)
	}
}

func TestReadOrdersRefusesBadRows(t *testing.T) {
	head := "number,store_id,sku,qty,id,channel,customer_id,paid\n"
	tests := map[string]struct{ file, want string }{
		"NoNumber":       {head + ",PL-WAW,ZUB-07,1,,,,\n", "line 2: the order number is empty"},
		"NoStore":        {head + "A,,ZUB-07,1,,,,\n", "line 2: order A has no store_id"},
		"NoSKU":          {head + "A,PL-WAW,,1,,,,\n", "line 2: order A: the sku is empty"},
		"BadQty":         {head + "A,PL-WAW,ZUB-07,two,,,,\n", `line 2: order A: "two" is not a quantity`},
		"ZeroQty":        {head + "A,PL-WAW,ZUB-07,0,,,,\n", `line 2: order A: "0" is not a quantity`},
		"OtherStore":     {head + "A,PL-WAW,ZUB-07,1,,,,\nA,LT-VNO,SAK-1,1,,,,\n", `line 3: order A has store_id "LT-VNO" here but "PL-WAW" on line 2`},
		"OtherPaid":      {head + "A,PL-WAW,ZUB-07,1,,,,yes\nA,PL-WAW,SAK-1,1,,,,\n", "line 3: order A has paid"},
		"BadPaid":        {head + "A,PL-WAW,ZUB-07,1,,,,sure\n", `line 2: paid is "sure"`},
		"MissingColumn":  {"number,store_id,sku\n", `line 1: missing column "qty"`},
		"UnknownColumn":  {"number,store_id,sku,qty,price\n", `line 1: unknown column "price"`},
		"RepeatedColumn": {"number,store_id,sku,qty,sku\n", `line 1: column "sku" appears twice`},
		"OnlyHeader":     {head, "only its header"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			orders, err := ReadOrders(strings.NewReader(tt.file))
			if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tt.want) || orders != nil {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadCustomersRefusesBadRows(t *testing.T) {
	head := "id,name,card,email,phone,points,erased\n"
	tests := map[string]struct{ file, want string }{
		"NoName":      {head + "C-1,,,,,,\n", "line 2: customer C-1 has no name"},
		"NoID":        {head + ",Anna,,,,,\n", "line 2: the customer id is empty"},
		"BadPoints":   {head + "C-1,Anna,,,,1.5,\n", `line 2: customer C-1: points is "1.5"`},
		"Negative":    {head + "C-1,Anna,,,,-3,\n", `line 2: customer C-1: points is "-3"`},
		"BadEmail":    {head + "C-1,Anna,,anna,,,\n", `"anna" is not an e-mail address`},
		"SameCard":    {head + "C-1,Anna,123,,,,\nC-2,Ewa,123,,,,\n", "line 3: card 123 is already on line 2"},
		"SameID":      {head + "C-1,Anna,,,,,\nC-1,Ewa,,,,,\n", "line 3: customer C-1 is already on line 2"},
		"NoIDColumn":  {"name,card\n", `line 1: missing column "id"`},
		"BadFlag":     {head + "C-1,Anna,,,,,perhaps\n", `line 2: erased is "perhaps"`},
		"OnlyHeader":  {head, "only its header"},
		"WrongFields": {head + "C-1,Anna\n", "line 2: the row has 2 fields, the header has 7"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			rows, err := ReadCustomers(strings.NewReader(tt.file))
			if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tt.want) || rows != nil {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReadPromotionsRefusesBadRows(t *testing.T) {
	head := "id,name,kind,skus,value,min_qty,stores,starts,ends,withdrawn\n"
	row := func(s string) string { return head + "OK,Fine,percent,ZUB-07,10,,,2026-12-01,2026-12-02,\n" + s + "\n" }
	tests := map[string]struct{ file, want string }{
		"Empty":         {"", "the file is empty"},
		"OnlyHeader":    {head, "only its header"},
		"UnknownColumn": {"id,name,kind,skus,value,starts,ends,colour\n", `line 1: unknown column "colour"`},
		"MissingColumn": {"id,name,kind,skus,value,starts\n", `line 1: missing column "ends"`},
		"UnknownKind":   {row("B,B,bogof,ZUB-07,10,,,2026-12-01,2026-12-02,"), `line 3: promotion B has unknown kind "bogof"`},
		"BadPercent":    {row("B,B,percent,ZUB-07,150,,,2026-12-01,2026-12-02,"), `line 3: promotion B: "150" is not a percentage`},
		"BadPrice":      {row("B,B,price,ZUB-07,12.999,,,2026-12-01,2026-12-02,"), `line 3: promotion B: "12.999" is not an amount`},
		"MultibuyOfOne": {row("B,B,multibuy,ZUB-07,10,1,,2026-12-01,2026-12-02,"), "line 3: promotion B: a multibuy needs at least 2 pieces"},
		"BadMinQty":     {row("B,B,multibuy,ZUB-07,10,x,,2026-12-01,2026-12-02,"), "line 3: promotion B: min_qty"},
		"BadDate":       {row("B,B,percent,ZUB-07,10,,,1.12.2026,2026-12-02,"), `line 3: starts is "1.12.2026"`},
		"EndsFirst":     {row("B,B,percent,ZUB-07,10,,,2026-12-02,2026-12-01,"), "line 3: promotion B ends before it starts"},
		"NoSKU":         {row("B,B,percent,,10,,,2026-12-01,2026-12-02,"), "line 3: promotion B names no SKU"},
		"BadFlag":       {row("B,B,percent,ZUB-07,10,,,2026-12-01,2026-12-02,maybe"), `line 3: withdrawn is "maybe"`},
		"Twice":         {row("OK,Fine,percent,ZUB-07,10,,,2026-12-01,2026-12-02,"), "line 3: promotion OK is already on line 2"},
		"ShortRow":      {row("B,B,percent"), "line 3: the row has 3 fields, the header has 10"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			promos, err := ReadPromotions(strings.NewReader(tt.file))
			if pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(err.Error(), tt.want) || promos != nil {
				t.Fatalf("got %v (%d promotions), want %q", err, len(promos), tt.want)
			}
		})
	}
}
