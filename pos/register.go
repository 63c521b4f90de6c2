package pos

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/omnitill/omnitill/pos/barcode"
)

// SaleStore keeps committed sales.
type SaleStore interface {
	// CommitSale durably writes the sale with its lines, tenders, stock movements and outbox
	// events in one transaction and assigns the till's next gapless receipt number (training
	// sales have their own series and write no stock or outbox rows). On error nothing is written.
	CommitSale(ctx context.Context, s *Sale) error
	// SaleByReceipt finds a committed sale by the till's receipt number; ENOTFOUND if none.
	SaleByReceipt(ctx context.Context, till TillID, no ReceiptNo, training bool) (*Sale, error)
}

// StaffStore checks who is at the till and records what needed a manager.
type StaffStore interface {
	// StaffByPIN returns the active member of staff with that PIN; EUNAUTHORIZED otherwise.
	StaffByPIN(ctx context.Context, pin string) (Staff, error)
	// RecordAudit appends an entry to the till's audit log.
	RecordAudit(ctx context.Context, e AuditEntry) error
}

// AuditEntry records an action that managers answer for: approvals, training switches.
type AuditEntry struct {
	Till       TillID
	Staff      StaffID
	Action     string
	Detail     string
	ApprovedBy StaffID
}

// Policy holds the store's rules for what a cashier may do alone.
type Policy struct {
	// CashierDiscountLimit is the largest discount a cashier may give without a manager, in
	// basis points of the amount discounted (1000 = 10 %).
	CashierDiscountLimit int64
	// MaxPrice is the highest unit or label price the till takes; a sale totals at most a
	// thousand of it (limits.go). Zero means DefaultMaxPrice.
	MaxPrice Money
}

// DefaultPolicy lets a cashier give up to 10 % alone, and takes prices up to 100,000.
var DefaultPolicy = Policy{CashierDiscountLimit: 1000, MaxPrice: DefaultMaxPrice}

// Register is one till's selling session: who is logged in, the basket being rung up,
// training mode. Screens and the command line drive the same Register, so a sale rung up by
// `omnitill train-sale` takes exactly the path of one rung up at the sale screen.
type Register struct {
	// Store and Words are set when the register is made; once it is in use they are read
	// with StoreInfo and StoreWords and changed with SetStore (the till was paired as
	// another store).
	Store StoreInfo
	// Words are the store's: the names the register gives lines (an open price's
	// department) are printed on its receipts.
	Words   Words
	Catalog Catalog
	// Promotions are the chain's, which price the basket as every channel prices it (nil:
	// the till sells at the catalog's prices).
	Promotions Promotions
	// Customers are the chain's customers as the till last pulled them, found by a scanned
	// loyalty card (nil: the till knows no customers, and a card is read as any code).
	Customers Customers
	// Loyalty reads the points rules and what the till knows of a customer's points, and
	// Holds asks central to hold points being redeemed (nil Loyalty: the till counts no
	// points; nil Holds: it redeems offline only).
	Loyalty LoyaltyStore
	Holds   PointsHolds
	// Coupons are central's coupons as the till pulled them, CouponHolds central's holds
	// of them (nil Coupons: the till takes no coupons; nil CouponHolds: offline only).
	Coupons     CouponStore
	CouponHolds CouponHolds
	// Vouchers are the store-credit vouchers this till issued, VoucherHolds central's
	// holds of any voucher's credit (nil: the till takes no store credit).
	Vouchers     VoucherStore
	VoucherHolds VoucherHolds
	// Exchanges is the till's return desk, which takes goods back against a sale (nil: the
	// till takes no goods back in exchange).
	Exchanges *ReturnDesk
	Sales     SaleStore
	Staff     StaffStore
	Parked    ParkStore
	Reasons   ReasonStore
	Barcodes  *barcode.Parser
	Policy    Policy
	Now       Clock

	mu       sync.Mutex
	cashier  *Staff
	training bool
	sale     *Sale
	// promos are the promotions of the basket's articles, read as each was scanned.
	promos map[SKU][]Promotion
	// releasing counts the holds of cancelled payments being given back to central.
	releasing sync.WaitGroup
}

// StoreInfo is the store the register sells for.
func (r *Register) StoreInfo() StoreInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.Store
}

// StoreWords are the store's words, which its receipts are printed in.
func (r *Register) StoreWords() Words {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.Words
}

// SetStore makes the register sell for another store, with its words: a fresh till took
// its store and till from a pairing code. A basket being rung up goes on as the new
// store's.
func (r *Register) SetStore(s StoreInfo, w Words) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Store, r.Words = s, w
	if r.sale != nil {
		r.sale.Store, r.sale.Till, r.sale.Currency = s.ID, s.TillID, s.Currency
		r.reprice() // promotions of the old store only no longer apply
	}
}

