package till

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"os"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/drivers/receiptimg"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
)

// Profile is the receipt printer's profile (the default when none is set up).
func (t *Till) Profile() (escpos.Profile, error) {
	c := t.Config().Devices[pos.DevicePrinter]
	if c.Profile == "" {
		return escpos.DefaultProfile, nil
	}
	return escpos.ProfileByName(c.Profile)
}

// storeWords are the store's words: its country's language and formats, for its receipts.
func storeWords(s pos.StoreInfo) *lang.Words {
	return lang.MustNew(lang.OfCountry(s.Country), s.Country)
}

// Receipt builds the receipt of a committed sale.
func (t *Till) Receipt(s *pos.Sale) pos.Receipt {
	r := pos.NewReceipt(t.register.StoreInfo(), s, t.register.StoreWords())
	if rules, err := t.DB.LoyaltyRules(context.Background()); err == nil && !s.Training {
		r.QRPayload = pos.ReceiptQR(s.ID, rules.ReceiptURL) // the customer takes the purchase into their account
	}
	if s.Exchange != nil {
		r.ExchangeReason = t.returnReason(context.Background(), s.Exchange.Reason)
	}
	return r
}

// ReceiptImage renders the receipt as the printer would print it, for the screen.
func (t *Till) ReceiptImage(_ context.Context, s *pos.Sale) (image.Image, error) {
	p, err := t.Profile()
	if err != nil {
		return nil, err
	}
	return receiptimg.Render(t.Receipt(s).Layout(p.Columns), p.Columns)
}

// HandOver does what follows a committed sale at the counter, in this order: the customer
// display shows the change, the sale's event is sent to central if it can be reached, the
// cash drawer opens (for cash only: never before the commit), and the receipt prints. It
// waits for the drawer and the printer: run it off the UI thread.
func (t *Till) HandOver(ctx context.Context, s *pos.Sale) pos.Handover {
	t.devices.CustomerSees(ctx, pos.CustomerView{Total: s.Total(), Currency: s.Currency, Paid: s.Paid(), Change: s.Change(), Done: true})
	t.KickSync()
	var h pos.Handover
	if s.PaidInCash() {
		if err := t.devices.OpenDrawer(ctx); err != nil {
			h.Drawer = pos.Report(t.log, "open the drawer after receipt "+ReceiptLabel(s), err)
		}
	}
	h.Warning, h.Print = t.Print(ctx, s)
	return h
}

// Print sends a committed sale's receipt to the printer. The warning is for a printer that
// printed but needs attention soon (paper running low).
func (t *Till) Print(ctx context.Context, s *pos.Sale) (warning string, err error) {
	p, err := t.Profile()
	if err != nil {
		return "", err
	}
	data, err := escpos.Encode(t.Receipt(s).Layout(p.Columns), p)
	if err != nil {
		return "", pos.Report(t.log, "render receipt "+ReceiptLabel(s), err)
	}
	warning, err = t.devices.Print(ctx, data)
	if err != nil {
		err = fmt.Errorf("%w: %w", pos.Errorf(pos.EINTERNAL, "The sale is saved, but the receipt did not print: %s", pos.ErrorMessage(err)), err)
		return "", pos.Report(t.log, "print receipt "+ReceiptLabel(s), err)
	}
	t.log.Info("receipt printed", "receipt", ReceiptLabel(s), "sale", s.ID, "bytes", len(data))
	return warning, nil
}

// NoSale opens the cash drawer outside a sale, approved by a manager and recorded with
// the reason given.
func (t *Till) NoSale(ctx context.Context, manager pos.Staff, reason string) error {
	if err := t.register.NoSale(ctx, manager, reason, t.devices); err != nil {
		return err
	}
	t.log.Info("no sale: drawer opened", "manager", manager.ID, "reason", reason)
	return nil
}

// SaleByReceipt finds a committed sale of this till by its receipt number.
func (t *Till) SaleByReceipt(ctx context.Context, no pos.ReceiptNo, training bool) (*pos.Sale, error) {
	return t.DB.SaleByReceipt(ctx, t.register.StoreInfo().TillID, no, training)
}

