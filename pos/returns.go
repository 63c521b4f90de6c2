package pos

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Kinds of purchase a return is of.
const (
	SourceSale  = "sale"  // a receipt of any till, any store
	SourceOrder = "order" // an online order
)

// Returnable is a purchase as it can be returned: each line bought, what went back of it
// already (where and when), and what may still go back. Central answers it for any store's
// receipt and any online order; offline, a till knows its own receipts only.
type Returnable struct {
	Kind     string // SourceSale or SourceOrder
	ID       string // the sale's id, or the order's
	Label    string // what the customer holds: "PL-WAW/01/17", or the order's number
	Channel  string // "store" for a receipt, the order's channel ("web", "app")
	Store    StoreID
	Customer CustomerID
	Currency Currency
	At       time.Time // when it was bought
	Lines    []ReturnableLine
	// Tenders is how it was paid, which a refund to the original tender follows.
	Tenders []SaleEventTender
	Online  bool // central answered (not the till's own copy)
}

// ReturnableLine is a line of a purchase as it can be returned.
type ReturnableLine struct {
	Line   int
	SKU    SKU
	Name   string
	Unit   Unit
	Qty    Qty   // bought
	Amount Money // paid for the whole line, after promotions and discounts
	// Returned is what went back of it already, Where says where and when.
	Returned Qty
	Where    []string
	// How the line was priced, for a partial return of a promotion: the catalog's unit
	// price, the promotion it took (nil: none, or unknown), and the cashier's line and
	// basket discounts on it.
	UnitPrice Money
	Promotion *Promotion
	Discounts Money
}

// Left is what may still go back.
func (l ReturnableLine) Left() Qty { return max(l.Qty-l.Returned, 0) }

// RefundOf is what returning qty more of the line gives back: what was paid for the units
// the customer had less what the units they keep cost, so the parts of a line returned
// bit by bit add up to exactly what it cost. A promotion the units kept no longer earn
// (two of a "3 for 100,00") is priced again with PriceLines, as the sale was: the refund is
// smaller by what the promotion gave; other discounts go back in proportion.
func (l ReturnableLine) RefundOf(qty Qty) Money {
	if l.Qty <= 0 {
		return 0
	}
	before := max(l.Qty-l.Returned, 0)
	after := max(before-qty, 0)
	return max(l.costOf(before)-l.costOf(after), 0)
}

// costOf is what k of the line's units cost as the sale priced them.
func (l ReturnableLine) costOf(k Qty) Money {
	switch {
	case k >= l.Qty:
		return l.Amount
	case k <= 0:
		return 0
	}
	if l.Promotion == nil || l.UnitPrice <= 0 || l.Unit != UnitPiece {
		v, _ := mulDiv(int64(l.Amount), int64(k), int64(l.Qty))
		return Money(v)
	}
	p := *l.Promotion // as it was at the sale, wherever and whenever it is asked
	p.Withdrawn, p.Stores = false, nil
	at := p.Starts
	if !p.Ends.After(at) {
		p.Ends = at.Add(time.Second)
	}
	priced := PriceLines([]PriceLine{{SKU: l.SKU, Unit: l.Unit, UnitPrice: l.UnitPrice, Qty: k}}, []Promotion{p}, "", at, true)[0]
	other, _ := mulDiv(int64(max(l.Discounts, 0)), int64(k), int64(l.Qty))
	return min(max(priced.Amount()-Money(other), 0), l.Amount)
}