// Login checks a PIN and makes that person the cashier.
func (r *Register) Login(ctx context.Context, pin string) (Staff, error) {
	st, err := r.Staff.StaffByPIN(ctx, pin)
	if err != nil {
		return Staff{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cashier = &st
	if r.sale != nil {
		r.sale.Cashier = st
	}
	return st, nil
}

// Logout ends the cashier's session; an open basket stays for the next login.
func (r *Register) Logout() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cashier = nil
}

// Cashier returns who is logged in.
func (r *Register) Cashier() (Staff, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cashier == nil {
		return Staff{}, false
	}
	return *r.cashier, true
}

// Approve checks a manager's PIN for an action a cashier may not do alone. A manager who is
// logged in approves by being there (pin may be empty).
func (r *Register) Approve(ctx context.Context, pin string) (Staff, error) {
	if c, ok := r.Cashier(); ok && c.IsManager() && pin == "" {
		return c, nil
	}
	st, err := r.Staff.StaffByPIN(ctx, pin)
	if err != nil {
		return Staff{}, err
	}
	if !st.IsManager() {
		return Staff{}, Errorf(EFORBIDDEN, "%s is not a manager: a manager's PIN is needed", st.Name)
	}
	return st, nil
}

// Training reports whether the till rings training sales.
func (r *Register) Training() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.training
}

// SetTraining switches training mode; only a manager may, and only between sales.
func (r *Register) SetTraining(ctx context.Context, on bool, manager Staff) error {
	if !manager.IsManager() {
		return Errorf(EFORBIDDEN, "only a manager can switch training mode")
	}
	r.mu.Lock()
	if r.sale != nil && (len(r.sale.ActiveLines()) > 0 || r.sale.Exchange != nil) {
		r.mu.Unlock()
		return Errorf(ECONFLICT, "finish or cancel the sale before switching training mode")
	}
	r.training = on
	r.sale = nil
	r.mu.Unlock()
	return r.Staff.RecordAudit(ctx, AuditEntry{Till: r.StoreInfo().TillID, Staff: manager.ID, Action: "training", Detail: fmt.Sprintf("on=%t", on), ApprovedBy: manager.ID})
}

// RestoreTraining sets training mode at start-up from the till's saved settings.
func (r *Register) RestoreTraining(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.training = on
}

// Sale returns a copy of the basket being rung up (empty when none).
func (r *Register) Sale() Sale {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil {
		return Sale{Currency: r.Store.Currency, Training: r.training}
	}
	s := *r.sale
	s.Lines = append([]Line(nil), r.sale.Lines...)
	s.Tenders = append([]Tender(nil), r.sale.Tenders...)
	if c := r.sale.Customer; c != nil {
		cc := *c
		s.Customer = &cc
	}
	if c := r.sale.Coupon; c != nil {
		cc := *c
		s.Coupon = &cc
	}
	if e := r.sale.Exchange; e != nil {
		ee := *e
		ee.Lines = append([]ReturnedLine(nil), e.Lines...)
		s.Exchange = &ee
	}
	return s
}

// Totals returns the running totals of the basket.
func (r *Register) Totals() Totals {
	s := r.Sale()
	return s.Totals(r.StoreInfo().VAT)
}

// current returns the open sale, starting one if needed. Callers hold r.mu.
func (r *Register) current() (*Sale, error) {
	if r.cashier == nil {
		return nil, Errorf(EUNAUTHORIZED, "log in with your PIN first")
	}
	if r.sale == nil {
		id, err := uuid.NewV7()
		if err != nil {
			return nil, fmt.Errorf("new sale id: %w", err)
		}
		r.sale = &Sale{
			ID: SaleID(id.String()), Store: r.Store.ID, Till: r.Store.TillID, Training: r.training,
			Cashier: *r.cashier, Currency: r.Store.Currency, StartedAt: r.Now(),
		}
		r.promos = map[SKU][]Promotion{}
	}
	return r.sale, nil
}

