// Package imports reads the CSV files IT loads into central (stores, products, stock, VAT
// classes, promotions, customers, orders) into central's types. Every file is read through
// internal/csvfile, the till's own reader: all or nothing, every bad row named by its line.
// It holds no SQL: what a file can only be refused for when saved (an unknown SKU) is the
// database's to say, naming the line the record came from (central.Numbered).
package imports

import (
	"strings"
	"time"

	"github.com/omnitill/omnitill/internal/csvfile"
)

// yes reads a flag column: yes/no, true/false, 1/0 or empty (no). ok false refused the row.
func yes(f *csvfile.File, name string) (v, ok bool) {
	switch strings.ToLower(f.Get(name)) {
	case "", "no", "n", "false", "0":
		return false, true
	case "yes", "y", "true", "1":
		return true, true
	}
	f.Refuse("%s is %q: use yes or no", name, f.Get(name))
	return false, false
}

// when reads a time column: RFC 3339 (2026-11-24T10:00:00+01:00) or a day (2026-11-24,
// in UTC). A day as an end means the whole day counts, so it ends at the next midnight.
// ok false refused the row.
func when(f *csvfile.File, name string, end bool) (t time.Time, ok bool) {
	s := f.Get(name)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		f.Refuse("%s is %q: use a day (2026-11-24) or a time (2026-11-24T10:00:00+01:00)", name, s)
		return time.Time{}, false
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, true
}

// list reads a column of several values separated by spaces.
func list(f *csvfile.File, name string) []string {
	return strings.Fields(f.Get(name))
}
