package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/drivers/escpos"
	"github.com/omnitill/omnitill/pos"
	"github.com/omnitill/omnitill/pos/lang"
	"github.com/omnitill/omnitill/till"
)

// withPoints gives the test till a customer with 1,000 points, as pulled from central ten
// minutes ago: fresh enough for the till to redeem offline (it is not paired), within the
// default rules' 500 points a customer.
func withPoints(t *testing.T, tl *till.Till) time.Time {
	t.Helper()
	pulled := time.Now().Add(-10 * time.Minute)
	now := tl.DB.Now
	tl.DB.Now = func() time.Time { return pulled }
	defer func() { tl.DB.Now = now }()
	err := tl.DB.ApplyCustomerPage(t.Context(), []pos.CustomerChange{
		{Customer: pos.Customer{ID: "C-1", Card: "2900000000017", Name: "Anna", Points: 1000}}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return pulled
}

// The customer's card, an article, then the payment: Points opens what the till knows of
// Anna's points; 600 are more than a till offline may redeem, and the refusal's words stay
// in the dialog with no tender taken; 300 typed on the pad pay 3,00, the rest is paid in
// cash, and the sale, its receipt and the database count the points.
func TestPointsPayPartOfTheSale(t *testing.T) {
	ui, tl, q := openTill(t)
	pulled := withPoints(t, tl)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "2900000000017")
	scanBurst(ui, "5902754113850") // 49,99
	key(s, fyne.KeyF12)
	p := s.paying
	if p == nil || p.pointsKey.Disabled() {
		t.Fatal("the Points key is not offered for a customer's sale")
	}
	test.Tap(findButton(t, c.Overlays().Top(), "Points"))
	d := p.redeeming
	if d == nil || s.top != d.modal || c.Focused() != d.count {
		t.Fatalf("Points opened no dialog with the keyboard: %q", p.modal.error.Text)
	}
	shown := shownTexts(c.Overlays().Top())
	for _, want := range []string{"Anna", "Balance: 1 000 points, as of " + clockOrDate(ui, pulled, time.Now()),
		"1 point pays " + ui.money(1), "Enter alone: 1 000", "1 000 points pay " + ui.money(1000)} {
		if !strings.Contains(shown, want) {
			t.Errorf("the points dialog lacks %q:\n%s", want, shown)
		}
	}

	// Beyond the offline cap: refused in words, the dialog stays, nothing is paid.
	d.count.SetText("600")
	enter(d.count)
	if !d.modal.ok.Disabled() || d.asking.Text != "Asking central…" {
		t.Fatalf("while central is asked: OK disabled %v, %q", d.modal.ok.Disabled(), d.asking.Text)
	}
	waitFor(t, q, "the refusal", func() bool { return !d.modal.busy })
	if !strings.Contains(d.modal.error.Text, "Anna can redeem at most 500 points") || s.top != d.modal || d.modal.ok.Disabled() {
		t.Fatalf("600 points: %q, dialog on top %v", d.modal.error.Text, s.top == d.modal)
	}
	if n := len(tl.Register().Sale().Tenders); n != 0 {
		t.Fatalf("a refusal took %d tenders", n)
	}

	// 300 typed on the pad.
	test.Tap(findButton(t, c.Overlays().Top(), padClear))
	for _, k := range []string{"3", "0", "0"} {
		test.Tap(findButton(t, c.Overlays().Top(), k))
	}
	if want := "300 points pay " + ui.money(300); d.pays.Text != want {
		t.Fatalf("300 typed shows %q, not %q", d.pays.Text, want)
	}
	test.Tap(d.modal.ok)
	waitFor(t, q, "the points taken", func() bool { return p.redeeming == nil })
	sale := tl.Register().Sale()
	if len(sale.Tenders) != 1 || sale.Tenders[0].Kind != pos.TenderPoints || sale.Tenders[0].Points != 300 || sale.Tenders[0].Amount != 300 {
		t.Fatalf("tenders after 300 points: %+v", sale.Tenders)
	}
	if s.top != p.modal || !strings.Contains(p.due.Text, "46,99") || !strings.Contains(p.paid.Text, "Points 300: "+ui.money(300)) {
		t.Fatalf("the payment shows %q, %q", p.due.Text, p.paid.Text)
	}

	// The rest in cash: Enter on the empty amount.
	enter(p.amount)
	if s.preview == nil {
		t.Fatalf("the sale did not complete: %q", p.modal.error.Text)
	}
	stored, err := tl.DB.SaleByReceipt(t.Context(), tl.Store.TillID, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if ts := stored.Tenders; len(ts) != 2 || ts[0].Kind != pos.TenderPoints || ts[0].Points != 300 || ts[1].Kind != pos.TenderCash || ts[1].Amount != 4699 {
		t.Fatalf("stored tenders %+v", ts)
	}
	if stored.Customer == nil || stored.Points.Redeemed != 300 || stored.Points.Balance != 1000-300+stored.Points.Earned {
		t.Fatalf("stored points %+v for %+v", stored.Points, stored.Customer)
	}
	if !strings.Contains(s.preview.tenders.Text, "Points 300: "+ui.money(300)) {
		t.Errorf("the preview lists %q", s.preview.tenders.Text)
	}
	waitFor(t, q, "the receipt to print", func() bool { return s.preview.status.Text == "Printed." })
	data, err := os.ReadFile(printerPath(t, tl))
	if err != nil {
		t.Fatal(err)
	}
	out, err := escpos.Decode(data, escpos.DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	country := tl.Register().StoreInfo().Country
	w := lang.MustNew(lang.OfCountry(country), country) // the receipt speaks the store's language
	text := strings.Join(out.Lines, "\n")
	for _, want := range []string{w.T("Points %d", 300), w.T("Points balance")} {
		if !strings.Contains(text, want) {
			t.Errorf("the printed receipt lacks %q:\n%s", want, text)
		}
	}
}

// An anonymous sale offers no points (the key is grey, and F9 says why); the same payment
// dialog offers them once a card is scanned, from F9; points that pay the rest complete
// the sale.
func TestPointsKeyOnlyForACustomer(t *testing.T) {
	ui, tl, q := openTill(t)
	withPoints(t, tl)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	scanBurst(ui, "5902754113850")
	key(s, fyne.KeyF12)
	p := s.paying
	if !p.pointsKey.Disabled() {
		t.Fatal("the Points key is offered for an anonymous sale")
	}
	test.Tap(p.pointsKey)
	if p.redeeming != nil || s.top != p.modal {
		t.Fatal("a grey Points key opened a dialog")
	}
	p.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF9})
	if p.redeeming != nil || !strings.Contains(p.modal.error.Text, "only for a customer") {
		t.Fatalf("F9 for an anonymous sale: %q", p.modal.error.Text)
	}
	p.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	scanBurst(ui, "2900000000017")
	key(s, fyne.KeyF12)
	if s.paying != p || p.pointsKey.Disabled() {
		t.Fatal("the Points key is grey for Anna's sale")
	}
	p.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF9})
	d := p.redeeming
	if d == nil || s.top != d.modal {
		t.Fatalf("F9 opened no points dialog: %q", p.modal.error.Text)
	}
	// Enter on the empty field redeems what the hint offers: at most 500 offline.
	enter(d.count)
	waitFor(t, q, "the refusal", func() bool { return !d.modal.busy })
	if !strings.Contains(d.modal.error.Text, "at most 500 points") {
		t.Fatalf("1,000 points offline: %q", d.modal.error.Text)
	}
	// Esc closes the points dialog only; the payment is as it was.
	d.count.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if p.redeeming != nil || s.top != p.modal || len(tl.Register().Sale().Tenders) != 0 || c.Focused() != p.amount {
		t.Fatalf("after Esc: dialog %v, tenders %+v", p.redeeming != nil, tl.Register().Sale().Tenders)
	}

	// Cash first, then points for the rest: the points complete the sale as a card would.
	p.amount.SetText("47,99")
	enter(p.amount)
	p.amount.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF9})
	d = p.redeeming
	if d == nil || d.offer.UpTo != 200 {
		t.Fatalf("2,00 left: the dialog offers %+v", d)
	}
	enter(d.count)
	waitFor(t, q, "the sale to complete", func() bool { return s.preview != nil })
	stored, err := tl.DB.SaleByReceipt(t.Context(), tl.Store.TillID, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	if ts := stored.Tenders; len(ts) != 2 || ts[1].Kind != pos.TenderPoints || ts[1].Points != 200 || s.paying != nil || s.top != nil {
		t.Fatalf("stored tenders %+v, payment still open %v", ts, s.paying != nil)
	}
}
