// Package lang gives the till its words in Polish, Lithuanian and English: the screens in
// the cashier's language, the receipt in the store's, and numbers, money and dates as the
// store's country writes them. The texts come from the go-i18n catalogs in assets/lang,
// keyed by their English wording (as gettext does), with the plural forms each language has
// (1 produkt, 2 produkty, 5 produktów; 1 prekė, 2 prekės, 10 prekių).
package lang

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/omnitill/omnitill/assets"
	"github.com/omnitill/omnitill/pos"
)

// Language is one the till speaks: its ISO 639-1 code.
type Language string

const (
	Polish     Language = "pl"
	Lithuanian Language = "lt"
	English    Language = "en"
)

// All are the till's languages, in the order a login screen offers them.
var All = []Language{Polish, Lithuanian, English}

// Parse reads a language code ("pl", "lt", "en"; any case).
func Parse(s string) (Language, error) {
	l := Language(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range All {
		if l == known {
			return l, nil
		}
	}
	return "", fmt.Errorf("%q is not a language of the till: use pl, lt or en", s)
}

// OfCountry is the language of a store's country: Polish in Poland, Lithuanian in
// Lithuania, English anywhere else.
func OfCountry(country string) Language {
	switch strings.ToUpper(country) {
	case "PL":
		return Polish
	case "LT":
		return Lithuanian
	}
	return English
}

// Name is the language's name in itself, as a language switch shows it.
func (l Language) Name() string {
	switch l {
	case Polish:
		return "Polski"
	case Lithuanian:
		return "Lietuvių"
	}
	return "English"
}

// catalogs holds every language's messages, parsed once from assets/lang.
var catalogs = sync.OnceValues(func() (*i18n.Bundle, error) { return loadCatalogs(assets.Lang, "lang") })

// loadCatalogs parses every *.LANG.json file under dir of fsys into one bundle.
func loadCatalogs(fsys fs.FS, dir string) (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.English)
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no catalogs in %s", dir)
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(fsys, f); err != nil {
			return nil, fmt.Errorf("catalog %s: %w", f, err)
		}
	}
	return b, nil
}

// Words are the till's texts in one language, with one country's number formats. They
// implement pos.Words.
type Words struct {
	Lang   Language
	Locale Locale
	loc    *i18n.Localizer
	// missing is told of a text with no translation (it is shown in English); the tests make
	// a missing text fail, the till logs it.
	missing func(msg string)
}

var _ pos.Words = (*Words)(nil)

// New returns the words of language l, writing numbers as country does ("PL", "LT").
// missing, if not nil, is told of each text shown untranslated.
func New(l Language, country string, missing func(msg string)) (*Words, error) {
	if _, err := Parse(string(l)); err != nil {
		return nil, err
	}
	b, err := catalogs()
	if err != nil {
		return nil, fmt.Errorf("load the translations: %w", err)
	}
	return &Words{Lang: l, Locale: LocaleOf(country), loc: i18n.NewLocalizer(b, string(l)), missing: missing}, nil
}

// MustNew is New for the languages the binary ships, whose catalogs the tests check.
func MustNew(l Language, country string) *Words {
	w, err := New(l, country, nil)
	if err != nil {
		panic(err)
	}
	return w
}

// T translates msg and fills it with args; see pos.Words.
func (w *Words) T(msg string, args ...any) string {
	return w.fill(w.lookup(msg, nil), args)
}

// N translates msg in the plural form for n and fills it with n and args; see pos.Words.
func (w *Words) N(msg string, n int, args ...any) string {
	return w.fill(w.lookup(msg, &n), append([]any{n}, args...))
}

// Phrase translates a phrase built elsewhere (a domain error's, say).
func (w *Words) Phrase(p pos.Phrase) string { return w.T(p.Format, p.Args...) }

// Error is the message of err for the person in front of the screen, in w's language: a
// phrased error's phrase translated, an explained error's own words translated where the
// catalogs know them, an internal failure's sentence with its reference.
func (w *Words) Error(err error) string {
	if err == nil {
		return ""
	}
	return w.Phrase(pos.PhraseOf(err))
}

// lookup finds msg's translation (its plural form for *n), falling back on msg itself.
func (w *Words) lookup(msg string, n *int) string {
	cfg := &i18n.LocalizeConfig{MessageID: msg}
	if n != nil {
		cfg.PluralCount = *n
	}
	s, err := w.loc.Localize(cfg) // a text missing in w's language comes in English, with an error
	if err != nil && w.missing != nil {
		w.missing(msg)
	}
	if s == "" {
		return msg
	}
	return s
}

// fill formats a translated text with its arguments in w's language and country.
func (w *Words) fill(format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case pos.Money:
			out[i] = w.Amount(v)
		case pos.Phrase:
			out[i] = w.Phrase(v)
		case pos.Measure:
			out[i] = w.Qty(v.Qty, v.Unit)
		default:
			out[i] = a
		}
	}
	return fmt.Sprintf(format, out...)
}
