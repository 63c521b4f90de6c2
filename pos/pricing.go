package pos

import (
	"context"
	"fmt"
	"time"
)

// Promotions finds the chain's promotions as central sent them to the till.
type Promotions interface {
	// PromotionsFor returns the promotions of an article that apply in store at the instant
	// at, by id: the order PriceLines breaks a tie in, as central's web orders are priced.
	PromotionsFor(ctx context.Context, sku SKU, store StoreID, at time.Time) ([]Promotion, error)
}

// promotionsOf reads the promotions of an article being added, outside r.mu: each scan
// reads its article's afresh, so a promotion central sends during a sale applies from the
// next scan of its article.
func (r *Register) promotionsOf(ctx context.Context, sku SKU) ([]Promotion, error) {
	return r.promotionsAt(ctx, sku, r.StoreInfo().ID)
}

// promotionsAt reads the promotions of an article in store; callers may hold r.mu.
func (r *Register) promotionsAt(ctx context.Context, sku SKU, store StoreID) ([]Promotion, error) {
	if r.Promotions == nil || sku == "" {
		return nil, nil
	}
	ps, err := r.Promotions.PromotionsFor(ctx, sku, store, r.Now())
	if err != nil {
		return nil, fmt.Errorf("read the promotions of %s: %w", sku, err)
	}
	return ps, nil
}

// promotable says whether a line may take a promotion: a live line of a catalog article
// at its catalog price. A price-embedded label carries the price the store set for that
// pack (often a markdown), and an article the catalog does not know has no promotion.
func promotable(l Line) bool {
	return !l.Voided && l.SKU != "" && l.FixedAmount == 0 && l.OpenPriceBy == ""
}

// reprice prices the basket with its articles' promotions as of now (PriceLines, as central
// prices a web order), whenever its lines change. The piece lines of one article are priced
// together, one line of the whole quantity as a web order has it, so a multibuy counts every
// piece in the basket and a percent rounds once; what the promotion takes off is then
// shared out over those lines in proportion to their amounts (largest remainder, the
// first line first on a tie), adding up exactly. A weighed line is its own weighing and is
// priced alone (no multibuy takes weighed articles).
//
// A cashier's discount stays on top of the promotion. When a promotion now takes more off
// a line, its discount is dropped if it is more than the line's promoted amount or over
// the cashier's limit without a manager's approval, and the basket discount is refitted
// likewise: they were given for a larger amount. Callers hold r.mu.
func (r *Register) reprice() {
	s := r.sale
	if s == nil {
		return
	}
	type key struct {
		sku   SKU
		price Money
	}
	type group struct {
		line  PriceLine
		lines []int // indexes in s.Lines
		ok    bool  // the quantity adds up within int64
	}
	var groups []*group
	pieces := map[key]*group{}
	was := make([]Money, len(s.Lines))
	for i := range s.Lines {
		l := &s.Lines[i]
		was[i] = l.Promotion.Amount
		l.Promotion = LinePromotion{}
		if !promotable(*l) || len(r.promos[l.SKU]) == 0 {
			continue
		}
		k := key{l.SKU, l.UnitPrice}
		if g := pieces[k]; g != nil && l.Unit == UnitPiece {
			qty, ok := CheckedAdd(int64(g.line.Qty), int64(l.Qty))
			g.line.Qty, g.ok = Qty(qty), g.ok && ok
			g.lines = append(g.lines, i)
			continue
		}
		g := &group{line: PriceLine{SKU: l.SKU, Unit: l.Unit, UnitPrice: l.UnitPrice, Qty: l.Qty}, lines: []int{i}, ok: true}
		groups = append(groups, g)
		if l.Unit == UnitPiece {
			pieces[k] = g
		}
	}
	now := r.Now()
	for _, g := range groups {
		// No sum of a group may wrap: one worth more than a sale may total takes no
		// promotion (checkLine refuses such a sale long before).
		if gross, ok := CheckedMulQty(g.line.UnitPrice, g.line.Qty); !g.ok || !ok || gross > r.Policy.MaxTotal() {
			continue
		}
		promos := r.promos[g.line.SKU]
		priced := PriceLines([]PriceLine{g.line}, promos, r.Store.ID, now, s.Customer != nil)[0]
		if priced.Discount <= 0 {
			continue
		}
		weights := make([]Money, len(g.lines))
		for j, i := range g.lines {
			weights[j] = s.Lines[i].Gross()
		}
		name := priced.Promotion
		for _, p := range promos {
			if p.ID == priced.Promotion {
				name = p.Name
			}
		}
		for j, share := range spread(priced.Discount, weights) {
			s.Lines[g.lines[j]].Promotion = LinePromotion{ID: priced.Promotion, Name: name, Amount: share}
		}
	}
	grew := false
	for i := range s.Lines {
		l := &s.Lines[i]
		if l.Promotion.Amount <= was[i] {
			continue
		}
		grew = true
		if d := l.Discount; d.Amount > l.Promoted() || (d.ApprovedBy == "" && r.needsApproval(d.Amount, l.Promoted())) {
			l.Discount = Discount{}
		}
	}
	if grew {
		r.refitBasketDiscount()
	}
}
