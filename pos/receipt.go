package pos

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Receipt is the one receipt model: built from a committed sale, laid out once into Blocks,
// and rendered from those blocks into ESC/POS bytes and into an on-screen image.
type Receipt struct {
	Store     StoreInfo
	SaleID    SaleID
	No        ReceiptNo
	Training  bool
	Cashier   string
	Time      time.Time
	Lines     []ReceiptLine
	Subtotal  Money // before the basket discount
	Discount  Money // basket discount
	Reason    string
	VAT       []VATLine
	Total     Money
	Tenders   []Tender
	Change    Money
	QRPayload string
}

// ReceiptLine is one printed article line.
type ReceiptLine struct {
	Name      string
	Qty       Qty
	Unit      Unit
	UnitPrice Money
	Amount    Money // quantity × price, before the line discount
	Discount  Money
	Reason    string
	VATLetter string
	Label     bool // the amount came from a price label: no unit price to print
}

// NewReceipt builds the receipt of a committed sale.
func NewReceipt(store StoreInfo, s *Sale) Receipt {
	t := s.Totals(store.VAT)
	r := Receipt{
		Store: store, SaleID: s.ID, No: s.ReceiptNo, Training: s.Training, Cashier: s.Cashier.Name,
		Time: s.CompletedAt, Subtotal: t.Subtotal, Discount: s.BasketDiscount.Amount,
		Reason: s.BasketDiscount.Reason, VAT: t.VAT, Total: t.Total, Tenders: s.Tenders,
		Change: s.Change(), QRPayload: ReceiptQRPayload(s.ID),
	}
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		r.Lines = append(r.Lines, ReceiptLine{
			Name: l.Name, Qty: l.Qty, Unit: l.Unit, UnitPrice: l.UnitPrice, Amount: l.Gross(),
			Discount: l.Discount.Amount, Reason: l.Discount.Reason, VATLetter: store.VAT.Letter(l.VAT),
			Label: l.FixedAmount != 0,
		})
	}
	return r
}

// ReceiptQRPayload is what a receipt's QR code holds: enough to find the sale at any till
// or at central (returns scan it).
func ReceiptQRPayload(id SaleID) string { return "OMNITILL:R:" + string(id) }

// Align places a text block on the paper.
type Align int

const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// BlockKind tells a renderer what a block is.
type BlockKind int

const (
	BlockText BlockKind = iota // one line of text, already fitted to the width
	BlockRule                  // a full-width separator line
	BlockQR                    // a QR code holding Text
	BlockCut                   // feed and cut the paper
)

// Block is one element of a laid-out receipt.
type Block struct {
	Kind  BlockKind
	Text  string
	Align Align
	Bold  bool
	Large bool // double width and height: Text holds at most width/2 letters
}

// Layout lays the receipt out for paper of the given width in columns (48, 42 or 32).
// Every renderer draws exactly these blocks, so the screen preview is the printed receipt.
func (r Receipt) Layout(width int) []Block {
	var b []Block
	text := func(s string) { b = append(b, Block{Kind: BlockText, Text: fit(s, width)}) }
	center := func(s string, bold bool) {
		b = append(b, Block{Kind: BlockText, Text: fit(s, width), Align: AlignCenter, Bold: bold})
	}
	rule := func() { b = append(b, Block{Kind: BlockRule}) }

	center(r.Store.Name, true)
	for _, a := range r.Store.Address {
		center(a, false)
	}
	if r.Store.TaxID != "" {
		center("NIP "+r.Store.TaxID, false)
	}
	text(columns(r.Time.Format("2006-01-02 15:04"), fmt.Sprintf("Nr %d", r.No), width))
	if r.Training {
		b = append(b, Block{Kind: BlockText, Text: fit("*** TRAINING ***", width/2), Align: AlignCenter, Bold: true, Large: true})
		center("NOT A FISCAL RECEIPT - NO SALE", true)
	} else {
		center("PARAGON", true)
	}
	rule()
	for _, l := range r.Lines {
		text(l.Name)
		qty := fmt.Sprintf("  %s %s x %s", l.Qty.Format(l.Unit), unitOnReceipt(l.Unit), l.UnitPrice.Display())
		if l.Label {
			qty = fmt.Sprintf("  %s %s (cena z etykiety)", l.Qty.Format(l.Unit), unitOnReceipt(l.Unit))
		}
		text(columns(qty, l.Amount.Display()+" "+l.VATLetter, width))
		if l.Discount != 0 {
			text(columns("  Rabat "+l.Reason, "-"+l.Discount.Display()+" "+l.VATLetter, width))
		}
	}
	rule()
	if r.Discount != 0 {
		text(columns("Suma przed rabatem", r.Subtotal.Display(), width))
		text(columns("Rabat "+r.Reason, "-"+r.Discount.Display(), width))
	}
	for _, v := range r.VAT {
		text(columns(fmt.Sprintf("Sprzed. opod. PTU %s %s", v.Class.Letter, v.Class.Rate.Percent()), v.Gross.Display(), width))
		text(columns(fmt.Sprintf("Kwota PTU %s", v.Class.Letter), v.VAT.Display(), width))
	}
	var vatTotal Money
	for _, v := range r.VAT {
		vatTotal += v.VAT
	}
	text(columns("Suma PTU", vatTotal.Display(), width))
	half := width / 2
	b = append(b, Block{Kind: BlockText, Text: columns("SUMA", string(r.Store.Currency)+" "+r.Total.Display(), half), Bold: true, Large: true})
	rule()
	for _, t := range r.Tenders {
		name := t.Kind.Label()
		if t.Reference != "" {
			name += " " + t.Reference
		}
		text(columns(name, t.Amount.Display(), width))
	}
	if r.Change != 0 {
		text(columns("Reszta", r.Change.Display(), width))
	}
	rule()
	text(columns("Kasa "+string(r.Store.TillID), "Kasjer "+r.Cashier, width))
	center(string(r.SaleID), false)
	b = append(b, Block{Kind: BlockQR, Text: r.QRPayload, Align: AlignCenter})
	center("Dziękujemy! Ačiū! Thank you!", false)
	b = append(b, Block{Kind: BlockCut})
	return b
}

// unitOnReceipt is the unit as Polish receipts print it.
func unitOnReceipt(u Unit) string {
	if u == UnitPiece {
		return "szt."
	}
	return string(u)
}

// Text returns the receipt's text lines as a renderer would print them (for tests and logs).
func Text(blocks []Block, width int) []string {
	var out []string
	for _, b := range blocks {
		switch b.Kind {
		case BlockText:
			out = append(out, b.Text)
		case BlockRule:
			out = append(out, strings.Repeat("-", width))
		case BlockQR:
			out = append(out, "[QR "+b.Text+"]")
		}
	}
	return out
}

// columns puts left and right at the two ends of a line of the given width; when both do
// not fit, the left part is shortened.
func columns(left, right string, width int) string {
	gap := width - utf8.RuneCountInString(left) - utf8.RuneCountInString(right)
	if gap < 1 {
		left = fit(left, width-utf8.RuneCountInString(right)-1)
		gap = 1
	}
	return left + strings.Repeat(" ", gap) + right
}

// fit shortens s to at most width letters.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return string([]rune(s)[:width])
}
