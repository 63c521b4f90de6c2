package central

import (
	"slices"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

func TestRatesThatDiffer(t *testing.T) {
	pl := Translation{2300: 2300, 800: 800, 500: 500}
	lt := Translation{2300: 2100, 800: 900, 500: 500}
	if got := RatesThatDiffer(pl, lt); !slices.Equal(got, []pos.VATRate{800, 2300}) {
		t.Fatalf("PL and LT differ at %v, want 8 and 23 %%", got)
	}
	// A country without classes is sent the catalog's own rates.
	if got := RatesThatDiffer(nil, Translation{2300: 2300}); len(got) != 0 {
		t.Fatalf("no classes and the same rates differ at %v", got)
	}
	if got := RatesThatDiffer(nil, lt); len(got) != 2 {
		t.Fatalf("no classes and LT differ at %v, want 8 and 23 %%", got)
	}
}

func TestCheckVATClassAndStore(t *testing.T) {
	for _, c := range []VATClass{{"POL", "standard", 2300}, {"PL", "", 2300}, {"PL", "standard", 10001}, {"PL", "zero", -1}} {
		if err := c.Check(); pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("%+v: %v", c, err)
		}
	}
	if err := (VATClass{"LT", "zero", 0}).Check(); err != nil {
		t.Errorf("LT zero: %v", err)
	}
	if err := (Store{ID: "LT-VNO", Country: "Lithuania"}).Check(); pos.ErrorCode(err) != pos.EINVALID {
		t.Errorf("a store's country that is no code: %v", err)
	}
	if err := (Store{ID: "LT-VNO"}).Check(); err != nil {
		t.Errorf("a store without a country: %v", err)
	}
}
