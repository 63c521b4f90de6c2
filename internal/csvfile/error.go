package csvfile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// RowError is one bad row of an import file. Line counts as a text editor does: the header
// is line 1, and a row spanning several lines (a quoted name with a line break) is named by
// its first line.
type RowError struct {
	Line    int
	Message string
}

func (r RowError) String() string { return fmt.Sprintf("line %d: %s", r.Line, r.Message) }

// ImportError lists every bad row of an import file, so one fix-and-retry round suffices.
type ImportError struct {
	Rows []RowError // in line order, one a line
	// More counts the bad rows past the first maxKept, which a hopeless file (a million
	// rows, a wrong delimiter) would otherwise hold in memory.
	More int
}

// maxListed keeps the message of a hopeless file readable; Rows holds up to maxKept.
const (
	maxListed = 100
	maxKept   = 1000
)

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i == maxListed {
			fmt.Fprintf(&b, "\n… and %d more bad rows", len(e.Rows)-maxListed+e.More)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.String())
	}
	return b.String()
}

// Join adds the problems found once a file was read (a store's check of its rows on the
// catalog's end state) to the rows refused while reading it, if any: one RowError a line,
// in line order, its problems in the order they were found. more counts problems beyond
// found. It is nil when there is no problem at all.
func Join(read *ImportError, found []RowError, more int) *ImportError {
	if read == nil && len(found) == 0 && more == 0 {
		return nil
	}
	out := &ImportError{More: more}
	if read != nil {
		out.Rows, out.More = slices.Clone(read.Rows), out.More+read.More
	}
	for _, f := range found {
		i, ok := slices.BinarySearchFunc(out.Rows, f.Line, func(r RowError, line int) int { return r.Line - line })
		if ok {
			out.Rows[i].Message += "; " + f.Message
		} else {
			out.Rows = slices.Insert(out.Rows, i, f)
		}
	}
	if len(out.Rows) > maxKept {
		out.More += len(out.Rows) - maxKept
		out.Rows = out.Rows[:maxKept]
	}
	return out
}

// ErrorCode and ErrorMessage make a bad file a pos.Explained error, so screens and the
// command line show the list itself rather than "something went wrong inside the till".
func (e *ImportError) ErrorCode() string    { return pos.EINVALID }
func (e *ImportError) ErrorMessage() string { return e.Error() }
