package central

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Numbered is a record of an import file with the line it was read from, so a refusal
// found only when saving (an unknown SKU) still names the line. Line 0 is a record that
// came from elsewhere.
type Numbered[T any] struct {
	Line int
	Rec  T
}

// atLine puts the file line in front of a domain error's message, keeping its code.
func atLine(line int, err error) error {
	if line == 0 || pos.ErrorCode(err) == pos.EINTERNAL {
		return err
	}
	return pos.Errorf(pos.ErrorCode(err), "line %d: %s", line, pos.ErrorMessage(err))
}

// csvFile reads an import file: UTF-8 CSV under a header naming its columns in any order.
// The first bad row stops it with an EINVALID error naming the line.
type csvFile struct {
	what    string // "promotions", as messages name the file
	columns []string
	cr      *csv.Reader
	col     map[string]int
	rec     []string
	line    int // of the record last read
}

// openCSV reads the header; the first required columns of columns must be there.
func openCSV(r io.Reader, what string, columns []string, required int) (*csvFile, error) {
	f := &csvFile{what: what, columns: columns, cr: csv.NewReader(r), col: map[string]int{}, line: 1}
	header, err := f.cr.Read()
	if err == io.EOF {
		return nil, pos.Errorf(pos.EINVALID, "no %s: the file is empty", what)
	} else if err != nil {
		return nil, pos.Errorf(pos.EINVALID, "cannot read the %s file: %v", what, err)
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if !slices.Contains(columns, h) {
			return nil, f.errorf("unknown column %q (the columns are %s)", h, strings.Join(columns, ","))
		}
		if _, twice := f.col[h]; twice {
			return nil, f.errorf("column %q is there twice", h)
		}
		f.col[h] = i
	}
	for _, req := range columns[:required] {
		if _, ok := f.col[req]; !ok {
			return nil, f.errorf("missing column %q (the columns are %s)", req, strings.Join(columns, ","))
		}
	}
	return f, nil
}

// next reads the next row; false at the end of the file.
func (f *csvFile) next() (bool, error) {
	rec, err := f.cr.Read()
	if err == io.EOF {
		return false, nil
	} else if err != nil {
		return false, pos.Errorf(pos.EINVALID, "cannot read the %s file: %v", f.what, err)
	}
	f.rec = rec
	f.line, _ = f.cr.FieldPos(0)
	return true, nil
}

// get is a column of the row last read, trimmed; "" when the file has no such column.
func (f *csvFile) get(name string) string {
	if i, ok := f.col[name]; ok {
		return strings.TrimSpace(f.rec[i])
	}
	return ""
}

func (f *csvFile) has(name string) bool {
	_, ok := f.col[name]
	return ok
}

// errorf is a refusal of the row last read.
func (f *csvFile) errorf(format string, args ...any) error {
	return pos.Errorf(pos.EINVALID, "line %d: %s", f.line, fmt.Sprintf(format, args...))
}

// yes reads a flag column: yes/no, true/false, 1/0 or empty (no).
func (f *csvFile) yes(name string) (bool, error) {
	switch strings.ToLower(f.get(name)) {
	case "", "no", "n", "false", "0":
		return false, nil
	case "yes", "y", "true", "1":
		return true, nil
	}
	return false, f.errorf("%s is %q: use yes or no", name, f.get(name))
}

// when reads a time column: RFC 3339 (2026-11-24T10:00:00+01:00) or a day (2026-11-24,
// in UTC). A day as an end means the whole day counts, so it ends at the next midnight.
func (f *csvFile) when(name string, end bool) (time.Time, error) {
	s := f.get(name)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, f.errorf("%s is %q: use a day (2026-11-24) or a time (2026-11-24T10:00:00+01:00)", name, s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// list reads a column of several values separated by spaces.
func (f *csvFile) list(name string) []string {
	return strings.Fields(f.get(name))
}
