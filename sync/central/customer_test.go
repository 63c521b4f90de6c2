package central

import (
	"reflect"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

func TestImportCustomer(t *testing.T) {
	anna := pos.Customer{ID: "C-1", Name: "Anna Nowak", Card: "2900000000017", Points: 100}
	row := CustomerImport{Customer: anna, SetPoints: true}
	stored := &Customer{Customer: anna}
	erased := &Customer{Customer: pos.Customer{ID: "C-1"}, Erased: true}
	for name, tt := range map[string]struct {
		old  *Customer
		in   CustomerImport
		want CustomerChange
		code string
	}{
		"New": {nil, row, CustomerChange{Added: true, Save: true,
			Entries: []LoyaltyEntry{{Customer: "C-1", Points: 100, Kind: "adjust", Source: "f.csv"}}}, ""},
		"Same": {stored, row, CustomerChange{}, ""},
		"NewBalanceIsTheDifference": {stored, func() CustomerImport { r := row; r.Points = 150; return r }(), CustomerChange{Changed: true, Save: true,
			Entries: []LoyaltyEntry{{Customer: "C-1", Points: 50, Kind: "adjust", Source: "f.csv"}}}, ""},
		"NoBalanceGiven": {stored, func() CustomerImport { r := row; r.SetPoints, r.Points = false, 0; return r }(), CustomerChange{}, ""},
		"NewName":        {stored, func() CustomerImport { r := row; r.Name = "Anna Kowalska"; return r }(), CustomerChange{Changed: true, Save: true}, ""},
		"Erase": {stored, CustomerImport{Customer: pos.Customer{ID: "C-1"}, Erased: true}, CustomerChange{Changed: true, Erase: true,
			Entries: []LoyaltyEntry{{Customer: "C-1", Points: -100, Kind: "expire", Source: "erased: f.csv"}}}, ""},
		"EraseAgain":    {erased, CustomerImport{Customer: pos.Customer{ID: "C-1"}, Erased: true}, CustomerChange{}, ""},
		"EraseUnknown":  {nil, CustomerImport{Customer: pos.Customer{ID: "C-9"}, Erased: true}, CustomerChange{}, ""},
		"ErasedReturns": {erased, row, CustomerChange{}, pos.ECONFLICT},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ImportCustomer(tt.old, tt.in, "f.csv")
			if pos.ErrorCode(err) != tt.code || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v; want %+v, code %q", got, err, tt.want, tt.code)
			}
		})
	}
	if err := CheckEntry(*erased, LoyaltyEntry{Customer: "C-1", Points: 5, Kind: "earn"}); pos.ErrorCode(err) != pos.ECONFLICT {
		t.Fatalf("points for an erased customer: %v", err)
	}
	if err := CheckEntry(*stored, LoyaltyEntry{Customer: "C-1", Points: 5, Kind: "gift"}); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("an unknown kind: %v", err)
	}
}
