package pos

import (
	"context"
	"strings"
	"unicode/utf8"
)

// ReasonKind is what a reason is given for.
type ReasonKind string

const (
	ReasonDiscount ReasonKind = "discount" // a line or basket discount; printed on the receipt
	ReasonVoid     ReasonKind = "void"     // a line taken off the sale
	ReasonNoSale   ReasonKind = "no_sale"  // the drawer opened outside a sale
	ReasonReturn   ReasonKind = "return"   // goods brought back
)

// ReasonKinds are every kind, in the order lists show them.
var ReasonKinds = []ReasonKind{ReasonDiscount, ReasonVoid, ReasonNoSale, ReasonReturn}

// Reason is one entry of a store's list of reasons: a code the records keep and its words
// in each language the till speaks. A manager changes the lists (omnitill reasons); the
// cashier picks from them in the session's language, the receipt prints the store's.
type Reason struct {
	Kind ReasonKind
	Code string            // "damaged": lower-case letters, digits and dashes
	Text map[string]string // by language code: "pl" → "Uszkodzone opakowanie"
}

// In is the reason in a language, else in English, else its code.
func (r Reason) In(language string) string {
	if t := r.Text[language]; t != "" {
		return t
	}
	if t := r.Text["en"]; t != "" {
		return t
	}
	return r.Code
}

// ReasonStore keeps the store's lists of reasons.
type ReasonStore interface {
	// Reasons lists a kind's reasons in their order.
	Reasons(ctx context.Context, kind ReasonKind) ([]Reason, error)
	// SaveReasons replaces every list with the reasons given, in one transaction.
	SaveReasons(ctx context.Context, reasons []Reason) error
}

// Bounds of a list of reasons: a picker shows them as numbered keys.
const (
	maxReasons    = 20
	maxReasonText = 60
)

// CheckReason refuses a reason a till could not offer: an unknown kind, a code not of
// letters, digits and dashes, no English words, or words too long for a key.
func CheckReason(r Reason) error {
	known := false
	for _, k := range ReasonKinds {
		known = known || r.Kind == k
	}
	if !known {
		return Errorf(EINVALID, "%q is not a kind of reason: the kinds are discount, void, no_sale and return", string(r.Kind))
	}
	if r.Code == "" || strings.Trim(r.Code, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || len(r.Code) > 32 {
		return Errorf(EINVALID, "reason code %q: use lower-case letters, digits and dashes (at most 32)", r.Code)
	}
	if strings.TrimSpace(r.Text["en"]) == "" {
		return Errorf(EINVALID, "the %s reason %q has no English words", string(r.Kind), r.Code)
	}
	for l, t := range r.Text {
		if utf8.RuneCountInString(t) > maxReasonText || !utf8.ValidString(t) || strings.ContainsAny(t, "\r\n\t") {
			return Errorf(EINVALID, "the %s reason %q in %s is longer than %d letters or not one line", string(r.Kind), r.Code, l, maxReasonText)
		}
	}
	return nil
}

// CheckReasons refuses a set of lists a till could not offer: a bad reason, a code twice
// in a kind, more reasons of a kind than a picker shows, or a kind with none.
func CheckReasons(reasons []Reason) error {
	seen := map[ReasonKind]map[string]bool{}
	for _, r := range reasons {
		if err := CheckReason(r); err != nil {
			return err
		}
		if seen[r.Kind] == nil {
			seen[r.Kind] = map[string]bool{}
		}
		if seen[r.Kind][r.Code] {
			return Errorf(EINVALID, "the %s reason %q is listed twice", string(r.Kind), r.Code)
		}
		seen[r.Kind][r.Code] = true
		if len(seen[r.Kind]) > maxReasons {
			return Errorf(EINVALID, "more than %d %s reasons: a cashier picks from at most %d", maxReasons, string(r.Kind), maxReasons)
		}
	}
	for _, k := range ReasonKinds {
		if len(seen[k]) == 0 {
			return Errorf(EINVALID, "no %s reason: every kind needs at least one", string(k))
		}
	}
	return nil
}
