package pos

import (
	"context"
	"errors"
	"strings"
	"time"
)

// SourceNone is goods brought back without a receipt or an order: a manager takes them
// back at the lowest price the chain sold them at lately, as store credit by default.
const SourceNone = "none"

// LowestPriceDays is how far back the lowest price of goods returned without a receipt is
// looked for.
const LowestPriceDays = 30

// LowestPrice is the lowest price an article sold at in the last LowestPriceDays days,
// promotions included (not cashiers' discounts), and never above its catalog price now.
type LowestPrice struct {
	SKU   SKU
	Price Money // per piece, or per kilogram
	// Central: the whole chain's sales, every channel, as central knows them; false: this
	// till's own sales and catalog only (central out of reach).
	Central bool
}

// LowestPrices finds the lowest price of the last days (the till implements it with its
// link to central): ErrOffline when central cannot be reached, ENOTFOUND when it does not
// know the article.
type LowestPrices interface {
	LowestPrice(ctx context.Context, sku SKU, days int) (LowestPrice, error)
}

// OwnLowestPrices is the lowest price this till knows: its catalog's price now and its
// own sales of the last days (pos/sqlite implements it).
type OwnLowestPrices interface {
	OwnLowestPrice(ctx context.Context, sku SKU, since time.Time) (Money, bool, error)
}

// CustomerDetails are what a store records of someone who brings goods back without a
// receipt.
type CustomerDetails struct {
	Name     string `json:"name"`
	Contact  string `json:"contact"`            // a phone number or an e-mail
	Document string `json:"document,omitempty"` // an identity document's number, where the store asks for one
}

// Check refuses details a manager could not follow a return up with.
func (c CustomerDetails) Check() error {
	switch {
	case strings.TrimSpace(c.Name) == "":
		return Errorf(EINVALID, "Write the customer's name: a return without a receipt records who brought the goods.")
	case strings.TrimSpace(c.Contact) == "":
		return Errorf(EINVALID, "Write the customer's phone or e-mail.")
	case len(c.Name) > 200 || len(c.Contact) > 200 || len(c.Document) > 100:
		return Errorf(EINVALID, "The customer's details are too long.")
	}
	return nil
}

// NoReceiptRequest is goods brought back without a receipt.
type NoReceiptRequest struct {
	Product    Product
	Qty        Qty
	Reason     string
	Resellable bool
	Customer   CustomerDetails
	// Approver is the manager who takes them back: always needed.
	Approver *Staff
	// Cash refunds in cash, where the policy allows it; store credit otherwise.
	Cash bool
}

// PriceWithoutReceipt is what goods brought back without a receipt are taken back at: the
// lowest price central knows of the last LowestPriceDays days, or, while central cannot
// be reached, the lowest this till knows.
func (d *ReturnDesk) PriceWithoutReceipt(ctx context.Context, p Product) (LowestPrice, error) {
	if c, ok := d.Central.(LowestPrices); ok && d.Central != nil {
		lp, err := c.LowestPrice(ctx, p.SKU, LowestPriceDays)
		if err == nil {
			lp.Price = min(lp.Price, p.Price) // never above the till's price now
			return lp, nil
		}
		if !errors.Is(err, ErrOffline) && ErrorCode(err) != ENOTFOUND {
			return LowestPrice{}, err
		}
	}
	own, ok := d.Returns.(OwnLowestPrices)
	if !ok {
		return LowestPrice{SKU: p.SKU, Price: p.Price}, nil
	}
	price, sold, err := own.OwnLowestPrice(ctx, p.SKU, d.Now().AddDate(0, 0, -LowestPriceDays))
	if err != nil {
		return LowestPrice{}, err
	}
	lp := LowestPrice{SKU: p.SKU, Price: p.Price}
	if sold {
		lp.Price = min(lp.Price, price)
	}
	return lp, nil
}

// ReturnWithoutReceipt takes goods back that come with no receipt: a manager approves it,
// the customer's details are recorded, and they are refunded at the lowest price of the
// last LowestPriceDays days, as store credit unless the policy allows cash. Nothing is
// reserved at central: there is no purchase to hold.
func (d *ReturnDesk) ReturnWithoutReceipt(ctx context.Context, cashier Staff, req NoReceiptRequest) (*Return, error) {
	switch {
	case req.Approver == nil || !req.Approver.IsManager():
		return nil, Errorf(EFORBIDDEN, "A return without a receipt needs a manager's PIN.")
	case req.Product.SKU == "":
		return nil, Errorf(EINVALID, "Scan or type the article that comes back.")
	case req.Qty <= 0 || req.Qty > MaxQty:
		return nil, Errorf(EINVALID, "Say how much of %s comes back.", req.Product.Name)
	case req.Product.Unit == UnitPiece && req.Qty%1000 != 0:
		return nil, Errorf(EINVALID, "%s is sold per piece: return whole pieces", req.Product.Name)
	}
	if err := req.Customer.Check(); err != nil {
		return nil, err
	}
	policy, err := d.policy(ctx)
	if err != nil {
		return nil, err
	}
	if req.Cash && !policy.NoReceiptCash {
		return nil, Errorf(ECONFLICT, "A return without a receipt is refunded as store credit only.")
	}
	lp, err := d.PriceWithoutReceipt(ctx, req.Product)
	if err != nil {
		return nil, err
	}
	amount, ok := CheckedMulQty(lp.Price, req.Qty)
	if !ok || amount > MaxPriceCeiling*totalPerPrice {
		return nil, Errorf(EINVALID, "Say how much of %s comes back.", req.Product.Name)
	}
	store := d.Store()
	src := Returnable{Kind: SourceNone, Label: "-", Channel: "store", Store: store.ID, Currency: store.Currency, At: d.Now(), Online: lp.Central,
		Lines: []ReturnableLine{{Line: 1, SKU: req.Product.SKU, Name: req.Product.Name, Unit: req.Product.Unit, Qty: req.Qty, Amount: amount,
			UnitPrice: lp.Price}}}
	ret, err := d.Begin(ctx, cashier, ReturnRequest{Source: src, Reason: req.Reason, Approver: req.Approver, Credit: !req.Cash,
		Lines: []ReturnLine{{Line: 1, Qty: req.Qty, Resellable: req.Resellable}}})
	if err != nil {
		return nil, err
	}
	ret.Source.ID, ret.ApprovedBy, ret.Customer = ret.ID, req.Approver.ID, &req.Customer
	if err := d.Commit(ctx, ret, nil); err != nil {
		return nil, err
	}
	return ret, nil
}

// Identify finds the article of a code scanned or typed, without ringing it up, and the
// quantity its label carries (0: none).
func (r *Register) Identify(ctx context.Context, input string) (Product, Qty, error) {
	p, item, err := r.resolve(ctx, strings.TrimSpace(input))
	return p, item.Qty, err
}