// Scan adds what a scanner read or a cashier typed: a barcode (EAN/UPC, in-store weight or
// price label, GS1 element string), or a typed SKU or PLU. "3*CODE" adds three pieces,
// "0,5*PLU" half a kilogram. A customer's loyalty card (its barcode or QR) is looked up
// first, before any article: cards often share the in-store prefixes of weight labels
// (20–29). A card attaches its customer to the sale and answers *CustomerScanned.
func (r *Register) Scan(ctx context.Context, input string) (Line, error) {
	if c, ok, err := r.cardCustomer(ctx, input); err != nil {
		return Line{}, err
	} else if ok {
		if err := r.AttachCustomer(c); err != nil {
			return Line{}, err
		}
		return Line{}, &CustomerScanned{Customer: c}
	}
	input = strings.TrimSpace(input)
	var qty Qty
	// "N*CODE" sets the quantity; a "*" elsewhere (a GS1 batch may hold one) is part of the code.
	if q, code, ok := strings.Cut(input, "*"); ok && looksLikeQty(q) {
		var err error
		if qty, err = ParseQty(q); err != nil {
			return Line{}, err
		}
		input = strings.TrimSpace(code)
	}
	if input == "" {
		return Line{}, Errorf(EINVALID, "nothing was scanned")
	}
	p, item, err := r.resolve(ctx, input)
	if ErrorCode(err) == ENOTFOUND && qty == 0 {
		if code, ok := r.isCoupon(ctx, input); ok {
			return Line{}, &CouponScanned{Code: code}
		}
	}
	if err != nil {
		return Line{}, err
	}
	if qty != 0 {
		if item.Qty != 0 {
			return Line{}, Errorf(EINVALID, "the label of %s already carries its weight or price", p.Name)
		}
		item.Qty = qty
	}
	promos, err := r.promotionsOf(ctx, p.SKU)
	if err != nil {
		return Line{}, err
	}
	return r.add(p, item, promos)
}

// cardCustomer finds the customer whose loyalty card input is; ok is false when it is none.
func (r *Register) cardCustomer(ctx context.Context, input string) (c Customer, ok bool, err error) {
	card := CardOf(input)
	if r.Customers == nil || card == "" || strings.Contains(input, "*") {
		return c, false, nil
	}
	c, err = r.Customers.CustomerByCard(ctx, card)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return c, false, nil
	case err != nil:
		return c, false, fmt.Errorf("look up card %s: %w", card, err)
	}
	return c, true, nil
}

// AttachCustomer rings the sale up for a customer (found by card, phone or e-mail),
// starting a sale when none is open; another customer attached before is replaced.
func (r *Register) AttachCustomer(c Customer) error {
	if c.ID == "" {
		return Errorf(EINVALID, "the customer has no id")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, err := r.current()
	if err != nil {
		return err
	}
	if len(s.Tenders) > 0 {
		return Errorf(ECONFLICT, "payment has started: cancel the payment to change the customer")
	}
	s.Customer = &c
	r.reprice()             // members' promotions apply from now on
	r.refitBasketDiscount() // a customer's own coupon applies only to them
	return nil
}

// CreateCustomer makes a customer of someone who joins at the till, with their consents,
// and rings the sale up for them. The customer is kept at the till at once and central is
// told through the outbox, so it works offline. Not in training mode: a trainee's customer
// would reach central.
func (r *Register) CreateCustomer(ctx context.Context, n NewCustomer) (Customer, error) {
	cashier, ok := r.Cashier()
	switch {
	case !ok:
		return Customer{}, Errorf(EUNAUTHORIZED, "log in with your PIN first")
	case r.Training():
		return Customer{}, Errorf(ECONFLICT, "Customers do not join in training mode.")
	case r.Customers == nil:
		return Customer{}, Errorf(ECONFLICT, "This till keeps no customers.")
	}
	c, ev, err := CustomerCreated(n, r.StoreInfo(), cashier.ID, r.Now())
	if err != nil {
		return Customer{}, err
	}
	if err := r.Customers.CreateCustomer(ctx, c, ev); err != nil {
		return Customer{}, err
	}
	return c, r.AttachCustomer(c)
}

// DetachCustomer makes the sale anonymous again.
func (r *Register) DetachCustomer() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil {
		return nil
	}
	if len(r.sale.Tenders) > 0 {
		return Errorf(ECONFLICT, "payment has started: cancel the payment to change the customer")
	}
	r.sale.Customer = nil
	r.reprice()
	r.refitBasketDiscount()
	return nil
}

// AddProduct adds a product picked from a quick key or a search result. Weighed articles need
// their weight (qty in grams).
func (r *Register) AddProduct(ctx context.Context, p Product, qty Qty) (Line, error) {
	promos, err := r.promotionsOf(ctx, p.SKU)
	if err != nil {
		return Line{}, err
	}
	return r.add(p, Line{Code: string(p.SKU), Qty: qty}, promos)
}

