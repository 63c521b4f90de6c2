// Package reasoncsv reads and writes the store's lists of reasons as CSV, one reason a row:
//
//	kind,code,en,pl,lt
//	discount,damaged-packaging,Damaged packaging,Uszkodzone opakowanie,Pažeista pakuotė
//
// The rows of a kind keep their order, the order a cashier picks from. A manager exports
// the lists, changes them (in Excel, say) and imports them back: omnitill reasons.
package reasoncsv

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/omnitill/omnitill/internal/csvfile"
	"github.com/omnitill/omnitill/pos"
)

// languages are the columns of the words, in the file's order.
var languages = []string{"en", "pl", "lt"}

// Read reads every row; any bad row makes it return an *csvfile.ImportError listing every
// bad row, and the lists together must pass pos.CheckReasons.
func Read(r io.Reader) ([]pos.Reason, error) {
	f, err := csvfile.Open(r, "reasons", append([]string{"kind", "code"}, languages...), 3)
	if err != nil {
		return nil, err
	}
	var out []pos.Reason
	for f.Next() {
		rs := pos.Reason{Kind: pos.ReasonKind(f.Get("kind")), Code: f.Get("code"), Text: map[string]string{}}
		for _, l := range languages {
			if t := f.Get(l); t != "" {
				rs.Text[l] = t
			}
		}
		if err := pos.CheckReason(rs); err != nil {
			f.Refuse("%s", pos.ErrorMessage(err))
			continue
		}
		out = append(out, rs)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := pos.CheckReasons(out); err != nil {
		return nil, err
	}
	return out, nil
}

// Write writes the lists in the format Read reads.
func Write(w io.Writer, reasons []pos.Reason) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"kind", "code"}, languages...)); err != nil {
		return err
	}
	for _, r := range reasons {
		row := []string{string(r.Kind), r.Code}
		for _, l := range languages {
			row = append(row, r.Text[l])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write reason %s: %w", r.Code, err)
		}
	}
	cw.Flush()
	return cw.Error()
}
