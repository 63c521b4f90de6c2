package pos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
)

// Event is a fact the till reports to central. It is written to the outbox in the same
// transaction as the rows it describes, and central applies each ID once.
type Event struct {
	ID        EventID
	Type      string
	Aggregate string // the id of what the event is about, e.g. the sale id
	At        time.Time
	Payload   json.RawMessage
}

// EventSaleCompleted reports a committed (non-training) sale.
const EventSaleCompleted = "sale.completed"

// SaleEvent is the payload of a sale.completed event: the one schema of a sale between the
// till, which writes it into the outbox in the sale's transaction (SaleCompleted), and
// central, which reads it back (DecodeSaleEvent). Money in minor units, quantities in
// thousandths, VAT in basis points; docs/api.md shows it.
type SaleEvent struct {
	SaleID         SaleID            `json:"sale_id"`
	Store          StoreID           `json:"store_id"`
	Till           TillID            `json:"till_id"`
	ReceiptNo      ReceiptNo         `json:"receipt_no"`
	Cashier        StaffID           `json:"cashier_id"`
	Currency       Currency          `json:"currency"`
	StartedAt      time.Time         `json:"started_at"`
	CompletedAt    time.Time         `json:"completed_at"`
	Total          Money             `json:"total"`
	BasketDiscount Money             `json:"basket_discount"`
	Lines          []SaleEventLine   `json:"lines"`
	Tenders        []SaleEventTender `json:"tenders"`
	// Customer is the chain's id of the customer the sale was rung up for (a loyalty card
	// scanned, or found by phone or e-mail); absent for an anonymous sale.
	Customer CustomerID `json:"customer_id,omitempty"`
	// Points is what the sale earned for its customer, by the version of the loyalty rules
	// the till had; absent for an anonymous sale. What points paid is in Tenders.
	Points *SaleEventPoints `json:"points,omitempty"`
	// Coupon is the single-use coupon the sale took, its basket_discount what it took off;
	// absent when none.
	Coupon *SaleEventCoupon `json:"coupon,omitempty"`
}

// SaleEventCoupon is the coupon of a SaleEvent: its code and central's hold of it (absent
// when the till took it offline, on the strength of central's signature).
type SaleEventCoupon struct {
	Code string `json:"code"`
	Hold string `json:"hold,omitempty"`
}

// SaleEventPoints is what a SaleEvent earned: central counts it again by the same rules.
type SaleEventPoints struct {
	Rules  int64 `json:"rules_version"`
	Earned int64 `json:"earned"`
}

// SaleEventLine is one article line of a SaleEvent. Amount is what the customer paid for
// it after its promotion, the line's discount and its share of the basket discount (0 for
// a voided line): its gross (FixedAmount when the label carried the price, else UnitPrice ×
// Qty rounded as MulQty does) less PromotionDiscount, LineDiscount and BasketShare.
type SaleEventLine struct {
	No           int     `json:"line_no"`
	SKU          SKU     `json:"sku"`
	Code         string  `json:"code,omitempty"`
	Qty          Qty     `json:"qty_milli"`
	UnitPrice    Money   `json:"unit_price"`
	VAT          VATRate `json:"vat_bp"`
	FixedAmount  Money   `json:"fixed_amount,omitempty"` // the price a price-embedded label carried
	Amount       Money   `json:"amount"`
	LineDiscount Money   `json:"line_discount"`
	BasketShare  Money   `json:"basket_share"`
	// The chain's promotion the line took (its id at central) and what it took off the line:
	// absent when none applied (and from tills that knew no promotions).
	Promotion         string `json:"promotion,omitempty"`
	PromotionDiscount Money  `json:"promotion_discount,omitempty"`
	Voided            bool   `json:"voided,omitempty"`
	VoidReason        string `json:"void_reason,omitempty"`
	// An article the till's catalog did not know, sold at a price a manager approved under
	// a department (a VAT class's letter): central takes it as an exception.
	Department  string  `json:"department,omitempty"`
	OpenPriceBy StaffID `json:"open_price_by,omitempty"`
}