// resolve finds the product of an input and what its code says of quantity and price.
func (r *Register) resolve(ctx context.Context, input string) (Product, Line, error) {
	code, perr := r.Barcodes.Parse(input)
	if perr != nil {
		var be *barcode.Error
		if !errors.As(perr, &be) {
			return Product{}, Line{}, perr
		}
		// Not a barcode: a cashier may type an SKU, or a short PLU of a weighed article.
		if p, err := r.Catalog.ProductBySKU(ctx, SKU(input)); err == nil {
			return p, Line{Code: input}, nil
		}
		if isDigits(input) && len(input) <= 6 {
			if p, err := r.Catalog.ProductByPLU(ctx, input); err == nil {
				return p, Line{Code: input}, nil
			}
		}
		if be.Reason == "check-digit" || isDigits(input) {
			return Product{}, Line{}, be // bad input, in the cashier's words
		}
		return Product{}, Line{}, Errorf(ENOTFOUND, "No product with code %q. Check the code or search by name (F2).", input)
	}
	item := Line{Code: input}
	var p Product
	var err error
	switch {
	case code.Kind == barcode.InStore:
		p, err = r.Catalog.ProductByPLU(ctx, code.ItemCode)
	case code.GTIN == "":
		return Product{}, Line{}, Errorf(EINVALID, "This GS1 code names no article (it has no (01) GTIN): scan the article's own barcode.")
	default:
		if code.AltGTIN != "" { // an 8-digit UPC-E the catalog may know as an EAN-8
			p, err = r.Catalog.ProductByGTIN(ctx, code.AltGTIN)
		}
		if code.AltGTIN == "" || ErrorCode(err) == ENOTFOUND {
			p, err = r.Catalog.ProductByGTIN(ctx, code.GTIN)
		}
	}
	if ErrorCode(err) == ENOTFOUND && isDigits(input) {
		// Digits that happen to read as a GTIN may be a typed numeric SKU or PLU.
		if sp, serr := r.Catalog.ProductBySKU(ctx, SKU(input)); serr == nil {
			return sp, Line{Code: input}, nil
		}
		if pp, perr := r.Catalog.ProductByPLU(ctx, input); perr == nil {
			return pp, Line{Code: input}, nil
		}
	}
	if ErrorCode(err) == ENOTFOUND {
		return Product{}, Line{}, Errorf(ENOTFOUND, "Unknown product %s (%s): it is not in this till's catalog. Put it aside and ask a manager.", code.Raw, code.Kind)
	} else if err != nil {
		return Product{}, Line{}, fmt.Errorf("look up %s: %w", code.Raw, err)
	}
	if code.HasWeight {
		if code.Weight <= 0 {
			return Product{}, Line{}, Errorf(EINVALID, "The label of %s shows no weight: weigh it again.", p.Name)
		}
		if p.Unit != UnitKg {
			return Product{}, Line{}, Errorf(EINVALID, "%s is sold per piece but its label carries a weight: ask a manager.", p.Name)
		}
		item.Qty = Grams(code.Weight)
	}
	if code.HasPrice {
		if code.Price <= 0 {
			return Product{}, Line{}, Errorf(EINVALID, "The label of %s shows no price.", p.Name)
		}
		if err := r.Policy.CheckPrice("The label price of "+p.Name, Money(code.Price)); err != nil {
			return Product{}, Line{}, err
		}
		item.FixedAmount = Money(code.Price)
		if item.Qty == 0 && p.Unit == UnitKg && p.Price > 0 {
			// The label priced a weight it does not print: stock moves by that weight.
			thousandths, ok := CheckedMul(code.Price, 1000)
			if !ok {
				return Product{}, Line{}, Errorf(EINVALID, "The label of %s cannot be read as a weight: ask a manager.", p.Name)
			}
			item.Qty = Qty(divRound(thousandths, int64(p.Price)))
		}
		if item.Qty == 0 {
			item.Qty = Pieces(1)
		}
	}
	return p, item, nil
}

// NeedsWeight is the answer to scanning or picking a weighed article without its weight:
// a till with a scale weighs it, a cashier without one types the weight.
type NeedsWeight struct{ Product Product }

func (e *NeedsWeight) Error() string {
	return fmt.Sprintf("%s is sold by weight: weigh it or type the weight, e.g. 0,5*%s", e.Product.Name, firstNonEmpty(e.Product.PLU, string(e.Product.SKU)))
}

// ErrorCode and ErrorMessage make it Explained, for screens that only show messages.
func (e *NeedsWeight) ErrorCode() string    { return EINVALID }
func (e *NeedsWeight) ErrorMessage() string { return e.Error() }

