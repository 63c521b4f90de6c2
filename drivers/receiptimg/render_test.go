package receiptimg

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/demo"
)

func dark(img *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)+int(c.G)+int(c.B) < 3*128 {
				n++
			}
		}
	}
	return n
}

func TestRender(t *testing.T) {
	blocks := demo.Receipt().Layout(48)
	img, err := Render(blocks, 48)
	if err != nil {
		t.Fatal(err)
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w != 48*12+2*margin || h < 40*20 || h > 3000 {
		t.Errorf("image %dx%d", w, h)
	}
	fs, _ := newFaces()
	bands, height, err := layout(blocks, 48, fs)
	if err != nil || height != h {
		t.Fatalf("layout height %d, image %d, %v", height, h, err)
	}
	for i, bd := range bands {
		r := image.Rect(0, bd.y0, w, bd.y1)
		n := dark(img, r)
		switch b := bd.block; b.Kind {
		case pos.BlockText:
			if strings.TrimSpace(b.Text) != "" && n < 10*len(strings.Fields(b.Text)) {
				t.Errorf("block %d %q: only %d dark pixels", i, b.Text, n)
			}
		case pos.BlockQR:
			size := len(bd.qr) * bd.scale
			if size < w*35/100 || size > w/2 {
				t.Errorf("QR %d px on %d px paper", size, w)
			}
			if n < size*size/5 {
				t.Errorf("QR area has %d dark pixels", n)
			}
		case pos.BlockRule, pos.BlockCut:
			if n < w/3 {
				t.Errorf("block %d kind %d: %d dark pixels", i, b.Kind, n)
			}
		}
	}
	// Nothing is drawn in the margins except by the cut's scissors.
	if n := dark(img, image.Rect(0, 0, w, margin)); n != 0 {
		t.Errorf("%d dark pixels in the top margin", n)
	}
}

func TestRenderGrowsWithLines(t *testing.T) {
	blocks := demo.Receipt().Layout(42)
	small, err := Render(blocks[:10], 42)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := Render(blocks, 42)
	more := append(append([]pos.Block(nil), blocks...), pos.Block{Kind: pos.BlockText, Text: "extra"})
	bigger, _ := Render(more, 42)
	if !(small.Bounds().Dy() < full.Bounds().Dy() && full.Bounds().Dy() < bigger.Bounds().Dy()) {
		t.Errorf("heights %d, %d, %d should grow", small.Bounds().Dy(), full.Bounds().Dy(), bigger.Bounds().Dy())
	}
	if full.Bounds().Dx() != 42*12+2*margin {
		t.Errorf("width %d", full.Bounds().Dx())
	}
}

func TestFontsHaveLetters(t *testing.T) {
	if err := parseFonts(); err != nil {
		t.Fatal(err)
	}
	const letters = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻčėįšųūžČĖĮŠŲŪŽ€„”–…"
	for _, f := range []struct {
		name string
		idx  func(rune) bool
	}{{"regular", func(r rune) bool { i, err := regular.GlyphIndex(nil, r); return err == nil && i != 0 }},
		{"bold", func(r rune) bool { i, err := boldFont.GlyphIndex(nil, r); return err == nil && i != 0 }}} {
		for _, r := range letters {
			if !f.idx(r) {
				t.Errorf("%s font lacks %q", f.name, r)
			}
		}
	}
}

func TestWritePNG(t *testing.T) {
	blocks := demo.Receipt().Layout(32)
	var buf bytes.Buffer
	if err := WritePNG(&buf, blocks, 32); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "receipt.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Render(blocks, 32)
	if img.Bounds() != want.Bounds() {
		t.Errorf("decoded %v, rendered %v", img.Bounds(), want.Bounds())
	}
	t.Logf("PNG %dx%d, %d bytes", img.Bounds().Dx(), img.Bounds().Dy(), buf.Len())
}

func TestRenderErrors(t *testing.T) {
	if _, err := Render(nil, 0); err == nil {
		t.Error("zero columns accepted")
	}
	if _, err := Render([]pos.Block{{Kind: pos.BlockKind(7)}}, 48); err == nil {
		t.Error("unknown block accepted")
	}
	if img, err := Render(nil, 48); err != nil || img.Bounds().Dy() != 2*margin {
		t.Errorf("empty receipt: %v", err)
	}
}

func BenchmarkRender(b *testing.B) {
	blocks := demo.Receipt().Layout(48)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(blocks, 48); err != nil {
			b.Fatal(err)
		}
	}
}
