package display

import (
	"strings"

	"github.com/omnitill/omnitill/pos"
)

// The screens the till shows the customer. Each returns two lines of exactly 20 columns,
// spelt in ASCII (Shown for the CD5220), so they fit whichever display is attached: a
// name's "€" or "ß" is widened before fitting, never after, and cannot push an amount off.

// Words are the display's fixed words, in the store's language: the customer reads the
// store's, as on the receipt.
type Words struct {
	Total, Paid, Change string // labels before an amount
	Thanks, Welcome     string // the goodbye and the idle greeting
}

// WordsOf takes the display's words from w.
func WordsOf(w pos.Words) Words {
	return Words{Total: w.T("TOTAL"), Paid: w.T("PAID"), Change: w.T("CHANGE"), Thanks: w.T("Thank you!"), Welcome: w.T("Welcome!")}
}

// ItemScreen shows the line just added, its amount at the right, and the total so far. qty
// is shown before the name unless it is 1 ("2x Mleko", "0,250x Jablka").
func ItemScreen(w Words, name, qty string, amount, total pos.Money, currency string) [2]string {
	if q := strings.TrimSpace(qty); q != "" && q != "1" {
		name = q + "x " + name
	}
	return [2]string{spread(name, amount.Display()), money(w.Total, total, currency)}
}

// ChangeScreen shows what the customer paid and the change due.
func ChangeScreen(w Words, paid, change pos.Money, currency string) [2]string {
	return [2]string{money(w.Paid, paid, currency), money(w.Change, change, currency)}
}

// GoodbyeScreen thanks the customer above the store's name.
func GoodbyeScreen(w Words, storeName string) [2]string {
	return [2]string{centre(w.Thanks), centre(storeName)}
}

// IdleScreen welcomes the next customer below the store's name.
func IdleScreen(w Words, storeName string) [2]string {
	return [2]string{centre(storeName), centre(w.Welcome)}
}

// money puts a label left and the amount right, with the currency when it fits.
func money(label string, m pos.Money, currency string) string {
	amount := m.Display()
	if c := strings.TrimSpace(currency); c != "" && len(label)+len(amount)+len(c)+2 <= Columns {
		amount += " " + c
	}
	return spread(label, amount)
}

// spread fits left and right on one line: the right part whole, the left part cut short
// when they do not both fit.
func spread(left, right string) string {
	l, r := []rune(plain(left)), []rune(plain(right))
	if len(r) > Columns {
		r = r[:Columns]
	}
	room := Columns - len(r) - 1 // at least one space between
	if room < 0 {
		room = 0
	}
	if len(l) > room {
		l = l[:room]
	}
	return string(l) + strings.Repeat(" ", Columns-len(l)-len(r)) + string(r)
}

// centre fits s on one line, centred.
func centre(s string) string {
	r := []rune(plain(s))
	if len(r) > Columns {
		r = r[:Columns]
	}
	pad := Columns - len(r)
	return strings.Repeat(" ", pad/2) + string(r) + strings.Repeat(" ", pad-pad/2)
}

// plain spells s in ASCII, on one line with single spaces.
func plain(s string) string {
	return strings.Join(strings.Fields(Shown(ProfileCD5220, s)), " ")
}