// add puts a line of p in the basket (or more of it on the last line) and prices the
// basket again with promos, the promotions of p as they are now.
func (r *Register) add(p Product, item Line, promos []Promotion) (Line, error) {
	if p.Unit == UnitKg && item.Qty == 0 {
		return Line{}, &NeedsWeight{Product: p}
	}
	if p.Unit == UnitPiece && item.Qty%1000 != 0 && item.FixedAmount == 0 {
		return Line{}, Errorf(EINVALID, "%s is sold per piece: the quantity must be a whole number", p.Name)
	}
	if item.Qty == 0 {
		item.Qty = Pieces(1)
	}
	if item.Qty > maxQty {
		return Line{}, Errorf(EINVALID, "a quantity over 9999 is surely a mistake")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s, err := r.current()
	if err != nil {
		return Line{}, err
	}
	if len(s.Tenders) > 0 {
		return Line{}, Errorf(ECONFLICT, "payment has started: cancel the payment to add articles")
	}
	// Scanning the same piece article again raises the quantity of the last line, as cashiers expect.
	if n := len(s.Lines); n > 0 {
		last := &s.Lines[n-1]
		if !last.Voided && last.SKU == p.SKU && p.Unit == UnitPiece && last.FixedAmount == 0 &&
			item.FixedAmount == 0 && last.Discount.Amount == 0 {
			more := *last
			more.Qty += item.Qty
			if err := r.Policy.checkLine(s, more, n-1); err != nil {
				return Line{}, err
			}
			last.Qty += item.Qty
			r.promos[p.SKU] = promos
			r.reprice()
			r.refitBasketDiscount()
			return s.Lines[n-1], nil
		}
	}
	item.No = len(s.Lines) + 1
	item.SKU, item.Name, item.Unit, item.UnitPrice, item.VAT = p.SKU, p.Name, p.Unit, p.Price, p.VAT
	if err := r.Policy.checkLine(s, item, len(s.Lines)); err != nil {
		return Line{}, err
	}
	s.Lines = append(s.Lines, item)
	r.promos[p.SKU] = promos
	r.reprice()
	return s.Lines[len(s.Lines)-1], nil
}

// line returns the live line numbered no. Callers hold r.mu.
func (r *Register) line(no int) (*Line, error) {
	if r.sale == nil || no < 1 || no > len(r.sale.Lines) || r.sale.Lines[no-1].Voided {
		return nil, Errorf(ENOTFOUND, "there is no line %d in this sale", no)
	}
	if len(r.sale.Tenders) > 0 {
		return nil, Errorf(ECONFLICT, "payment has started: cancel the payment to change lines")
	}
	return &r.sale.Lines[no-1], nil
}

// SetQty changes the quantity of a line.
func (r *Register) SetQty(no int, q Qty) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, err := r.line(no)
	if err != nil {
		return err
	}
	switch {
	case q <= 0:
		return Errorf(EINVALID, "the quantity must be more than zero; void the line to remove it")
	case l.FixedAmount != 0:
		return Errorf(EINVALID, "%s carries its price on the label: scan each pack", l.Name)
	case l.Unit == UnitPiece && q%1000 != 0:
		return Errorf(EINVALID, "%s is sold per piece: the quantity must be a whole number", l.Name)
	case q > maxQty:
		return Errorf(EINVALID, "a quantity over 9999 is surely a mistake")
	}
	changed := *l
	changed.Qty = q
	if err := r.Policy.checkLine(r.sale, changed, no-1); err != nil {
		return err
	}
	l.Qty = q
	// A discount was given (and perhaps approved) for the old amount: it is taken off, and
	// the cashier gives it again for the new one.
	l.Discount = Discount{}
	r.reprice()
	r.refitBasketDiscount()
	return nil
}

// maxQty is the largest quantity one line may have: 9999 pieces or kilograms.
const maxQty = Qty(9999 * 1000)

// VoidLine removes a line from the sale; it stays in the sale's record as voided.
func (r *Register) VoidLine(no int, reason string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, err := r.line(no)
	if err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return Errorf(EINVALID, "Choose why the line is voided: the sale keeps it.")
	}
	l.Voided, l.VoidReason = true, reason
	r.reprice() // a multibuy may have lost a piece
	r.refitBasketDiscount()
	return nil
}

// refitBasketDiscount drops the basket discount once the lines it was given on shrank: when
// it is more than they are worth, or over the cashier's limit without a manager's approval.
// Callers hold r.mu.
func (r *Register) refitBasketDiscount() {
	if c := r.sale.Coupon; c != nil {
		r.refitCoupon(c)
		return
	}
	d := r.sale.BasketDiscount
	if d.Amount == 0 {
		return
	}
	var base Money
	for _, l := range r.sale.Lines {
		if !l.Voided {
			base += l.Due()
		}
	}
	if d.Amount > base || (d.ApprovedBy == "" && r.needsApproval(d.Amount, base)) {
		r.sale.BasketDiscount = Discount{}
	}
}

// NeedsApproval reports whether a discount of amount on base is over the cashier's limit.
func (r *Register) NeedsApproval(amount, base Money) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.needsApproval(amount, base)
}

func (r *Register) needsApproval(amount, base Money) bool {
	if r.cashier != nil && r.cashier.IsManager() {
		return false
	}
	return int64(amount)*10000 > int64(base)*r.Policy.CashierDiscountLimit
}

