package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// Logging out with a basket parks it; the login screen lists it; another cashier recalls it
// with F1 and finishes the sale.
func TestLogoutParksAndAnotherCashierRecalls(t *testing.T) {
	ui, tl, _ := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "5902754113850")
	scanBurst(ui, "4772282229412")
	glfwKey(c, fyne.KeyF11)
	if ui.screen != ui.login.content {
		t.Fatal("F11 did not log out")
	}
	if !strings.Contains(ui.login.parked.Text, "1 parked basket ") || !strings.Contains(ui.login.parked.Text, "Anna Kowalska · 2 items · 99,98") {
		t.Fatalf("the login screen shows %q", ui.login.parked.Text)
	}
	login(t, ui, "9999")
	if len(tl.Register().Sale().ActiveLines()) != 0 {
		t.Fatal("the basket passed to the next cashier")
	}
	if !strings.Contains(s.message.Text, "1 parked") {
		t.Fatalf("the next cashier is not told: %q", s.message.Text)
	}
	glfwKey(c, fyne.KeyF1)
	if s.recalling == nil || s.top == nil {
		t.Fatal("F1 did not list the parked baskets")
	}
	glfwType(c, "1")
	glfwKey(c, fyne.KeyReturn)
	sale := tl.Register().Sale()
	if len(sale.ActiveLines()) != 2 || sale.Cashier.ID != "jonas" || s.top != nil {
		t.Fatalf("recalled %+v", sale)
	}
	// F1 with a basket parks it again; with none and nothing parked, it says so.
	glfwKey(c, fyne.KeyF1)
	if len(tl.Register().Sale().ActiveLines()) != 0 || !strings.Contains(s.message.Text, "parked") {
		t.Fatalf("F1 did not park: %q", s.message.Text)
	}
	glfwKey(c, fyne.KeyF1)
	glfwType(c, "1")
	glfwKey(c, fyne.KeyReturn)
	glfwKey(c, fyne.KeyF12)
	glfwKey(c, fyne.KeyReturn)
	if s.preview == nil || s.preview.sale.Cashier.ID != "jonas" || len(s.preview.sale.Lines) != 2 {
		t.Fatal("the recalled basket was not sold")
	}
	glfwKey(c, fyne.KeyF1)
	if !strings.Contains(s.message.Text, "No basket is parked") && s.preview.open {
		s.preview.d.Hide()
		glfwKey(c, fyne.KeyF1)
	}
	if !strings.Contains(s.message.Text, "No basket is parked") {
		t.Fatalf("F1 with nothing parked: %q", s.message.Text)
	}
}
