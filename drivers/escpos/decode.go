package escpos

import (
	"fmt"
	"strings"
	"time"

	"github.com/omnitill/omnitill/pos"
)

// Printout is what a printer would have put on paper, as text: the decoder's result.
type Printout struct {
	// Lines are the printed lines, one per LF. A printed symbol takes a line of its own:
	// "[QR payload]" for a native QR (as pos.Text writes it), "[raster QR WxH]" for a bit image.
	Lines       []string
	Styles      []Style // parallel to Lines
	QR          []string
	Cuts        int
	DrawerKicks int
	Kicks       []Kick // every drawer kick (ESC p), in order
	Beeps       int    // buzzer sounds (ESC B n t), each counting n
	StatusReqs  int    // DLE EOT n status requests
	FeedLines   int    // lines fed by ESC d, not counted in Lines
	FeedDots    int    // dots fed by ESC J
	CodePageSet []byte // the n of every ESC t n, in order
	// Redundant counts the commands that set a mode already in effect (ESC a, ESC E,
	// GS ! with what the printer had): bytes a good encoder does not send.
	Redundant int
}

// Style is how a line was printed (taken when its first character arrived).
type Style struct {
	Align  pos.Align
	Bold   bool
	Width  int // character width multiplier, 1 normal
	Height int
}

// Large reports double (or larger) size printing.
func (s Style) Large() bool { return s.Width > 1 || s.Height > 1 }

// decoder is the printer state while reading a stream.
type decoder struct {
	b     []byte
	i     int
	p     Profile
	page  CodePage
	style Style
	out   Printout

	line      strings.Builder
	lineStyle Style
	started   bool // the current line has at least one character
	qrData    string
	qrStored  bool
}

// Decode parses an ESC/POS stream as the profile's printer would and returns its text. It knows
// every command Encode emits plus drawer kick (ESC p), status request (DLE EOT), ESC !, ESC d,
// ESC J and GS V; any other command is an error naming its byte offset.
func Decode(b []byte, p Profile) (Printout, error) {
	if err := p.validate(); err != nil {
		return Printout{}, err
	}
	d := &decoder{b: b, p: p, page: p.CodePage}
	d.reset()
	for d.i < len(d.b) {
		if err := d.step(); err != nil {
			return d.out, err
		}
	}
	if d.started {
		d.endLine() // a printer holds an unterminated line; show it anyway
	}
	return d.out, nil
}

// redundant counts a mode command that changed nothing.
func (d *decoder) redundant(before Style) {
	if d.style == before {
		d.out.Redundant++
	}
}

func (d *decoder) reset() {
	d.style = Style{Width: 1, Height: 1}
	d.page = d.p.CodePage
}

// need returns the n bytes after the command's first cmdLen bytes, or an error.
func (d *decoder) need(cmdLen, n int) ([]byte, error) {
	if d.i+cmdLen+n > len(d.b) {
		return nil, fmt.Errorf("escpos: offset %d: command % x cut short", d.i, d.b[d.i:min(d.i+cmdLen, len(d.b))])
	}
	return d.b[d.i+cmdLen : d.i+cmdLen+n], nil
}

func (d *decoder) unknown(n int) error {
	return fmt.Errorf("escpos: offset %d: unknown command % x", d.i, d.b[d.i:min(d.i+n, len(d.b))])
}

func (d *decoder) step() error {
	c := d.b[d.i]
	switch {
	case c == lf:
		d.endLine()
		d.i++
		return nil
	case c == cr:
		d.i++ // Epson printers ignore CR when auto line feed is off
		return nil
	case c == esc:
		return d.escCmd()
	case c == gs:
		return d.gsCmd()
	case c == dle:
		a, err := d.need(1, 2)
		if err != nil {
			return err
		}
		if a[0] != eot || a[1] < 1 || a[1] > 4 {
			return d.unknown(3)
		}
		d.out.StatusReqs++
		d.i += 3
		return nil
	case c < 0x20 || c == 0x7f:
		return d.unknown(1)
	}
	if !d.started {
		d.started, d.lineStyle = true, d.style
	}
	d.line.WriteRune(d.page.Charmap.DecodeByte(c))
	d.i++
	return nil
}

func (d *decoder) escCmd() error {
	a, err := d.need(1, 1)
	if err != nil {
		return err
	}
	arg := func() (byte, error) {
		v, err := d.need(2, 1)
		if err != nil {
			return 0, err
		}
		d.i += 3
		return v[0], nil
	}
	switch a[0] {
	case '@':
		d.reset()
		d.i += 2
	case 't':
		n, err := arg()
		if err != nil {
			return err
		}
		if err := d.selectPage(n); err != nil {
			return err
		}
	case 'a':
		n, err := arg()
		if err != nil {
			return err
		}
		before := d.style
		defer func() { d.redundant(before) }()
		switch n {
		case 0, '0':
			d.style.Align = pos.AlignLeft
		case 1, '1':
			d.style.Align = pos.AlignCenter
		case 2, '2':
			d.style.Align = pos.AlignRight
		default:
			return fmt.Errorf("escpos: offset %d: ESC a %d: bad alignment", d.i-3, n)
		}
	case 'E':
		n, err := arg()
		if err != nil {
			return err
		}
		before := d.style
		d.style.Bold = n&1 == 1
		d.redundant(before)
	case '!':
		n, err := arg()
		if err != nil {
			return err
		}
		d.style.Bold = n&0x08 != 0
		d.style.Height, d.style.Width = 1, 1
		if n&0x10 != 0 {
			d.style.Height = 2
		}
		if n&0x20 != 0 {
			d.style.Width = 2
		}
	case 'd':
		n, err := arg()
		if err != nil {
			return err
		}
		if d.started {
			d.endLine() // ESC d prints the buffer first
		}
		d.out.FeedLines += int(n)
	case 'J':
		n, err := arg()
		if err != nil {
			return err
		}
		d.out.FeedDots += int(n)
	case 'p':
		v, err := d.need(2, 3)
		if err != nil {
			return err
		}
		k := Kick{Pin: 2, On: time.Duration(v[1]) * 2 * time.Millisecond, Off: time.Duration(v[2]) * 2 * time.Millisecond}
		switch v[0] {
		case 0, '0':
		case 1, '1':
			k.Pin = 5
		default:
			return fmt.Errorf("escpos: offset %d: ESC p %d: bad drawer pin", d.i, v[0])
		}
		d.out.Kicks = append(d.out.Kicks, k)
		d.out.DrawerKicks++
		d.i += 5
	case 'B':
		v, err := d.need(2, 2)
		if err != nil {
			return err
		}
		d.out.Beeps += int(v[0])
		d.i += 4
	default:
		return d.unknown(2)
	}
	return nil
}