// DiscountLine lowers one line by a cashier's discount, given on the line's amount after its
// promotion (Line.Promoted): the promotion stays and the discount comes on top, as a
// commercial till takes a manual discount off the promotional price. Over the cashier's
// limit the discount needs a manager: approver is then the manager who typed their PIN
// (nil otherwise).
func (r *Register) DiscountLine(ctx context.Context, no int, d Discount, approver *Staff) error {
	if err := checkDiscount(d); err != nil {
		return err
	}
	r.mu.Lock()
	l, err := r.line(no)
	if err == nil {
		err = r.approve(&d, l.Promoted(), approver)
	}
	if err == nil {
		l.Discount = d
		r.refitBasketDiscount()
	}
	r.mu.Unlock()
	if err != nil {
		return err
	}
	return r.audit(ctx, d, fmt.Sprintf("line %d", no))
}

// DiscountBasket lowers the whole sale; the amount is spread over the lines for VAT.
func (r *Register) DiscountBasket(ctx context.Context, d Discount, approver *Staff) error {
	if err := checkDiscount(d); err != nil {
		return err
	}
	r.mu.Lock()
	var err error
	switch {
	case r.sale == nil || len(r.sale.ActiveLines()) == 0:
		err = Errorf(ECONFLICT, "the sale is empty")
	case len(r.sale.Tenders) > 0:
		err = Errorf(ECONFLICT, "payment has started: cancel the payment to give a discount")
	case r.sale.Coupon != nil:
		err = Errorf(ECONFLICT, "Coupon %s is the basket's discount: take it off to give another.", r.sale.Coupon.Code)
	default:
		if err = r.approve(&d, r.sale.Total()+r.sale.BasketDiscount.Amount, approver); err == nil {
			r.sale.BasketDiscount = d
		}
	}
	r.mu.Unlock()
	if err != nil {
		return err
	}
	return r.audit(ctx, d, "basket")
}

func checkDiscount(d Discount) error {
	if d.Amount <= 0 {
		return Errorf(EINVALID, "a discount must be more than zero")
	}
	if strings.TrimSpace(d.Reason) == "" {
		return Errorf(EINVALID, "choose a reason for the discount")
	}
	return nil
}

// approve checks a discount against what it is given on and the cashier's limit, and
// records the approving manager in it. Callers hold r.mu.
func (r *Register) approve(d *Discount, base Money, approver *Staff) error {
	if d.Amount > base {
		return Errorf(EINVALID, "the discount %s is more than the %s it is given on", d.Amount.Display(), base.Display())
	}
	if !r.needsApproval(d.Amount, base) {
		return nil
	}
	if approver == nil || !approver.IsManager() {
		return Errorf(EFORBIDDEN, "a discount over %s needs a manager's approval", VATRate(r.Policy.CashierDiscountLimit).Percent())
	}
	d.ApprovedBy = approver.ID
	return nil
}

// audit records a discount a manager approved.
func (r *Register) audit(ctx context.Context, d Discount, what string) error {
	if d.ApprovedBy == "" {
		return nil
	}
	c, _ := r.Cashier()
	return r.Staff.RecordAudit(ctx, AuditEntry{Till: r.StoreInfo().TillID, Staff: c.ID, Action: "discount",
		Detail: fmt.Sprintf("%s %s (%s)", what, d.Amount.Display(), d.Reason), ApprovedBy: d.ApprovedBy})
}

// AddTender takes a payment. Card payments are for at most what remains; cash may be more
// (the change is given back).
func (r *Register) AddTender(t Tender) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil || len(r.sale.ActiveLines()) == 0 {
		return Errorf(ECONFLICT, "the sale is empty: scan an article first")
	}
	rem := r.sale.Remaining()
	switch {
	case t.Amount <= 0:
		return Errorf(EINVALID, "the amount must be more than zero")
	case rem == 0:
		return Errorf(ECONFLICT, "the sale is already paid")
	case t.Kind == TenderCard && t.Amount > rem:
		return Errorf(EINVALID, "a card pays at most what remains: %s", rem.Display())
	case t.Kind != TenderCash && t.Kind != TenderCard:
		return Errorf(EINVALID, "unknown tender %q", t.Kind)
	case t.Amount > rem+Money(100000)*100:
		return Errorf(EINVALID, "%s is far more than the %s due: check the amount", t.Amount.Display(), rem.Display())
	}
	r.sale.Tenders = append(r.sale.Tenders, t)
	return nil
}

// CancelPayment removes the tenders taken so far (e.g. the customer changes their mind).
// Points held at central are released in the background: central forgets a hold it was
// not told of after the rules' HoldTTL anyway.
func (r *Register) CancelPayment() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil {
		return
	}
	for _, t := range r.sale.Tenders {
		switch {
		case t.Kind == TenderPoints && t.Reference != "":
			r.release(t.Reference)
		case t.Kind == TenderVoucher && t.Hold != "":
			r.releaseVoucher(t.Hold)
		}
	}
	r.sale.Tenders = nil
}