// ReturnsPolicy is the chain's one returns policy, for every channel: set at central
// (omnitill-central import returns) and pulled by every till.
type ReturnsPolicy struct {
	// WindowDays is how long after buying a purchase may come back, by channel ("store",
	// "web", ...); a channel not named takes DefaultWindowDays.
	WindowDays        map[string]int `json:"window_days,omitempty"`
	DefaultWindowDays int            `json:"default_window_days"`
	// NonReturnable articles never come back (hygiene, gift cards).
	NonReturnable []SKU `json:"non_returnable,omitempty"`
	// ManagerOver: a refund above it needs a manager's PIN (0: never).
	ManagerOver Money `json:"manager_over"`
	// OfflineDailyCap is what a till refunds in a day while central cannot be reached, and
	// then only for its own receipts; OfflineCreditOnly: offline, only as store credit
	// (no cash leaves the drawer for a return central has not seen).
	OfflineDailyCap   Money `json:"offline_daily_cap"`
	OfflineCreditOnly bool  `json:"offline_credit_only"`
	// NoReceiptCash lets goods brought back without a receipt be refunded in cash; by
	// default they are refunded as store credit only.
	NoReceiptCash bool `json:"no_receipt_cash,omitempty"`
}

// Check refuses a policy that cannot be applied.
func (p ReturnsPolicy) Check() error {
	if p.DefaultWindowDays < 0 || p.DefaultWindowDays > 3650 || p.ManagerOver < 0 || p.OfflineDailyCap < 0 {
		return Errorf(EINVALID, "a return window is 0 to 3650 days, and amounts are not negative")
	}
	for ch, d := range p.WindowDays {
		if ch == "" || d < 0 || d > 3650 {
			return Errorf(EINVALID, "the return window of channel %q must be 0 to 3650 days", ch)
		}
	}
	return nil
}

// DecodeReturnsPolicy reads a policy central sent strictly, and checks it.
func DecodeReturnsPolicy(doc []byte) (ReturnsPolicy, error) {
	var p ReturnsPolicy
	if err := decodeStrict(doc, &p); err != nil {
		return p, Errorf(EINVALID, "the returns policy cannot be read: %v", err)
	}
	return p, p.Check()
}

// PolicyStore is the returns policy the till last pulled (pos/sqlite implements it):
// DefaultReturnsPolicy before any.
type PolicyStore interface {
	ReturnsPolicy(ctx context.Context) (ReturnsPolicy, error)
}

// DefaultReturnsPolicy: 30 days in every channel, a manager above 500,00, offline 300,00
// a day as store credit only.
var DefaultReturnsPolicy = ReturnsPolicy{DefaultWindowDays: 30, ManagerOver: 500_00, OfflineDailyCap: 300_00, OfflineCreditOnly: true}

// window is how many days the policy gives a channel's purchases.
func (p ReturnsPolicy) window(channel string) int {
	if d, ok := p.WindowDays[channel]; ok {
		return d
	}
	return p.DefaultWindowDays
}

// ReturnLine is a line the customer brings back.
type ReturnLine struct {
	Line       int  // the purchase's line
	Qty        Qty  // how much of it
	Resellable bool // back on the shelf; false: damaged, written off
}

// ReturnRequest is what a cashier returns of a purchase, why, and how it is refunded.
type ReturnRequest struct {
	Source Returnable
	Lines  []ReturnLine
	Reason string // a return reason's code
	// Approver is the manager who approved a refund over the policy's limit.
	Approver *Staff
	// Credit refunds as store credit: a new voucher, spendable at any till, in place of
	// the original tender.
	Credit bool
	// CardApprovals are the card terminal's approvals of the refunds to cards, by the
	// approval code of the card payment each refunds (a refund's Reference); "" for all.
	CardApprovals map[string]string
}

// ReturnedLine is a line of a committed return.
type ReturnedLine struct {
	Line       int // the purchase's line
	SKU        SKU
	Name       string
	Unit       Unit
	Qty        Qty
	Amount     Money // refunded
	Resellable bool
}

