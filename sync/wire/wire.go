// Package wire is the till <-> central protocol: the JSON bodies of the /v1 HTTP API, shared
// by the central service (sync/central) and the till's client (sync/client). No logic lives
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

// PairRequest exchanges a one-time pairing code for the till's token.
type PairRequest struct {
	Code string `json:"code"`
}

// PairResponse tells the till who it is to central and the token it sends from now on.
type PairResponse struct {
	TillID  string `json:"till_id"`
	StoreID string `json:"store_id"`
	Token   string `json:"token"`
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
	ErrReset        = "reset"        // 410: the cursor is older than central keeps: pull from 0
	ErrTooLarge     = "too_large"    // 413
	ErrInternal     = "internal"     // 500
)

// Stream names, as in /v1/changes/{stream} and in the till's cursor table.
const (
	StreamProducts = "products"
	StreamStock    = "stock"
)
