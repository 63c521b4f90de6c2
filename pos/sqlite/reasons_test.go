package sqlite_test

import (
	"reflect"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

func reasonSet(extra ...pos.Reason) []pos.Reason {
	rs := []pos.Reason{
		{Kind: pos.ReasonDiscount, Code: "damaged", Text: map[string]string{"en": "Damaged", "pl": "Uszkodzone", "lt": "Sugadinta"}},
		{Kind: pos.ReasonDiscount, Code: "goodwill", Text: map[string]string{"en": "Goodwill"}},
		{Kind: pos.ReasonVoid, Code: "mistake", Text: map[string]string{"en": "Mistake", "pl": "Pomyłka"}},
		{Kind: pos.ReasonNoSale, Code: "float", Text: map[string]string{"en": "Float"}},
		{Kind: pos.ReasonReturn, Code: "faulty", Text: map[string]string{"en": "Faulty"}},
	}
	return append(rs, extra...)
}

// The lists keep their order and words; seeding gives defaults only to a till with none; a
// bad set changes nothing.
func TestReasons(t *testing.T) {
	db := mustOpen(t)
	seeded, err := db.SeedReasons(ctx, reasonSet())
	if err != nil || !seeded {
		t.Fatalf("seed: %v, %v", seeded, err)
	}
	got, err := db.Reasons(ctx, pos.ReasonDiscount)
	if err != nil || !reflect.DeepEqual(got, reasonSet()[:2]) {
		t.Fatalf("discount reasons %+v, %v", got, err)
	}
	if got[0].In("lt") != "Sugadinta" || got[1].In("pl") != "Goodwill" {
		t.Fatalf("words: %q, %q", got[0].In("lt"), got[1].In("pl"))
	}
	changed := reasonSet(pos.Reason{Kind: pos.ReasonVoid, Code: "wrong-price", Text: map[string]string{"en": "Wrong price"}})
	if seeded, err := db.SeedReasons(ctx, changed); err != nil || seeded {
		t.Fatalf("seeding a till that has reasons: %v, %v", seeded, err)
	}
	if err := db.SaveReasons(ctx, changed); err != nil {
		t.Fatal(err)
	}
	voids, _ := db.Reasons(ctx, pos.ReasonVoid)
	if len(voids) != 2 || voids[1].Code != "wrong-price" {
		t.Fatalf("void reasons after saving: %+v", voids)
	}
	twice := reasonSet(reasonSet()[0])
	if err := db.SaveReasons(ctx, twice); pos.ErrorCode(err) != pos.EINVALID {
		t.Fatalf("a reason listed twice: %v", err)
	}
	if voids, _ := db.Reasons(ctx, pos.ReasonVoid); len(voids) != 2 {
		t.Fatalf("a refused set changed the lists: %+v", voids)
	}
}
