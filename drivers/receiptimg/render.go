// Package receiptimg draws a laid-out receipt (pos.Block) as an image: the till's on-screen
// preview and the --png export. It draws the very blocks the printer gets, so what the
// cashier sees is what is printed.
package receiptimg

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"sync"

	"github.com/omnitill/omnitill/pos"
	"github.com/skip2/go-qrcode"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const (
	// fontSize in pixels: Go Mono advances 0.6 em, so a column is 12 px wide, the width of a
	// Font A character on a 203-dpi printer; the preview has the printout's proportions.
	fontSize = 20
	margin   = 24 // paper edge around the text, in pixels
	qrShare  = 45 // QR width as a percentage of the text width
)

var ink = color.RGBA{0x10, 0x10, 0x10, 0xff}

var (
	fontsOnce         sync.Once
	regular, boldFont *opentype.Font
	fontsErr          error
)

// parseFonts parses the embedded Go Mono fonts once; they cover Latin Extended-A, so every
// Polish and Lithuanian letter has a glyph.
func parseFonts() error {
	fontsOnce.Do(func() {
		if regular, fontsErr = opentype.Parse(gomono.TTF); fontsErr != nil {
			return
		}
		boldFont, fontsErr = opentype.Parse(gomonobold.TTF)
	})
	return fontsErr
}

// faces holds one render's font faces: opentype faces are not safe for concurrent use, so each
// Render makes its own from the shared parsed fonts.
type faces struct {
	regular, bold, regularL, boldL font.Face
	adv                            int // pixels per column at normal size
	lineH                          int
}

