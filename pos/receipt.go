package pos

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Receipt is the one receipt model: built from a committed sale, laid out once into Blocks,
// and rendered from those blocks into ESC/POS bytes and into an on-screen image.
type Receipt struct {
	// Words are the store's: a receipt is in its country's language and form (PARAGON
	// with PTU in Poland, a kvitas with PVM in Lithuania).
	Words     Words
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
	Saving    Money // promotions and discounts: "You saved"
	Tenders   []Tender
	Change    Money
	QRPayload string
	// Customer is who the sale was rung up for ("" for an anonymous sale), and Points what
	// it earned and redeemed of their points, with the balance after it.
	Customer string
	Points   SalePoints
	// Exchange is the return of goods that paid for the sale (nil: none), and
	// ExchangeReason its reason in the store's language.
	Exchange       *Return
	ExchangeReason string
}

// ReceiptLine is one printed article line.
type ReceiptLine struct {
	Name      string
	Qty       Qty
	Unit      Unit
	UnitPrice Money
	Amount    Money // quantity × price, before the promotion and the line discount
	// Promotion names the chain's promotion the line took, and PromotionSaving is what it
	// took off.
	Promotion       string
	PromotionSaving Money
	Discount        Money
	Reason          string
	VATLetter       string
	Label           bool // the amount came from a price label: no unit price to print
}

// NewReceipt builds the receipt of a committed sale, in the store's words.
func NewReceipt(store StoreInfo, s *Sale, w Words) Receipt {
	t := s.Totals(store.VAT)
	r := Receipt{
		Words: w, Store: store, SaleID: s.ID, No: s.ReceiptNo, Training: s.Training, Cashier: s.Cashier.Name,
		Time: s.CompletedAt, Subtotal: t.Subtotal, Discount: s.BasketDiscount.Amount,
		Reason: s.BasketDiscount.Reason, VAT: t.VAT, Total: t.Total, Saving: t.Saving, Tenders: s.Tenders,
		Change: s.Change(), QRPayload: ReceiptQRPayload(s.ID), Points: s.Points, Exchange: s.Exchange,
	}
	if s.Exchange != nil {
		r.ExchangeReason = s.Exchange.Reason
	}
	if s.Customer != nil {
		r.Customer = s.Customer.Name
	}
	for _, l := range s.Lines {
		if l.Voided {
			continue
		}
		r.Lines = append(r.Lines, ReceiptLine{
			Name: l.Name, Qty: l.Qty, Unit: l.Unit, UnitPrice: l.UnitPrice, Amount: l.Gross(),
			Promotion: firstNonEmpty(l.Promotion.Name, l.Promotion.ID), PromotionSaving: l.Promotion.Amount,
			Discount: l.Discount.Amount, Reason: l.Discount.Reason, VATLetter: store.VAT.Letter(l.VAT),
			Label: l.FixedAmount != 0,
		})
	}
	return r
}

// ReceiptQRPayload is what a receipt's QR code holds: enough to find the sale at any till
// or at central (returns scan it).
func ReceiptQRPayload(id SaleID) string { return receiptQRPrefix + string(id) }

const receiptQRPrefix = "OMNITILL:R:"

// ReceiptQR is the QR of a receipt: the web shop's page for the sale when the chain has
// one (LoyaltyRules.ReceiptURL: the customer takes the purchase into their account), else
// ReceiptQRPayload.
func ReceiptQR(id SaleID, receiptURL string) string {
	if receiptURL == "" {
		return ReceiptQRPayload(id)
	}
	return receiptURL + string(id)
}

