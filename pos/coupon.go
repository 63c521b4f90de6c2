package pos

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CouponKind is what a coupon takes off a basket.
type CouponKind string

// Kinds of coupon.
const (
	CouponPercent CouponKind = "percent" // Value basis points off the basket
	CouponAmount  CouponKind = "amount"  // Value minor units off the basket
)

// Coupon is a single-use coupon central issued (a newsletter, an online campaign): usable
// once in any channel. Central signs each with its ed25519 key, so a till that cannot
// reach central checks a coupon it pulled against central's public key, not its own copy.
type Coupon struct {
	Code     string
	Campaign string
	Kind     CouponKind
	Value    int64
	MinTotal Money     // the basket must come to at least this (0: any)
	Starts   time.Time // the first instant it is good
	Ends     time.Time // the first instant it is no longer good
	Customer CustomerID
	// Signature is central's ed25519 signature of SignedBytes.
	Signature []byte
}

// CouponCode is a code as typed or scanned, as central keeps it: trimmed, upper case,
// without spaces (a printed "NL 7K2Q 9XPM" is typed as it is read).
func CouponCode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// SignedBytes is what central signs of a coupon: every field that decides what it is worth
// and to whom, in one unambiguous text.
func (c Coupon) SignedBytes() []byte {
	fields := []string{"omnitill-coupon-1", c.Code, c.Campaign, string(c.Kind), strconv.FormatInt(c.Value, 10),
		strconv.FormatInt(int64(c.MinTotal), 10), c.Starts.UTC().Format(time.RFC3339), c.Ends.UTC().Format(time.RFC3339), string(c.Customer)}
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "%d:%s;", len(f), f)
	}
	return []byte(b.String())
}

// Verify says whether central's key signed the coupon as it is.
func (c Coupon) Verify(key ed25519.PublicKey) bool {
	return len(key) == ed25519.PublicKeySize && len(c.Signature) == ed25519.SignatureSize && ed25519.Verify(key, c.SignedBytes(), c.Signature)
}

// Check refuses a coupon that could never be used.
func (c Coupon) Check() error {
	switch {
	case c.Code == "" || c.Code != CouponCode(c.Code) || len(c.Code) > 64:
		return Errorf(EINVALID, "the coupon code %q is empty, too long or not written as tills read it", c.Code)
	case c.Kind == CouponPercent && (c.Value < 1 || c.Value > 10000):
		return Errorf(EINVALID, "coupon %s takes %d basis points off: from 1 to 10000", c.Code, c.Value)
	case c.Kind == CouponAmount && (c.Value < 1 || c.Value > int64(MaxPriceCeiling)):
		return Errorf(EINVALID, "coupon %s takes %d off: from 1 to %s", c.Code, c.Value, MaxPriceCeiling.Display())
	case c.Kind != CouponPercent && c.Kind != CouponAmount:
		return Errorf(EINVALID, "coupon %s is of unknown kind %q: percent or amount", c.Code, c.Kind)
	case c.MinTotal < 0 || !c.Ends.After(c.Starts):
		return Errorf(EINVALID, "coupon %s ends before it starts, or needs a negative total", c.Code)
	}
	return nil
}

// Usable says whether the coupon may be used by customer at at: within its dates, and
// its customer's when it is one customer's.
func (c Coupon) Usable(customer CustomerID, at time.Time) error {
	switch {
	case at.Before(c.Starts):
		return Errorf(ECONFLICT, "Coupon %s is good from %s.", c.Code, c.Starts.Local().Format("2006-01-02"))
	case !at.Before(c.Ends):
		return Errorf(ECONFLICT, "Coupon %s expired on %s.", c.Code, c.Ends.Local().Format("2006-01-02"))
	case c.Customer != "" && c.Customer != customer:
		return Errorf(ECONFLICT, "Coupon %s is a customer's own: scan their loyalty card first.", c.Code)
	}
	return nil
}

// Discount is what the coupon takes off a basket of base (after promotions and line
// discounts), for customer at at; or why it takes nothing.
func (c Coupon) Discount(base Money, customer CustomerID, at time.Time) (Money, error) {
	if err := c.Usable(customer, at); err != nil {
		return 0, err
	}
	if base < c.MinTotal {
		return 0, Errorf(ECONFLICT, "Coupon %s needs a basket of at least %s.", c.Code, c.MinTotal.Display())
	}
	if c.Kind == CouponPercent {
		return min(base.Percent(c.Value), base), nil
	}
	return min(Money(c.Value), base), nil
}

