package escpos

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// approximations are ASCII stand-ins for letters and signs that do not decompose into a base
// letter plus marks. Used only when the code page lacks the character itself.
var approximations = map[rune]string{
	'ł': "l", 'Ł': "L", 'ß': "ss", 'ẞ': "SS", 'æ': "ae", 'Æ': "AE", 'ø': "o", 'Ø': "O",
	'œ': "oe", 'Œ': "OE", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D", 'þ': "th", 'Þ': "Th",
	'ı': "i", 'ŀ': "l", 'Ŀ': "L", 'ħ': "h", 'Ħ': "H", 'ŧ': "t", 'Ŧ': "T", 'ŋ': "n", 'Ŋ': "N",
	'“': `"`, '”': `"`, '„': `"`, '«': `"`, '»': `"`, '‘': "'", '’': "'", '‚': "'", '′': "'",
	'–': "-", '—': "-", '‑': "-", '−': "-", '…': "...", '€': "EUR", '×': "x", '÷': "/",
	'⁄': "/", '•': "*", '·': ".", '°': "o", '©': "(c)", '®': "(R)", '™': "TM", '§': "S",
	'\u00a0': " ", '\u202f': " ", '\u2009': " ", '\t': " ",
}

// Transliterated returns text as the code page can print it: characters the page holds are
// kept (so "ą" stays "ą" on WPC1257), others are replaced by an ASCII approximation ("ė" → "e"
// on PC852, "ł" → "l", "€" → "EUR"), and characters with no sensible stand-in (and control
// characters, which would be read as printer commands) are dropped. replaced lists every rune
// that was not printed as itself, so a UI can warn. Never yields '?' for an unknown letter.
func Transliterated(text string, cp CodePage) (out string, replaced []rune) {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text) // "e"+U+0307 becomes "ė", which the page may hold
	}
	if printableString(text, cp) {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		if printable(r, cp) {
			b.WriteRune(r)
			continue
		}
		replaced = append(replaced, r)
		b.WriteString(approximate(r, cp))
	}
	return b.String(), replaced
}

// approximate spells a rune the page lacks with runes it has, or returns "".
func approximate(r rune, cp CodePage) string {
	if s, ok := approximations[r]; ok && printableString(s, cp) {
		return s
	}
	if unicode.IsControl(r) {
		return ""
	}
	// NFKD splits "ė" into "e" + dot above and also unfolds compatibility forms ("ﬁ", "²").
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		switch {
		case unicode.Is(unicode.Mn, d):
			// drop the diacritic
		case printable(d, cp):
			b.WriteRune(d)
		default:
			if s, ok := approximations[d]; ok && printableString(s, cp) {
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

// printable reports whether the page prints r as itself. Control bytes never are: a stray ESC
// in an article name must not become a printer command.
func printable(r rune, cp CodePage) bool {
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
		return false
	}
	b, ok := cp.Charmap.EncodeRune(r)
	return ok && b >= 0x20 && b != 0x7f
}

func printableString(s string, cp CodePage) bool {
	for _, r := range s {
		if !printable(r, cp) {
			return false
		}
	}
	return true
}

// encodeText appends text in the page's bytes; it must already be transliterated.
func encodeText(dst []byte, text string, cp CodePage) []byte {
	for _, r := range text {
		b, _ := cp.Charmap.EncodeRune(r)
		dst = append(dst, b)
	}
	return dst
}
