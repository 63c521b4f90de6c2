package escpos

import (
	"fmt"

	"github.com/omnitill/omnitill/pos"
	"github.com/skip2/go-qrcode"
)

// ESC/POS command bytes.
const (
	esc = 0x1b
	gs  = 0x1d
	dle = 0x10
	lf  = 0x0a
	cr  = 0x0d
)

// cutFeedLines is how far the paper moves before the cut, so the last line clears the cutter.
const cutFeedLines = 3

// maxQRPayload is the byte-mode capacity of a version 40 symbol at level M.
const maxQRPayload = 2331

// Encode turns a laid-out receipt into ESC/POS bytes for the profile's printer. Text is sent in
// the profile's code page; letters the page lacks are transliterated (see Transliterated).
func Encode(blocks []pos.Block, p Profile) ([]byte, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	out := make([]byte, 0, 64*len(blocks)+256)
	out = append(out, esc, '@', esc, 't', p.CodePage.ESCt)
	var m mode // ESC @ left the printer at its defaults
	for i, b := range blocks {
		var err error
		switch b.Kind {
		case pos.BlockText:
			text, _ := Transliterated(b.Text, p.CodePage)
			out = m.set(out, b)
			out = append(encodeText(out, text, p.CodePage), lf)
		case pos.BlockRule:
			out = m.set(out, b)
			for range p.Columns {
				out = append(out, '-')
			}
			out = append(out, lf)
		case pos.BlockQR:
			out = m.set(out, b)
			out, err = encodeQR(out, b, p)
		case pos.BlockCut:
			out = append(out, esc, 'd', cutFeedLines)
			if p.Cut {
				out = append(out, gs, 'V', 66, 0)
			}
		default:
			err = fmt.Errorf("unknown block kind %d", b.Kind)
		}
		if err != nil {
			return nil, fmt.Errorf("escpos: block %d: %w", i, err)
		}
	}
	return out, nil
}

// mode is the printer's alignment, emphasis and size as the encoder left them. A block
// sends only what differs from the block before it: consecutive centred lines share one
// ESC a 1, and no mode is reset only to be set again.
type mode struct {
	align pos.Align
	bold  bool
	large bool
}

func (m *mode) set(out []byte, b pos.Block) []byte {
	if b.Align != m.align {
		out = append(out, esc, 'a', byte(b.Align))
		m.align = b.Align
	}
	if b.Bold != m.bold {
		out = append(out, esc, 'E', boolByte(b.Bold))
		m.bold = b.Bold
	}
	if b.Large != m.large {
		size := byte(0)
		if b.Large {
			size = 0x11 // double width and height
		}
		out = append(out, gs, '!', size)
		m.large = b.Large
	}
	return out
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func encodeQR(out []byte, b pos.Block, p Profile) ([]byte, error) {
	if b.Text == "" {
		return nil, fmt.Errorf("empty QR payload")
	}
	if len(b.Text) > maxQRPayload {
		return nil, fmt.Errorf("QR payload of %d bytes is too long", len(b.Text))
	}
	if p.QR == QRRaster {
		img, err := qrRaster(b.Text, p.DotsPerLine)
		if err != nil {
			return nil, err
		}
		return append(out, img...), nil
	}
	return nativeQR(out, b.Text, p.DotsPerLine), nil
}

// nativeQR emits the GS ( k function sequence: the printer builds and prints the symbol.
func nativeQR(out []byte, payload string, dots int) []byte {
	// About 6 dots per module on 576-dot paper keeps a version 3-4 symbol near 200 dots wide.
	module := byte(min(max(dots/96, 3), 8))
	fn := func(out []byte, f byte, params ...byte) []byte {
		n := len(params) + 2
		out = append(out, gs, '(', 'k', byte(n), byte(n>>8), 49, f)
		return append(out, params...)
	}
	out = fn(out, 65, 50, 0)  // model 2
	out = fn(out, 67, module) // module size in dots
	out = fn(out, 69, 49)     // error correction level M
	n := len(payload) + 3
	out = append(out, gs, '(', 'k', byte(n), byte(n>>8), 49, 80, 48)
	out = append(out, payload...)
	return fn(out, 81, 48) // print the stored symbol
}

// qrRaster renders the symbol with go-qrcode and emits it as a GS v 0 bit image about 60 % of
// the paper wide, for printers that lack GS ( k.
func qrRaster(payload string, dots int) ([]byte, error) {
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bm := q.Bitmap() // includes the 4-module quiet zone
	scale := max(dots*6/10/len(bm), 1)
	w := len(bm) * scale
	wb := (w + 7) / 8 // width in bytes, rounded up
	h := w
	out := make([]byte, 0, 8+wb*h)
	out = append(out, gs, 'v', '0', 0, byte(wb), byte(wb>>8), byte(h), byte(h>>8))
	row := make([]byte, wb)
	for _, mods := range bm {
		clear(row)
		for x := range w {
			if mods[x/scale] {
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
		for range scale {
			out = append(out, row...)
		}
	}
	return out, nil
}

// Beep sounds a printer's buzzer (ESC B n t): times beeps of tenths × 100 ms. Only for a
// profile with Buzzer set.
func Beep(times, tenths int) []byte {
	return []byte{0x1b, 'B', byte(max(1, min(times, 9))), byte(max(1, min(tenths, 9)))}
}
