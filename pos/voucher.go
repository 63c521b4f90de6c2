package pos

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// Store credit: a return refunded to credit issues a voucher (TenderCredit, its code the
// Reference), which pays at any till as a tender (TenderVoucher), with one balance at
// central.
const (
	TenderCredit  TenderKind = "credit"  // a refund as a new store-credit voucher
	TenderVoucher TenderKind = "voucher" // paying with a voucher's credit
)

// voucherAlphabet has no letters read as others (0/O, 1/I/L).
const voucherAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// NewVoucherCode is a new voucher's code: "SC" and 10 characters (≈ 49 bits).
func NewVoucherCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("new voucher code: %w", err)
	}
	for i := range b {
		b[i] = voucherAlphabet[int(b[i])%len(voucherAlphabet)]
	}
	return "SC" + string(b), nil
}

// VoucherCode is a voucher's code as typed or scanned.
func VoucherCode(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// VoucherHolds asks central to hold a voucher's credit for a sale (the till implements
// it with its link). ECONFLICT when the balance is short, ENOTFOUND for an unknown code,
// ErrOffline when central cannot be reached.
type VoucherHolds interface {
	HoldVoucher(ctx context.Context, hold, code string, amount Money) (balance Money, err error)
	ReleaseVoucher(ctx context.Context, hold string) error
	// VoucherAvailable is what a voucher has left that no hold sets aside.
	VoucherAvailable(ctx context.Context, code string) (Money, error)
}

// VoucherStore is what the till knows of vouchers by itself: those its own returns issued
// less what its own sales spent of them, for spending one while central is down.
type VoucherStore interface {
	// OwnVoucher is what is left of a voucher this till issued; ENOTFOUND for another's.
	OwnVoucher(ctx context.Context, code string) (Money, error)
}

// PayWithVoucher pays amount of what remains with a voucher's credit (0: as much as the
// voucher has, up to what remains): held at central (one balance for every till), or,
// offline, only a voucher this till issued and within what is left of it.
func (r *Register) PayWithVoucher(ctx context.Context, input string, amount Money) (Tender, error) {
	code := VoucherCode(input)
	if amount == 0 {
		var err error
		if amount, err = r.voucherUpTo(ctx, code); err != nil {
			return Tender{}, err
		}
	}
	r.mu.Lock()
	var err error
	var sale SaleID
	switch s := r.sale; {
	case code == "":
		err = Errorf(EINVALID, "Type or scan the voucher's code.")
	case s == nil || len(s.ActiveLines()) == 0:
		err = Errorf(ECONFLICT, "the sale is empty: scan an article first")
	case s.Training:
		err = Errorf(ECONFLICT, "Store credit is not taken in training mode.")
	case amount <= 0 || amount > s.Remaining():
		err = Errorf(EINVALID, "Store credit pays from 0,01 to the %s that remains.", s.Remaining().Display())
	default:
		sale = s.ID
	}
	r.mu.Unlock()
	if err != nil {
		return Tender{}, err
	}
	t := Tender{Kind: TenderVoucher, Amount: amount, Reference: code}
	held := false
	if r.VoucherHolds != nil {
		hold, err := newID()
		if err != nil {
			return Tender{}, err
		}
		_, err = r.VoucherHolds.HoldVoucher(ctx, hold, code, amount)
		switch {
		case err == nil:
			t.Hold, held = hold, true
		case !errors.Is(err, ErrOffline):
			return Tender{}, err
		}
	}
	own := Money(-1) // offline: what is left of the voucher before this sale
	if !held {
		if r.Vouchers == nil {
			return Tender{}, Errorf(ECONFLICT, "Central cannot be reached to check voucher %s: pay another way.", code)
		}
		var err error
		own, err = r.Vouchers.OwnVoucher(ctx, code)
		switch {
		case ErrorCode(err) == ENOTFOUND:
			return Tender{}, Errorf(ECONFLICT, "Central cannot be reached and voucher %s is another till's: pay another way, or when central is back.", code)
		case err != nil:
			return Tender{}, err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sale == nil || r.sale.ID != sale || r.sale.Remaining() < amount {
		if t.Hold != "" {
			r.releaseVoucher(t.Hold)
		}
		return Tender{}, Errorf(ECONFLICT, "the sale changed while the voucher was checked: try again")
	}
	if own >= 0 {
		left := own
		for _, x := range r.sale.Tenders { // what the sale took of it already, as it is now
			if x.Kind == TenderVoucher && x.Reference == code {
				left -= x.Amount
			}
		}
		if amount > left {
			return Tender{}, VoucherShort(code, left)
		}
	}
	r.sale.Tenders = append(r.sale.Tenders, t)
	return t, nil
}

// voucherUpTo is the most a voucher pays of what remains: what central says is free of
// it, or, offline, what is left of one this till issued.
func (r *Register) voucherUpTo(ctx context.Context, code string) (Money, error) {
	rem := r.Sale().Remaining()
	var left Money
	var err error = ErrOffline
	if r.VoucherHolds != nil {
		left, err = r.VoucherHolds.VoucherAvailable(ctx, code)
	}
	if errors.Is(err, ErrOffline) && r.Vouchers != nil {
		if left, err = r.Vouchers.OwnVoucher(ctx, code); err == nil {
			left -= r.voucherInSale(code)
		}
	}
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return 0, VoucherUnknown(code)
	case errors.Is(err, ErrOffline):
		return 0, Errorf(ECONFLICT, "Central cannot be reached to check voucher %s: pay another way.", code)
	case err != nil:
		return 0, err
	case left <= 0:
		return 0, VoucherShort(code, 0)
	}
	return min(left, rem), nil
}

// voucherInSale is what the open sale's tenders took of a voucher already.
func (r *Register) voucherInSale(code string) Money {
	r.mu.Lock()
	defer r.mu.Unlock()
	var m Money
	if r.sale != nil {
		for _, t := range r.sale.Tenders {
			if t.Kind == TenderVoucher && t.Reference == code {
				m += t.Amount
			}
		}
	}
	return m
}

// releaseVoucher gives a voucher hold back to central, off the caller's goroutine.
func (r *Register) releaseVoucher(hold string) {
	if r.VoucherHolds != nil {
		r.giveBack(hold, r.VoucherHolds.ReleaseVoucher)
	}
}

// VoucherShort is central's refusal to hold more than a voucher has left.
func VoucherShort(code string, left Money) error {
	return Errorf(ECONFLICT, "Voucher %s has %s left.", code, max(left, 0).Display())
}

// VoucherUnknown is central's answer for a voucher it never issued (or not yet: a till's
// return not sent).
func VoucherUnknown(code string) error {
	return Errorf(ENOTFOUND, "Central knows no voucher %s: check the code.", code)
}
