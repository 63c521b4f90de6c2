package central

import (
	"context"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/sync/wire"
)

// Service is what central's /v1 API asks of central: the API (sync/central/api) declares
// no storage of its own, and central's database implements this. Errors carry a pos code:
// EINVALID, ENOTFOUND, ECONFLICT, EUNAUTHORIZED; anything else is central's own failure.
type Service interface {
	// Pair spends a pairing code and gives its till a new token, replacing any earlier
	// one, and tells it the last receipt number central has from it. EUNAUTHORIZED for
	// an unknown, used or expired code; ECONFLICT, with nothing spent or replaced, for a
	// code made for another till than the request's.
	Pair(ctx context.Context, req wire.PairRequest) (wire.PairResponse, error)
	// TillByToken finds the paired, unrevoked till a token belongs to; EUNAUTHORIZED
	// otherwise.
	TillByToken(ctx context.Context, token string) (Till, error)
	// WebShopByKey finds the web shop whose key this is; EUNAUTHORIZED for an unknown or
	// revoked key.
	WebShopByKey(ctx context.Context, key string) (string, error)

	// Apply applies a till's events in order, each exactly once, and answers each: an
	// event a rule refuses is answered rejected and the others go on. The error is for a
	// failure of central itself; then nothing of the batch is kept.
	Apply(ctx context.Context, till Till, events []wire.Event) ([]wire.EventResult, error)

	// The pull streams: the page after cursor, at most limit rows, oldest change first;
	// cursor 0 is a full snapshot with its total. ErrReset for a cursor the stream cannot
	// continue from. The products carry the VAT rates of the till's store and the orders
	// are those to be collected there; the other streams are the same for every till.
	ProductChanges(ctx context.Context, till Till, cursor int64, limit int) (wire.ProductPage, error)
	StockChanges(ctx context.Context, cursor int64, limit int) (wire.StockPage, error)
	PromotionChanges(ctx context.Context, cursor int64, limit int) (wire.PromotionPage, error)
	CustomerChanges(ctx context.Context, cursor int64, limit int) (wire.CustomerPage, error)
	LoyaltyChanges(ctx context.Context, cursor int64, limit int) (wire.LoyaltyPage, error)

	// HoldPoints sets a customer's points aside for a sale being paid at till t, when
	// the balance less the live holds has them (wire.HoldShort otherwise); the same
	// request again is answered as it stands, another under its id is ECONFLICT. ENOTFOUND
	// for a customer central does not know.
	HoldPoints(ctx context.Context, t Till, req wire.HoldRequest) (wire.Hold, error)
	// ReleaseHold gives till t's hold back; a captured or released one stays so.
	ReleaseHold(ctx context.Context, t Till, id string) (wire.Hold, error)

	// The coupons stream, with central's public key.
	CouponChanges(ctx context.Context, cursor int64, limit int) (wire.CouponPage, error)
	// HoldCoupon holds a coupon for a sale being paid at till t (wire.CouponUsed, with
	// where, when it went elsewhere); ENOTFOUND for a code central never issued.
	HoldCoupon(ctx context.Context, t Till, req wire.CouponHoldRequest) (wire.CouponAnswer, error)
	// ReleaseCouponHold gives till t's coupon hold back.
	ReleaseCouponHold(ctx context.Context, t Till, id string) (wire.CouponAnswer, error)
	// Coupon says whether a coupon is free.
	Coupon(ctx context.Context, code string) (wire.CouponAnswer, error)
	// RedeemCoupon spends a coupon on web shop shop's order (wire.CouponUsed when it went
	// elsewhere); the same order again is answered as the first time.
	RedeemCoupon(ctx context.Context, shop, code string, req wire.CouponRedeemRequest) (wire.CouponAnswer, error)

	// ClaimSale takes an anonymous in-store sale into a customer's account for web shop
	// shop (the receipt's QR): the points it earns by the rules in force, once. ECONFLICT
	// for another customer's sale, ENOTFOUND for a sale central does not have.
	ClaimSale(ctx context.Context, shop string, id pos.SaleID, req wire.ClaimRequest) (wire.ClaimAnswer, error)

	// The returns stream: the returns policy when it changed.
	ReturnsPolicyChanges(ctx context.Context, cursor int64, limit int) (wire.ReturnsPolicyPage, error)
	// Returnable is a purchase (any store's receipt, any online order) with what went back
	// of each line; ENOTFOUND when central has none such.
	Returnable(ctx context.Context, q ReturnableQuery) (wire.Returnable, error)
	// PurchasesOf is what a customer bought that could come back, key their loyalty card
	// or their exact e-mail or phone: of the customer only their id and name. ENOTFOUND
	// when nobody is that, ECONFLICT when several customers share the e-mail or phone.
	PurchasesOf(ctx context.Context, key string) (wire.CustomerPurchases, error)
	// LowestPrice is the lowest price an article sold at in any store in the last days,
	// never above its catalog price: what goods back without a receipt refund. ENOTFOUND
	// for an article central does not know.
	LowestPrice(ctx context.Context, sku pos.SKU, days int) (wire.LowestPrice, error)
	// ReserveReturn holds a return's quantities for till t before it pays out; ECONFLICT,
	// saying where they went, when a line has less left.
	ReserveReturn(ctx context.Context, t Till, req wire.ReserveRequest) (wire.Reservation, error)
	// ReleaseReturn gives till t's reservation back.
	ReleaseReturn(ctx context.Context, t Till, id string) (wire.Reservation, error)

	// Voucher is a store-credit voucher's balance; ENOTFOUND for an unknown code.
	Voucher(ctx context.Context, code string) (wire.VoucherAnswer, error)
	// HoldVoucher holds part of a voucher's balance for till t's sale (status short when
	// it has not so much left).
	HoldVoucher(ctx context.Context, t Till, req wire.VoucherHoldRequest) (wire.VoucherAnswer, error)
	// ReleaseVoucherHold gives till t's voucher hold back.
	ReleaseVoucherHold(ctx context.Context, t Till, id string) (wire.VoucherAnswer, error)
	OrderChanges(ctx context.Context, till Till, cursor int64, limit int) (wire.OrderPage, error)

	// StockOf is an article's on-hand in every store that has movements of it.
	StockOf(ctx context.Context, sku pos.SKU) (wire.StockAnswer, error)
	// Availability is what each store can promise of an article: its on-hand less what
	// open orders hold there. ENOTFOUND for an unknown SKU.
	Availability(ctx context.Context, sku pos.SKU) (wire.Availability, error)

	// PlaceOrder checks, prices and keeps web shop shop's order; the same order sent
	// again by the same shop is answered as stored with created false. EINVALID for an
	// order central cannot take, ECONFLICT for a line the pickup store cannot promise or
	// an id or number used by another order (of another shop: without naming it).
	PlaceOrder(ctx context.Context, shop string, n wire.NewOrder) (o wire.Order, created bool, err error)
	// OrderForTill finds any order by the number the customer quotes, as a till is told
	// it (ForTill: of the customer only the id and name); ENOTFOUND when there is none.
	OrderForTill(ctx context.Context, number string) (wire.Order, error)
	// OrderForWebShop finds an order web shop shop placed, by its number; ENOTFOUND when
	// there is none, or it is another shop's or an imported one (PlacedBy).
	OrderForWebShop(ctx context.Context, shop, number string) (wire.Order, error)
}