// Return is goods that came back and the money that went out for them.
type Return struct {
	ID          string
	Store       StoreID
	Till        TillID
	ReturnNo    ReceiptNo // the till's return receipts are numbered on their own
	Cashier     Staff
	ApprovedBy  StaffID
	Source      Returnable
	Lines       []ReturnedLine
	Reason      string
	Refund      []Tender // what was paid back, and how
	CompletedAt time.Time
	// Reservation is central's hold of the returned quantities (the return's id); empty
	// when the till returned offline.
	Reservation bool
	// Customer is who brought goods back without a receipt, as the store recorded them
	// (nil for a receipt's or an order's return).
	Customer *CustomerDetails
	// creditExcess: what an exchange pays back beyond the new goods goes back as store
	// credit.
	creditExcess bool
}

// eventLines are the return's lines as central reads them: in its event, and in a
// reservation.
func (r *Return) eventLines() []ReturnEventLine {
	lines := make([]ReturnEventLine, 0, len(r.Lines))
	for _, l := range r.Lines {
		lines = append(lines, ReturnEventLine{Line: l.Line, SKU: l.SKU, Qty: l.Qty, Amount: l.Amount, Resellable: l.Resellable})
	}
	return lines
}

// Total is what the return paid back.
func (r Return) Total() Money {
	var sum Money
	for _, l := range r.Lines {
		sum += l.Amount
	}
	return sum
}

// EventReturnCompleted reports goods returned and refunded at a till.
const EventReturnCompleted = "return.completed"

// ReturnEvent is the payload of a return.completed event, read strictly by central.
type ReturnEvent struct {
	ReturnID    string            `json:"return_id"`
	Store       StoreID           `json:"store_id"`
	Till        TillID            `json:"till_id"`
	ReturnNo    ReceiptNo         `json:"return_no"`
	Cashier     StaffID           `json:"cashier_id"`
	ApprovedBy  StaffID           `json:"approved_by,omitempty"`
	SourceKind  string            `json:"source_kind"`
	SourceID    string            `json:"source_id"`
	SourceLabel string            `json:"source_label"`
	Reason      string            `json:"reason"`
	Currency    Currency          `json:"currency"`
	CompletedAt time.Time         `json:"completed_at"`
	Lines       []ReturnEventLine `json:"lines"`
	Refund      []SaleEventTender `json:"refund"`
	Reserved    bool              `json:"reserved"` // central holds the quantities under return_id
	Customer    CustomerID        `json:"customer_id,omitempty"`
	// Details are who brought goods back without a receipt (source_kind none).
	Details *CustomerDetails `json:"customer_details,omitempty"`
}

// ReturnEventLine is a line of a ReturnEvent.
type ReturnEventLine struct {
	Line       int   `json:"line_no"`
	SKU        SKU   `json:"sku"`
	Qty        Qty   `json:"qty_milli"`
	Amount     Money `json:"amount"`
	Resellable bool  `json:"resellable"`
}

// ReturnCompleted makes the outbox event of a committed return.
func ReturnCompleted(r *Return) (Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("new event id: %w", err)
	}
	doc := ReturnEvent{ReturnID: r.ID, Store: r.Store, Till: r.Till, ReturnNo: r.ReturnNo, Cashier: r.Cashier.ID, ApprovedBy: r.ApprovedBy,
		SourceKind: r.Source.Kind, SourceID: r.Source.ID, SourceLabel: r.Source.Label, Reason: r.Reason, Currency: r.Source.Currency,
		CompletedAt: r.CompletedAt.UTC(), Reserved: r.Reservation, Customer: r.Source.Customer, Details: r.Customer}
	doc.Lines = r.eventLines()
	for _, t := range r.Refund {
		doc.Refund = append(doc.Refund, SaleEventTender(t))
	}
	payload, err := json.Marshal(doc)
	if err != nil {
		return Event{}, fmt.Errorf("encode return %s: %w", r.ID, err)
	}
	return Event{ID: EventID(id.String()), Type: EventReturnCompleted, Aggregate: r.ID, At: r.CompletedAt, Payload: payload}, nil
}

