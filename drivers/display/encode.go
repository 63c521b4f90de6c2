package display

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/omnitill/omnitill/drivers/escpos"
)

// Encode returns the bytes that put line1 and line2 on the display. Each line is spelt with
// the characters the display has (Shown) and cut or padded to 20 columns, so every update
// rewrites the whole screen. An unknown profile is taken as epson.
func Encode(p Profile, line1, line2 string) []byte {
	l1, l2 := fit(Shown(p, line1)), fit(Shown(p, line2))
	if p == ProfileCD5220 {
		// ESC @ first: ignored while in string mode, which CLR then leaves anyway.
		b := []byte{esc, '@', clr, esc, 'Q', 'A'}
		b = append(b, l1...)
		b = append(b, cr, esc, 'Q', 'B')
		b = append(b, l2...)
		return append(b, cr)
	}
	// ESC @ resets a display that was power-cycled behind our back; ESC t 0 is PC437; US MD1
	// (overwrite) so writing the 20th column of the lower line never scrolls.
	b := []byte{esc, '@', esc, 't', 0, us, 0x01, clr, us, '$', 1, 1}
	b = append(b, l1...)
	b = append(b, us, '$', 1, 2)
	return append(b, l2...)
}

// Shown spells text as the profile's display shows it, each character one column: letters
// the display lacks lose their accents ("ą" → "a", "ė" → "e", "ł" → "l"), signs are spelt
// out ("€" → "EUR"), control characters are dropped. Never a '?'.
//
// The Epson profile selects PC437 (so "ó", "é", "ü" stay); the CD5220 one is kept to ASCII,
// as its clones differ above 0x7F.
func Shown(p Profile, text string) string {
	out, _ := escpos.Transliterated(text, escpos.CP437)
	if p == ProfileCD5220 {
		out = ascii(out)
	}
	return out
}

// asciiStandIns spell the PC437 signs that do not decompose into an ASCII letter plus marks.
var asciiStandIns = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "AE", '«': `"`, '»': `"`, '°': "o", '·': ".", '∙': ".",
	'÷': "/", '⁄': "/", '±': "+-", 'µ': "u", '¡': "!", '£': "GBP", '¥': "JPY", '¢': "c",
}

// ascii reduces PC437 text to ASCII; what has no sensible stand-in is dropped.
func ascii(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case asciiStandIns[r] != "":
			b.WriteString(asciiStandIns[r])
		default:
			for _, d := range norm.NFKD.String(string(r)) {
				if d >= 0x20 && d < 0x7f {
					b.WriteRune(d)
				} else if s := asciiStandIns[d]; s != "" {
					b.WriteString(s)
				} // else a mark, or nothing close
			}
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fit cuts or pads shown text to the width of a line, in the display's bytes (PC437, of
// which ASCII is the lower half).
func fit(shown string) []byte {
	b := make([]byte, 0, Columns)
	for _, r := range shown {
		if len(b) == Columns {
			break
		}
		c, ok := charmap.CodePage437.EncodeRune(r)
		if !ok || unicode.IsControl(r) {
			continue // Shown never leaves one; a guard against a stray command byte
		}
		b = append(b, c)
	}
	for len(b) < Columns {
		b = append(b, ' ')
	}
	return b
}
