package reasoncsv

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/assets"
	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
)

// The default lists read, with every kind and each reason in the three languages, and write
// back to the same file.
func TestDefaultsReadAndWriteBack(t *testing.T) {
	rs, err := Read(bytes.NewReader(assets.DefaultReasons))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[pos.ReasonKind]int{}
	for _, r := range rs {
		kinds[r.Kind]++
		for _, l := range languages {
			if r.Text[l] == "" {
				t.Errorf("%s %s has no %s words", r.Kind, r.Code, l)
			}
		}
	}
	for _, k := range pos.ReasonKinds {
		if kinds[k] < 4 {
			t.Errorf("%d %s reasons", kinds[k], k)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, rs); err != nil {
		t.Fatal(err)
	}
	if buf.String() != string(assets.DefaultReasons) {
		t.Errorf("written back:\n%s", buf.String())
	}
	again, err := Read(&buf)
	if err != nil || !reflect.DeepEqual(again, rs) {
		t.Fatalf("read back: %v", err)
	}
}

// A file from Excel with bad rows names every one, and imports nothing.
func TestBadRowsAreAllNamed(t *testing.T) {
	file := "\uFEFFkind,code,en,pl,lt\n" +
		"discount,damaged,Damaged,Uszkodzone,Sugadinta\n" +
		"refund,x,X,,\n" + // no such kind
		"void,Bad Code,Bad,,\n" + // not a code
		"void,oops,,Pomyłka,\n" + // no English
		"void,long," + strings.Repeat("x", 61) + ",,\n"
	_, err := Read(strings.NewReader(file))
	var ie *csvfile.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v", err)
	}
	var lines []int
	for _, r := range ie.Rows {
		lines = append(lines, r.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 4, 5, 6}) {
		t.Fatalf("bad lines %v: %v", lines, err)
	}
	// Good rows but a kind with none: refused as a whole.
	if _, err := Read(strings.NewReader("kind,code,en\ndiscount,a,A\n")); pos.ErrorCode(err) != pos.EINVALID || !strings.Contains(pos.ErrorMessage(err), "no void reason") {
		t.Fatalf("a file without void reasons: %v", err)
	}
}
