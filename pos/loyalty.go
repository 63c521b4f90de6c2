package pos

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// TenderPoints pays with the customer's loyalty points, at the rules' PointValue. Its
// Reference is central's hold of the points (redeemed online), empty when the till
// redeemed them offline, within LoyaltyRules' offline limits.
const TenderPoints TenderKind = "points"

// LoyaltyRules are the chain's rules for loyalty points, the same in every channel: set at
// central (omnitill-central loyalty, or an import) and pulled by every till. Each change
// is a new Version; a sale names the version it earned by, so central checks it by the
// same rules, whenever it arrives.
type LoyaltyRules struct {
	Version int64 `json:"version"`
	// PointsPerUnit is what a whole currency unit paid earns, in thousandths of a point
	// (1000: 1 point per złoty or euro).
	PointsPerUnit int64 `json:"points_per_unit_milli"`
	// PointValue is what one point pays, in minor units (1: 100 points pay 1,00).
	PointValue Money `json:"point_value"`
	// Categories earn at their own multiplier; an article in none earns at 1.
	Categories []LoyaltyCategory `json:"categories"`
	// Offline limits: a till that cannot reach central redeems at most the smallest of
	// the synced balance less its own unsynced redemptions, OfflineCustomerCap points per
	// customer until it syncs, and OfflineTillDaily points a day in all; and only while
	// the synced balance is younger than OfflineMaxAge.
	OfflineCustomerCap int64   `json:"offline_customer_cap"`
	OfflineTillDaily   int64   `json:"offline_till_daily"`
	OfflineMaxAge      Seconds `json:"offline_max_age_s"`
	// HoldTTL is how long central keeps points held for a sale being paid.
	HoldTTL Seconds `json:"hold_ttl_s"`
	// ExpireAfterDays: a balance expires after so many days without earning or redeeming
	// (0: points never expire).
	ExpireAfterDays int `json:"expire_after_days"`
	// ReceiptURL, when set, is the web shop's page a receipt's QR leads to, the sale's id
	// appended: there a customer joins, or signs in, and takes the purchase (and its
	// points) into their account.
	ReceiptURL string `json:"receipt_url,omitempty"`
}

// Seconds is a span of time as the rules' JSON writes it.
type Seconds int64

// Duration is s as a time.Duration.
func (s Seconds) Duration() time.Duration { return time.Duration(s) * time.Second }

// LoyaltyCategory is a set of articles that earn at their own rate.
type LoyaltyCategory struct {
	Name string `json:"name"`
	// Multiplier in thousandths: 2000 earns double, 0 earns nothing (excluded articles:
	// tobacco, gift cards, deposits).
	Multiplier int64 `json:"multiplier_milli"`
	SKUs       []SKU `json:"skus"`
}

// DecodeLoyaltyRules reads rules central sent strictly, and checks them.
func DecodeLoyaltyRules(doc []byte) (LoyaltyRules, error) {
	var r LoyaltyRules
	if err := decodeStrict(doc, &r); err != nil {
		return r, Errorf(EINVALID, "the loyalty rules cannot be read: %v", err)
	}
	if r.Version < 1 {
		return r, Errorf(EINVALID, "the loyalty rules have no version")
	}
	return r, r.Check()
}

// DefaultLoyaltyRules are central's first rules (version 1): 1 point per whole unit, a
// point worth 0,01, no categories; offline, 500 points a customer and 5,000 a till a day,
// from a balance at most a day old; holds for 15 minutes; points expire after two years
// without use.
var DefaultLoyaltyRules = LoyaltyRules{
	Version: 1, PointsPerUnit: 1000, PointValue: 1,
	OfflineCustomerCap: 500, OfflineTillDaily: 5000, OfflineMaxAge: 24 * 3600,
	HoldTTL: 15 * 60, ExpireAfterDays: 730,
}

// Bounds of the rules: a rule beyond them is a typing mistake, and keeping the arithmetic
// of a sale's points within int64.
const (
	MaxPointsPerUnit = 1_000_000 // 1,000 points a unit
	MaxMultiplier    = 100_000   // ×100
	MaxPoints        = 1_000_000_000_000
)

// MaxPointValue is the most a point may be worth: 1,000.00.
const MaxPointValue Money = 100_000