// SaleOfReceiptQR reads the sale id a receipt's QR holds, in either form; ok is false for
// anything else.
func SaleOfReceiptQR(payload, receiptURL string) (SaleID, bool) {
	payload = strings.TrimSpace(payload)
	for _, prefix := range []string{receiptQRPrefix, receiptURL} {
		if prefix == "" {
			continue
		}
		if id, ok := strings.CutPrefix(payload, prefix); ok && id != "" && !strings.ContainsAny(id, "/?# ") {
			return SaleID(id), true
		}
	}
	return "", false
}

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
	p := &paper{width: width}
	text, wrapped, center, rule := p.text, p.wrapped, p.center, p.rule
	w := r.Words
	p.header(r.Store, w)
	text(columns(w.DateTime(r.Time), w.T("No. %d", r.No), width))
	if r.Training {
		p.add(Block{Kind: BlockText, Text: fit(w.T("*** TRAINING ***"), width/2), Align: AlignCenter, Bold: true, Large: true})
		center(w.T("NOT A FISCAL RECEIPT - NO SALE"), true)
	} else {
		center(w.T("RECEIPT"), true)
	}
	rule()
	for _, l := range r.Lines {
		wrapped(l.Name, "")
		qty := "  " + w.Qty(l.Qty, l.Unit) + " x " + w.Amount(l.UnitPrice)
		if l.Label {
			qty = "  " + w.Qty(l.Qty, l.Unit) + " " + w.T("(label price)")
		}
		text(columns(qty, w.Amount(l.Amount)+" "+l.VATLetter, width))
		if l.PromotionSaving != 0 {
			wrapped("  "+w.T("Promotion %s", l.Promotion), "-"+w.Amount(l.PromotionSaving)+" "+l.VATLetter)
		}
		if l.Discount != 0 {
			wrapped("  "+w.T("Discount %s", l.Reason), "-"+w.Amount(l.Discount)+" "+l.VATLetter)
		}
	}
	rule()
	if r.Discount != 0 {
		text(columns(w.T("Total before discount"), w.Amount(r.Subtotal), width))
		wrapped(w.T("Discount %s", r.Reason), "-"+w.Amount(r.Discount))
	}
	var vatTotal Money
	for _, v := range r.VAT {
		text(columns(w.T("Sales at VAT %s %s", v.Class.Letter, v.Class.Rate.Percent()), w.Amount(v.Gross), width))
		text(columns(w.T("VAT %s amount", v.Class.Letter), w.Amount(v.VAT), width))
		vatTotal += v.VAT
	}
	text(columns(w.T("VAT total"), w.Amount(vatTotal), width))
	half := width / 2
	p.add(Block{Kind: BlockText, Text: columns(w.T("TOTAL"), w.Money(r.Total, r.Store.Currency), half), Bold: true, Large: true})
	rule()
	if x := r.Exchange; x != nil {
		p.exchange(x, r.ExchangeReason, r.Total, r.Store.Currency, w)
	}
	for _, t := range r.Tenders {
		name := w.Phrase(t.Kind.Label())
		switch {
		case t.Kind == TenderPoints:
			name = w.T("Points %d", t.Points) // the reference is central's hold, nothing to the customer
		case t.Kind == TenderExchange: // the return's id: its number is printed above
		case t.Reference != "":
			name += " " + t.Reference
		}
		text(columns(name, w.Amount(t.Amount), width))
	}
	if r.Change != 0 {
		text(columns(w.T("Change"), w.Amount(r.Change), width))
	}
	if x := r.Exchange; x != nil {
		for _, t := range x.Refund {
			if t.Kind == TenderExchange {
				continue
			}
			name := w.T("Refund: %s", w.Phrase(t.Kind.Label()))
			if t.Reference != "" && t.Kind != TenderCredit {
				name += " " + t.Reference
			}
			text(columns(name, w.Amount(t.Amount), width))
		}
		p.vouchers(x.Refund, r.Store.Currency, w)
	}
	if r.Saving != 0 {
		rule()
		center(w.T("You saved %s", w.Money(r.Saving, r.Store.Currency)), true)
	}
	if r.Customer != "" && !r.Training {
		rule()
		wrapped(w.T("Customer %s", r.Customer), "")
		if r.Points.Earned != 0 {
			text(columns(w.T("Points earned"), strconv.FormatInt(r.Points.Earned, 10), width))
		}
		if r.Points.Redeemed != 0 {
			text(columns(w.T("Points redeemed"), strconv.FormatInt(r.Points.Redeemed, 10), width))
		}
		text(columns(w.T("Points balance"), strconv.FormatInt(r.Points.Balance, 10), width))
	}
	rule()
	p.tillAndCashier(r.Store.TillID, r.Cashier, w)
	center(string(r.SaleID), false)
	p.add(Block{Kind: BlockQR, Text: r.QRPayload, Align: AlignCenter})
	center(w.T("Thank you for shopping with us!"), false)
	p.add(Block{Kind: BlockCut})
	return p.blocks
}

// exchange lays out the goods brought back that paid for a sale of total: the return's
// number, each line with what it gives back, the reason, then what is left to pay or is
// paid back.
func (p *paper) exchange(x *Return, reason string, total Money, currency Currency, w Words) {
	p.center(w.T("GOODS RETURNED IN EXCHANGE"), true)
	p.wrapped(w.T("Return %d of %s", x.ReturnNo, x.Source.Label), "")
	for _, l := range x.Lines {
		p.wrapped(l.Name, "")
		p.text(columns("  "+w.Qty(l.Qty, l.Unit), "-"+w.Amount(l.Amount), p.width))
		if !l.Resellable {
			p.text("  " + w.T("damaged: written off"))
		}
	}
	p.wrapped(w.T("Reason: %s", reason), "")
	p.text(columns(w.T("Goods returned"), "-"+w.Amount(x.Total()), p.width))
	label, amount := w.T("TO PAY"), max(total-x.Total(), 0)
	if x.Total() > total {
		label, amount = w.T("REFUND"), x.Total()-max(total, 0)
	}
	p.add(Block{Kind: BlockText, Text: columns(label, w.Money(amount, currency), p.width/2), Bold: true, Large: true})
	p.rule()
}

