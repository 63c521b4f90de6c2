// Package wire is the till <-> central protocol: the JSON bodies of the /v1 HTTP API, shared
// by central's HTTP API (sync/central/api) and the till's client (sync/client). No logic lives
// here; docs/api.md describes the same shapes with curl examples.
package wire

import (
	"encoding/json"
	"time"
)

// Version prefixes every path; a breaking change gets /v2 beside it.
const Version = "/v1"

// Limits central enforces and the till respects.
const (
	MaxBodyBytes  = 4 << 20 // a larger request gets 413
	MaxBatch      = 1000    // events per push
	MaxPageSize   = 5000    // rows per pulled page
	DefaultPage   = 500
	DefaultBatch  = 500
	HeaderAuth    = "Authorization"
	BearerPrefix  = "Bearer "
	ContentTypeJS = "application/json"
)

// PairRequest exchanges a one-time pairing code for the till's token. The till says which
// till it is: central spends the code, and replaces that till's token, only when the code
// was made for this very till, or when the till is Fresh (it has sold nothing: no sale, no
// event in its outbox) and the code's till is not paired with another till; a fresh till
// then becomes the code's till.
type PairRequest struct {
	Code    string `json:"code"`
	StoreID string `json:"store_id"`
	TillID  string `json:"till_id"`
	Fresh   bool   `json:"fresh,omitempty"`
}

// PairingPrefix starts a pairing string, what `omnitill-central pair` prints and puts in its
// QR when it knows central's address: PairingPrefix + URL + "#" + code + "#" + the SHA-256
// of central's certificate in hex (empty when central's certificate is not to be pinned),
// e.g. OMNITILL:P:https://10.0.0.5:8420#K7QXM-2PDHA#3f1c…. A till takes it in place of a
// code: it pairs with that URL and, with a fingerprint, trusts no other certificate.
const PairingPrefix = "OMNITILL:P:"

// PairResponse tells the till who it is to central and the token it sends from now on.
// LastReceiptNo is the highest receipt number central has from this till (0 for none): a
// reinstalled till numbers its next receipt after it.
type PairResponse struct {
	TillID        string `json:"till_id"`
	StoreID       string `json:"store_id"`
	Token         string `json:"token"`
	LastReceiptNo int64  `json:"last_receipt_no"`
	// Store is the store's header and its country's VAT table, as receipts print them; a
	// till takes them at pairing instead of the ones it was set up with.
	Store *StoreHeader `json:"store,omitempty"`
}

// StoreHeader is what a till prints at the top of a receipt and the VAT letters of the
// store's country.
type StoreHeader struct {
	Name     string      `json:"name"`
	Address  []string    `json:"address,omitempty"`
	TaxID    string      `json:"tax_id,omitempty"`
	Country  string      `json:"country,omitempty"`
	Currency string      `json:"currency,omitempty"`
	VAT      []VATLetter `json:"vat,omitempty"`
}

// VATLetter is one VAT class as a receipt names it: PL A 23 %, LT A 21 %.
type VATLetter struct {
	Letter string `json:"letter"`
	Rate   int64  `json:"rate_bp"`
}

// Event is one outbox row of a till, as pushed.
type Event struct {
	EventID   string          `json:"event_id"`
	Type      string          `json:"type"`
	Aggregate string          `json:"aggregate"`
	Payload   json.RawMessage `json:"payload"`
	CreatedAt time.Time       `json:"created_at"`
}

// PushRequest is a batch of events, oldest first.
type PushRequest struct {
	Events []Event `json:"events"`
}

// Statuses of a pushed event.
const (
	StatusApplied   = "applied"   // central applied it now
	StatusDuplicate = "duplicate" // central had applied it before: the till may forget it
	StatusRejected  = "rejected"  // a business rule refused it: an exception for a manager
	// StatusConflict: central has another body under this event id (or the id from another
	// till). The first body stands; this one is kept for a manager, and the till shows it
	// as a refused event.
	StatusConflict = "conflict"
)

