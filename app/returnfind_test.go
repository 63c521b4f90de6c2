package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omnitill/omnitill/pos"
)

// customerCentral is central as the return desk asks it about a customer: it knows the
// purchases of the customer with card, and no order; a receipt it leaves to the till
// (as if it could not be reached), whose own copy the desk then finds.
type customerCentral struct {
	pos.ReturnsCentral
	card  string
	found pos.CustomerPurchases

	mu   sync.Mutex
	keys []string // what the desk asked PurchasesOf, as typed
}

func (c *customerCentral) Returnable(_ context.Context, kind, ref string) (pos.Returnable, error) {
	if kind == pos.SourceOrder {
		return pos.Returnable{}, pos.ReturnUnknown("central has no order " + ref)
	}
	return pos.Returnable{}, pos.ErrOffline
}

func (c *customerCentral) PurchasesOf(_ context.Context, key string) (pos.CustomerPurchases, error) {
	c.mu.Lock()
	c.keys = append(c.keys, key)
	c.mu.Unlock()
	if key != c.card {
		return pos.CustomerPurchases{}, pos.NoSuchCustomer(key)
	}
	return c.found, nil
}

func (c *customerCentral) asked() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.keys...)
}

// A customer without their receipt: the cashier types their loyalty card into the return
// dialog and sees their purchases, each with when it was bought, what was paid and where;
// tapping one finds it by its receipt and shows its lines to return. A card nobody has
// is told as an order central does not know.
func TestReturnFoundByTheCustomersCard(t *testing.T) {
	ui, tl, q := openTill(t)
	login(t, ui, "1111")
	s, c := ui.sale, ui.win.Canvas()
	clock := &fakeClock{now: time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)}
	s.wedge.Now = clock.Now
	sale := ringTwo(t, ui, q)
	label := string(tl.Store.ID) + "/" + string(tl.Store.TillID) + "/1"
	desk := tl.Returns()
	central := &customerCentral{ReturnsCentral: desk.Central, card: "2900000000017", found: pos.CustomerPurchases{Customer: "Anna Nowak",
		Purchases: []pos.PurchaseRef{{Kind: pos.SourceSale, Ref: string(sale.ID), Label: label, Channel: "store", At: sale.CompletedAt,
			Total: sale.Total(), Currency: pos.PLN, Lines: 2}}}}
	desk.Central = central

	d := openReturn(t, ui, q, clock, "2900000000017")
	if s.top == d.modal || d.modal.error.Text != "" || len(d.rows) != 0 {
		t.Fatalf("the card found no purchases: %q, %d rows", d.modal.error.Text, len(d.rows))
	}
	if got := central.asked(); len(got) != 1 || got[0] != "2900000000017" {
		t.Fatalf("central was asked for %q", got)
	}
	shown := shownTexts(c.Overlays().Top())
	for _, want := range []string{"Purchases of Anna Nowak", label + ", " + ui.money(sale.Total()), ui.w.DateTime(sale.CompletedAt.Local()), "in the store"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the customer's purchases lack %q:\n%s", want, shown)
		}
	}
	test.Tap(findButton(t, c.Overlays().Top(), label))
	waitFor(t, q, "the purchase picked", func() bool { return !d.modal.busy && len(d.rows) == 2 })
	if s.top != d.modal || d.ref.Text != label || d.found != label || d.modal.error.Text != "" {
		t.Fatalf("after the tap: field %q, found %q, %q", d.ref.Text, d.found, d.modal.error.Text)
	}
	shown = shownTexts(c.Overlays().Top())
	for _, want := range []string{sale.Lines[0].Name, sale.Lines[1].Name} {
		if !strings.Contains(shown, want) {
			t.Errorf("the purchase picked lacks %q:\n%s", want, shown)
		}
	}
	if d.rows[0].plus == nil || d.rows[0].why != "" {
		t.Fatalf("line 1 cannot be chosen: %q", d.rows[0].why)
	}

	// A card nobody has: the order's answer, nothing listed.
	d.ref.SetText("2900000000031")
	test.Tap(d.modal.ok)
	waitFor(t, q, "the unknown card", func() bool { return !d.modal.busy })
	if s.top != d.modal || !strings.Contains(d.modal.error.Text, "central has no order 2900000000031") || d.purchase.Visible() {
		t.Fatalf("nobody's card: %q, purchase shown %v", d.modal.error.Text, d.purchase.Visible())
	}
}
