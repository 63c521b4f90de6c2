// Package escpos turns laid-out receipt blocks (pos.Block) into the ESC/POS byte stream that
// Epson-compatible receipt printers understand, and decodes such a stream back into text for
// tests and for the printer simulator.
package escpos

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// CodePage is a printer character table: the byte a vendor's ESC t n selects it with and the
// charmap used to encode text for it.
type CodePage struct {
	Name    string
	ESCt    byte // the n of ESC t n for this vendor
	Charmap *charmap.Charmap
}

// Epson's ESC t numbers. WPC1257 (Baltic) holds both the Polish and the Lithuanian letters and
// the euro sign, which is why it is the default.
var (
	WPC1257 = CodePage{Name: "WPC1257", ESCt: 51, Charmap: charmap.Windows1257}
	WPC1250 = CodePage{Name: "WPC1250", ESCt: 45, Charmap: charmap.Windows1250}
	CP852   = CodePage{Name: "PC852", ESCt: 18, Charmap: charmap.CodePage852}
	CP437   = CodePage{Name: "PC437", ESCt: 0, Charmap: charmap.CodePage437}
	CP858   = CodePage{Name: "PC858", ESCt: 19, Charmap: charmap.CodePage858}
	WPC1252 = CodePage{Name: "WPC1252", ESCt: 16, Charmap: charmap.Windows1252}
)

// knownPages lets the decoder follow an ESC t n that selects another table than the profile's.
var knownPages = []CodePage{WPC1257, WPC1250, CP852, CP437, CP858, WPC1252}

// QRMode is how a QR code reaches the paper.
type QRMode int

const (
	QRNative QRMode = iota // GS ( k: the printer builds the symbol from the payload (small stream)
	QRRaster               // GS v 0: we send the symbol as a bit image (for printers without GS ( k)
)

func (m QRMode) String() string {
	if m == QRRaster {
		return "raster"
	}
	return "native"
}

// Profile describes one printer model as the encoder needs it.
type Profile struct {
	Name        string
	Columns     int // characters per line in Font A
	CodePage    CodePage
	QR          QRMode
	DotsPerLine int // printable width in dots
	Cut         bool
	// Buzzer says the printer has a buzzer that ESC B n t sounds (many generic ESC/POS
	// printers; Epson models without one would take the bytes for something else).
	Buzzer bool
}

// DefaultProfile is an Epson TM-T20 family printer: 80 mm paper at 203 dpi.
var DefaultProfile = Profile{Name: "tm-t20", Columns: 48, CodePage: WPC1257, QR: QRNative, DotsPerLine: 576, Cut: true}

var profiles = []Profile{
	DefaultProfile,
	{Name: "tm-t88", Columns: 42, CodePage: WPC1257, QR: QRNative, DotsPerLine: 512, Cut: true},
	{Name: "58mm", Columns: 32, CodePage: WPC1257, QR: QRNative, DotsPerLine: 384, Cut: true},
	// A generic 58 mm printer with a buzzer: the till sounds it when the cashier must look.
	{Name: "58mm-buzzer", Columns: 32, CodePage: WPC1257, QR: QRNative, DotsPerLine: 384, Cut: true, Buzzer: true},
	// For printers without WPC1257: PC852 has every Polish letter, Lithuanian ones get transliterated.
	{Name: "tm-t20-cp852", Columns: 48, CodePage: CP852, QR: QRNative, DotsPerLine: 576, Cut: true},
	{Name: "tm-t20-raster", Columns: 48, CodePage: WPC1257, QR: QRRaster, DotsPerLine: 576, Cut: true},
}

// Profiles lists the built-in printer profiles, the default first.
func Profiles() []Profile { return append([]Profile(nil), profiles...) }

// ProfileByName finds a built-in profile (case-insensitive).
func ProfileByName(name string) (Profile, error) {
	var names []string
	for _, p := range profiles {
		if strings.EqualFold(p.Name, strings.TrimSpace(name)) {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Profile{}, fmt.Errorf("escpos: unknown printer profile %q (known: %s)", name, strings.Join(names, ", "))
}

func (p Profile) validate() error {
	switch {
	case p.Columns <= 0:
		return fmt.Errorf("escpos: profile %q: columns must be positive", p.Name)
	case p.CodePage.Charmap == nil:
		return fmt.Errorf("escpos: profile %q: no code page", p.Name)
	case p.QR == QRRaster && p.DotsPerLine <= 0:
		return fmt.Errorf("escpos: profile %q: raster QR needs DotsPerLine", p.Name)
	}
	return nil
}