// vouchers prints each store-credit voucher a refund issued: its amount, and its code to
// scan at any till.
func (p *paper) vouchers(refund []Tender, currency Currency, w Words) {
	for _, t := range refund {
		if t.Kind == TenderCredit {
			p.rule()
			p.center(w.T("STORE CREDIT %s", w.Money(t.Amount, currency)), true)
			p.center(t.Reference, true)
			p.add(Block{Kind: BlockQR, Text: t.Reference, Align: AlignCenter})
		}
	}
}

// paper lays blocks out for a roll of width columns: what every receipt's layout (a
// sale's, a return's) is made of.
type paper struct {
	blocks []Block
	width  int
}

func (p *paper) add(b Block) { p.blocks = append(p.blocks, b) }

// text is one line, fitted to the width.
func (p *paper) text(s string) { p.add(Block{Kind: BlockText, Text: fit(s, p.width)}) }

// wrapped prints a long name or reason on as many lines as it needs, the amount on the
// last; a receipt does not cut words a customer may need to read.
func (p *paper) wrapped(left, right string) {
	for _, l := range wrapColumns(left, right, p.width) {
		p.text(l)
	}
}

func (p *paper) center(s string, bold bool) {
	for _, l := range wrap(s, p.width) {
		p.add(Block{Kind: BlockText, Text: l, Align: AlignCenter, Bold: bold})
	}
}

func (p *paper) rule() { p.add(Block{Kind: BlockRule}) }

// header is the store's name, address and tax id.
func (p *paper) header(store StoreInfo, w Words) {
	p.center(store.Name, true)
	for _, a := range store.Address {
		p.center(a, false)
	}
	if store.TaxID != "" {
		p.center(w.T("Tax ID %s", store.TaxID), false)
	}
}

// tillAndCashier names the till and the cashier on one line, or on two on a narrow roll:
// both whole.
func (p *paper) tillAndCashier(till TillID, cashier string, w Words) {
	t, c := w.T("Till %s", till), w.T("Cashier %s", cashier)
	if utf8.RuneCountInString(t)+1+utf8.RuneCountInString(c) <= p.width {
		p.text(columns(t, c, p.width))
		return
	}
	p.text(t)
	p.wrapped(c, "")
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

// wrapColumns is columns for a left part that may be longer than the line: it is wrapped
// at spaces (continuation lines keep its indent), and right goes at the end of its last
// line, or on a line of its own when it does not fit there.
func wrapColumns(left, right string, width int) []string {
	rw := utf8.RuneCountInString(right)
	if utf8.RuneCountInString(left)+1+rw <= width || (right == "" && utf8.RuneCountInString(left) <= width) {
		return []string{strings.TrimRight(columns(left, right, width), " ")}
	}
	indent := left[:len(left)-len(strings.TrimLeft(left, " "))]
	lines := wrap(left, width)
	for i := 1; i < len(lines); i++ {
		if len(indent) < width/2 {
			lines[i] = indent + lines[i]
		}
	}
	if right == "" {
		return lines
	}
	last := lines[len(lines)-1]
	if utf8.RuneCountInString(last)+1+rw <= width {
		lines[len(lines)-1] = columns(last, right, width)
	} else {
		lines = append(lines, columns("", right, width))
	}
	return lines
}

// wrap breaks s into lines of at most width letters at spaces; a word longer than a line
// is cut. Continuation lines carry no indent of their own.
func wrap(s string, width int) []string {
	if width <= 0 {
		return []string{""}
	}
	indent := len(s) - len(strings.TrimLeft(s, " "))
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{fit(s, width)}
	}
	var lines []string
	line := strings.Repeat(" ", min(indent, width/2))
	room := func(l string) int { return width - utf8.RuneCountInString(l) }
	started := false
	for _, word := range words {
		for utf8.RuneCountInString(word) > width-min(indent, width/2) {
			if started {
				lines = append(lines, line)
				line, started = "", false
			}
			r := []rune(word)
			cut := width - utf8.RuneCountInString(line)
			lines = append(lines, line+string(r[:cut]))
			line, word = "", string(r[cut:])
		}
		switch {
		case !started:
			line += word
		case room(line) >= 1+utf8.RuneCountInString(word):
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
		started = true
	}
	return append(lines, line)
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