func (d *decoder) selectPage(n byte) error {
	d.out.CodePageSet = append(d.out.CodePageSet, n)
	if n == d.p.CodePage.ESCt {
		d.page = d.p.CodePage
		return nil
	}
	for _, cp := range knownPages {
		if cp.ESCt == n {
			d.page = cp
			return nil
		}
	}
	return fmt.Errorf("escpos: offset %d: ESC t %d selects a code page the decoder does not know", d.i-3, n)
}

func (d *decoder) gsCmd() error {
	a, err := d.need(1, 1)
	if err != nil {
		return err
	}
	switch a[0] {
	case '!':
		v, err := d.need(2, 1)
		if err != nil {
			return err
		}
		before := d.style
		d.style.Width, d.style.Height = int(v[0]>>4)+1, int(v[0]&0x0f)+1
		d.redundant(before)
		d.i += 3
	case 'V':
		m, err := d.need(2, 1)
		if err != nil {
			return err
		}
		n := 3
		switch m[0] {
		case 0, 1, 48, 49:
		case 65, 66:
			if _, err := d.need(3, 1); err != nil {
				return err
			}
			n = 4
		default:
			return d.unknown(3)
		}
		if d.started {
			d.endLine()
		}
		d.out.Cuts++
		d.i += n
	case '(':
		return d.gsParen()
	case 'v':
		return d.raster()
	default:
		return d.unknown(2)
	}
	return nil
}

// gsParen handles GS ( k, the 2D symbol functions; only QR (cn 49) is understood.
func (d *decoder) gsParen() error {
	h, err := d.need(2, 3)
	if err != nil {
		return err
	}
	if h[0] != 'k' {
		return d.unknown(3)
	}
	n := int(h[1]) | int(h[2])<<8
	if n < 2 {
		return fmt.Errorf("escpos: offset %d: GS ( k with length %d", d.i, n)
	}
	body, err := d.need(5, n)
	if err != nil {
		return err
	}
	if body[0] != 49 {
		return fmt.Errorf("escpos: offset %d: GS ( k symbol type %d is not QR", d.i, body[0])
	}
	switch fn := body[1]; fn {
	case 65, 67, 69, 82: // model, module size, error correction, size query: no effect on text
	case 80:
		if n < 3 || body[2] != 48 {
			return fmt.Errorf("escpos: offset %d: bad QR store command", d.i)
		}
		d.qrData, d.qrStored = string(body[3:]), true
	case 81:
		if !d.qrStored {
			return fmt.Errorf("escpos: offset %d: QR print without stored data", d.i)
		}
		d.symbol("[QR "+d.qrData+"]", d.qrData)
	default:
		return fmt.Errorf("escpos: offset %d: unknown QR function %d", d.i, fn)
	}
	d.i += 5 + n
	return nil
}

// raster skips a GS v 0 bit image, recording its printed size in dots.
func (d *decoder) raster() error {
	h, err := d.need(2, 6)
	if err != nil {
		return err
	}
	if h[0] != '0' && h[0] != 0 || h[1]&^0x33 != 0 {
		return d.unknown(4)
	}
	wb := int(h[2]) | int(h[3])<<8
	ht := int(h[4]) | int(h[5])<<8
	if _, err := d.need(8, wb*ht); err != nil {
		return err
	}
	w, hd := wb*8, ht
	if h[1]&1 != 0 { // m 1, 3, 49, 51: double width
		w *= 2
	}
	if h[1]&2 != 0 { // m 2, 3, 50, 51: double height
		hd *= 2
	}
	label := fmt.Sprintf("[raster QR %dx%d]", w, hd)
	d.symbol(label, label)
	d.i += 8 + wb*ht
	return nil
}

// symbol records a printed image as a line of its own.
func (d *decoder) symbol(line, qr string) {
	if d.started {
		d.endLine()
	}
	d.out.QR = append(d.out.QR, qr)
	d.out.Lines = append(d.out.Lines, line)
	d.out.Styles = append(d.out.Styles, d.style)
}

func (d *decoder) endLine() {
	st := d.lineStyle
	if !d.started {
		st = d.style
	}
	d.out.Lines = append(d.out.Lines, d.line.String())
	d.out.Styles = append(d.out.Styles, st)
	d.line.Reset()
	d.started = false
}
