// Package csvfile reads the CSV files people import: the till's catalog and every file
// central loads (stores, stock, VAT classes, promotions, customers, orders). One reader and
// one failure rule for all of them: all or nothing, and every bad row named by its line, so
// that whoever fixes the file fixes it in one round.
//
// A file is UTF-8 CSV, with or without a byte order mark (Excel's "CSV UTF-8"), under a
// header naming its columns in any order and case. A row that cannot be read (a short row,
// a stray quote, text that is not UTF-8) is one bad row; reading goes on at the next.
package csvfile

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos"
)

// File is an import file being read, row by row:
//
//	f, err := csvfile.Open(r, "stores", columns, 2)
//	for f.Next() {
//		... f.Get("id") ... f.Refuse("store %s has no name", id) ...
//	}
//	if err := f.Err(); err != nil { // every bad row, or a file without rows
type File struct {
	what  string // "products", as messages name the file
	cr    *csv.Reader
	col   map[string]int // column name → position in a row
	width int            // of the header: every row has as many fields
	rec   []string       // the row last read
	line  int            // where the row last read starts
	rows  int            // read so far, good or bad
	bad   []RowError
	more  int // bad rows past maxKept
	// lastMore is the last of them, whose further problems count no more
	lastMore int
	err      error // a failure to read the file at all
}

// Open reads the header of an import file. columns are the names the file may use, the
// first required of them the ones it must; what names the file's rows in messages ("no
// stores: the file is empty"). A bad header is an *ImportError naming line 1 with every
// problem it has.
func Open(r io.Reader, what string, columns []string, required int) (*File, error) {
	br := bufio.NewReader(r)
	// Excel's "CSV UTF-8" starts with a byte order mark; it is not part of the first column name.
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	f := &File{what: what, cr: csv.NewReader(br), col: map[string]int{}}
	f.cr.FieldsPerRecord = -1 // counted per row in Next, so a short row is one bad row, not the end
	f.cr.ReuseRecord = true

	header, err := f.cr.Read()
	if err == io.EOF {
		return nil, pos.Errorf(pos.EINVALID, "no %s: the file is empty", what)
	} else if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &ImportError{Rows: []RowError{{pe.StartLine, quoteMessage(pe)}}}
		}
		return nil, fmt.Errorf("read the %s file: %w", what, err)
	}
	f.width = len(header)
	if msg := f.parseHeader(header, columns, required); msg != "" {
		return nil, &ImportError{Rows: []RowError{{1, msg}}}
	}
	return f, nil
}

// parseHeader maps the header's columns to their positions and says everything wrong with
// it in one message; "" when nothing is.
func (f *File) parseHeader(header, columns []string, required int) string {
	var problems, unknown, missing []string
	for i, h := range header {
		if !utf8.ValidString(h) { // before ToLower, which would make the bad bytes U+FFFD
			return "the header is not UTF-8 text: save the file as UTF-8"
		}
		h = strings.ToLower(strings.TrimSpace(h))
		_, twice := f.col[h]
		switch {
		case !slices.Contains(columns, h):
			unknown = append(unknown, strconv.Quote(h))
		case twice:
			problems = append(problems, fmt.Sprintf("column %q appears twice", h))
		default:
			f.col[h] = i
		}
	}
	for _, name := range columns[:required] {
		if _, ok := f.col[name]; !ok {
			missing = append(missing, strconv.Quote(name))
		}
	}
	if len(unknown) > 0 {
		problems = append(problems, "unknown column "+strings.Join(unknown, ", "))
	}
	if len(missing) > 0 {
		problems = append(problems, "missing column "+strings.Join(missing, ", "))
	}
	if len(problems) == 0 {
		return ""
	}
	return strings.Join(problems, "; ") + " (the columns are " + strings.Join(columns, ",") + ")" + separatorHint(header, columns)
}

// separators a spreadsheet may save "CSV" with instead of ",": Excel does with ";" where
// the decimal comma is the norm, as in Poland and Lithuania.
var separators = []struct{ sep, name string }{{";", "semicolons (;)"}, {"\t", "tabs"}, {"|", "bars (|)"}}