func newFaces() (*faces, error) {
	if err := parseFonts(); err != nil {
		return nil, fmt.Errorf("receiptimg: fonts: %w", err)
	}
	mk := func(f *opentype.Font, size float64) (font.Face, error) {
		return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	var fs faces
	var err error
	for _, x := range []struct {
		dst  *font.Face
		f    *opentype.Font
		size float64
	}{{&fs.regular, regular, fontSize}, {&fs.bold, boldFont, fontSize}, {&fs.regularL, regular, 2 * fontSize}, {&fs.boldL, boldFont, 2 * fontSize}} {
		if *x.dst, err = mk(x.f, x.size); err != nil {
			return nil, fmt.Errorf("receiptimg: font face: %w", err)
		}
	}
	a, _ := fs.regular.GlyphAdvance('0')
	fs.adv = a.Ceil()
	fs.lineH = fs.regular.Metrics().Height.Ceil() + 2
	return &fs, nil
}

func (fs *faces) face(b pos.Block) font.Face {
	switch {
	case b.Large && b.Bold:
		return fs.boldL
	case b.Large:
		return fs.regularL
	case b.Bold:
		return fs.bold
	}
	return fs.regular
}

// band is the vertical stretch of paper one block occupies.
type band struct {
	block  pos.Block
	y0, y1 int
	qr     [][]bool // the symbol's modules, for QR blocks
	scale  int      // pixels per module
}

// layout measures every block; the image height is known before anything is drawn.
func layout(blocks []pos.Block, columns int, fs *faces) ([]band, int, error) {
	textW := columns * fs.adv
	y := margin
	out := make([]band, 0, len(blocks))
	for i, b := range blocks {
		bd := band{block: b, y0: y}
		switch b.Kind {
		case pos.BlockText:
			y += fs.lineH
			if b.Large {
				y += fs.lineH
			}
		case pos.BlockRule:
			y += fs.lineH
		case pos.BlockQR:
			q, err := qrcode.New(b.Text, qrcode.Medium)
			if err != nil {
				return nil, 0, fmt.Errorf("receiptimg: block %d: %w", i, err)
			}
			bd.qr = q.Bitmap() // with its quiet zone, which also spaces it from the text
			bd.scale = max(textW*qrShare/100/len(bd.qr), 1)
			y += len(bd.qr) * bd.scale
		case pos.BlockCut:
			y += 2 * fs.lineH
		default:
			return nil, 0, fmt.Errorf("receiptimg: block %d: unknown kind %d", i, b.Kind)
		}
		bd.y1 = y
		out = append(out, bd)
	}
	return out, y + margin, nil
}

// Render draws the blocks on white paper columns characters wide.
func Render(blocks []pos.Block, columns int) (*image.RGBA, error) {
	if columns <= 0 {
		return nil, fmt.Errorf("receiptimg: columns must be positive, got %d", columns)
	}
	fs, err := newFaces()
	if err != nil {
		return nil, err
	}
	bands, height, err := layout(blocks, columns, fs)
	if err != nil {
		return nil, err
	}
	textW := columns * fs.adv
	img := image.NewRGBA(image.Rect(0, 0, textW+2*margin, height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, bd := range bands {
		switch bd.block.Kind {
		case pos.BlockText:
			drawText(img, bd, fs, textW)
		case pos.BlockRule:
			mid := (bd.y0 + bd.y1) / 2
			dashed(img, margin, margin+textW, mid-1, 2, fs.adv/2, fs.adv/4)
		case pos.BlockQR:
			drawQR(img, bd, textW)
		case pos.BlockCut:
			mid := (bd.y0 + bd.y1) / 2
			scissors(img, margin, mid)
			dashed(img, margin+32, margin+textW, mid, 1, 6, 4)
		}
	}
	return img, nil
}

func drawText(img *image.RGBA, bd band, fs *faces, textW int) {
	face := fs.face(bd.block)
	w := font.MeasureString(face, bd.block.Text).Ceil()
	x := margin
	switch bd.block.Align {
	case pos.AlignCenter:
		x += (textW - w) / 2
	case pos.AlignRight:
		x += textW - w
	}
	// Baseline: the line's ascent below the band top, centred in the band's leading.
	m := face.Metrics()
	lead := (bd.y1 - bd.y0 - m.Height.Ceil()) / 2
	d := font.Drawer{Dst: img, Src: image.NewUniform(ink), Face: face,
		Dot: fixed.P(x, bd.y0+lead+m.Ascent.Ceil())}
	d.DrawString(bd.block.Text)
}

func drawQR(img *image.RGBA, bd band, textW int) {
	size := len(bd.qr) * bd.scale
	x0 := margin + (textW-size)/2
	black := image.NewUniform(color.Black)
	for my, row := range bd.qr {
		for mx, dark := range row {
			if dark {
				r := image.Rect(x0+mx*bd.scale, bd.y0+my*bd.scale, x0+(mx+1)*bd.scale, bd.y0+(my+1)*bd.scale)
				draw.Draw(img, r, black, image.Point{}, draw.Src)
			}
		}
	}
}

// dashed draws a horizontal dashed line of the given thickness from x0 to x1.
func dashed(img *image.RGBA, x0, x1, y, thick, on, off int) {
	u := image.NewUniform(ink)
	for x := x0; x < x1; x += on + off {
		draw.Draw(img, image.Rect(x, y, min(x+on, x1), y+thick), u, image.Point{}, draw.Src)
	}
}

// scissors draws a small pair of scissors (two rings and crossed blades) where the paper is cut;
// the Go fonts have no ✂ glyph.
func scissors(img *image.RGBA, x, y int) {
	ring := func(cx, cy, r int) {
		for dy := -r; dy <= r; dy++ {
			for dx := -r; dx <= r; dx++ {
				if d := dx*dx + dy*dy; d <= r*r && d >= (r-2)*(r-2) {
					img.Set(cx+dx, cy+dy, ink)
				}
			}
		}
	}
	line := func(xa, ya, xb, yb int) {
		n := max(xb-xa, 1)
		for i := 0; i <= n; i++ {
			px, py := xa+i, ya+(yb-ya)*i/n
			img.Set(px, py, ink)
			img.Set(px, py+1, ink)
		}
	}
	ring(x+5, y-6, 5)
	ring(x+5, y+6, 5)
	line(x+9, y-3, x+26, y+3)
	line(x+9, y+3, x+26, y-3)
}

// WritePNG renders the blocks and writes them as a PNG image.
func WritePNG(w io.Writer, blocks []pos.Block, columns int) error {
	img, err := Render(blocks, columns)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("receiptimg: %w", err)
	}
	return nil
}
