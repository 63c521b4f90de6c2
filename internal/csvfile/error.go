package csvfile

import (
	"fmt"
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
	Rows []RowError
}

// maxListed keeps the message of a hopeless file (a million rows, wrong delimiter) readable;
// Rows still holds them all.
const maxListed = 100

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, r := range e.Rows {
		if i == maxListed {
			fmt.Fprintf(&b, "\n… and %d more bad rows", len(e.Rows)-maxListed)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.String())
	}
	return b.String()
}

// ErrorCode and ErrorMessage make a bad file a pos.Explained error, so screens and the
// command line show the list itself rather than "something went wrong inside the till".
func (e *ImportError) ErrorCode() string    { return pos.EINVALID }
func (e *ImportError) ErrorMessage() string { return e.Error() }