// separatorHint names the separator a header read as one column uses, when it splits that
// column into known names; "" otherwise.
func separatorHint(header, columns []string) string {
	if len(header) != 1 {
		return ""
	}
	for _, s := range separators {
		if !strings.Contains(header[0], s.sep) {
			continue
		}
		for _, h := range strings.Split(header[0], s.sep) {
			if slices.Contains(columns, strings.ToLower(strings.TrimSpace(h))) {
				return fmt.Sprintf(". The file's columns are separated by %s, not commas: save it as \"CSV UTF-8 (comma delimited)\"", s.name)
			}
		}
	}
	return ""
}

// decimalComma finds, in a row with more fields than the header, a number its decimal
// comma split in two ("4", "29"), and says so; "" when there is none.
func decimalComma(rec []string) string {
	for i := 0; i+1 < len(rec); i++ {
		whole, frac := strings.TrimSpace(rec[i]), strings.TrimSpace(rec[i+1])
		if allDigits(strings.TrimPrefix(whole, "-")) && len(frac) <= 3 && allDigits(frac) {
			n := whole + "," + frac
			return fmt.Sprintf(": %s looks like a number with a decimal comma, and a comma separates the columns: write %s.%s, or put \"%s\" in quotes", n, whole, frac, n)
		}
	}
	return ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Next moves to the next row that can be read, false at the end of the file. A row that
// cannot be read is refused on the way: it is named in Err and never seen by the caller.
func (f *File) Next() bool {
	for f.err == nil {
		rec, err := f.cr.Read()
		if err == io.EOF {
			return false
		}
		f.rows++
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				f.err = fmt.Errorf("read the %s file: %w", f.what, err)
				return false
			}
			// The reader resumes at the next line, so the rest of the file is still checked.
			f.line = pe.StartLine
			f.Refuse("%s", quoteMessage(pe))
			continue
		}
		f.line, _ = f.cr.FieldPos(0)
		if len(rec) != f.width {
			hint := ""
			if len(rec) > f.width {
				hint = decimalComma(rec)
			}
			f.Refuse("the row has %d fields, the header has %d%s", len(rec), f.width, hint)
			continue
		}
		if !allUTF8(rec) {
			f.Refuse("the row is not UTF-8 text: save the file as UTF-8")
			continue
		}
		f.rec = rec
		return true
	}
	return false
}

func quoteMessage(pe *csv.ParseError) string {
	return fmt.Sprintf("cannot read the row (%v): put a field containing \" in quotes and double the \" inside", pe.Err)
}

func allUTF8(rec []string) bool {
	for _, s := range rec {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// Line is the line the row last read starts on; the header is line 1.
func (f *File) Line() int { return f.line }

// Get is a column of the row last read, trimmed; "" when the file has no such column.
func (f *File) Get(name string) string {
	if i, ok := f.col[name]; ok {
		return strings.TrimSpace(f.rec[i])
	}
	return ""
}

// Refuse names a problem of the row last read, in the words of the person who fixes the
// file. Several problems of one row make one RowError, in the order they were found.
func (f *File) Refuse(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	switch n := len(f.bad); {
	case n > 0 && f.bad[n-1].Line == f.line:
		f.bad[n-1].Message += "; " + msg
	case f.line == f.lastMore:
	case n == maxKept: // a hopeless file: counted, not kept
		f.more++
		f.lastMore = f.line
	default:
		f.bad = append(f.bad, RowError{Line: f.line, Message: msg})
	}
}

// Refused says whether a row was refused so far: what the caller has built from the file
// is then going nowhere, and it need not keep it.
func (f *File) Refused() bool { return len(f.bad) > 0 }

// Err is what reading the whole file came to, once Next has said false: nil when every
// row was good, an *ImportError listing every bad row, an EINVALID error for a file with
// a header only, or a failure to read the file.
func (f *File) Err() error {
	switch {
	case f.err != nil:
		return f.err
	case len(f.bad) > 0:
		return &ImportError{Rows: f.bad, More: f.more}
	case f.rows == 0:
		return pos.Errorf(pos.EINVALID, "no %s: the file has only its header", f.what)
	}
	return nil
}