// DecodeReturnEvent reads a return.completed payload strictly.
func DecodeReturnEvent(payload []byte) (ReturnEvent, error) {
	var e ReturnEvent
	if err := decodeStrict(payload, &e); err != nil {
		return e, Errorf(EINVALID, "the return cannot be read: %v", err)
	}
	return e, nil
}

// ReturnStore keeps returns at the till (pos/sqlite implements it).
type ReturnStore interface {
	// OwnReturnable is a receipt of this till as the till knows it, with what its own
	// returns took back: what a till offline may return. ENOTFOUND for another till's.
	OwnReturnable(ctx context.Context, store StoreID, till TillID, no ReceiptNo, sale SaleID) (Returnable, error)
	// CommitReturn writes the return, its stock movements and its outbox event in one
	// transaction, numbering it in the till's return series.
	CommitReturn(ctx context.Context, r *Return) error
	// RefundedOffline is what the till refunded offline on day (its local date).
	RefundedOffline(ctx context.Context, day time.Time) (Money, error)
}

// ReturnsCentral asks central about returns (the till implements it with its link):
// ErrOffline when central cannot be reached.
type ReturnsCentral interface {
	// Returnable finds any store's receipt (kind SourceSale: a sale id or STORE/TILL/NO)
	// or an online order (SourceOrder: its number); ENOTFOUND when central has none.
	Returnable(ctx context.Context, kind, ref string) (Returnable, error)
	// Reserve holds the quantities of a return at central before the money goes out;
	// ECONFLICT, in words saying where they went, when they are no longer there.
	Reserve(ctx context.Context, id string, source Returnable, lines []ReturnEventLine) error
	// Release gives a reservation back (the return was not completed).
	Release(ctx context.Context, id string) error
}

// ReturnDesk takes goods back at a till: it finds the purchase, checks the policy,
// reserves the quantities at central, commits the return and says what to pay back.
type ReturnDesk struct {
	Store   func() StoreInfo
	Returns ReturnStore
	Central ReturnsCentral // nil: offline only
	Reasons ReasonStore
	// Policies is the policy central sets; nil: Policy, as given.
	Policies PolicyStore
	Policy   ReturnsPolicy
	Now      Clock

	mu sync.Mutex // one return at a time at a till
}

// ParseReturnRef reads what a cashier scans or types to find a purchase: a receipt's QR
// (either form), STORE/TILL/NO, or else an order's number, as typed (it may be a
// customer's card, e-mail or phone too: Find tells).
func ParseReturnRef(input, receiptURL string) (kind, ref string) {
	input = strings.TrimSpace(input)
	if id, ok := SaleOfReceiptQR(input, receiptURL); ok {
		return SourceSale, string(id)
	}
	if parts := strings.Split(input, "/"); len(parts) == 3 && parts[0] != "" && parts[1] != "" {
		if _, err := strconv.ParseInt(parts[2], 10, 64); err == nil {
			return SourceSale, input
		}
	}
	return SourceOrder, input
}

// Find finds a purchase to return: at central when it can be reached, else among this
// till's own receipts.
func (d *ReturnDesk) Find(ctx context.Context, kind, ref string) (Returnable, error) {
	if d.Central != nil {
		query := ref
		if kind == SourceOrder {
			query = strings.ToUpper(ref) // order numbers are kept in capitals, typed either way
		}
		r, err := d.Central.Returnable(ctx, kind, query)
		if kind == SourceOrder && ErrorCode(err) == ENOTFOUND {
			// No such order: perhaps the customer's card, e-mail or phone.
			return r, d.customerPurchases(ctx, ref, err)
		}
		if !errors.Is(err, ErrOffline) {
			return r, err
		}
	}
	store := d.Store()
	if kind != SourceSale {
		if d.findsCustomers(ctx, ref) {
			return Returnable{}, d.offlineCustomer()
		}
		return Returnable{}, Errorf(ECONFLICT, "Central cannot be reached: an online order can be returned once it is back.")
	}
	var no ReceiptNo
	var sale SaleID
	if parts := strings.Split(ref, "/"); len(parts) == 3 {
		if StoreID(parts[0]) != store.ID || TillID(parts[1]) != store.TillID {
			return Returnable{}, Errorf(ECONFLICT, "Central cannot be reached: offline, only this till's own receipts can be returned.")
		}
		n, _ := strconv.ParseInt(parts[2], 10, 64)
		no = ReceiptNo(n)
	} else {
		sale = SaleID(ref)
	}
	r, err := d.Returns.OwnReturnable(ctx, store.ID, store.TillID, no, sale)
	if ErrorCode(err) == ENOTFOUND {
		return r, Errorf(ENOTFOUND, "Central cannot be reached and this till did not sell %s: offline, only this till's own receipts can be returned.", ref)
	}
	return r, err
}

