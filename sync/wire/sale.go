package wire

import "time"

// EventSaleCompleted is the type of the event a till sends for each committed sale.
const EventSaleCompleted = "sale.completed"

// Sale is the payload of a sale.completed event, as pos.SaleCompleted writes it. Money in
// minor units, quantities in thousandths, VAT in basis points.
type Sale struct {
	SaleID         string       `json:"sale_id"`
	StoreID        string       `json:"store_id"`
	TillID         string       `json:"till_id"`
	ReceiptNo      int64        `json:"receipt_no"`
	CashierID      string       `json:"cashier_id"`
	Currency       string       `json:"currency"`
	StartedAt      time.Time    `json:"started_at"`
	CompletedAt    time.Time    `json:"completed_at"`
	Total          int64        `json:"total"`
	BasketDiscount int64        `json:"basket_discount"`
	Lines          []SaleLine   `json:"lines"`
	Tenders        []SaleTender `json:"tenders"`
}

// SaleLine is one article line; Amount is what the customer paid for it after the line's
// discount and its share of the basket discount (0 for a voided line).
type SaleLine struct {
	LineNo       int    `json:"line_no"`
	SKU          string `json:"sku"`
	Code         string `json:"code,omitempty"`
	Qty          int64  `json:"qty_milli"`
	UnitPrice    int64  `json:"unit_price"`
	VAT          int64  `json:"vat_bp"`
	Amount       int64  `json:"amount"`
	LineDiscount int64  `json:"line_discount"`
	BasketShare  int64  `json:"basket_share"`
	Voided       bool   `json:"voided,omitempty"`
}

// SaleTender is one payment of the sale.
type SaleTender struct {
	Kind      string `json:"kind"`
	Amount    int64  `json:"amount"`
	Reference string `json:"reference,omitempty"`
}
