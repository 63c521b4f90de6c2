package central

import (
	"fmt"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Kinds of Exception.
const (
	// ExceptionRejected: a rule refused the event. Once the cause is set right (the article,
	// the store's VAT classes imported), IT applies it again (omnitill-central events retry)
	// or a manager sends it again from the till; IT may also release it past the rules a
	// person can judge (events release).
	ExceptionRejected = "rejected"
	// ExceptionConflict: a till sent another body under an event id central has. The first
	// body stands; the other is kept beside it for a manager to compare.
	ExceptionConflict = "conflict"
	// ExceptionReceiptClash: a sale kept under a receipt number another sale of its till
	// has (a till reinstalled, a restored database): the receipts need a manager's look.
	ExceptionReceiptClash = "receipt_clash"
	// ExceptionUnknownSKU: a sale kept with an article central does not know. Its stock was
	// not moved, and no stock row went to the tills for it.
	ExceptionUnknownSKU = "unknown_sku"
	// ExceptionDuplicateCustomer: a customer who joined at a till has the e-mail or phone of
	// a customer central has. Central kept the one it had (the till's id leads to it).
	ExceptionDuplicateCustomer = "duplicate_customer"
	// ExceptionOverdraft: a sale redeemed more points than its customer had (two tills
	// offline, a hold that lapsed). The points were taken all the same: the balance is
	// below zero until the customer earns it back or a manager adjusts it.
	ExceptionOverdraft = "loyalty_overdraft"
	// ExceptionLoyalty: a sale's points were not what the rules say (a till's bug, rules
	// central no longer has, a customer central does not know): central counted by its
	// rules, or nothing, and says what.
	ExceptionLoyalty = "loyalty"
	// ExceptionCouponReused: a single-use coupon came back from a second sale.
	ExceptionCouponReused = "coupon_reused"
	// ExceptionReturnConflict: a return took back units that had gone back already (two
	// tills offline): booked all the same, for the money went out.
	ExceptionReturnConflict = "return_conflict"
	// ExceptionVoucherOverdraft: a sale spent more store credit than its voucher had left
	// (offline, a hold that lapsed), or a voucher central never issued.
	ExceptionVoucherOverdraft = "voucher_overdraft"
)

// Exception is an event central kept or refused that a manager at central must look at.
type Exception struct {
	ID     int64
	Event  string
	Kind   string
	Till   Till
	Reason string
	At     time.Time
	// Resolved is set once IT dealt with it: by whom, and how.
	ResolvedAt time.Time
	ResolvedBy string
	Resolution string
}

// ReceiptClash says what a kept sale's clashing receipt number is.
func ReceiptClash(s pos.SaleEvent, other pos.SaleID) string {
	return fmt.Sprintf("receipt %d of till %s/%s is sale %s and also sale %s: both are kept; check the till's receipts",
		s.ReceiptNo, s.Store, s.Till, other, s.SaleID)
}

// UnknownSKU says what a kept sale's unknown article is.
func UnknownSKU(s pos.SaleEvent, l pos.SaleEventLine) string {
	if l.OpenPriceBy != "" {
		return fmt.Sprintf("line %d of sale %s sold %s, which the till's catalog did not know, at %s under department %s, approved by %s: the sale is kept, no stock was moved; add the article to the catalog",
			l.No, s.SaleID, l.SKU, l.UnitPrice, l.Department, l.OpenPriceBy)
	}
	return fmt.Sprintf("line %d of sale %s sells %s, which central does not know: the sale is kept, its stock of %d thousandths was not moved",
		l.No, s.SaleID, l.SKU, l.Qty)
}
