package app

import (
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/till"
)

// withCoupon gives the test till coupon NL-0002, 10,00 off a basket of 50,00 or more, as
// pulled from central with its signature: the till is not paired, so it takes it offline.
func withCoupon(t *testing.T, tl *till.Till) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	c := pos.Coupon{Code: "NL-0002", Campaign: "Newsletter", Kind: pos.CouponAmount, Value: 1000, MinTotal: 5000,
		Starts: now.AddDate(0, 0, -1).Truncate(time.Second), Ends: now.AddDate(0, 1, 0).Truncate(time.Second)}
	c.Signature = ed25519.Sign(priv, c.SignedBytes())
	if err := tl.DB.ApplyCouponPage(t.Context(), pub, []pos.Coupon{c}, nil, 1); err != nil {
		t.Fatal(err)
	}
}

// The Coupon key opens a field for the code: a code the till does not know is refused in
// words that stay in the dialog; NL-0002 typed takes 10,00 off, the totals show it by its
// code, and the sale is committed with the coupon as its basket discount.
func TestCouponTypedAtTheTill(t *testing.T) {
	ui, tl, q := openTill(t)
	withCoupon(t, tl)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	scanBurst(ui, "5902754113850")
	scanBurst(ui, "5902754113850")
	before := tl.Register().Sale().Total()

	test.Tap(findButton(t, s.content, "Coupon"))
	d := s.takingCoupon
	if d == nil || s.top != d.modal || c.Focused() != d.code {
		t.Fatal("the Coupon key opened no dialog with the keyboard")
	}
	personType(ui, clock, "NL-9999")
	waitFor(t, q, "the code typed", func() bool { return d.code.Text == "NL-9999" })
	glfwKey(c, fyne.KeyReturn)
	if d.asking.Text != "Asking central…" || !d.modal.ok.Disabled() {
		t.Fatalf("while the coupon is checked: %q, OK disabled %v", d.asking.Text, d.modal.ok.Disabled())
	}
	waitFor(t, q, "the refusal", func() bool { return !d.modal.busy })
	if !strings.Contains(d.modal.error.Text, "does not know coupon NL-9999") || s.top != d.modal || tl.Register().Sale().Coupon != nil {
		t.Fatalf("an unknown code: %q, dialog on top %v", d.modal.error.Text, s.top == d.modal)
	}

	d.code.SetText("nl-0002") // as a person reads it off the paper
	enter(d.code)
	waitFor(t, q, "the coupon taken", func() bool { return s.takingCoupon == nil })
	sale := tl.Register().Sale()
	if s.top != nil || sale.Coupon == nil || sale.Coupon.Code != "NL-0002" || sale.Total() != before-1000 {
		t.Fatalf("after OK: dialog %v, coupon %+v, total %s (was %s): %q", s.top != nil, sale.Coupon, sale.Total().Display(), before.Display(), d.modal.error.Text)
	}
	shown := shownTexts(s.totals.content)
	for _, want := range []string{"Coupon NL-0002", ui.w.Amount(-1000), ui.w.Money(before-1000, pos.PLN)} {
		if !strings.Contains(shown, want) {
			t.Errorf("the totals lack %q:\n%s", want, shown)
		}
	}

	key(s, fyne.KeyF12)
	enter(s.paying.amount)
	if s.preview == nil {
		t.Fatalf("the sale did not complete: %q", s.payment.modal.error.Text)
	}
	stored, err := tl.DB.SaleByID(t.Context(), sale.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Coupon == nil || stored.Coupon.Code != "NL-0002" || stored.BasketDiscount.Amount != 1000 ||
		!strings.Contains(stored.BasketDiscount.Reason, "NL-0002") || stored.Total() != before-1000 {
		t.Fatalf("stored: coupon %+v, basket discount %+v, total %s", stored.Coupon, stored.BasketDiscount, stored.Total().Display())
	}
}

// A coupon's code scanned at the sale screen takes it at once, adding no line; the Coupon
// key then offers to take it off, which restores the total; scanned into the coupon
// dialog, the code is the coupon's, not an article's.
func TestScannedCouponAndTakingItOff(t *testing.T) {
	ui, tl, q := openTill(t)
	withCoupon(t, tl)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "5902754113850")
	scanBurst(ui, "5902754113850")
	before, lines := tl.Register().Sale().Total(), len(tl.Register().Sale().Lines)

	scanBurst(ui, "NL-0002")
	want := "Coupon NL-0002: " + ui.w.Amount(1000) + " off"
	waitFor(t, q, "the scanned coupon taken", func() bool { return s.message.Text == want })
	sale := tl.Register().Sale()
	if sale.Coupon == nil || len(sale.Lines) != lines || sale.Total() != before-1000 {
		t.Fatalf("the scanned coupon: %+v, %d lines, total %s: %q", sale.Coupon, len(sale.Lines), sale.Total().Display(), s.message.Text)
	}
	if shown := shownTexts(s.totals.content); !strings.Contains(shown, "Coupon NL-0002") {
		t.Errorf("the totals show no coupon:\n%s", shown)
	}

	// The same key takes it off, once the cashier says so.
	test.Tap(findButton(t, s.content, "Coupon"))
	if s.top == nil || s.takingCoupon != nil || !strings.Contains(shownTexts(c.Overlays().Top()), "Take coupon NL-0002 off?") {
		t.Fatal("the Coupon key does not offer to take the coupon off")
	}
	glfwKey(c, fyne.KeyReturn)
	sale = tl.Register().Sale()
	if s.top != nil || sale.Coupon != nil || sale.Total() != before || strings.Contains(shownTexts(s.totals.content), "Coupon") {
		t.Fatalf("after taking it off: coupon %+v, total %s, totals:\n%s", sale.Coupon, sale.Total().Display(), shownTexts(s.totals.content))
	}
	if !strings.Contains(s.message.Text, "Coupon NL-0002 taken off") {
		t.Errorf("the message says %q", s.message.Text)
	}

	// Scanned into the coupon dialog: taken as the coupon.
	test.Tap(findButton(t, s.content, "Coupon"))
	d := s.takingCoupon
	if d == nil || c.Focused() != d.code {
		t.Fatal("the Coupon key opened no dialog")
	}
	scanBurst(ui, "NL-0002")
	waitFor(t, q, "the coupon taken", func() bool { return s.takingCoupon == nil })
	if sale = tl.Register().Sale(); sale.Coupon == nil || len(sale.Lines) != lines || s.top != nil {
		t.Fatalf("scanned into the dialog: %+v, %d lines: %q", sale.Coupon, len(sale.Lines), d.modal.error.Text)
	}
}