// Policy is the returns policy in force at the till.
func (d *ReturnDesk) policy(ctx context.Context) (ReturnsPolicy, error) {
	if d.Policies == nil {
		return d.Policy, nil
	}
	return d.Policies.ReturnsPolicy(ctx)
}

// CurrentPolicy is the returns policy in force at the till, for a screen to show why a
// line cannot go back (CheckLine).
func (d *ReturnDesk) CurrentPolicy(ctx context.Context) (ReturnsPolicy, error) { return d.policy(ctx) }

// CheckLine says why a purchase's line cannot go back now (nil when it can).
func (p ReturnsPolicy) CheckLine(src Returnable, l ReturnableLine, now time.Time) *Error {
	switch {
	case l.Left() <= 0:
		return Errorf(ECONFLICT, "%s went back already: %s", l.Name, strings.Join(l.Where, "; "))
	case containsSKU(p.NonReturnable, l.SKU):
		return Errorf(ECONFLICT, "%s cannot be returned: the chain takes no such article back.", l.Name)
	}
	days := p.window(src.Channel)
	if now.After(src.At.AddDate(0, 0, days)) {
		return Errorf(ECONFLICT, "%s was bought on %s: returns are taken within %d days.", src.Label, src.At.Local().Format("2006-01-02"), days)
	}
	return nil
}

func containsSKU(list []SKU, sku SKU) bool {
	for _, s := range list {
		if s == sku {
			return true
		}
	}
	return false
}

// Return takes the lines back and refunds them to the original tender: the return is
// checked against the policy, the quantities reserved at central (online) or kept within
// the offline cap, then committed with its event for central; the caller pays out
// r.Refund and prints the return receipt only after this returns. A refund to a card
// made on the terminal first goes Begin, the terminal, then Commit.
func (d *ReturnDesk) Return(ctx context.Context, cashier Staff, req ReturnRequest) (*Return, error) {
	ret, err := d.Begin(ctx, cashier, req)
	if err != nil {
		return nil, err
	}
	if err := d.Commit(ctx, ret, req.CardApprovals); err != nil {
		d.Abandon(ctx, ret)
		return nil, err
	}
	return ret, nil
}

// Begin checks a return, has central hold its quantities (online) and says how it is
// refunded, without committing it: a refund to a card is made on the terminal meanwhile,
// then Commit commits the return, or Abandon gives central's hold back.
func (d *ReturnDesk) Begin(ctx context.Context, cashier Staff, req ReturnRequest) (*Return, error) {
	store := d.Store() // before d.mu: the register's lock is taken before the desk's
	d.mu.Lock()
	defer d.mu.Unlock()
	ret, policy, err := d.prepare(ctx, store, cashier, req)
	if err != nil {
		return nil, err
	}
	if err := d.settle(ctx, ret, policy, ret.Total(), req.Credit); err != nil {
		d.release(ctx, ret)
		return nil, err
	}
	return ret, nil
}