// Check refuses rules that cannot be applied.
func (r LoyaltyRules) Check() error {
	switch {
	case r.PointsPerUnit < 0 || r.PointsPerUnit > MaxPointsPerUnit:
		return Errorf(EINVALID, "points per unit must be between 0 and %d, not %d thousandths", MaxPointsPerUnit/1000, r.PointsPerUnit)
	case r.PointValue < 1 || r.PointValue > MaxPointValue:
		return Errorf(EINVALID, "a point's value must be between 0.01 and %s, not %s", MaxPointValue.Display(), r.PointValue.Display())
	case r.OfflineCustomerCap < 0 || r.OfflineTillDaily < 0 || r.OfflineCustomerCap > MaxPoints || r.OfflineTillDaily > MaxPoints:
		return Errorf(EINVALID, "offline limits are between 0 and %d points", int64(MaxPoints))
	case r.OfflineMaxAge < 0 || r.HoldTTL < 60 || r.HoldTTL > 24*3600:
		return Errorf(EINVALID, "holds last between 1 minute and 24 hours, and the offline balance age is not negative")
	case r.ExpireAfterDays < 0 || r.ExpireAfterDays > 36500:
		return Errorf(EINVALID, "points expire after 0 (never) to 36500 days, not %d", r.ExpireAfterDays)
	case r.ReceiptURL != "" && (!strings.HasPrefix(r.ReceiptURL, "https://") || len(r.ReceiptURL) > 200 || strings.ContainsAny(r.ReceiptURL, " \t\r\n")):
		return Errorf(EINVALID, "the receipt address must start with https:// and be at most 200 characters, not %q", r.ReceiptURL)
	}
	seen := map[SKU]string{}
	for _, c := range r.Categories {
		if c.Multiplier < 0 || c.Multiplier > MaxMultiplier {
			return Errorf(EINVALID, "category %s: the multiplier must be between 0 and %d", c.Name, MaxMultiplier/1000)
		}
		for _, sku := range c.SKUs {
			if other, ok := seen[sku]; ok {
				return Errorf(EINVALID, "article %s is in categories %s and %s: an article earns at one rate", sku, other, c.Name)
			}
			seen[sku] = c.Name
		}
	}
	return nil
}

// multiplier is what an article earns at, in thousandths.
func (r LoyaltyRules) multiplier(sku SKU) int64 {
	for _, c := range r.Categories {
		if slices.Contains(c.SKUs, sku) {
			return c.Multiplier
		}
	}
	return 1000
}

// Earned is what a sale earns by these rules: each line's amount as paid (after promotions
// and discounts) less its share of what points paid (points do not earn points), times its
// category's multiplier, times PointsPerUnit, rounded down once for the sale. lines and
// tenders are the sale event's, so the till and central count alike.
func (r LoyaltyRules) Earned(lines []SaleEventLine, tenders []SaleEventTender) (int64, error) {
	var byPoints Money
	for _, t := range tenders {
		if t.Kind == TenderPoints {
			byPoints += t.Amount
		}
	}
	weights := make([]Money, len(lines))
	for i, l := range lines {
		if !l.Voided && l.Amount > 0 {
			weights[i] = l.Amount
		}
	}
	var total Money
	for _, w := range weights {
		if s, ok := CheckedSum(total, w); ok {
			total = s
		} else {
			return 0, Errorf(EINVALID, "the sale's lines add up to more than points can be counted on")
		}
	}
	shares := spread(min(byPoints, total), weights)
	var sum int64 // Σ paid × multiplier, in minor units × thousandths
	for i, l := range lines {
		if weights[i] == 0 {
			continue
		}
		m, ok := CheckedMul(int64(weights[i]-shares[i]), r.multiplier(l.SKU))
		if ok {
			sum, ok = CheckedAdd(sum, m)
		}
		if !ok {
			return 0, Errorf(EINVALID, "the sale's lines add up to more than points can be counted on")
		}
	}
	if sum <= 0 || r.PointsPerUnit <= 0 {
		return 0, nil
	}
	// minor units × ‰ × ‰ of a point per unit: 100 minor units × 1000 × 1000 per point.
	q, _ := mulDiv(sum, r.PointsPerUnit, 100*1000*1000)
	return q, nil
}

// PointsFor is how many points pay amount at most (rounded down).
func (r LoyaltyRules) PointsFor(amount Money) int64 {
	if r.PointValue <= 0 || amount <= 0 {
		return 0
	}
	return int64(amount / r.PointValue)
}

// ValueOf is what points pay; false when it is beyond what money can hold.
func (r LoyaltyRules) ValueOf(points int64) (Money, bool) {
	v, ok := CheckedMul(points, int64(r.PointValue))
	return Money(v), ok && v <= int64(MaxPriceCeiling)*totalPerPrice
}