// release gives a points hold back to central, off the caller's goroutine.
func (r *Register) release(hold string) {
	if r.Holds != nil {
		r.giveBack(hold, r.Holds.ReleasePoints)
	}
}

// giveBack runs release(hold) off the caller's goroutine, with a deadline: a hold central
// is not told of lapses after the rules' HoldTTL anyway, so a failure is not the
// cashier's to handle. WaitReleased waits for it.
func (r *Register) giveBack(hold string, release func(context.Context, string) error) {
	if hold == "" {
		return
	}
	r.releasing.Add(1)
	go func() {
		defer r.releasing.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = release(ctx, hold)
	}()
}

// WaitReleased waits until the holds of cancelled payments were given back (or failed).
func (r *Register) WaitReleased() { r.releasing.Wait() }

// RedeemPoints pays part of the sale with the customer's points. Online, central holds
// them first (a second till cannot spend them meanwhile) and the sale captures the hold;
// when central cannot be reached, the till redeems within the rules' offline limits, or
// refuses. points pay at most what remains to pay.
func (r *Register) RedeemPoints(ctx context.Context, points int64) (Tender, error) {
	if r.Loyalty == nil {
		return Tender{}, Errorf(ECONFLICT, "This till keeps no loyalty points.")
	}
	rules, err := r.Loyalty.LoyaltyRules(ctx)
	if err != nil {
		return Tender{}, pointsError(points, err)
	}
	r.mu.Lock()
	s := r.sale
	var sale SaleID
	var customer Customer
	var rem Money
	var offlineInSale int64
	switch {
	case s == nil || len(s.ActiveLines()) == 0:
		err = Errorf(ECONFLICT, "the sale is empty: scan an article first")
	case s.Training:
		err = Errorf(ECONFLICT, "Points are not redeemed in training mode.")
	case s.Customer == nil:
		err = Errorf(ECONFLICT, "Points pay only for a customer: scan their card first.")
	default:
		sale, customer, rem = s.ID, *s.Customer, s.Remaining()
		for _, t := range s.Tenders {
			if t.Kind == TenderPoints && t.Reference == "" {
				offlineInSale += t.Points
			}
		}
	}
	r.mu.Unlock()
	if err != nil {
		return Tender{}, err
	}
	value, ok := rules.ValueOf(points)
	switch {
	case points <= 0:
		return Tender{}, Errorf(EINVALID, "the points to redeem must be more than zero")
	case rem == 0:
		return Tender{}, Errorf(ECONFLICT, "the sale is already paid")
	case !ok || value > rem:
		return Tender{}, Errorf(EINVALID, "%d points pay more than the %s that remains: redeem at most %d.", points, rem.Display(), rules.PointsFor(rem))
	}
	t := Tender{Kind: TenderPoints, Amount: value, Points: points}
	offlineLimit := int64(-1) // offline: the limit before this sale's own points
	hold, err := r.hold(ctx, customer.ID, points)
	switch {
	case err == nil:
		t.Reference = hold
	case errors.Is(err, ErrOffline):
		st, err := r.Loyalty.PointsState(ctx, customer.ID, r.Now())
		if err != nil {
			return Tender{}, pointsError(points, err)
		}
		if offlineLimit, err = rules.OfflineLimit(st, r.Now()); err != nil {
			return Tender{}, err
		}
		if limit := offlineLimit - offlineInSale; points > limit {
			return Tender{}, Errorf(ECONFLICT, "Central cannot be reached: %s can redeem at most %d points at this till now.", customer.Name, max(limit, 0))
		}
	default:
		return Tender{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil || r.sale.ID != sale || r.sale.Customer == nil || r.sale.Customer.ID != customer.ID || r.sale.Remaining() < value {
		if t.Reference != "" {
			r.release(t.Reference)
		}
		return Tender{}, Errorf(ECONFLICT, "the sale changed while the points were asked for: try again")
	}
	if offlineLimit >= 0 && points > offlineLimit-redeemed(r.sale) { // every points tender of the sale, as it is now
		return Tender{}, Errorf(ECONFLICT, "Central cannot be reached: %s can redeem at most %d points at this till now.", customer.Name, max(offlineLimit-redeemed(r.sale), 0))
	}
	r.sale.Tenders = append(r.sale.Tenders, t)
	return t, nil
}

// hold asks central to hold points; ErrOffline when the till has no link to ask.
func (r *Register) hold(ctx context.Context, c CustomerID, points int64) (string, error) {
	if r.Holds == nil {
		return "", ErrOffline
	}
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("new hold id: %w", err)
	}
	h, err := r.Holds.HoldPoints(ctx, PointsHold{ID: id.String(), Customer: c, Points: points})
	if err != nil {
		return "", err
	}
	return h.ID, nil
}

// PointsOffer is what the cashier is told before redeeming: what the till knows of the
// customer's points, and how many would pay what remains.
type PointsOffer struct {
	Customer Customer
	State    PointsState
	Rules    LoyaltyRules
	// UpTo is the most points that pay toward what remains, within the balance the till
	// knows (central may allow less: other channels' redemptions it has not sent yet).
	UpTo int64
}

// OfferPoints says what the sale's customer could redeem now.
func (r *Register) OfferPoints(ctx context.Context) (PointsOffer, error) {
	if r.Loyalty == nil {
		return PointsOffer{}, Errorf(ECONFLICT, "This till keeps no loyalty points.")
	}
	s := r.Sale()
	if s.Customer == nil {
		return PointsOffer{}, Errorf(ECONFLICT, "Points pay only for a customer: scan their card first.")
	}
	rules, err := r.Loyalty.LoyaltyRules(ctx)
	if err != nil {
		return PointsOffer{}, err
	}
	st, err := r.Loyalty.PointsState(ctx, s.Customer.ID, r.Now())
	if err != nil {
		return PointsOffer{}, err
	}
	return PointsOffer{Customer: *s.Customer, State: st, Rules: rules,
		UpTo: max(min(st.Balance()-redeemed(&s), rules.PointsFor(s.Remaining())), 0)}, nil
}

// CancelSale drops the basket before payment.
func (r *Register) CancelSale() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale != nil && len(r.sale.Tenders) > 0 {
		return Errorf(ECONFLICT, "payment has started: cancel the payment first")
	}
	if r.sale != nil && r.sale.Coupon != nil {
		r.releaseCoupon(r.sale.Coupon.Hold)
	}
	if r.sale != nil {
		r.dropExchange(r.sale.Exchange)
	}
	r.sale = nil
	return nil
}

