package lang

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"testing"
	"time"

	"github.com/omnitill/omnitill/pos"
)

func TestPluralForms(t *testing.T) {
	pl, lt, en := MustNew(Polish, "PL"), MustNew(Lithuanian, "LT"), MustNew(English, "PL")
	for _, c := range []struct {
		w    *Words
		n    int
		want string
	}{
		{pl, 1, "1 produkt"}, {pl, 2, "2 produkty"}, {pl, 4, "4 produkty"}, {pl, 5, "5 produktów"},
		{pl, 12, "12 produktów"}, {pl, 22, "22 produkty"}, {pl, 25, "25 produktów"}, {pl, 0, "0 produktów"},
		{lt, 1, "1 prekė"}, {lt, 2, "2 prekės"}, {lt, 9, "9 prekės"}, {lt, 10, "10 prekių"},
		{lt, 11, "11 prekių"}, {lt, 21, "21 prekė"}, {lt, 0, "0 prekių"},
		{en, 1, "1 item"}, {en, 2, "2 items"}, {en, 0, "0 items"},
	} {
		if got := c.w.N("%d items", c.n); got != c.want {
			t.Errorf("%s: N(%d) = %q, want %q", c.w.Lang, c.n, got, c.want)
		}
	}
}

func TestNumbersAndMoney(t *testing.T) {
	pl, lt := MustNew(Polish, "PL"), MustNew(Lithuanian, "LT")
	for _, c := range []struct{ got, want string }{
		{pl.Money(123456, pos.PLN), "1 234,56 zł"},
		{lt.Money(123456, pos.EUR), "1 234,56 €"},
		{pl.Amount(5), "0,05"},
		{pl.Amount(-5), "-0,05"},
		{pl.Amount(99), "0,99"},
		{pl.Amount(100000000), "1 000 000,00"},
		{pl.Amount(pos.Money(math.MinInt64)), "-92 233 720 368 547 758,08"},
		{pl.Qty(pos.Pieces(2), pos.UnitPiece), "2 szt."},
		{lt.Qty(pos.Pieces(2), pos.UnitPiece), "2 vnt."},
		{pl.Qty(734, pos.UnitKg), "0,734 kg"},
		{pl.Qty(1500, pos.UnitPiece), "1,500 szt."},
		{pl.Qty(pos.Pieces(1200), pos.UnitPiece), "1 200 szt."},
		{pl.DateTime(time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)), "02.12.2026 14:05"},
		{lt.DateTime(time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)), "2026-12-02 14:05"},
		// English in a Polish store writes numbers as the store does.
		{MustNew(English, "PL").Money(123456, pos.PLN), "1 234,56 zł"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// A domain error is read in the reader's language, its amounts in the store's format; the
// log keeps the English.
func TestErrorsInTheReadersLanguage(t *testing.T) {
	err := fmt.Errorf("add: %w", pos.Errorf(pos.EINVALID, "%s is more than a price may be at this till (%s): check it", pos.Money(1234567), pos.Money(10000000)))
	pl := MustNew(Polish, "PL")
	if got, want := pl.Error(err), "12 345,67 to więcej, niż cena może wynosić w tej kasie (100 000,00): sprawdź ją"; got != want {
		t.Errorf("Polish: %q, want %q", got, want)
	}
	if got, want := err.Error(), "add: 12345.67 is more than a price may be at this till (100000.00): check it"; got != want {
		t.Errorf("log: %q, want %q", got, want)
	}
	inc := pos.Report(discard(), "sale", errors.New("disk I/O error"))
	if got := MustNew(Lithuanian, "LT").Error(inc); got != "Kasoje įvyko klaida; niekas neprarasta. Praneškite IT numerį "+inc.(*pos.Incident).Ref+": išsami informacija yra kasos žurnale." {
		t.Errorf("Lithuanian incident: %q", got)
	}
}

// A text without a translation is shown in English and reported.
func TestMissingTextIsReported(t *testing.T) {
	var missing []string
	w, err := New(Polish, "PL", func(msg string) { missing = append(missing, msg) })
	if err != nil {
		t.Fatal(err)
	}
	if got := w.T("No such text %d", 7); got != "No such text 7" {
		t.Errorf("got %q", got)
	}
	if got := w.T("pcs"); got != "szt." {
		t.Errorf("pcs = %q", got)
	}
	if len(missing) != 1 || missing[0] != "No such text %d" {
		t.Errorf("missing = %q", missing)
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Language{"pl": Polish, " LT ": Lithuanian, "En": English} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := Parse("de"); err == nil {
		t.Error("Parse(de) took a language the till does not speak")
	}
	if OfCountry("pl") != Polish || OfCountry("LT") != Lithuanian || OfCountry("DE") != English {
		t.Error("OfCountry")
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// A quantity inside a text is written as the store's country writes it, with the unit in
// the reader's language; the log keeps the plain form.
func TestMeasureInAText(t *testing.T) {
	said := pos.Phrasef("The scale reads %s.", pos.Measure{Qty: pos.Grams(1734), Unit: pos.UnitKg})
	for _, c := range []struct {
		w    *Words
		want string
	}{
		{MustNew(Polish, "PL"), "Waga pokazuje 1,734 kg."},
		{MustNew(Lithuanian, "LT"), "Svarstyklės rodo 1,734 kg."},
		{MustNew(English, "PL"), "The scale reads 1,734 kg."},
	} {
		if got := c.w.Phrase(said); got != c.want {
			t.Errorf("%s: %q, want %q", c.w.Lang, got, c.want)
		}
	}
	if got := said.String(); got != "The scale reads 1,734 kg." {
		t.Errorf("log: %q", got)
	}
	pieces := pos.Phrasef("Scanned: %s", pos.Measure{Qty: pos.Pieces(2), Unit: pos.UnitPiece})
	if got := MustNew(Polish, "PL").Phrase(pieces); got != "Zeskanowano: 2 szt." {
		t.Errorf("pieces: %q", got)
	}
}
