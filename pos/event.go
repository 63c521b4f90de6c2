package pos

import (
	"encoding/json"
	"fmt"
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

// saleDoc is the sale as events carry it: explicit field names, money in minor units.
type saleDoc struct {
	SaleID      SaleID      `json:"sale_id"`
	Store       StoreID     `json:"store_id"`
	Till        TillID      `json:"till_id"`
	ReceiptNo   ReceiptNo   `json:"receipt_no"`
	Cashier     StaffID     `json:"cashier_id"`
	Currency    Currency    `json:"currency"`
	StartedAt   time.Time   `json:"started_at"`
	CompletedAt time.Time   `json:"completed_at"`
	Total       Money       `json:"total"`
	Discount    Money       `json:"basket_discount"`
	Lines       []lineDoc   `json:"lines"`
	Tenders     []tenderDoc `json:"tenders"`
}

type lineDoc struct {
	No          int     `json:"line_no"`
	SKU         SKU     `json:"sku"`
	Code        string  `json:"code,omitempty"`
	Qty         Qty     `json:"qty_milli"`
	UnitPrice   Money   `json:"unit_price"`
	VAT         VATRate `json:"vat_bp"`
	Amount      Money   `json:"amount"` // after line and basket discounts
	Discount    Money   `json:"line_discount"`
	BasketShare Money   `json:"basket_share"`
	Voided      bool    `json:"voided,omitempty"`
}

type tenderDoc struct {
	Kind      TenderKind `json:"kind"`
	Amount    Money      `json:"amount"`
	Reference string     `json:"reference,omitempty"`
}

// SaleCompleted makes the outbox event of a committed sale.
func SaleCompleted(s *Sale) (Event, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return Event{}, fmt.Errorf("new event id: %w", err)
	}
	doc := saleDoc{
		SaleID: s.ID, Store: s.Store, Till: s.Till, ReceiptNo: s.ReceiptNo, Cashier: s.Cashier.ID,
		Currency: s.Currency, StartedAt: s.StartedAt.UTC(), CompletedAt: s.CompletedAt.UTC(),
		Total: s.Total(), Discount: s.BasketDiscount.Amount,
	}
	shares := s.BasketShares()
	for i, l := range s.Lines {
		amount := l.Due() - shares[i]
		if l.Voided {
			amount = 0 // a voided line was not sold
		}
		doc.Lines = append(doc.Lines, lineDoc{
			No: l.No, SKU: l.SKU, Code: l.Code, Qty: l.Qty, UnitPrice: l.UnitPrice, VAT: l.VAT,
			Amount: amount, Discount: l.Discount.Amount, BasketShare: shares[i], Voided: l.Voided,
		})
	}
	for _, t := range s.Tenders {
		doc.Tenders = append(doc.Tenders, tenderDoc(t))
	}
	payload, err := json.Marshal(doc)
	if err != nil {
		return Event{}, fmt.Errorf("encode sale %s: %w", s.ID, err)
	}
	return Event{ID: EventID(id.String()), Type: EventSaleCompleted, Aggregate: string(s.ID), At: s.CompletedAt, Payload: payload}, nil
}