// SaleEventTender is one payment of a SaleEvent.
type SaleEventTender struct {
	Kind      TenderKind `json:"kind"`
	Amount    Money      `json:"amount"`
	Reference string     `json:"reference,omitempty"`
	Points    int64      `json:"points,omitempty"`   // what a points tender redeemed
	Hold      string     `json:"hold,omitempty"`     // central's hold of a voucher's credit
	Approval  string     `json:"approval,omitempty"` // the terminal's approval of a refund to a card
}

// DecodeSaleEvent reads a sale.completed payload strictly: one JSON object of the schema's
// types and no key the schema lacks, for a key central does not know is a fact of the sale
// it would silently drop. It checks the shape only; the rules a sale must keep are the
// reader's to check.
func DecodeSaleEvent(payload []byte) (SaleEvent, error) {
	var s SaleEvent
	if err := decodeStrict(payload, &s); err != nil {
		return s, Errorf(EINVALID, "the sale cannot be read: %v", err)
	}
	return s, nil
}

// decodeStrict reads one JSON object of v's type, with no key v lacks.
func decodeStrict(payload []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if err = dec.Decode(&struct{}{}); err == io.EOF {
			return nil
		} else if err == nil {
			err = errors.New("more than one JSON value")
		}
	}
	if err == io.EOF {
		err = errors.New("the payload is empty")
	}
	return err
}

// SaleCompleted makes the outbox event of a committed sale.
func SaleCompleted(s *Sale) (Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("new event id: %w", err)
	}
	doc := saleEventOf(s)
	if s.Customer != nil {
		doc.Customer = s.Customer.ID
	}
	if s.Customer != nil && s.Points.Rules != 0 { // the till counted the sale's points
		doc.Points = &SaleEventPoints{Rules: s.Points.Rules, Earned: s.Points.Earned}
	}
	payload, err := json.Marshal(doc)
	if err != nil {
		return Event{}, fmt.Errorf("encode sale %s: %w", s.ID, err)
	}
	return Event{ID: EventID(id.String()), Type: EventSaleCompleted, Aggregate: string(s.ID), At: s.CompletedAt, Payload: payload}, nil
}

// saleEventOf is the sale as its event tells it, without its customer: the lines as paid
// and the tenders, which its points are counted from.
func saleEventOf(s *Sale) SaleEvent {
	doc := SaleEvent{
		SaleID: s.ID, Store: s.Store, Till: s.Till, ReceiptNo: s.ReceiptNo, Cashier: s.Cashier.ID,
		Currency: s.Currency, StartedAt: s.StartedAt.UTC(), CompletedAt: s.CompletedAt.UTC(),
		Total: s.Total(), BasketDiscount: s.BasketDiscount.Amount,
	}
	shares := s.BasketShares()
	for i, l := range s.Lines {
		amount := l.Due() - shares[i]
		if l.Voided {
			amount = 0 // a voided line was not sold
		}
		doc.Lines = append(doc.Lines, SaleEventLine{
			No: l.No, SKU: l.SKU, Code: l.Code, Qty: l.Qty, UnitPrice: l.UnitPrice, VAT: l.VAT, FixedAmount: l.FixedAmount,
			Amount: amount, LineDiscount: l.Discount.Amount, BasketShare: shares[i], Voided: l.Voided, VoidReason: l.VoidReason,
			Department: l.Department, OpenPriceBy: l.OpenPriceBy, Promotion: l.Promotion.ID, PromotionDiscount: l.Promotion.Amount,
		})
	}
	for _, t := range s.Tenders {
		doc.Tenders = append(doc.Tenders, SaleEventTender(t))
	}
	if c := s.Coupon; c != nil {
		doc.Coupon = &SaleEventCoupon{Code: c.Code, Hold: c.Hold}
	}
	return doc
}
