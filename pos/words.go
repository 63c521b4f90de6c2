package pos

import (
	"fmt"
	"time"
)

// Words are what the till shows and prints in: one language's texts and one country's way
// of writing numbers, money and dates. The screens speak the cashier's language, the
// receipt the store's; both write amounts as the store's country does. pos/lang implements
// Words from the translation catalogs in assets/lang.
type Words interface {
	// T translates msg, an English text or fmt format, and fills it with args: a Money
	// argument is written as Amount writes it, a Measure as Qty, a Phrase is translated too.
	T(msg string, args ...any) string
	// N is T for a text with plural forms, the form chosen by n, which is also the first
	// argument: N("%d items", 5) is "5 produktów" in Polish.
	N(msg string, n int, args ...any) string
	// Phrase translates a phrase built elsewhere.
	Phrase(Phrase) string
	// Amount writes an amount without its currency: "1 234,56".
	Amount(Money) string
	// Money writes an amount with its currency: "1 234,56 zł", "1 234,56 €".
	Money(Money, Currency) string
	// Qty writes a quantity with its unit: "2 szt.", "0,734 kg".
	Qty(Qty, Unit) string
	// DateTime writes a moment to the minute: "02.12.2026 14:05".
	DateTime(time.Time) string
}

// Phrase is a text to be translated later, in the language of whoever reads it: an error
// built in the domain is read by a cashier in Polish and written to the log in English.
type Phrase struct {
	Format string // an English fmt format, the key of its translations
	Args   []any
}

// Measure is a quantity with its unit, as an argument of a text: Words write it as Qty does
// ("0,734 kg").
type Measure struct {
	Qty  Qty
	Unit Unit
}

// Phrasef returns the phrase of format filled with args.
func Phrasef(format string, args ...any) Phrase { return Phrase{Format: format, Args: args} }

// String is the phrase in English.
func (p Phrase) String() string {
	if len(p.Args) == 0 {
		return p.Format // a fixed message may hold a % of its own
	}
	return fmt.Sprintf(p.Format, p.Args...)
}

// Phrased is an error that can say what it says in another language: the screens translate
// its format (a key of the catalogs) and fill it with its arguments rather than show its
// English message. Packages pos imports implement it without knowing Phrase.
type Phrased interface {
	ErrorFormat() (format string, args []any)
}

// String writes the measure as the log reads it: "0.734 kg".
func (m Measure) String() string { return m.Qty.Format(m.Unit) + " " + string(m.Unit) }