// Commit commits a begun return, with the terminal's approvals of its refunds to cards (by
// the card payment's code; "" for every card). The policy was applied at Begin: once a
// terminal paid a card back, nothing but a failing disk may refuse the return, and then it
// can be committed again (its reservation is kept until Abandon).
func (d *ReturnDesk) Commit(ctx context.Context, ret *Return, cardApprovals map[string]string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	approveCards(ret.Refund, cardApprovals)
	if err := d.Returns.CommitReturn(ctx, ret); err != nil {
		return fmt.Errorf("commit return %s: %w", ret.ID, err)
	}
	return nil
}

// Abandon gives central's hold of a begun return back: it was not committed.
func (d *ReturnDesk) Abandon(ctx context.Context, ret *Return) { d.release(ctx, ret) }

// withinOfflineCap refuses a refund beyond what the till may still refund today while
// central cannot be reached.
func (d *ReturnDesk) withinOfflineCap(ctx context.Context, policy ReturnsPolicy, day time.Time, refund Money) error {
	done, err := d.Returns.RefundedOffline(ctx, day)
	if err != nil {
		return err
	}
	if left := policy.OfflineDailyCap - done; refund > left {
		return Errorf(ECONFLICT, "Central cannot be reached: this till may refund %s more today offline.", max(left, 0).Display())
	}
	return nil
}

// release gives central's hold of a return that was not committed back (else it lapses).
func (d *ReturnDesk) release(ctx context.Context, ret *Return) {
	if ret.Reservation && d.Central != nil {
		_ = d.Central.Release(context.WithoutCancel(ctx), ret.ID)
	}
}

// prepare checks a return against the policy, prices its lines and, online, has central
// hold the quantities, for store (read before d.mu). Callers hold d.mu.
func (d *ReturnDesk) prepare(ctx context.Context, store StoreInfo, cashier Staff, req ReturnRequest) (*Return, ReturnsPolicy, error) {
	now, src := d.Now(), req.Source
	if store.Currency != "" && src.Currency != "" && src.Currency != store.Currency {
		return nil, ReturnsPolicy{}, Errorf(ECONFLICT, "%s was paid in %s: this store refunds in %s only.", src.Label, src.Currency, store.Currency)
	}
	policy, err := d.policy(ctx)
	if err != nil {
		return nil, policy, err
	}
	if len(req.Lines) == 0 {
		return nil, policy, Errorf(EINVALID, "Choose the lines that come back.")
	}
	if err := d.checkReason(ctx, req.Reason); err != nil {
		return nil, policy, err
	}
	ret := &Return{Store: store.ID, Till: store.TillID, Cashier: cashier, Source: src, Reason: req.Reason, CompletedAt: now}
	id, err := uuid.NewV7()
	if err != nil {
		return nil, policy, fmt.Errorf("new return id: %w", err)
	}
	ret.ID = id.String()
	byLine := map[int]ReturnableLine{}
	for _, l := range src.Lines {
		byLine[l.Line] = l
	}
	for _, rl := range req.Lines {
		l, ok := byLine[rl.Line]
		switch {
		case !ok:
			return nil, policy, Errorf(EINVALID, "%s has no line %d", src.Label, rl.Line)
		case rl.Qty <= 0 || rl.Qty > l.Left():
			return nil, policy, Errorf(EINVALID, "At most %s of %s can go back.", Measure{l.Left(), l.Unit}, l.Name)
		case l.Unit == UnitPiece && rl.Qty%1000 != 0:
			return nil, policy, Errorf(EINVALID, "%s is sold per piece: return whole pieces", l.Name)
		}
		if err := policy.CheckLine(src, l, now); err != nil {
			return nil, policy, err
		}
		ret.Lines = append(ret.Lines, ReturnedLine{Line: l.Line, SKU: l.SKU, Name: l.Name, Unit: l.Unit, Qty: rl.Qty, Amount: l.RefundOf(rl.Qty),
			Resellable: rl.Resellable})
		l.Returned += rl.Qty
		byLine[rl.Line] = l
	}
	total := ret.Total()
	if total > policy.ManagerOver && policy.ManagerOver > 0 {
		if req.Approver == nil || !req.Approver.IsManager() {
			return nil, policy, Errorf(EFORBIDDEN, "A refund of %s needs a manager's PIN.", total.Display())
		}
		ret.ApprovedBy = req.Approver.ID
	}
	if src.Online && d.Central != nil && src.Kind != SourceNone {
		err := d.Central.Reserve(ctx, ret.ID, src, ret.eventLines())
		switch {
		case err == nil:
			ret.Reservation = true
		case errors.Is(err, ErrOffline):
			// Found at central a moment ago, out of reach now: only this till's own receipt
			// may go back without central holding it.
			if !strings.HasPrefix(src.Label, string(store.ID)+"/"+string(store.TillID)+"/") {
				return nil, policy, Errorf(ECONFLICT, "Central cannot be reached to hold the return: try again when it is back.")
			}
		default:
			return nil, policy, err
		}
	}
	return ret, policy, nil
}