// SalePoints is what a sale did to its customer's points, as the till knew it at the sale.
type SalePoints struct {
	Rules    int64 // the version of the rules it earned by
	Earned   int64
	Redeemed int64
	// Balance is the customer's balance after the sale as the till knows it: central's
	// last synced balance and this till's sales since (other channels' may be missing).
	Balance int64
}

// PointsState is what the till knows of a customer's points when it cannot ask central:
// the synced balance and this till's own entries since.
type PointsState struct {
	Synced int64     // central's balance as last pulled
	AsOf   time.Time // when it was pulled; zero: never
	// This till's entries central's synced balance does not hold yet.
	UnsyncedEarned, UnsyncedRedeemed int64
	// UnsyncedOffline is what this till redeemed offline for the customer since central
	// last counted it; TillOfflineToday what it redeemed offline today, for anyone.
	UnsyncedOffline, TillOfflineToday int64
}

// Balance is the customer's balance as the till knows it.
func (p PointsState) Balance() int64 { return p.Synced + p.UnsyncedEarned - p.UnsyncedRedeemed }

// OfflineLimit is what a customer may redeem at a till that cannot reach central (the
// smallest of the three limits), or why nothing.
func (r LoyaltyRules) OfflineLimit(p PointsState, now time.Time) (int64, error) {
	if p.AsOf.IsZero() || now.Sub(p.AsOf) > r.OfflineMaxAge.Duration() {
		return 0, Errorf(ECONFLICT, "Central cannot be reached and this till's points balance is too old to redeem from: pay another way.")
	}
	limit := min(p.Synced-p.UnsyncedRedeemed, r.OfflineCustomerCap-p.UnsyncedOffline, r.OfflineTillDaily-p.TillOfflineToday)
	return max(limit, 0), nil
}

// PointsHold is points central keeps aside for a sale being paid: captured when the sale
// reaches central, released when the payment is cancelled, forgotten after the rules'
// HoldTTL. ID is the idempotency key: the same hold asked again is the same hold.
type PointsHold struct {
	ID       string
	Customer CustomerID
	Points   int64
	// Balance is the customer's balance at central, and Available what is left of it once
	// the holds are set aside (central's answer).
	Balance, Available int64
}

// PointsShort is central's refusal to hold more points than a customer has free.
func PointsShort(available int64) error {
	return Errorf(ECONFLICT, "The customer has %d points free at central now: redeem at most that.", max(available, 0))
}

// PointsCustomerUnknown is central's answer for a customer it does not know yet (they
// joined at a till whose event has not reached it).
func PointsCustomerUnknown() error {
	return Errorf(ENOTFOUND, "Central does not know this customer yet: their points can be redeemed once the till has synced.")
}

// ErrOffline says central could not be reached (no link, no network, no answer): the till
// goes on offline, within its limits.
var ErrOffline = errors.New("central cannot be reached")

// PointsHolds asks central to hold and release points (the till implements it with its
// link; nil: the till is not paired and redeems offline only).
type PointsHolds interface {
	// HoldPoints holds h.Points of h.Customer's; ECONFLICT when the balance less other holds
	// is short, ENOTFOUND for a customer central does not know, ErrOffline when central
	// cannot be reached.
	HoldPoints(ctx context.Context, h PointsHold) (PointsHold, error)
	// ReleasePoints gives a hold back; releasing one released or captured changes nothing.
	ReleasePoints(ctx context.Context, id string) error
}

// LoyaltyStore is what the register reads of loyalty at the till (pos/sqlite implements
// it). The sale's points are written with the sale (SaleStore.CommitSale).
type LoyaltyStore interface {
	// LoyaltyRules are the rules last pulled from central; DefaultLoyaltyRules before any.
	LoyaltyRules(ctx context.Context) (LoyaltyRules, error)
	// PointsState is what the till knows of a customer's points; day is today at the till,
	// for its daily offline budget.
	PointsState(ctx context.Context, c CustomerID, day time.Time) (PointsState, error)
}

// redeemed sums the points tenders of s.
func redeemed(s *Sale) int64 {
	var n int64
	for _, t := range s.Tenders {
		if t.Kind == TenderPoints {
			n += t.Points
		}
	}
	return n
}

func pointsError(points int64, err error) error {
	return fmt.Errorf("redeem %d points: %w", points, err)
}

func errorsIsOffline(err error) bool { return errors.Is(err, ErrOffline) }

// newID is a new time-ordered id: a hold's idempotency key.
func newID() (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("new id: %w", err)
	}
	return id.String(), nil
}
