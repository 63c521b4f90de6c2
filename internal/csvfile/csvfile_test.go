package csvfile

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
)

var columns = []string{"id", "name", "note"}

// readAll reads a file of columns (id and name required), refusing rows without a name,
// and returns the ids of the rows it kept.
func readAll(in string) ([]string, error) {
	f, err := Open(strings.NewReader(in), "things", columns, 2)
	if err != nil {
		return nil, err
	}
	var ids []string
	for f.Next() {
		if f.Get("name") == "" {
			f.Refuse("%s has no name", f.Get("id"))
			continue
		}
		ids = append(ids, f.Get("id"))
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return ids, nil
}

func TestReadRows(t *testing.T) {
	in := "\uFEFF NAME ,Id\r\n" + `"Mleko, 3,2%",A` + "\r\n\r\n" + `"Chleb` + "\n" + `żytni",B` + "\n"
	ids, err := readAll(in)
	if err != nil || !reflect.DeepEqual(ids, []string{"A", "B"}) {
		t.Fatalf("got %v, %v", ids, err)
	}
}

func TestOpenRefusesABadHeader(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"id,name,colour", `line 1: unknown column "colour" (the columns are id,name,note)`},
		{"id,note", `line 1: missing column "name" (the columns are id,name,note)`},
		{"id,name,ID", `line 1: column "id" appears twice (the columns are id,name,note)`},
		{"id;name", `line 1: unknown column "id;name"; missing column "id", "name" (the columns are id,name,note). The file's columns are separated by semicolons (;), not commas: save it as "CSV UTF-8 (comma delimited)"`},
		{"id\tname", `line 1: unknown column "id\tname"; missing column "id", "name" (the columns are id,name,note). The file's columns are separated by tabs, not commas: save it as "CSV UTF-8 (comma delimited)"`},
		{"colour;size", `line 1: unknown column "colour;size"; missing column "id", "name" (the columns are id,name,note)`},
		{"id,n\xb3me", `line 1: the header is not UTF-8 text: save the file as UTF-8`},
	} {
		_, err := readAll(c.header + "\nA,B,\n")
		var ie *ImportError
		if !errors.As(err, &ie) || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.header, err, c.want)
		}
	}
}

func TestNoRows(t *testing.T) {
	for in, want := range map[string]string{
		"":            "no things: the file is empty",
		"\uFEFF":      "no things: the file is empty",
		"\n\n":        "no things: the file is empty",
		"id,name\n":   "no things: the file has only its header",
		"id,name\n\n": "no things: the file has only its header",
	} {
		_, err := readAll(in)
		if err == nil || err.Error() != want || pos.ErrorCode(err) != pos.EINVALID {
			t.Errorf("%q: got %v, want %s", in, err, want)
		}
	}
}

// TestEveryBadRowIsNamed checks the one failure rule: nothing is read from a file with a
// bad row, and every bad row is named by the line it starts on, unreadable ones included.
func TestEveryBadRowIsNamed(t *testing.T) {
	in := "id,name,note\n" +
		"A,,\n" + // 2: refused by the caller
		"B,Bread\n" + // 3: short
		"C,Pizza 12\",\n" + // 4: a stray quote; reading goes on
		"D,Kie\xb3basa,\n" + // 5: not UTF-8
		"E,\"Two\nlines\",\n" + // 6-7: good
		"F,\"Ser\n\",x,y\n" + // 8-9: too many fields, named by its first line
		"G,Good,\n"
	_, err := readAll(in)
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want an ImportError", err)
	}
	want := []RowError{
		{2, "A has no name"},
		{3, "the row has 2 fields, the header has 3"},
		{4, `cannot read the row (bare " in non-quoted-field): put a field containing " in quotes and double the " inside`},
		{5, "the row is not UTF-8 text: save the file as UTF-8"},
		{8, "the row has 4 fields, the header has 3"},
	}
	if !reflect.DeepEqual(ie.Rows, want) {
		t.Errorf("got  %q\nwant %q", ie.Rows, want)
	}
	if pos.ErrorCode(err) != pos.EINVALID || pos.ErrorMessage(err) != err.Error() {
		t.Errorf("code %s, message %q", pos.ErrorCode(err), pos.ErrorMessage(err))
	}
}

func TestProblemsOfOneRowAreOneRowError(t *testing.T) {
	f, err := Open(strings.NewReader("id,name\nA,\nB,\n"), "things", columns, 2)
	if err != nil {
		t.Fatal(err)
	}
	for f.Next() {
		f.Refuse("first")
		f.Refuse("second")
	}
	var ie *ImportError
	if !errors.As(f.Err(), &ie) || !reflect.DeepEqual(ie.Rows, []RowError{{2, "first; second"}, {3, "first; second"}}) {
		t.Fatalf("got %v", f.Err())
	}
}

func TestImportErrorListIsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for i := 0; i < 150; i++ {
		b.WriteString("X,\n")
	}
	_, err := readAll(b.String())
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 150 {
		t.Fatalf("got %v", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxListed+1 || lines[maxListed] != "… and 50 more bad rows" {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

// A decimal comma splits a number in two in a comma-separated file: the row says so.
func TestDecimalCommaIsNamed(t *testing.T) {
	_, err := readAll("id,name,note\nA,Mleko,4,29\nB,Chleb,x,y\nC,Ser,-12,5\n")
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v", err)
	}
	want := []RowError{
		{2, `the row has 4 fields, the header has 3: 4,29 looks like a number with a decimal comma, and a comma separates the columns: write 4.29, or put "4,29" in quotes`},
		{3, `the row has 4 fields, the header has 3`},
		{4, `the row has 4 fields, the header has 3: -12,5 looks like a number with a decimal comma, and a comma separates the columns: write -12.5, or put "-12,5" in quotes`},
	}
	if !reflect.DeepEqual(ie.Rows, want) {
		t.Errorf("got  %q\nwant %q", ie.Rows, want)
	}
}

// Problems found once a file is read (on the catalog's end state) join the rows refused
// while reading it: one row a line, in line order.
func TestJoin(t *testing.T) {
	read := &ImportError{Rows: []RowError{{2, "bad price"}, {7, "bad VAT"}}}
	got := Join(read, []RowError{{3, "SKU A is already on line 1"}, {7, "quick key 2 is taken"}, {9, "barcode taken"}}, 4)
	want := &ImportError{Rows: []RowError{{2, "bad price"}, {3, "SKU A is already on line 1"}, {7, "bad VAT; quick key 2 is taken"}, {9, "barcode taken"}}, More: 4}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if len(read.Rows) != 2 {
		t.Error("Join changed the rows it was given")
	}
	if Join(nil, nil, 0) != nil {
		t.Error("no problem at all is no error")
	}
	if got := Join(nil, []RowError{{5, "x"}}, 0); got == nil || got.Error() != "line 5: x" {
		t.Errorf("got %v", got)
	}
}

// A hopeless file (every row bad) keeps the first 1000 bad rows and counts the rest, so a
// million-row file does not hold a million messages.
func TestBadRowsAreKeptUpToAThousand(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,name\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("X,\n")
	}
	_, err := readAll(b.String())
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != maxKept || ie.More != 5000-maxKept {
		t.Fatalf("got %d rows and %d more: %v", len(ie.Rows), ie.More, err)
	}
	if last := strings.Split(err.Error(), "\n")[maxListed]; last != "… and 4900 more bad rows" {
		t.Errorf("got %q", last)
	}
}