// settle says how refund, what the return pays back, goes: to the original tender or as
// store credit (a new voucher's code is made), appended to ret.Refund. A return central
// does not hold is refunded within the policy's offline limits. Callers hold d.mu.
func (d *ReturnDesk) settle(ctx context.Context, ret *Return, policy ReturnsPolicy, refund Money, credit bool) error {
	if refund <= 0 {
		return nil
	}
	// Goods without a receipt have no purchase to hold: the offline rules apply when central
	// could not be asked for their price.
	if !ret.Reservation && !(ret.Source.Kind == SourceNone && ret.Source.Online) {
		if policy.OfflineCreditOnly && !credit {
			return Errorf(ECONFLICT, "Central cannot be reached: offline, a return is refunded as store credit only.")
		}
		if err := d.withinOfflineCap(ctx, policy, ret.CompletedAt, refund); err != nil {
			return err
		}
	}
	more := RefundTo(ret.Source, refund, credit)
	for i := range more {
		if more[i].Kind == TenderCredit {
			code, err := NewVoucherCode()
			if err != nil {
				return err
			}
			more[i].Reference = code
		}
	}
	ret.Refund = append(ret.Refund, more...)
	return nil
}

// checkReason refuses a reason that is not one of the store's return reasons.
func (d *ReturnDesk) checkReason(ctx context.Context, code string) error {
	if d.Reasons == nil {
		return nil
	}
	reasons, err := d.Reasons.Reasons(ctx, ReasonReturn)
	if err != nil {
		return err
	}
	var codes []string
	for _, r := range reasons {
		if r.Code == code {
			return nil
		}
		codes = append(codes, r.Code)
	}
	return Errorf(EINVALID, "%q is not a return reason of this store: %s", code, strings.Join(codes, ", "))
}

// RefundTo says how total goes back: as store credit (a voucher; its code is made when
// the return is committed), or to the original tender. A card payment goes back to the
// card (the terminal's refund of that approval), an online order's payment becomes a
// refund request for the web shop's payment side, cash and points as cash.
//
// A purchase paid several ways is refunded the same ways: to each card at most what it
// paid, then in cash at most what cash paid (net of change), and what points, store
// credit or goods given back in an exchange paid comes back as store credit, never as
// cash.
func RefundTo(src Returnable, total Money, credit bool) []Tender {
	if credit {
		return []Tender{{Kind: TenderCredit, Amount: total}}
	}
	if src.Kind == SourceOrder {
		if len(src.Tenders) == 0 { // paid at the pickup, in the store
			return []Tender{{Kind: TenderCash, Amount: total}}
		}
		return []Tender{{Kind: TenderOnline, Amount: total, Reference: src.Label}}
	}
	var paid, asCredit, cards Money
	for _, l := range src.Lines {
		paid += l.Amount
	}
	for _, t := range src.Tenders {
		switch t.Kind {
		case TenderCard:
			cards += t.Amount
		case TenderPoints, TenderVoucher, TenderExchange: // goods brought back or credit: never cash
			asCredit += t.Amount
		}
	}
	cash := max(paid-cards-asCredit, 0)
	var out []Tender
	left := total
	take := func(kind TenderKind, upTo Money, ref string) {
		if m := min(left, upTo); m > 0 {
			out = append(out, Tender{Kind: kind, Amount: m, Reference: ref})
			left -= m
		}
	}
	for _, t := range src.Tenders {
		if t.Kind == TenderCard {
			take(TenderCard, t.Amount, t.Reference)
		}
	}
	take(TenderCash, cash, "")
	take(TenderCredit, left, "") // what points or credit paid, and any rounding left
	return out
}