// Complete commits a fully paid sale and starts a new basket. The sale is durable when this
// returns: only then may the receipt print or the drawer open. On error the basket stays as it
// was, so nothing the cashier rang up is lost.
func (r *Register) Complete(ctx context.Context) (*Sale, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sale
	if s == nil || len(s.ActiveLines()) == 0 {
		return nil, Errorf(ECONFLICT, "the sale is empty")
	}
	if s.Total() < 0 {
		return nil, Errorf(EINVALID, "the total is below zero: check the discounts")
	}
	if s.Remaining() > 0 {
		return nil, Errorf(ECONFLICT, "%s is still to pay", s.Remaining().Display())
	}
	if s.Coupon != nil && s.BasketDiscount.Amount == 0 {
		r.releaseCoupon(s.Coupon.Hold) // it took nothing off: the customer keeps it
		s.Coupon = nil
	}
	done := *s
	done.Lines = append([]Line(nil), s.Lines...)
	done.Tenders = append([]Tender(nil), s.Tenders...)
	done.CompletedAt = r.Now()
	if r.cashier != nil {
		done.Cashier = *r.cashier
	}
	if err := r.countPoints(ctx, &done); err != nil {
		return nil, err
	}
	if s.Exchange != nil {
		ret := *s.Exchange
		ret.Lines = append([]ReturnedLine(nil), s.Exchange.Lines...)
		if err := r.Exchanges.completeExchange(ctx, &done, &ret); err != nil {
			return nil, fmt.Errorf("commit exchange of sale %s: %w", done.ID, err)
		}
	} else if err := r.Sales.CommitSale(ctx, &done); err != nil {
		return nil, fmt.Errorf("commit sale %s: %w", done.ID, err)
	}
	r.sale = nil
	return &done, nil
}

// countPoints sets what a sale earns and redeems of its customer's points, and the
// balance the receipt prints. Callers hold r.mu.
func (r *Register) countPoints(ctx context.Context, s *Sale) error {
	if s.Customer == nil || s.Training || r.Loyalty == nil {
		return nil
	}
	rules, err := r.Loyalty.LoyaltyRules(ctx)
	if err != nil {
		return fmt.Errorf("points of sale %s: %w", s.ID, err)
	}
	doc := saleEventOf(s)
	earned, err := rules.Earned(doc.Lines, doc.Tenders)
	if err != nil {
		return err
	}
	st, err := r.Loyalty.PointsState(ctx, s.Customer.ID, s.CompletedAt)
	if err != nil {
		return fmt.Errorf("points of sale %s: %w", s.ID, err)
	}
	used := redeemed(s)
	s.Points = SalePoints{Rules: rules.Version, Earned: earned, Redeemed: used, Balance: st.Balance() + earned - used}
	return nil
}

// looksLikeQty reports whether s can be the quantity of "N*CODE".
func looksLikeQty(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "0123456789,.") == ""
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