// SaleCoupon is the coupon a sale took: its code and campaign, and central's hold of it
// (empty when the till took it offline). What it took off is the sale's basket discount.
type SaleCoupon struct {
	Code     string
	Campaign string
	Hold     string
	coupon   Coupon // to price the basket again when its lines change
}

// CouponUsed is central's refusal of a coupon used or held elsewhere; where says where.
func CouponUsed(code, where string) error {
	return Errorf(ECONFLICT, "Coupon %s was used already (%s): a coupon is good once.", code, where)
}

// CouponUnknown is central's answer for a code it never issued.
func CouponUnknown(code string) error {
	return Errorf(ENOTFOUND, "Central never issued coupon %s: check the code.", code)
}

// CouponHold is a coupon central keeps for a sale being paid, as a points hold.
type CouponHold struct {
	ID     string
	Code   string
	Coupon Coupon // central's answer: the coupon, signed
}

// CouponHolds asks central to hold a coupon for a sale and to release it (the till
// implements it with its link). HoldCoupon: ENOTFOUND for a code central never issued,
// ECONFLICT for one used or held elsewhere, ErrOffline when central cannot be reached.
type CouponHolds interface {
	HoldCoupon(ctx context.Context, h CouponHold) (CouponHold, error)
	ReleaseCoupon(ctx context.Context, id string) error
}

// CouponStore is the till's copy of central's coupons (pos/sqlite implements it).
type CouponStore interface {
	// CouponByCode finds a coupon the till pulled, and whether this till's sales used it
	// already; ENOTFOUND when it has none such.
	CouponByCode(ctx context.Context, code string) (c Coupon, usedHere bool, err error)
	// CouponKey is central's public key the pulled coupons are signed with; ENOTFOUND
	// before the till pulled any.
	CouponKey(ctx context.Context) (ed25519.PublicKey, error)
}

