package scanner

import (
	"strings"

	"github.com/omnitill/omnitill/pos/barcode"
)

// Describe says how the till reads a scan, one line for `omnitill device listen scanner`
// and the device test: "EAN-13 5901234123457", "]E0 EAN-13 5901234123457",
// "]C1 GS1 0105901234123457<GS>10LOT7: (01)05901234123457 (10)LOT7", or
// "invalid: <message>". GS is shown as <GS> so IT can see whether the scanner sends it.
func Describe(code string) string {
	c, err := barcode.Parse(code)
	if err != nil {
		return "invalid: " + showGS(err.Error())
	}
	var b strings.Builder
	if c.Symbology != "" {
		b.WriteString(c.Symbology + " ")
	}
	b.WriteString(string(c.Kind) + " " + showGS(c.Raw))
	if c.Kind == barcode.GS1 || c.Kind == barcode.InStore {
		// What the parser made of the fields, without repeating the kind.
		details := strings.TrimLeft(strings.TrimPrefix(c.Describe(), string(c.Kind)), ": ")
		b.WriteString(": " + details)
	}
	return b.String()
}

// showGS makes GS visible, raw or as the parser's messages quote it.
func showGS(s string) string {
	return strings.NewReplacer("\x1d", "<GS>", `\x1d`, "<GS>").Replace(s)
}