// EventResult is central's answer for one event of a batch, in the batch's order.
type EventResult struct {
	EventID string `json:"event_id"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
}

// PushResponse answers every event of the batch.
type PushResponse struct {
	Results []EventResult `json:"results"`
}

// Product is a catalog article as the products stream carries it. Money in minor units,
// VAT in basis points, as everywhere in Omnitill.
type Product struct {
	SKU      string   `json:"sku"`
	Name     string   `json:"name"`
	Barcodes []string `json:"barcodes"`
	Price    int64    `json:"price"`
	VAT      int64    `json:"vat_bp"`
	Unit     string   `json:"unit"`
	PLU      string   `json:"plu,omitempty"`
	QuickKey int      `json:"quick_key,omitempty"`
}

// ProductPage is one page of the products stream: the products changed after the asked
// cursor, in change order. Pull again from NextCursor while More is true.
type ProductPage struct {
	Products   []Product `json:"products"`
	NextCursor int64     `json:"next_cursor"`
	More       bool      `json:"more"`
	// Total is set on a page asked from cursor 0 only: the rows of the whole snapshot, so
	// the till can show how far it is.
	Total int64 `json:"total,omitempty"`
}

// StockLevel is central's on-hand quantity of one article in one store (thousandths: 1000 is
// one piece or one kilogram), as of the last movement central applied.
type StockLevel struct {
	StoreID string    `json:"store_id"`
	SKU     string    `json:"sku"`
	OnHand  int64     `json:"on_hand_milli"`
	AsOf    time.Time `json:"as_of"`
}

// StockPage is one page of the stock stream: levels changed after the asked cursor.
type StockPage struct {
	Levels     []StockLevel `json:"levels"`
	NextCursor int64        `json:"next_cursor"`
	More       bool         `json:"more"`
	Total      int64        `json:"total,omitempty"` // as in ProductPage
}

// StockAnswer is the on-hand of one article in every store that has movements of it.
type StockAnswer struct {
	SKU    string       `json:"sku"`
	Stores []StockLevel `json:"stores"`
}

// Error is the body of every 4xx and 5xx answer.
type Error struct {
	Code    string `json:"error"`
	Message string `json:"message"`
}

// Error codes of Error.Code.
const (
	ErrInvalid      = "invalid"      // 400: malformed or incomplete body or query
	ErrUnauthorized = "unauthorized" // 401: no token, unknown or revoked till, bad pairing code
	ErrNotFound     = "not_found"    // 404
	ErrConflict     = "conflict"     // 409: another order has this id or number; the stock cannot be promised
	ErrReset        = "reset"        // 410: the cursor is older than central keeps: pull from 0
	ErrTimeout      = "timeout"      // 408: the body did not arrive in time
	ErrTooLarge     = "too_large"    // 413
	ErrTooMany      = "too_many"     // 429: too many failed pairing attempts from one address: wait Retry-After
	ErrInternal     = "internal"     // 500
)

// Kinds of Promotion.
const (
	PromoPercent  = "percent"  // Value basis points off each unit's price
	PromoPrice    = "price"    // each unit at Value (minor units) instead of its price
	PromoMultibuy = "multibuy" // every MinQty units together at Value, e.g. 3 for 10.00
)

// Promotion is a price rule central publishes for every channel alike: the web shop and the
// tills price a basket the same way. Stores empty means every store.
type Promotion struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Kind   string    `json:"kind"`
	SKUs   []string  `json:"skus"`
	Value  int64     `json:"value"`
	MinQty int64     `json:"min_qty,omitempty"` // units (pieces) a multibuy needs
	Stores []string  `json:"stores,omitempty"`
	Starts time.Time `json:"starts"`
	Ends   time.Time `json:"ends"`
	// Withdrawn says central took the promotion back: the till forgets it.
	Withdrawn bool `json:"withdrawn,omitempty"`
	// Members: for the loyalty programme's customers only (a known customer's basket).
	Members bool `json:"members,omitempty"`
}

// PromotionPage is one page of the promotions stream, as ProductPage.
type PromotionPage struct {
	Promotions []Promotion `json:"promotions"`
	NextCursor int64       `json:"next_cursor"`
	More       bool        `json:"more"`
	Total      int64       `json:"total,omitempty"`
}

// Customer is one customer of the chain, the same in every channel, with the loyalty
// balance central sums from its points ledger.
type Customer struct {
	ID     string `json:"id"`
	Card   string `json:"card,omitempty"` // loyalty card number, as its barcode reads
	Name   string `json:"name"`
	Email  string `json:"email,omitempty"`
	Phone  string `json:"phone,omitempty"`
	Points int64  `json:"points"`
	// Erased says the customer asked to be forgotten: the till deletes what it has.
	Erased bool `json:"erased,omitempty"`
}

// CustomerPage is one page of the customers stream, as ProductPage.
type CustomerPage struct {
	Customers  []Customer `json:"customers"`
	NextCursor int64      `json:"next_cursor"`
	More       bool       `json:"more"`
	Total      int64      `json:"total,omitempty"`
}

// LoyaltyPage is the loyalty stream: the rules central has in force when they changed
// after the cursor (absent when they did not). Rules is pos.LoyaltyRules as JSON, read
// strictly by the till; docs/api.md shows it.
type LoyaltyPage struct {
	Rules      json.RawMessage `json:"rules,omitempty"`
	NextCursor int64           `json:"next_cursor"`
	More       bool            `json:"more"`
	Total      int64           `json:"total,omitempty"`
}

// ReturnsPolicyPage is the returns stream: the policy central has in force when it changed
// after the cursor (absent when it did not). Policy is pos.ReturnsPolicy as JSON.
type ReturnsPolicyPage struct {
	Policy     json.RawMessage `json:"policy,omitempty"`
	NextCursor int64           `json:"next_cursor"`
	More       bool            `json:"more"`
}

// HoldRequest asks central to hold a customer's points for a sale being paid: POST
// /v1/loyalty/holds. HoldID is the till's idempotency key: the same request again is
// answered as the first time; another request under the same id is a conflict.
type HoldRequest struct {
	HoldID     string `json:"hold_id"`
	CustomerID string `json:"customer_id"`
	Points     int64  `json:"points"`
}

// Hold is central's answer about a hold: held (until ExpiresAt, unless captured by the
// sale's event or released: DELETE /v1/loyalty/holds/{id}), captured or released.
// Balance is the customer's ledger sum, Available what other holds leave of it.
type Hold struct {
	HoldID     string    `json:"hold_id"`
	CustomerID string    `json:"customer_id"`
	Points     int64     `json:"points"`
	Status     string    `json:"status"`
	ExpiresAt  time.Time `json:"expires_at"`
	Balance    int64     `json:"balance"`
	Available  int64     `json:"available"`
}

// Statuses of a hold.
const (
	HoldHeld     = "held"
	HoldCaptured = "captured"
	HoldReleased = "released"
	// HoldShort: nothing was held, the customer has not so many points free (Available).
	HoldShort = "short"
)

// Coupon is a single-use coupon central issued, with its ed25519 signature over
// pos.Coupon.SignedBytes (docs/api.md). Gone says it was used or withdrawn: a till forgets
// it.
type Coupon struct {
	Code       string    `json:"code"`
	Campaign   string    `json:"campaign"`
	Kind       string    `json:"kind"` // percent (value in basis points) or amount (minor units)
	Value      int64     `json:"value"`
	MinTotal   int64     `json:"min_total"`
	Starts     time.Time `json:"starts"`
	Ends       time.Time `json:"ends"`
	CustomerID string    `json:"customer_id,omitempty"`
	Signature  []byte    `json:"signature,omitempty"`
	Gone       bool      `json:"gone,omitempty"`
}

// CouponPage is one page of the coupons stream, as ProductPage, with central's public key
// (ed25519) the coupons are signed with.
type CouponPage struct {
	Key        []byte   `json:"key"`
	Coupons    []Coupon `json:"coupons"`
	NextCursor int64    `json:"next_cursor"`
	More       bool     `json:"more"`
	Total      int64    `json:"total,omitempty"`
}

// CouponHoldRequest asks central to hold a coupon for a sale being paid at a till: POST
// /v1/coupons/holds. HoldID is the idempotency key, as for points.
type CouponHoldRequest struct {
	HoldID string `json:"hold_id"`
	Code   string `json:"code"`
}

// CouponRedeemRequest is a web shop spending a coupon on an order: POST
// /v1/coupons/{code}/redeem. The same order again is answered as the first time.
type CouponRedeemRequest struct {
	Order string `json:"order"`
	// CustomerID is the order's customer: a customer's own coupon is theirs only.
	CustomerID string `json:"customer_id,omitempty"`
}

// CouponAnswer is central's answer about a coupon: held for the asking till, redeemed
// (by the order asking), free (looked up), or used (UsedBy says where, nothing done).
type CouponAnswer struct {
	HoldID string  `json:"hold_id,omitempty"`
	Status string  `json:"status"`
	Coupon *Coupon `json:"coupon,omitempty"`
	UsedBy string  `json:"used_by,omitempty"`
}

// Statuses of CouponAnswer.
const (
	CouponFree     = "free"
	CouponHeld     = "held"
	CouponRedeemed = "redeemed"
	CouponUsed     = "used"
	CouponReleased = "released"
)

// ClaimRequest is a web shop taking an in-store purchase into a customer's account (the
// receipt's QR led the customer to its page): POST /v1/receipts/{sale_id}/claim.
type ClaimRequest struct {
	CustomerID string `json:"customer_id"`
}

// ClaimAnswer is the purchase now the customer's: the points it earned them (by the rules
// in force) and their balance. The same claim again is answered as the first time.
type ClaimAnswer struct {
	SaleID     string `json:"sale_id"`
	CustomerID string `json:"customer_id"`
	StoreID    string `json:"store_id"`
	TillID     string `json:"till_id"`
	ReceiptNo  int64  `json:"receipt_no"`
	Total      int64  `json:"total"`
	Currency   string `json:"currency"`
	Earned     int64  `json:"earned"`
	Balance    int64  `json:"balance"`
}

// Returnable is a purchase as it can be returned at any till: GET /v1/returnables with
// ?sale=ID, ?receipt=STORE/TILL/NO or ?order=NUMBER. Quantities in thousandths.
type Returnable struct {
	Kind       string             `json:"kind"` // sale or order
	ID         string             `json:"id"`
	Label      string             `json:"label"`
	Channel    string             `json:"channel"`
	StoreID    string             `json:"store_id"`
	CustomerID string             `json:"customer_id,omitempty"`
	Currency   string             `json:"currency"`
	At         time.Time          `json:"at"`
	Lines      []ReturnableLine   `json:"lines"`
	Tenders    []ReturnableTender `json:"tenders"`
}

// ReturnableLine is a line of a Returnable: bought, returned (where), and what it cost.
type ReturnableLine struct {
	Line     int      `json:"line_no"`
	SKU      string   `json:"sku"`
	Name     string   `json:"name"`
	Unit     string   `json:"unit"`
	Qty      int64    `json:"qty_milli"`
	Amount   int64    `json:"amount"`
	Returned int64    `json:"returned_milli"`
	Where    []string `json:"where,omitempty"`
	// How the line was priced: what a partial return of a promotion is counted from.
	UnitPrice int64      `json:"unit_price"`
	Discounts int64      `json:"discounts"` // the cashier's line discount and the basket's share
	Promotion *Promotion `json:"promotion,omitempty"`
}

// ReturnableTender is how a purchase was paid.
type ReturnableTender struct {
	Kind      string `json:"kind"`
	Amount    int64  `json:"amount"`
	Reference string `json:"reference,omitempty"`
}

// CustomerPurchases is a customer's purchases that could come back, for a till's return:
// GET /v1/returnables/by-customer?key=KEY, the key their loyalty card or their exact e-mail
// or phone. Of the customer only what a return needs: who it is, never how to reach them.
// The store receipts and the collected online orders of the last 365 days, newest first,
// at most MaxCustomerPurchases.
type CustomerPurchases struct {
	Customer  OrderCustomer `json:"customer"`
	Purchases []PurchaseRef `json:"purchases"`
}

// MaxCustomerPurchases is how many purchases CustomerPurchases lists at most.
const MaxCustomerPurchases = 20

// PurchaseRef names a purchase of CustomerPurchases: a sale (ref its id, label
// STORE/TILL/NO) or an online order (ref and label its number), which GET /v1/returnables
// then finds.
type PurchaseRef struct {
	Kind     string    `json:"kind"` // sale or order
	Ref      string    `json:"ref"`
	Label    string    `json:"label"`
	Channel  string    `json:"channel"`
	At       time.Time `json:"at"`
	Total    int64     `json:"total"`
	Currency string    `json:"currency"`
	Lines    int       `json:"lines"`
}

// ReserveRequest holds a return's quantities at central before a till pays out: POST
// /v1/returns/reserve. ReturnID is the till's id of the return (the idempotency key).
type ReserveRequest struct {
	ReturnID   string        `json:"return_id"`
	SourceKind string        `json:"source_kind"`
	SourceID   string        `json:"source_id"`
	Lines      []ReserveLine `json:"lines"`
}

// ReserveLine is a purchase's line and the quantity coming back.
type ReserveLine struct {
	Line int   `json:"line_no"`
	Qty  int64 `json:"qty_milli"`
}

// Reservation is central's answer: reserved until ExpiresAt (the return's event books it).
type Reservation struct {
	ReturnID  string    `json:"return_id"`
	Status    string    `json:"status"`
	ExpiresAt time.Time `json:"expires_at"`
}

// VoucherHoldRequest holds part of a store-credit voucher's balance for a sale being paid
// at a till: POST /v1/vouchers/holds; HoldID is the idempotency key.
type VoucherHoldRequest struct {
	HoldID string `json:"hold_id"`
	Code   string `json:"code"`
	Amount int64  `json:"amount"`
}

// VoucherAnswer is a voucher's state: its balance (issued less spent) and what live holds
// leave of it; Status says what a hold request did (held, short: nothing held, released).
type VoucherAnswer struct {
	Code      string `json:"code"`
	Status    string `json:"status,omitempty"`
	Issued    int64  `json:"issued"`
	Balance   int64  `json:"balance"`
	Available int64  `json:"available"`
	Currency  string `json:"currency"`
}

// Statuses of an online order.
const (
	OrderPlaced    = "placed"    // paid or to be paid at pickup; the store picks it
	OrderReady     = "ready"     // picked, waiting at the store's counter
	OrderCollected = "collected" // the customer took it
	OrderCancelled = "cancelled"
)

// OrderLine is one line of an online order. Quantities in thousandths, as StockLevel.
type OrderLine struct {
	Line  int    `json:"line"`
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Qty   int64  `json:"qty_milli"`
	Price int64  `json:"price"` // the catalog's gross unit (kg) price when ordered, minor units
	// Discount is what a promotion took off the line, and Amount what the customer pays
	// for it: a refund gives back Amount, never Price × Qty.
	Discount  int64  `json:"discount,omitempty"`
	Amount    int64  `json:"amount"`
	Promotion string `json:"promotion,omitempty"` // the id of the promotion that applied
}

// Order is an online order (web shop, app, or an endless-aisle order placed at a till).
// StoreID is the store it is collected in.
type Order struct {
	ID         string      `json:"id"`
	Number     string      `json:"number"` // what the customer quotes, e.g. "WEB-100234"
	Channel    string      `json:"channel"`
	StoreID    string      `json:"store_id"`
	CustomerID string      `json:"customer_id,omitempty"`
	Status     string      `json:"status"`
	Paid       bool        `json:"paid"`
	Currency   string      `json:"currency"`
	Total      int64       `json:"total"`
	Lines      []OrderLine `json:"lines"`
	CreatedAt  time.Time   `json:"created_at"`
	// Customer is what a till looking the order up for a return is told of its customer;
	// only GET /v1/orders/{number} by a till carries it.
	Customer *OrderCustomer `json:"customer,omitempty"`
	// Refunds are the order's goods returned at a till and refunded to its online payment:
	// the refund requests the web shop's payment side carries out (GET /v1/orders/{number}
	// by the web shop carries them).
	Refunds []OrderRefund `json:"refunds,omitempty"`
}

// OrderRefund is a refund request of an online order: goods returned at a till.
type OrderRefund struct {
	ReturnID string    `json:"return_id"`
	StoreID  string    `json:"store_id"`
	TillID   string    `json:"till_id"`
	Amount   int64     `json:"amount"`
	At       time.Time `json:"at"`
	Reason   string    `json:"reason"`
}

// OrderCustomer is what a return needs of an order's customer: who it is, never how to
// reach them (no e-mail, phone or address).
type OrderCustomer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OrderPage is one page of the orders stream, as ProductPage.
type OrderPage struct {
	Orders     []Order `json:"orders"`
	NextCursor int64   `json:"next_cursor"`
	More       bool    `json:"more"`
	Total      int64   `json:"total,omitempty"`
}

// NewOrder is what a web shop sends to place an order: central prices it from its own
// catalog and promotions (one price everywhere), checks the pickup store can promise the
// stock, and answers the Order. ID is the shop's idempotency key: sent again, the same
// order comes back, never a second one.
type NewOrder struct {
	ID         string         `json:"id"`
	Number     string         `json:"number"`
	Channel    string         `json:"channel"`
	StoreID    string         `json:"store_id"`
	CustomerID string         `json:"customer_id,omitempty"`
	Paid       bool           `json:"paid"`
	Lines      []NewOrderLine `json:"lines"`
}

// NewOrderLine is an article and quantity (thousandths) of a NewOrder.
type NewOrderLine struct {
	SKU string `json:"sku"`
	Qty int64  `json:"qty_milli"`
}

// Availability is how much of an article each store can promise: its on-hand less what
// open online orders to be collected there hold.
type Availability struct {
	SKU    string              `json:"sku"`
	Stores []StoreAvailability `json:"stores"`
}

// StoreAvailability is one store's line of Availability, in thousandths.
type StoreAvailability struct {
	StoreID   string    `json:"store_id"`
	OnHand    int64     `json:"on_hand_milli"`
	Reserved  int64     `json:"reserved_milli"`
	Available int64     `json:"available_milli"`
	AsOf      time.Time `json:"as_of"`
}

// LowestPrice answers GET /v1/prices/lowest?sku=SKU&days=N: the lowest price per piece or
// kilogram an article sold at in the last days in any store (promotions taken off, not
// cashiers' discounts), never above its catalog price now. A till refunds goods brought
// back without a receipt at it.
type LowestPrice struct {
	SKU   string `json:"sku"`
	Price int64  `json:"price"`
	Days  int    `json:"days"`
}