// ApplyCoupon takes a coupon off the basket, as its basket discount. Online, central holds
// the coupon for this sale (another channel cannot use it meanwhile) and the sale captures
// the hold; offline, the till takes a coupon it pulled, when central's signature holds and
// this till did not use it already. One coupon a sale, and not beside a cashier's basket
// discount. It returns what the coupon takes off now; as the lines change it is priced
// again (a percent of what is left, nothing below its minimum).
func (r *Register) ApplyCoupon(ctx context.Context, input string) (Money, error) {
	code := CouponCode(input)
	if r.Coupons == nil {
		return 0, Errorf(ECONFLICT, "This till takes no coupons.")
	}
	r.mu.Lock()
	s := r.sale
	var err error
	var sale SaleID
	var customer CustomerID
	var base Money
	switch {
	case code == "":
		err = Errorf(EINVALID, "Type or scan the coupon's code.")
	case s == nil || len(s.ActiveLines()) == 0:
		err = Errorf(ECONFLICT, "the sale is empty: scan an article first")
	case s.Training:
		err = Errorf(ECONFLICT, "Coupons are not taken in training mode.")
	case len(s.Tenders) > 0:
		err = Errorf(ECONFLICT, "payment has started: cancel the payment to give a discount")
	case s.Coupon != nil:
		err = Errorf(ECONFLICT, "This sale took coupon %s already: one coupon a sale.", s.Coupon.Code)
	case s.BasketDiscount.Amount != 0:
		err = Errorf(ECONFLICT, "The basket has a discount already: take it off to take a coupon.")
	default:
		sale, base = s.ID, s.Total()
		if s.Customer != nil {
			customer = s.Customer.ID
		}
	}
	r.mu.Unlock()
	if err != nil {
		return 0, err
	}
	c, hold, err := r.findCoupon(ctx, code)
	if err != nil {
		return 0, err
	}
	off, err := c.Discount(base, customer, r.Now())
	if err != nil {
		r.releaseCoupon(hold)
		return 0, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if s := r.sale; s == nil || s.ID != sale || s.Coupon != nil || len(s.Tenders) > 0 || s.BasketDiscount.Amount != 0 {
		r.releaseCoupon(hold)
		return 0, Errorf(ECONFLICT, "the sale changed while the coupon was checked: try again")
	}
	reason := "Coupon " + c.Code
	if r.Words != nil { // the receipt's words: the store's
		reason = r.Words.T("Coupon %s", c.Code)
	}
	r.sale.Coupon = &SaleCoupon{Code: c.Code, Campaign: c.Campaign, Hold: hold, coupon: c}
	r.sale.BasketDiscount = Discount{Amount: off, Reason: reason}
	r.refitBasketDiscount()
	return r.sale.BasketDiscount.Amount, nil
}

// findCoupon finds a coupon: held at central, or, when central cannot be reached, the
// till's copy with central's signature, not used at this till yet.
func (r *Register) findCoupon(ctx context.Context, code string) (Coupon, string, error) {
	if r.CouponHolds != nil {
		id, err := newID()
		if err != nil {
			return Coupon{}, "", err
		}
		h, err := r.CouponHolds.HoldCoupon(ctx, CouponHold{ID: id, Code: code})
		if err == nil {
			return h.Coupon, id, nil
		}
		if !errorsIsOffline(err) {
			return Coupon{}, "", err
		}
	}
	c, used, err := r.Coupons.CouponByCode(ctx, code)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return Coupon{}, "", Errorf(ENOTFOUND, "Central cannot be reached and this till does not know coupon %s: check the code, or take it when central is back.", code)
	case err != nil:
		return Coupon{}, "", fmt.Errorf("coupon %s: %w", code, err)
	case used:
		return Coupon{}, "", Errorf(ECONFLICT, "Coupon %s was used at this till already: a coupon is good once.", code)
	}
	key, err := r.Coupons.CouponKey(ctx)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return Coupon{}, "", fmt.Errorf("central's coupon key: %w", err)
	}
	if !c.Verify(key) {
		return Coupon{}, "", Errorf(ECONFLICT, "Coupon %s does not carry central's signature here: it cannot be taken offline.", code)
	}
	return c, "", nil
}

// RemoveCoupon takes the sale's coupon off, and gives its hold back.
func (r *Register) RemoveCoupon() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.sale
	switch {
	case s == nil || s.Coupon == nil:
		return nil
	case len(s.Tenders) > 0:
		return Errorf(ECONFLICT, "payment has started: cancel the payment to change lines")
	}
	r.releaseCoupon(s.Coupon.Hold)
	s.Coupon, s.BasketDiscount = nil, Discount{}
	return nil
}

// refitCoupon prices the coupon again on the basket as it is now. Callers hold r.mu.
func (r *Register) refitCoupon(c *SaleCoupon) {
	s := r.sale
	var base Money
	for _, l := range s.Lines {
		if !l.Voided {
			base += l.Due()
		}
	}
	var customer CustomerID
	if s.Customer != nil {
		customer = s.Customer.ID
	}
	off, err := c.coupon.Discount(base, customer, r.Now())
	if err != nil {
		off = 0 // kept, taking nothing until the basket qualifies again
	}
	s.BasketDiscount.Amount = off
}

// releaseCoupon gives a coupon's hold back to central, off the caller's goroutine.
func (r *Register) releaseCoupon(hold string) {
	if r.CouponHolds != nil {
		r.giveBack(hold, r.CouponHolds.ReleaseCoupon)
	}
}

// CouponScanned is the answer to scanning, at the sale screen, a code that is no article
// but a coupon the till knows (a newsletter's QR): no line is added, and the caller takes
// the coupon with ApplyCoupon, which may ask central (off a screen's UI thread).
type CouponScanned struct{ Code string }

func (e *CouponScanned) Error() string { return fmt.Sprintf("coupon %s scanned", e.Code) }

// isCoupon says whether a scanned code that is no article is a coupon the till pulled.
func (r *Register) isCoupon(ctx context.Context, input string) (string, bool) {
	code := CouponCode(input)
	if r.Coupons == nil || code == "" {
		return "", false
	}
	_, _, err := r.Coupons.CouponByCode(ctx, code)
	return code, err == nil
}
