package catalogcsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// Writer writes a catalog file one product at a time, so an export of a million
// articles never holds them all.
type Writer struct {
	cw     *csv.Writer
	rec    []string
	header bool
}

// NewWriter returns a Writer; call Flush at the end, even for an empty catalog.
func NewWriter(w io.Writer) *Writer {
	return &Writer{cw: csv.NewWriter(w), rec: make([]string, len(columns))}
}

// Write adds one product, after the header when it is the first.
func (w *Writer) Write(p pos.Product) error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.rec[colSKU] = string(p.SKU)
	w.rec[colBarcode] = strings.Join(p.Barcodes, "|")
	w.rec[colName] = p.Name
	w.rec[colPrice] = p.Price.String()
	w.rec[colVAT] = percent(p.VAT)
	w.rec[colUnit] = string(p.Unit)
	w.rec[colPLU] = p.PLU
	w.rec[colQuickKey] = ""
	if p.QuickKey != 0 {
		w.rec[colQuickKey] = strconv.Itoa(p.QuickKey)
	}
	return w.cw.Write(w.rec)
}

// Flush writes what is buffered (and the header, if no product came) and reports any
// write error.
func (w *Writer) Flush() error {
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.cw.Flush()
	return w.cw.Error()
}

func (w *Writer) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	return w.cw.Write(columns)
}

// Write writes products as a catalog file; Read reads it back to the same products.
func Write(w io.Writer, products []pos.Product) error {
	cw := NewWriter(w)
	for _, p := range products {
		if err := cw.Write(p); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// percent shows a rate as the file wants it: "23", "5.5", "0".
func percent(r pos.VATRate) string {
	s := strings.TrimRight(pos.Money(r).String(), "0") // basis points are hundredths of a percent
	return strings.TrimSuffix(s, ".")
}