// RenderReceipt writes a stored receipt as ESC/POS bytes and/or PNG, for IT.
func (t *Till) RenderReceipt(s *pos.Sale, p escpos.Profile, escposPath, pngPath string) error {
	blocks := t.Receipt(s).Layout(p.Columns)
	if escposPath != "" {
		data, err := escpos.Encode(blocks, p)
		if err != nil {
			return fmt.Errorf("render receipt %d: %w", s.ReceiptNo, err)
		}
		if err := writeOut(escposPath, data); err != nil {
			return err
		}
	}
	if pngPath != "" {
		var buf bytes.Buffer
		if err := receiptimg.WritePNG(&buf, blocks, p.Columns); err != nil {
			return fmt.Errorf("render receipt %d as PNG: %w", s.ReceiptNo, err)
		}
		if err := writeOut(pngPath, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// writeOut writes a file IT asked for, saying in words why it could not.
func writeOut(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("%w: %w", pos.Errorf(pos.EINVALID, "cannot write %s: %v", path, unwrapPath(err)), err)
	}
	return nil
}

// unwrapPath is an os error's cause without the path, which the message names already.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// ReceiptLabel is how staff name a receipt: "17", or "T3" for a training one.
func ReceiptLabel(s *pos.Sale) string {
	if s.Training {
		return fmt.Sprintf("T%d", s.ReceiptNo)
	}
	return fmt.Sprint(s.ReceiptNo)
}

// TrainSale rings one training sale through a Register, exactly as the sale screen does,
// so IT can check scanning, pricing, commit and printing without a cashier. It logs in with
// pin; each scanned line is told to onLine. The till's own mode is left as it was, and the
// drawer stays shut. The sale is committed even when its receipt did not print (printErr).
func (t *Till) TrainSale(ctx context.Context, pin string, codes []string, card bool, onLine func(pos.Line)) (s *pos.Sale, warning string, printErr error, err error) {
	pay := pos.TenderCash
	if card {
		pay = pos.TenderCard
	}
	return t.RingSale(ctx, SaleOrder{PIN: pin, Codes: codes, Pay: pay, CardRef: "TRAINING", Training: true}, onLine)
}

// SaleOrder is a sale rung from the command line: who logs in, what is scanned (a
// customer's card among the codes, or Customer), the points redeemed, and how the rest is
// paid.
type SaleOrder struct {
	PIN      string
	Codes    []string
	Customer string // a loyalty card, scanned before the codes
	Redeem   int64  // points to pay with
	Coupon   string // a coupon's code, taken after the scans
	Voucher  string // a store-credit voucher paying what it can of the rest
	Pay      pos.TenderKind
	CardRef  string // the card terminal's approval code
	Training bool
	// Exchange is goods the customer brings back against the sale (nil: none): their value
	// pays for it, what they are worth beyond it is paid back (Register.Exchange).
	Exchange *pos.ReturnRequest
}

// RingSale rings a sale through a Register of its own, the same domain code as the sale
// screen: scans, the customer's points (held at central when it can be reached), the
// payment, the commit, then the receipt. Each scanned line is told to onLine. The drawer
// stays shut: nobody stands at it. The sale is committed even when its receipt did not
// print (printErr); a refusal commits nothing.
func (t *Till) RingSale(ctx context.Context, o SaleOrder, onLine func(pos.Line)) (s *pos.Sale, warning string, printErr error, err error) {
	r := &pos.Register{Store: t.register.StoreInfo(), Words: t.register.StoreWords(), Catalog: t.DB, Promotions: t.DB, Customers: t.DB,
		Loyalty: t.DB, Holds: centralHolds{t}, Coupons: t.DB, CouponHolds: centralHolds{t}, Vouchers: t.DB, VoucherHolds: centralHolds{t}, Sales: t.DB, Staff: t.DB, Barcodes: t.register.Barcodes, Policy: t.register.Policy, Now: t.register.Now}
	r.Exchanges = t.returns
	r.RestoreTraining(o.Training) // whatever the till's mode
	cashier, err := r.Login(ctx, o.PIN)
	if err != nil {
		return nil, "", nil, err
	}
	defer r.WaitReleased()
	codes := o.Codes
	if o.Customer != "" {
		if _, err := r.Scan(ctx, o.Customer); !errors.As(err, new(*pos.CustomerScanned)) {
			return nil, "", nil, fmt.Errorf("%w: %v", pos.Errorf(pos.ENOTFOUND, "No customer has card %s at this till: sync, or check the card.", o.Customer), err)
		}
	}
	for _, code := range codes {
		l, err := r.Scan(ctx, code)
		if errors.As(err, new(*pos.CustomerScanned)) {
			continue // the sale is the customer's: no line
		}
		var coupon *pos.CouponScanned
		if errors.As(err, &coupon) {
			if _, err := r.ApplyCoupon(ctx, coupon.Code); err != nil {
				r.CancelSale()
				return nil, "", nil, err
			}
			continue
		}
		if err != nil {
			return nil, "", nil, fmt.Errorf("scan %s: %w", code, err)
		}
		onLine(l)
	}
	if o.Coupon != "" {
		if _, err := r.ApplyCoupon(ctx, o.Coupon); err != nil {
			r.CancelSale()
			return nil, "", nil, err
		}
	}
	if o.Exchange != nil {
		req := *o.Exchange
		if cashier.IsManager() {
			req.Approver = &cashier
		}
		if _, err := r.Exchange(ctx, req); err != nil {
			r.CancelSale()
			return nil, "", nil, err
		}
	}
	if o.Redeem > 0 {
		if _, err := r.RedeemPoints(ctx, o.Redeem); err != nil {
			r.CancelSale()
			return nil, "", nil, err
		}
	}
	if o.Voucher != "" {
		if _, err := r.PayWithVoucher(ctx, o.Voucher, 0); err != nil {
			r.CancelPayment()
			r.CancelSale()
			return nil, "", nil, err
		}
	}
	if due := r.Sale().Remaining(); due > 0 {
		tender := pos.Tender{Kind: o.Pay, Amount: due}
		if o.Pay == pos.TenderCard {
			tender.Reference = o.CardRef
		}
		if err := r.AddTender(tender); err != nil {
			r.CancelPayment()
			return nil, "", nil, err
		}
	}
	if s, err = r.Complete(ctx); err != nil {
		r.CancelPayment()
		return nil, "", nil, err
	}
	t.log.Info("sale rung from the command line", "receipt", ReceiptLabel(s), "sale", s.ID, "training", s.Training,
		"earned", s.Points.Earned, "redeemed", s.Points.Redeemed)
	warning, printErr = t.Print(ctx, s)
	return s, warning, printErr, nil
}
