package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
)

// ↓ moves the highlight and Enter takes it; a barcode typed into the search is a scan; the
// search says when more match than it shows.
func TestSearchByKeyboard(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	glfwKey(c, fyne.KeyF2)
	p := s.searching
	personType(ui, clock, "chleb")
	waitFor(t, q, "results", func() bool { return p.query.Text == "chleb" && len(p.results) > 2 })
	second := p.results[1]
	glfwKey(c, fyne.KeyDown)
	glfwKey(c, fyne.KeyDown)
	glfwKey(c, fyne.KeyUp)
	if p.at != 1 || !strings.Contains(p.stock.Text, second.Name) {
		t.Fatalf("highlight at %d, stock line %q", p.at, p.stock.Text)
	}
	glfwKey(c, fyne.KeyReturn)
	lines := tl.Register().Sale().ActiveLines()
	if len(lines) != 1 || lines[0].SKU != second.SKU || s.top != nil {
		t.Fatalf("Enter took %+v, want %s", lines, second.Name)
	}

	// A barcode typed in full (at a person's pace: no burst) is a scan.
	glfwKey(c, fyne.KeyF2)
	p = s.searching
	personType(ui, clock, "4772282229412")
	waitFor(t, q, "the typed code", func() bool { return len(p.query.Text) == 13 })
	glfwKey(c, fyne.KeyReturn)
	if lines := tl.Register().Sale().ActiveLines(); len(lines) != 2 || !strings.HasPrefix(lines[1].Name, "Šakotis") {
		t.Fatalf("a barcode typed in the search: %+v", lines)
	}

	// One letter matches more than are shown: the search says so.
	glfwKey(c, fyne.KeyF2)
	p = s.searching
	personType(ui, clock, "g") // grams: 187 names
	waitFor(t, q, "results", func() bool { return len(p.results) == searchShown })
	if !strings.Contains(p.more.Text, "more match") {
		t.Fatalf("nothing says more match: %q", p.more.Text)
	}
}
