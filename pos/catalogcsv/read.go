// Package catalogcsv is the catalog file format of "omnitill catalog import/export": UTF-8
// CSV, one product per row, under the header
//
//	sku,barcode,name,price,vat,unit,plu,quick_key
//
// price is the gross price with a dot (12.99), vat a percent (23, 5.5), unit pcs or kg,
// barcode one or more GTINs separated by "|", plu and quick_key optional.
package catalogcsv

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/omnitill/omnitill/pos"
)

// Columns of a catalog file in the order Write puts them; the first six are required.
var columns = []string{"sku", "barcode", "name", "price", "vat", "unit", "plu", "quick_key"}

const (
	colSKU = iota
	colBarcode
	colName
	colPrice
	colVAT
	colUnit
	colPLU
	colQuickKey
	numColumns
	requiredColumns = colPLU
)

// Read reads a whole catalog file. It is all or nothing: any bad row gives an *ImportError
// listing every bad row, and no products. A nil vat table accepts any rate from 0 to 100 %.
func Read(r io.Reader, vat pos.VATTable) ([]pos.Product, error) {
	br := bufio.NewReader(r)
	// Excel's "CSV UTF-8" starts with a byte order mark; it is not part of the first column name.
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted per row below, so a short row is one bad row, not the end
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, pos.Errorf(pos.EINVALID, "no products: the file is empty")
	} else if err != nil {
		return nil, readError(err)
	}
	im := importer{vat: vat, width: len(header), seen: newSeen()}
	if im.cols, err = parseHeader(header); err != nil {
		return nil, err
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read the catalog file: %w", err)
			}
			// The reader resumes at the next line, so the rest of the file is still checked.
			im.fail(pe.Line, quoteMessage(pe))
			rows++
			continue
		}
		line, _ := cr.FieldPos(0)
		im.row(line, rec)
		rows++
	}
	if len(im.bad) > 0 {
		return nil, &ImportError{Rows: im.bad}
	}
	if rows == 0 {
		return nil, pos.Errorf(pos.EINVALID, "no products: the file has only its header")
	}
	return im.products, nil
}

func readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ImportError{Rows: []RowError{{pe.Line, quoteMessage(pe)}}}
	}
	return fmt.Errorf("read the catalog file: %w", err)
}

func quoteMessage(pe *csv.ParseError) string {
	return fmt.Sprintf("cannot read the row (%v): put a field containing \" in quotes and double the \" inside", pe.Err)
}

// parseHeader maps the header's columns (any order, any case) to their positions.
func parseHeader(header []string) ([numColumns]int, error) {
	var cols [numColumns]int
	for i := range cols {
		cols[i] = -1
	}
	var problems, unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !utf8.ValidString(h) {
			return cols, &ImportError{Rows: []RowError{{1, "the header is not UTF-8 text: save the file as UTF-8"}}}
		}
		c := indexOf(columns, h)
		switch {
		case c < 0:
			unknown = append(unknown, strconv.Quote(h))
		case cols[c] >= 0:
			problems = append(problems, fmt.Sprintf("column %q appears twice", h))
		default:
			cols[c] = i
		}
	}
	var missing []string
	for c, name := range columns[:requiredColumns] {
		if cols[c] < 0 {
			missing = append(missing, strconv.Quote(name))
		}
	}
	if len(unknown) > 0 {
		problems = append(problems, "unknown column "+strings.Join(unknown, ", "))
	}
	if len(missing) > 0 {
		problems = append(problems, "missing column "+strings.Join(missing, ", "))
	}
	if len(problems) > 0 {
		msg := strings.Join(problems, "; ") + " (the columns are " + strings.Join(columns, ",") + ")"
		return cols, &ImportError{Rows: []RowError{{1, msg}}}
	}
	return cols, nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
