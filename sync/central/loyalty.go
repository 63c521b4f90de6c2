package central

import (
	"fmt"
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// SalePoints is what central books of a sale's points: the entries of its customer's
// ledger and what a manager must look at.
type SalePoints struct {
	Earned, Redeemed int64
	// Problems say where the till's figures differ from the rules; central books by the
	// rules (a till may be buggy, or count by rules central never issued).
	Problems []string
}

// CountSalePoints counts a sale's points by rules, the version the sale names (central
// looks it up: rules is that version, or central's current one when it has no such
// version, known false).
func CountSalePoints(s pos.SaleEvent, rules pos.LoyaltyRules, known bool) (SalePoints, error) {
	var sp SalePoints
	earned, err := rules.Earned(s.Lines, s.Tenders)
	if err != nil {
		return sp, err
	}
	sp.Earned = earned
	var claimed, version int64
	if s.Points != nil {
		claimed, version = s.Points.Earned, s.Points.Rules
	}
	switch {
	case s.Points != nil && !known:
		sp.Problems = append(sp.Problems, fmt.Sprintf("the till earned by loyalty rules %d, which central never issued: counted by rules %d", version, rules.Version))
	case s.Points != nil && claimed != earned:
		sp.Problems = append(sp.Problems, fmt.Sprintf("the till said the sale earned %d points, rules %d say %d: %d counted", claimed, version, earned, earned))
	}
	for i, t := range s.Tenders {
		if t.Kind != pos.TenderPoints {
			continue
		}
		sp.Redeemed += t.Points // bounded by CheckSale
		if v, ok := rules.ValueOf(t.Points); !ok || v != t.Amount {
			sp.Problems = append(sp.Problems, fmt.Sprintf("tender %d paid %s with %d points, which rules %d value at %s", i+1, t.Amount, t.Points, rules.Version, v))
		}
	}
	return sp, nil
}

// LoyaltyProblem says what a manager checks of a sale's points.
func LoyaltyProblem(s pos.SaleEvent, customer pos.CustomerID, problems []string) string {
	return fmt.Sprintf("points of sale %s (till %s/%s, receipt %d) for customer %s: %s", s.SaleID, s.Store, s.Till, s.ReceiptNo, customer, strings.Join(problems, "; "))
}

// Overdraft says what a manager checks of a sale that redeemed more than the balance.
func Overdraft(s pos.SaleEvent, customer pos.CustomerID, redeemed, balance int64, held bool) string {
	how := "offline"
	if held {
		how = "with a hold that had lapsed or was released"
	}
	return fmt.Sprintf("sale %s (till %s/%s, receipt %d) redeemed %d points of customer %s %s, who had %d: the balance is now %d",
		s.SaleID, s.Store, s.Till, s.ReceiptNo, redeemed, customer, how, balance, balance-redeemed)
}

// HoldDecision is central's answer to a till asking to hold points.
func HoldDecision(points, balance, held int64) (available int64, ok bool) {
	available = balance - held
	return available, points <= available
}