// TenderOnline refunds an online payment: central keeps a refund request the web shop's
// payment side carries out.
const TenderOnline TenderKind = "online"

// ReturnReceiptLayout lays out the receipt of a return for paper of width columns, in
// the store's words w: the purchase it is of, each line back with its refund, the reason
// and how the money went back.
func ReturnReceiptLayout(store StoreInfo, r *Return, reason string, w Words, width int) []Block {
	p := &paper{width: width}
	p.header(store, w)
	p.text(columns(w.DateTime(r.CompletedAt), w.T("Return %d", r.ReturnNo), width))
	p.center(w.T("RETURN"), true)
	if r.Source.Kind == SourceNone {
		p.wrapped(w.T("Without a receipt, at the lowest price of %d days", LowestPriceDays), "")
		if r.Customer != nil {
			p.wrapped(w.T("Customer %s", r.Customer.Name), "")
		}
	} else {
		p.wrapped(w.T("Of %s", r.Source.Label), "")
	}
	p.rule()
	for _, l := range r.Lines {
		p.wrapped(l.Name, "")
		p.text(columns("  "+w.Qty(l.Qty, l.Unit), "-"+w.Amount(l.Amount), width))
		if !l.Resellable {
			p.text("  " + w.T("damaged: written off"))
		}
	}
	p.rule()
	p.add(Block{Kind: BlockText, Text: columns(w.T("REFUND"), w.Money(r.Total(), r.Source.Currency), width/2), Bold: true, Large: true})
	for _, t := range r.Refund {
		name := w.Phrase(t.Kind.Label())
		if t.Reference != "" {
			name += " " + t.Reference
		}
		p.text(columns(name, w.Amount(t.Amount), width))
		if t.Approval != "" {
			p.text("  " + w.T("refund approved %s", t.Approval))
		}
	}
	p.wrapped(w.T("Reason: %s", reason), "")
	p.vouchers(r.Refund, r.Source.Currency, w)
	p.rule()
	p.tillAndCashier(r.Till, r.Cashier.Name, w)
	p.center(r.ID, false)
	p.add(Block{Kind: BlockCut})
	return p.blocks
}

// ReturnUnknown is central's answer for a receipt or order it does not have; why is its
// own words.
func ReturnUnknown(why string) error {
	return Errorf(ENOTFOUND, "Central knows no such receipt or order: %s", why)
}

// ReturnRefused is central's refusal of a return (units gone back elsewhere, an order not
// collected); why is its own words, naming where and when.
func ReturnRefused(why string) error { return Errorf(ECONFLICT, "Central refuses the return: %s", why) }

// approveCards writes the terminal's approval on each refund to a card: approvals by the
// card payment's code, or "" for every card.
func approveCards(refund []Tender, approvals map[string]string) {
	for i, t := range refund {
		if t.Kind != TenderCard {
			continue
		}
		if a, ok := approvals[t.Reference]; ok {
			refund[i].Approval = a
		} else {
			refund[i].Approval = approvals[""]
		}
	}
}
